"""Displacement benchmarks: a master list of 5,000 locations × 100 reporting dates imported, and the national page.

The list is written in DTM's master-list layout by `haven displacement generate` (three groups per
row, origin, shelter and period breakdowns: about 1.5 million breakdown rows) and imported as a
person would, in its own process. Run with `make bench` for SQLite and `DATABASE_URL=postgres://…
make bench` for PostgreSQL; docs/benchmarks.md keeps the numbers.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from bench.measuring import process_measured
from conftest import HAVEN_COMMAND, haven_env, haven_run, scratch_database_url

pytestmark = pytest.mark.bench

LOCATIONS = int(os.environ.get("HAVEN_BENCH_LOCATIONS", "5000"))
DATES = int(os.environ.get("HAVEN_BENCH_DATES", "100"))

# Timed in a process of its own against the benchmark's database: the national page (the country
# at its latest date) and a governorate's page, as the demo's information officer.
PAGE_TIMING = """
import statistics, time
from django.test import Client
from haven.core.models import User
from haven.core.services import user_create
from haven.geo.selectors import area_get
user = User.objects.filter(username="bench.imo").first() or user_create(
    username="bench.imo", password="bench-only-password-1", role="im_officer", areas=[area_get("IQ")])
client = Client()
client.force_login(user)
for label, url in (("national", "/displacement/"), ("governorate", "/displacement/areas/IQG08/")):
    timings = []
    for _ in range(31):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    print(f"{label} first={timings[0]:.1f} median={statistics.median(timings[1:]):.1f} max={max(timings[1:]):.1f}")
"""


def test_bench_master_list_import_and_national_page(tmp_path: Path, shared_data: Path) -> None:
    database_url = scratch_database_url(tmp_path, "bench")
    env = haven_env(tmp_path / "var", DATABASE_URL=database_url, HAVEN_ALLOWED_HOSTS="testserver")
    haven_run("migrate", "--noinput", "-v0", env=env)
    haven_run("geo", "load", *sorted(str(p) for p in (shared_data / "iraq-cod-ab").glob("irq_admbnda_adm*.geojson")),
              env=env)  # fmt: skip
    master_list = tmp_path / "master-list.csv"
    haven_run("displacement", "generate", "--locations", str(LOCATIONS), "--dates", str(DATES), "--level", "3",
              "--no-needs", "--out", str(master_list), env=env)  # fmt: skip
    size_mib = master_list.stat().st_size / 2**20

    seconds, peak, output = process_measured([*HAVEN_COMMAND, "displacement", "import", str(master_list)], env)
    counting = (
        "from haven.displacement.models import Assessment, Breakdown, AreaFigure; "
        "print('counts', Assessment.objects.count(), Breakdown.objects.count(), AreaFigure.objects.count())"
    )
    counted = haven_run("shell", "-c", counting, env=env).stdout.split("counts", 1)[1].split()
    again_seconds, again_peak, again = process_measured(
        [*HAVEN_COMMAND, "displacement", "import", str(master_list)], env
    )
    assert "nothing changed" in again
    pages = haven_run("shell", "-c", PAGE_TIMING, env=env).stdout
    timings = {
        line.split(" ", 1)[0]: dict(re.findall(r"(\w+)=([\d.]+)", line))
        for line in pages.splitlines()
        if line.startswith(("national ", "governorate "))
    }
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"\n{engine}: master list {LOCATIONS:,} locations × {DATES} dates ({size_mib:.0f} MiB CSV): "
        f"{int(counted[0]):,} assessments, {int(counted[1]):,} breakdown rows, {int(counted[2]):,} master-list rows\n"
        f"  import {seconds:.1f} s, peak {peak:.0f} MiB; again (nothing changes) {again_seconds:.1f} s, "
        f"peak {again_peak:.0f} MiB\n"
        f"  national page: first {timings['national']['first']} ms, median {timings['national']['median']} ms, "
        f"max {timings['national']['max']} ms; governorate page median {timings['governorate']['median']} ms",
        file=sys.stderr,
    )
    assert output.strip()
    assert float(timings["national"]["median"]) < 300
