"""Fixtures shared by every app's tests: people in each role, and a real headless browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# Hypothesis' per-example deadline (200 ms) measures the machine as much as the code: on CI's two
# shared cores it failed name-key examples that take 40 ms alone. Speed has its benchmarks in bench/.
hypothesis_settings.register_profile("haven", deadline=None)
hypothesis_settings.load_profile("haven")

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"
CHROMIUM = os.environ.get("HAVEN_CHROMIUM", "/usr/bin/chromium")
HAVEN_COMMAND = [sys.executable, "-m", "haven.cli"]


def haven_env(var_dir: Path, **variables: str) -> dict[str, str]:
    """The environment of a separate `haven` process: this one's, with its own var/ folder and `variables`."""
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return {**inherited, "HAVEN_VAR_DIR": str(var_dir), **variables}


def haven_run(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    """Runs `haven ARGS…` as a person would, in a process of its own."""
    return subprocess.run([*HAVEN_COMMAND, *args], env=env, capture_output=True, text=True, check=check)


@pytest.fixture
def governorates(db: Any) -> None:
    """Iraq's 18 governorates, as Haven ships them built in."""
    from haven.geo.services import governorates_load_builtin

    governorates_load_builtin()


def users_by_pcode(default_role: str) -> Callable[..., Any]:
    """The `make_user` of an app's tests: `make(username, role=default_role, pcodes=["IQ"])` makes an
    active person with that role, scoped to the areas named by P-code."""

    def make(username: str, role: str = default_role, pcodes: list[str] | None = None) -> Any:
        from haven.core.factories import TEST_PASSWORD
        from haven.core.services import user_create
        from haven.geo.selectors import area_get

        areas = [area for area in (area_get(pcode) for pcode in (pcodes if pcodes is not None else ["IQ"])) if area]
        return user_create(username=username, password=TEST_PASSWORD, role=role, areas=areas)

    return make


@pytest.fixture
def upload_as_job(settings: Any, django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Upload a file through a page that hands it to the worker; the job runs in this process as soon as
    the request commits, as the worker would run it. Returns the job, after checking the page sent the
    person to it: `upload_as_job(client, url, kind="funding.fts_import", name="flows.csv", content=b"...")`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def upload(client: Any, url: str, *, kind: str, name: str, content: bytes) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        from haven.core.models import Job

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        job = Job.objects.filter(kind=kind).latest("created_at")
        assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
        return job

    return upload


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public reference files in ../shared/data (never copied into the project)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"The shared data folder is missing: {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; CI (HAVEN_REQUIRE_BROWSER=1) fails rather than skips."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("HAVEN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous, so the async-safety guard does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scratch_database_url(tmp: Path, purpose: str) -> str:
    """An empty database for a separate Haven process: SQLite in `tmp`, or `<name>_<purpose>_<worker>` on PostgreSQL."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'haven.sqlite3'}"
    import psycopg

    base, _, name = configured.rpartition("/")
    # One database per xdist worker: each runs its own processes.
    e2e_name = f"{name or 'haven'}_{purpose}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{e2e_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{e2e_name}"')
    return f"{base}/{e2e_name}"


@pytest.fixture(scope="session")
def haven_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Haven started the way `make demo` starts it: migrate, load the demo, serve with the worker.

    Browser tests drive this real server; it has its own database, so nothing the tests do
    touches the test database, and vice versa.
    """
    import time
    import urllib.request

    var_dir = tmp_path_factory.mktemp("haven-var")
    env = haven_env(var_dir, DATABASE_URL=scratch_database_url(var_dir, "e2e"))
    haven_run("migrate", "--noinput", "-v0", env=env)
    haven_run("demo", "load", env=env)
    port = _free_port()
    log = (var_dir / "server.log").open("w")
    server = subprocess.Popen(
        [*HAVEN_COMMAND, "serve", "--port", str(port), "--with-worker"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/login/", timeout=2)  # noqa: S310 (our own loopback server)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("Haven did not start:\n" + (var_dir / "server.log").read_text())
            time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(autouse=True)
def _language_of_the_settings() -> Iterator[None]:
    """Each test starts in the default language: a page request in Arabic leaves Arabic active in the
    thread (Django's locale middleware does not switch back), which would leak into the next test's messages."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
