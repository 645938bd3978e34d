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


def test_spark_in_local_mode_finds_the_people_duckdb_finds(people: Path) -> None:
    env = haven_env(people / "var")
    truth = pairs_of(people / "truth.csv", "entity_id")
    results = {}
    for engine in ("duckdb", "spark"):
        out = people / f"clusters-{engine}.csv"
        done = haven_run("dedupe", str(people / "people.csv"), "--out", str(out), "--engine", engine, env=env)
        assert "persons" in done.stdout
        results[engine] = pairs_of(out, "cluster_id")
    assert pairwise_f1(truth, results["duckdb"]) > 0.85
    assert abs(pairwise_f1(truth, results["spark"]) - pairwise_f1(truth, results["duckdb"])) <= 0.03
    sizes = Counter(row.split(",")[1] for row in (people / "clusters-spark.csv").read_text().splitlines()[1:])
    assert max(sizes.values()) < 30
