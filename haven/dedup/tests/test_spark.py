"""The Spark engine, in local mode: the same model on Spark clusters as on DuckDB.

Spark starts slowly (about a minute), so one file is deduplicated once per engine. Java 17 is needed;
without it the test is skipped locally and fails in CI (HAVEN_REQUIRE_SPARK=1).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import haven_env, haven_run

pytestmark = pytest.mark.spark


def _pairs(path: Path, column: str) -> set[tuple[str, str]]:
    import csv

    groups: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            groups.setdefault(row[column], []).append(row["record_id"])
    return {(a, b) for members in groups.values() for a in members for b in members if a < b}


def _f1(truth: set[tuple[str, str]], found: set[tuple[str, str]]) -> float:
    correct = len(truth & found)
    return 2 * correct / (len(truth) + len(found)) if truth or found else 1.0


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


def test_spark_in_local_mode_finds_the_people_duckdb_finds(people: Path) -> None:
    env = haven_env(people / "var")
    truth = _pairs(people / "truth.csv", "entity_id")
    results = {}
    for engine in ("duckdb", "spark"):
        out = people / f"clusters-{engine}.csv"
        done = haven_run("dedupe", str(people / "people.csv"), "--out", str(out), "--engine", engine, env=env)
        assert "persons" in done.stdout
        results[engine] = _pairs(out, "cluster_id")
    assert _f1(truth, results["duckdb"]) > 0.85
    assert abs(_f1(truth, results["spark"]) - _f1(truth, results["duckdb"])) <= 0.03
    sizes = Counter(row.split(",")[1] for row in (people / "clusters-spark.csv").read_text().splitlines()[1:])
    assert max(sizes.values()) < 30
