"""Deduplication benchmarks: Haven's engine beside Splink's default configuration, in the same run.

- Iraqi-style records from `haven generate population`: 280,000 (50,000 households, seed 7) and
  1,400,000 (245,000 households, seed 3). Targets: pairwise F1 ≥ 0.95; ≤ 2 minutes and ≤ 4 GB at
  280,000; ≤ 10 minutes and ≤ 8 GB at 1,400,000.
- FEBRL3 (5,000 Latin-name records): Haven's F1 at least that of Splink's default configuration.

Each run is a child process measured on its own (wall time, peak resident memory); the scorer is the
shared one (`../shared/tools/score_dedup.py`). `make bench` runs them; docs/benchmarks.md keeps the
numbers. HAVEN_BENCH_DEDUP_SIZES="5000,20000" (households) runs smaller sets for a quick look.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.febrl import febrl3_write
from bench.measuring import process_measured
from conftest import HAVEN_COMMAND, SHARED_DATA, haven_env, haven_run, scratch_database_url

pytestmark = pytest.mark.bench

SCORER = SHARED_DATA.parent / "tools" / "score_dedup.py"
BASELINE = Path(__file__).resolve().parent / "splink_default.py"
SIZES = [int(size) for size in os.environ.get("HAVEN_BENCH_DEDUP_SIZES", "50000,245000").split(",")]
SEEDS = {50000: 7, 245000: 3}
# (seconds, MiB) allowed for a file of that many households, per the issue.
TARGETS = {50000: (120, 4096), 245000: (600, 8192)}


def _scores(truth: Path, clusters: Path) -> dict[str, float]:
    printed = subprocess.run([sys.executable, str(SCORER), str(truth), str(clusters)], capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
    return {name: float(value) for name, value in re.findall(r"(precision|recall|f1)=([0-9.]+)", printed)}


def _row(label: str, records: int, engine: str, scores: dict[str, float], seconds: float, mib: float) -> str:
    return (
        f"| {label} | {records:,} | {engine} | {scores['f1']:.4f} | {scores['precision']:.4f} | "
        f"{scores['recall']:.4f} | {seconds:.1f} s | {mib:,.0f} MiB |"
    )


def _run_both(
    people: Path, truth: Path, out: Path, env: dict[str, str], *, baseline: bool
) -> list[tuple[str, dict[str, float], float, float]]:
    runs = []
    clusters = out / "haven-clusters.csv"
    seconds, mib, _ = process_measured([*HAVEN_COMMAND, "dedupe", str(people), "--out", str(clusters)], env)
    runs.append(("Haven", _scores(truth, clusters), seconds, mib))
    if baseline:
        clusters = out / "splink-clusters.csv"
        seconds, mib, _ = process_measured([sys.executable, str(BASELINE), str(people), str(clusters)], env)
        runs.append(("Splink default", _scores(truth, clusters), seconds, mib))
    return runs


@pytest.mark.parametrize("households", SIZES)
def test_bench_dedupe_iraqi_records(households: int, tmp_path: Path) -> None:
    env = haven_env(tmp_path / "var")
    seed = SEEDS.get(households, 7)
    haven_run("generate", "population", "--households", str(households), "--duplicates", "0.2", "--out",
              str(tmp_path), "--seed", str(seed), env=env)  # fmt: skip
    people, truth = tmp_path / "people.csv", tmp_path / "truth.csv"
    records = sum(1 for _ in people.open(encoding="utf-8")) - 1
    # Splink's default configuration is measured beside Haven at 280,000 records; at 1.4 million its
    # blocking on raw birth dates (a year shared by thousands) would not fit this machine.
    runs = _run_both(people, truth, tmp_path, env, baseline=households <= 50000)
    print()
    for engine, scores, seconds, mib in runs:
        print(_row(f"Iraqi-style, seed {seed}", records, engine, scores, seconds, mib))
    _engine, scores, seconds, mib = runs[0]
    limit_seconds, limit_mib = TARGETS.get(households, (600, 8192))
    assert scores["f1"] >= 0.95
    assert seconds <= limit_seconds and mib <= limit_mib


def test_bench_dedupe_febrl3(tmp_path: Path) -> None:
    env = haven_env(tmp_path / "var")
    people, truth = febrl3_write(tmp_path)
    runs = _run_both(people, truth, tmp_path, env, baseline=True)
    print()
    for engine, scores, seconds, mib in runs:
        print(_row("FEBRL3", 5000, engine, scores, seconds, mib))
    assert runs[0][1]["f1"] >= runs[1][1]["f1"]


FORM_REGISTERED = int(os.environ.get("HAVEN_BENCH_FORM_REGISTERED", "1000000"))


def test_bench_registration_form_lookup_against_a_million(tmp_path: Path) -> None:
    """One person typed in the form, looked up among a million registered people: under a second."""
    database_url = scratch_database_url(tmp_path, "form")
    env = haven_env(tmp_path / "var", DATABASE_URL=database_url)
    haven_run("migrate", "--noinput", "-v0", env=env)
    haven_run("geo", "load-builtin", env=env)
    haven_run("generate", "population", "--households", str(max(FORM_REGISTERED // 5, 1000)), "--duplicates",
              "0.2", "--out", str(tmp_path), "--seed", "3", env=env)  # fmt: skip
    script = Path(__file__).resolve().parent / "form_lookup.py"
    env = {**env, "HAVEN_BENCH_PEOPLE": str(tmp_path / "people.csv"), "HAVEN_BENCH_REGISTERED": str(FORM_REGISTERED)}
    done = haven_run("shell", "-v0", "-c", f"exec(open({str(script)!r}).read())", env=env)
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"\nForm lookup on {engine} among {timings['registered']:,} registered people: {timings}")
    assert timings["registered"] >= FORM_REGISTERED and timings["max_ms"] < 1000
