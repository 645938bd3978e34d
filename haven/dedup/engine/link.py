"""New records against those already registered: a batch check, and one person typed in a form.

A batch is scored together with the registry, so that term frequencies are the registry's and pairs
within the batch are found too; only pairs with a new record come back. One person typed in the form
is scored against the few candidates an index finds, with the stored model and its stored name
frequencies, in well under a second.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from haven.core.progress import Progress
from haven.dedup.engine.people import PeopleTable
from haven.dedup.engine.run import (
    FREQUENCY_COLUMNS,
    Pair,
    arrow_table,
    people_dedupe,
    quiet,
    shipped_frequencies,
)

# From this probability a pair is put to a person to decide; clusters use the stricter MATCH_THRESHOLD.
REVIEW_THRESHOLD = 0.5
AGREE, CLOSE, DIFFER, UNKNOWN = "agree", "close", "differ", "unknown"
# The share a name key not seen in training is given: as rare as the rarest name counts.
UNSEEN_SHARE = 1e-6


@dataclass(frozen=True, slots=True)
class Link:
    pairs: list[Pair]
    model: dict[str, Any]
    frequencies: dict[str, dict[str, float]]
    trained: bool = False


def people_link(
    *, existing: PeopleTable, new: PeopleTable, model: dict[str, Any] | None, progress: Progress | None = None
) -> Link:
    """Pairs of `new` records with each other or with `existing` ones that are probably one person.

    In each pair `left` and `right` index the combined table: `existing` first, then `new`
    (`index - len(existing)` is the row of `new`). Without `model` the shipped model scores them.
    """
    combined = existing.concat(new)
    result = people_dedupe(
        combined, threshold=REVIEW_THRESHOLD, model=model, progress=progress, keep_pairs=True, train=False
    )
    cut = len(existing)
    pairs = [pair for pair in result.pairs if pair.left >= cut or pair.right >= cut]
    return Link(pairs, result.model, name_frequencies(combined))


def people_dedupe_registry(
    people: PeopleTable, *, model: dict[str, Any] | None, progress: Progress | None = None, train: bool = False
) -> Link:
    """Every pair of `people` that is probably one person (from REVIEW_THRESHOLD), for review.

    Scored with `model`; without one, trained on `people` when `train` (see `people_dedupe`), else
    scored with the shipped model. `Link.trained` says which happened.
    """
    result = people_dedupe(
        people, threshold=REVIEW_THRESHOLD, model=model, progress=progress, keep_pairs=True, train=train
    )
    return Link(result.pairs, result.model, name_frequencies(people), trained=result.trained)


def name_frequencies(people: PeopleTable) -> dict[str, dict[str, float]]:
    """For each name key column, the share of records (with that part written) bearing each key."""
    shares: dict[str, dict[str, float]] = {}
    for column in FREQUENCY_COLUMNS:
        counts = Counter(value for value in people.columns[column] if value is not None)
        total = sum(counts.values()) or 1
        shares[column] = {str(key): count / total for key, count in counts.items()}
    return shares


def person_score(
    person: PeopleTable, candidates: PeopleTable, *, model: dict[str, Any], frequencies: dict[str, dict[str, float]]
) -> list[Pair]:
    """Score the one record of `person` against every record of `candidates` (`right` indexes them)."""
    if not len(person) or not len(candidates):
        return []
    from splink.internals.realtime import compare_records

    levels_model = {**model, "retain_matching_columns": True}
    key = hashlib.sha256(json.dumps(levels_model, sort_keys=True).encode()).hexdigest()[:16]
    with quiet():
        scored = compare_records(
            _with_frequencies(person, frequencies),
            _with_frequencies(candidates, frequencies),
            levels_model,
            _database(),  # a fresh in-memory database: nothing of one lookup stays for the next
            sql_cache_key=f"haven-person-{key}",
        )
        relation = scored.as_duckdbpyrelation()
        columns = relation.columns
        rows = relation.fetchall()
    at = {name: index for index, name in enumerate(columns)}
    gammas = [(index, name.removeprefix("gamma_")) for index, name in enumerate(columns) if name.startswith("gamma_")]
    return [
        Pair(0, int(row[at["unique_id_r"]]), float(row[at["match_probability"]]),
             {name: int(row[index]) for index, name in gammas})
        for row in rows
    ]  # fmt: skip


def agreements(levels: dict[str, int], model: dict[str, Any]) -> dict[str, str]:
    """How each field of a pair compared, in words a page can colour: agree (the closest level),
    close (a lesser level: a spelling alike, a year apart), differ, or unknown (blank on one side)."""
    tops = {
        comparison["output_column_name"]: sum(1 for level in comparison["comparison_levels"]
                                              if not level.get("is_null_level")) - 1
        for comparison in model.get("comparisons", [])
    }  # fmt: skip
    words = {}
    for name, level in levels.items():
        if level < 0:
            words[name] = UNKNOWN
        elif level == 0:
            words[name] = DIFFER
        else:
            words[name] = AGREE if level >= tops.get(name, level) else CLOSE
    return words


def _with_frequencies(people: PeopleTable, frequencies: dict[str, dict[str, float]]) -> pa.Table:
    table = arrow_table(people)
    for column in FREQUENCY_COLUMNS:
        shares = frequencies.get(column, {})
        values = [
            shares.get(str(value), UNSEEN_SHARE) if value is not None else None for value in people.columns[column]
        ]
        table = table.append_column(f"tf_{column}", pa.array(values, type=pa.float64()))
    return table


def _database() -> Any:
    # Splink caches the compiled scoring SQL by key, so a new connection costs only its opening.
    import duckdb
    from splink import DuckDBAPI

    return DuckDBAPI(duckdb.connect(":memory:"))


__all__ = [
    "REVIEW_THRESHOLD",
    "Link",
    "agreements",
    "name_frequencies",
    "people_dedupe_registry",
    "people_link",
    "person_score",
    "shipped_frequencies",
]
