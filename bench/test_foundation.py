"""Foundation benchmarks: loading the country's boundaries, and the overview page's server time.

Run with `make bench`; each prints its measurement, and docs/benchmarks.md keeps the numbers.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench

REPO = Path(__file__).resolve().parent.parent


def haven(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "haven.cli", *args], env=env, capture_output=True, text=True, check=True
    )


def test_bench_cod_load_all_levels(tmp_path: Path, shared_data: Path) -> None:
    from conftest import scratch_database_url

    env = {**os.environ, "HAVEN_VAR_DIR": str(tmp_path), "DATABASE_URL": scratch_database_url(tmp_path, "bench")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    haven("migrate", "--noinput", "-v0", env=env)
    files = sorted(str(path) for path in (shared_data / "iraq-cod-ab").glob("irq_admbnda_adm*.geojson"))
    started = time.perf_counter()
    haven("geo", "load", *files, env=env)
    first = time.perf_counter() - started
    started = time.perf_counter()
    haven("geo", "load", *files, env=env)
    again = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\nCOD-AB Iraq, 414 areas with boundaries: first load {first:.2f} s, "
        f"reload (unchanged) {again:.2f} s, peak RSS {peak_mib:.0f} MiB"
    )


@pytest.mark.django_db
def test_bench_overview_page_server_time(client, django_user_model) -> None:
    from haven.demo.services import demo_load

    demo_load()
    client.force_login(django_user_model.objects.get(username="imo"))
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        response = client.get("/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(
        f"\nOverview page, imo (whole country): median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms over {len(timings)} requests"
    )
