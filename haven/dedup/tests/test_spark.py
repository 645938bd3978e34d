"""The Spark engine, in local mode: the same model on Spark clusters as on DuckDB.

Spark starts slowly (about a minute), so one file is deduplicated once per engine. Java 17 is needed;
without it the test is skipped locally and fails in CI (HAVEN_REQUIRE_SPARK=1).
"""

from __future__ import annotations

import csv
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import haven_env, haven_run
from haven.dedup.tests.truth import pairs_of, pairwise_f1

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("java") is None:
        if os.environ.get("HAVEN_REQUIRE_SPARK") == "1":
            pytest.fail("Java is needed for the Spark engine: apt-get install openjdk-17-jre-headless")
        pytest.skip("Java is needed for the Spark engine")
    folder = tmp_path_factory.mktemp("spark")
    haven_run("generate", "population", "--households", "1200", "--duplicates", "0.2", "--out", str(folder),
              "--seed", "5", env=haven_env(folder / "var"))  # fmt: skip
    return folder


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def deduplicated(people: Path) -> dict[str, Path]:
    """The file deduplicated once by each engine (the Spark run with its pairs): the CLUSTERS.csv of each."""
    env = haven_env(people / "var")
    outputs = {}
    for engine in ("duckdb", "spark"):
        out = people / f"clusters-{engine}.csv"
        pairs = ("--pairs", str(people / "pairs-spark.csv")) if engine == "spark" else ()
        done = haven_run("dedupe", str(people / "people.csv"), "--out", str(out), "--engine", engine, *pairs, env=env)
        assert "persons" in done.stdout
        outputs[engine] = out
    return outputs


def test_spark_in_local_mode_finds_the_people_duckdb_finds(people: Path, deduplicated: dict[str, Path]) -> None:
    truth = pairs_of(people / "truth.csv", "entity_id")
    duckdb, spark = (pairwise_f1(truth, pairs_of(deduplicated[engine], "cluster_id")) for engine in ("duckdb", "spark"))
    assert duckdb > 0.85
    assert abs(spark - duckdb) <= 0.03
    sizes = Counter(row["cluster_id"] for row in _rows(deduplicated["spark"]))
    assert max(sizes.values()) < 30


def test_spark_writes_the_same_file_format_as_duckdb(people: Path, deduplicated: dict[str, Path]) -> None:
    rows = _rows(deduplicated["spark"])
    assert [row["record_id"] for row in rows] == [row["record_id"] for row in _rows(people / "people.csv")]
    first: dict[str, str] = {}
    for row in rows:
        first.setdefault(row["cluster_id"], row["record_id"])
    assert all(cluster == record_id for cluster, record_id in first.items())
    cluster = {row["record_id"]: row["cluster_id"] for row in rows}
    pairs = _rows(people / "pairs-spark.csv")
    assert pairs and {"given", "father", "birth"} <= set(pairs[0])
    assert all(cluster[pair["record_id_1"]] == cluster[pair["record_id_2"]] for pair in pairs)
