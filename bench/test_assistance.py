"""Assistance benchmark: a distribution list for 100,000 households generated, taken offline and its
deliveries recorded from the filled-in spreadsheet.

The registry is loaded the way a field operation loads it (`haven import registrations` of a generated
file); then every step is the `haven assistance` command a team runs, each timed as its own process
with its peak memory. Run with `.venv/bin/pytest -m bench -s bench/test_assistance.py` (add
DATABASE_URL=postgres://… for PostgreSQL); docs/benchmarks.md keeps the numbers.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bench.measuring import process_measured
from conftest import HAVEN_COMMAND, haven_env, haven_run, scratch_database_url

pytestmark = pytest.mark.bench

HOUSEHOLDS = int(os.environ.get("HAVEN_BENCH_HOUSEHOLDS", "100000"))
DECIDE_ALL_DISTINCT = (
    "from haven.population.models import PossibleDuplicate; from haven.population.services import duplicate_decide; "
    "[duplicate_decide(candidate=c, decision='distinct', decided_by=None) "
    "for c in PossibleDuplicate.objects.filter(decision='pending')]"
)
PLAN = (
    "from datetime import date; from haven.core.services import user_create; from haven.geo.selectors import area_get; "
    "from haven.assistance import services as s; "
    "u = user_create(username='bench', password=None, role='administrator', areas=[area_get('IQ')]); "
    "p = s.programme_create(created_by=u, code='EDA-BENCH', name='Emergency food', organisation='IOM Iraq', "
    "modality='in_kind', item='food', area=area_get('IQ'), starts_on=date(2008, 1, 1)); "
    "d = s.distribution_create(programme=p, created_by=u, name='Nationwide round 1', area=area_get('IQ'), "
    "place='Every branch office', planned_on=date(2008, 6, 1)); print('distribution', d.pk)"
)


def _filled(source: Path, target: Path) -> int:
    """Mark every household of the list served, as a team would, streaming both workbooks."""
    read = load_workbook(source, read_only=True)
    written = Workbook(write_only=True)
    marked = 0
    for sheet in read.worksheets:
        out = written.create_sheet(sheet.title)
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            values = list(row)
            if sheet is read.worksheets[0] and index > 0:
                values[7], values[9] = "yes", "Head of household"
                marked += 1
            out.append(values)
    read.close()
    written.save(target)
    return marked


def test_bench_distribution_list_and_offline_deliveries(tmp_path: Path) -> None:
    database_url = scratch_database_url(tmp_path, "bench")
    env = haven_env(tmp_path / "var", DATABASE_URL=database_url)
    haven_run("migrate", "--noinput", "-v0", env=env)
    haven_run("geo", "load-builtin", env=env)
    haven_run("generate", "population", "--households", str(HOUSEHOLDS), "--duplicates", "0", "--out",
              str(tmp_path / "population"), "--seed", "7", env=env)  # fmt: skip
    registrations = tmp_path / "population" / "registrations.csv"
    output = haven_run("import", "registrations", str(registrations), env=env, check=False).stdout
    if "merged" not in output:
        haven_run("shell", "-v0", "-c", DECIDE_ALL_DISTINCT, env=env)
        batch = haven_run("import", "list", env=env).stdout.split()[0]
        haven_run("import", "resume", batch, env=env)
    planned = haven_run("shell", "-v0", "-c", PLAN, env=env).stdout
    distribution = planned.split()[-1]
    assistance = [*HAVEN_COMMAND, "assistance", "--as", "bench"]

    listed, listed_mib, output = process_measured([*assistance, "list", distribution], env)
    assert f"{HOUSEHOLDS} households listed" in output, output[-2000:]
    offline = tmp_path / "list.xlsx"
    exported, exported_mib, output = process_measured([*assistance, "export", distribution, "--out", str(offline)], env)
    filled = tmp_path / "filled.xlsx"
    assert _filled(offline, filled) == HOUSEHOLDS
    uploaded, uploaded_mib, output = process_measured([*assistance, "upload", distribution, str(filled)], env)
    assert f"{HOUSEHOLDS} deliveries recorded" in output, output[-2000:]
    again, _again_mib, output = process_measured([*assistance, "upload", distribution, str(filled)], env, exits=(1,))
    assert "already received" in output
    balance, _balance_mib, output = process_measured([*assistance, "balance", "--format", "csv"], env)
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"\nAssistance, {HOUSEHOLDS:,} households on {engine}: list generated {listed:.1f} s ({listed_mib:.0f} MiB), "
        f"XLSX written {exported:.1f} s ({exported_mib:.0f} MiB), {HOUSEHOLDS:,} deliveries recorded from it "
        f"{uploaded:.1f} s ({uploaded_mib:.0f} MiB), the same file refused whole {again:.1f} s, "
        f"balance report {balance:.1f} s; file {filled.stat().st_size / 1e6:.1f} MB"
    )
