"""One matching run: prepared records → trained model → scored pairs → clusters."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
from django.utils.translation import gettext as _
from splink import Linker
from splink.internals.exceptions import SplinkException

from haven.core.progress import Progress, no_progress
from haven.dedup.engine.model import (
    DETERMINISTIC_RECALL,
    Block,
    deterministic_rules,
    em_blocks,
    prediction_blocks,
    settings,
)
from haven.dedup.engine.people import PREPARED_COLUMNS, PeopleTable

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[Engine, ...] = ("duckdb", "spark")
# A pair at or above this probability is the same person; clusters join such pairs.
MATCH_THRESHOLD = 0.9
U_SAMPLE_PAIRS = 2_000_000
DUCKDB_MEMORY = os.environ.get("HAVEN_DEDUP_MEMORY", "256MB")
# Below this many records EM has too little to learn from: the model shipped with Haven scores them.
MIN_TRAINING_RECORDS = 5_000
# A share of matching pairs above this is not a registry of people but of families repeated wholesale.
MAX_SHARE = 0.01
SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "data" / "shipped_model.json"

_SCHEMA = pa.schema(
    [("unique_id", pa.int64())]
    + [(name, pa.string()) for name in PREPARED_COLUMNS[1:8]]
    + [("birth_year", pa.int32()), ("birth_month", pa.int32()), ("birth_day", pa.int32())]
    + [(name, pa.string()) for name in PREPARED_COLUMNS[11:]]
)


@dataclass(frozen=True, slots=True)
class Pair:
    """Two records scored as the same person, with the comparison level each field reached."""

    left: int
    right: int
    probability: float
    levels: dict[str, int]


@dataclass(slots=True)
class Result:
    cluster_of: list[int]
    pairs: list[Pair]
    model: dict[str, Any]
    # False when the records were too few to learn from and the shipped model scored them.
    trained: bool = True

    @property
    def clusters(self) -> int:
        return len(set(self.cluster_of))

    def sizes(self) -> list[int]:
        return list(Counter(self.cluster_of).values())


def arrow_table(people: PeopleTable) -> pa.Table:
    return pa.table({name: people.columns[name] for name in PREPARED_COLUMNS}, schema=_SCHEMA)


@contextmanager
def quiet() -> Iterator[None]:
    # Splink narrates every step at INFO on its own loggers; Haven reports progress itself.
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith("splink")]
    loggers.append(logging.getLogger("splink"))
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _database(engine: Engine, workdir: str) -> Any:
    if engine == "spark":
        from haven.dedup.engine.spark import spark_database

        return spark_database(workdir)
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute(f"SET temp_directory = '{workdir}'")
    connection.execute(f"SET threads = {max(1, os.cpu_count() or 1)}")
    # Joins and clustering spill to the work folder rather than growing past this: an import check runs
    # beside the web server and the worker.
    connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection)


def people_dedupe(
    people: PeopleTable,
    *,
    engine: Engine = "duckdb",
    threshold: float = MATCH_THRESHOLD,
    model: dict[str, Any] | None = None,
    progress: Progress | None = None,
    keep_pairs: bool = False,
    train: bool = True,
) -> Result:
    """Cluster the records of `people` into persons.

    With `model` (a trained model as `Result.model` returns it), the records are scored with it;
    without, a model for the columns the records fill is trained on them first: the share of matching
    pairs from near-certain pairs, u from random pairs, m by EM on the passes `em_blocks` chooses. The
    model Haven ships scores them instead when `train` is off, when they are fewer than
    MIN_TRAINING_RECORDS, or when they hold no near-certain repeat to learn from.
    """
    report = progress or no_progress
    present = people.present()
    trained = model is None and train and len(people) >= MIN_TRAINING_RECORDS
    if model is None and not trained:
        model = shipped_model(present)
    passes = em_blocks(present) if model is None else []
    stages = 5 + len(passes)

    def say(step: int, message: str) -> None:
        report(step, stages, message)

    if len(people) < 2:
        say(stages, _("done"))
        return Result(list(range(len(people))), [], model or {}, trained=False)
    with tempfile.TemporaryDirectory(prefix="haven-dedup-") as workdir, quiet():
        database = _database(engine, workdir)
        records = database.register(arrow_table(people), table_name="people")
        chosen: Any = model if model is not None else settings(present)
        if keep_pairs:
            # The comparison level of every field (Splink keeps it with the compared values), to tell a
            # reviewer which fields agreed.
            chosen = _with_levels(chosen)
        linker = Linker(records, chosen, validate_settings=True)
        if model is None and not _train(linker, present, passes, say):
            trained = False
            shipped = shipped_model(present)
            linker = Linker(records, _with_levels(shipped) if keep_pairs else shipped, validate_settings=True)
        if len(people) < MIN_TRAINING_RECORDS:
            # A handful of records says nothing of how common a name is (two brothers would make their
            # father's name the commonest there is): the shipped population's shares stand in.
            _frequencies_register(linker, database)
        learnt = linker.misc.save_model_to_json()
        say(stages - 2, _("scoring candidate pairs"))
        predictions = linker.inference.predict(threshold_match_probability=min(threshold, 0.5), warning_mode="never")
        say(stages - 1, _("clustering"))
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        cluster_of = list(range(len(people)))
        for unique_id, cluster_id in _rows(clusters, engine, "unique_id", "cluster_id"):
            cluster_of[int(unique_id)] = int(cluster_id)
        pairs = _pairs(predictions, engine, threshold) if keep_pairs else []
    say(stages, _("done"))
    return Result(cluster_of, pairs, json.loads(json.dumps(learnt)), trained=trained)


def _train(linker: Linker, present: frozenset[str], passes: list[Block], say: Callable[[int, str], None]) -> bool:
    """Train `linker`'s model on its records; False, untrained, when they hold no near-certain repeat:
    EM would then learn what tells relatives apart, not what tells one person."""
    say(1, _("training: share of matching pairs"))
    with suppress(SplinkException):
        linker.training.estimate_probability_two_random_records_match(
            deterministic_rules(present), recall=DETERMINISTIC_RECALL
        )
    settings_in_use: Any = linker._settings_obj
    if not 0 < settings_in_use._probability_two_random_records_match < MAX_SHARE:
        return False
    say(2, _("training: how often unrelated records agree"))
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
    for number, block in enumerate(passes, start=1):
        say(2 + number, _("training: expectation maximisation, pass %(n)s") % {"n": number})
        with suppress(SplinkException):
            linker.training.estimate_parameters_using_expectation_maximisation(
                block.rule(), estimate_without_term_frequencies=True
            )
    return True


SHIPPED_FREQUENCIES = Path(__file__).resolve().parent.parent / "data" / "shipped_frequencies.json"
FREQUENCY_COLUMNS = ("given_key", "father_key", "family_key")


@cache
def shipped_frequencies() -> dict[str, dict[str, float]]:
    """Name shares of the synthetic population the shipped model was trained on (names borne by at
    least one record in 100,000; rarer ones take the model's general rate)."""
    shares: dict[str, dict[str, float]] = json.loads(SHIPPED_FREQUENCIES.read_text(encoding="utf-8"))
    return shares


def _frequencies_register(linker: Linker, database: Any) -> None:
    for column in FREQUENCY_COLUMNS:
        shares = shipped_frequencies().get(column, {})
        table = pa.table({column: list(shares), f"tf_{column}": list(shares.values())})
        lookup = database.register(table, table_name=f"haven_tf_{column}")
        linker.table_management.register_term_frequency_lookup(lookup, column)


@cache
def _shipped() -> str:
    return SHIPPED_MODEL.read_text(encoding="utf-8")


def shipped_model(present: frozenset[str]) -> dict[str, Any]:
    """The model Haven ships, trained on 286,000 synthetic Iraqi records (docs/dedup.md), with candidate
    pairs found by the blocking rules that suit the columns these records fill."""
    model: dict[str, Any] = json.loads(_shipped())
    model["blocking_rules_to_generate_predictions"] = [block.rule() for block in prediction_blocks(present)]
    return model


def _with_levels(model: Any) -> Any:
    if isinstance(model, dict):
        return {**model, "retain_matching_columns": True}
    return replace(model, retain_matching_columns=True)


def _rows(frame: Any, engine: Engine, *columns: str) -> list[tuple[Any, ...]]:
    if engine == "duckdb":
        rows: list[tuple[Any, ...]] = frame.as_duckdbpyrelation().select(", ".join(columns)).fetchall()
        return rows
    return [tuple(row[column] for column in columns) for row in frame.as_spark_dataframe().collect()]


def _pairs(predictions: Any, engine: Engine, threshold: float) -> list[Pair]:
    if engine == "duckdb":
        relation = predictions.as_duckdbpyrelation()
        columns = relation.columns
        rows = relation.fetchall()
    else:
        spark_frame = predictions.as_spark_dataframe()
        columns = spark_frame.columns
        rows = [tuple(row) for row in spark_frame.collect()]
    gammas = [(index, name.removeprefix("gamma_")) for index, name in enumerate(columns) if name.startswith("gamma_")]
    at = {name: index for index, name in enumerate(columns)}
    found = []
    for row in rows:
        probability = float(row[at["match_probability"]])
        if probability < threshold:
            continue
        levels = {name: int(row[index]) for index, name in gammas}
        found.append(Pair(int(row[at["unique_id_l"]]), int(row[at["unique_id_r"]]), probability, levels))
    return found
