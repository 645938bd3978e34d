"""Foundation benchmarks: loading the country's boundaries, and the overview page's server time.

Run with `make bench`; each prints its measurement, and docs/benchmarks.md keeps the numbers.
"""

from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path

import pytest

from conftest import haven_env, haven_run, scratch_database_url

pytestmark = pytest.mark.bench


def test_bench_cod_load_all_levels(tmp_path: Path, shared_data: Path) -> None:
    env = haven_env(tmp_path, DATABASE_URL=scratch_database_url(tmp_path, "bench"))
    haven_run("migrate", "--noinput", "-v0", env=env)
    files = sorted(str(path) for path in (shared_data / "iraq-cod-ab").glob("irq_admbnda_adm*.geojson"))
    started = time.perf_counter()
    haven_run("geo", "load", *files, env=env)
    first = time.perf_counter() - started
    started = time.perf_counter()
    haven_run("geo", "load", *files, env=env)
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
