"""Registry benchmarks: importing 100,000 households (about 600,000 people) from the canonical CSV.

Each database is measured beside its own bulk loader of the same rows in the same run (SQLite's
`.import`, PostgreSQL's `COPY`), so the ratio holds on any machine. Run with `make bench` for SQLite
and `DATABASE_URL=postgres://… make bench` for PostgreSQL; docs/benchmarks.md keeps the numbers.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bench.measuring import process_measured
from conftest import HAVEN_COMMAND, haven_env, haven_run, scratch_database_url

pytestmark = pytest.mark.bench

HOUSEHOLDS = int(os.environ.get("HAVEN_BENCH_HOUSEHOLDS", "100000"))
DECIDE_ALL_DISTINCT = (
    "from haven.population.models import PossibleDuplicate; from haven.population.services import duplicate_decide; "
    "[duplicate_decide(candidate=c, decision='distinct', decided_by=None) "
    "for c in PossibleDuplicate.objects.filter(decision='pending')]"
)


@pytest.fixture(scope="module")
def registrations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("population")
    env = haven_env(out / "var")
    haven_run("generate", "population", "--households", str(HOUSEHOLDS), "--duplicates", "0", "--out",
              str(out), "--seed", "7", env=env)  # fmt: skip
    return out / "registrations.csv"


def _bulk_load_seconds(database_url: str, csv_path: Path, tmp: Path) -> tuple[str, float]:
    with csv_path.open(encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    columns = ", ".join(f'"{name}" text' for name in header)
    if database_url.startswith("sqlite"):
        sqlite = shutil.which("sqlite3")
        if sqlite is None:
            pytest.skip("the sqlite3 command-line shell is needed for the bulk-load baseline")
        target = tmp / "bulk.sqlite3"
        script = f"CREATE TABLE people ({columns});\n.import --csv --skip 1 {csv_path} people\n"
        started = time.perf_counter()
        subprocess.run([sqlite, str(target)], input=script, text=True, check=True)
        return "SQLite .import", time.perf_counter() - started
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"CREATE TABLE bulk_people ({columns})")
        started = time.perf_counter()
        statement = "COPY bulk_people FROM STDIN WITH (FORMAT csv, HEADER true)"
        with connection.cursor() as cursor, cursor.copy(statement) as copy, csv_path.open("rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        connection.execute("DROP TABLE bulk_people")
    return "PostgreSQL COPY", elapsed


def test_bench_import_registrations(registrations: Path, tmp_path: Path) -> None:
    database_url = scratch_database_url(tmp_path, "bench")
    env = haven_env(tmp_path / "var", DATABASE_URL=database_url)
    haven_run("migrate", "--noinput", "-v0", env=env)
    haven_run("geo", "load-builtin", env=env)
    rows = sum(1 for _ in registrations.open(encoding="utf-8")) - 1
    baseline, bulk_seconds = _bulk_load_seconds(database_url, registrations, tmp_path)
    # Read, check and match against the registry; namesakes among 600,000 people wait for a decision
    # (exit 3), which a reviewer gives before the merge is resumed.
    command = [*HAVEN_COMMAND, "import", "registrations", str(registrations)]
    checked, checked_mib, output = process_measured(command, env, exits=(0, 3))
    merge, merge_mib = 0.0, 0.0
    if "merged" not in output:
        haven_run("shell", "-v0", "-c", DECIDE_ALL_DISTINCT, env=env)
        batch = haven_run("import", "list", env=env).stdout.split()[0]
        merge, merge_mib, output = process_measured([*HAVEN_COMMAND, "import", "resume", batch], env)
        assert "merged" in output, output[-2000:]
    seconds, peak_mib = checked + merge, max(checked_mib, merge_mib)
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"\nImport {HOUSEHOLDS:,} households ({rows:,} people) into {engine}: {seconds:.1f} s "
        f"(read, check and match {checked:.1f} s, merge {merge:.1f} s), "
        f"peak RSS {peak_mib:.0f} MiB; {baseline} of the same rows {bulk_seconds:.1f} s "
        f"(ratio {seconds / bulk_seconds:.1f}×)"
    )
