"""A job goes through the real database queue and the real worker command."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import task

from haven.core import services
from haven.core.models import Job, JobStatus
from haven.core.workers import worker_gone, worker_identity


@task()
def count_households_task(job_id: str, households: int) -> None:
    def work(progress: Any) -> dict[str, int]:
        for done in range(1, households + 1):
            progress(done, households, f"household {done}")
        return {"households": households}

    services.job_run(job_id=job_id, work=work)


@pytest.mark.django_db
def test_worker_runs_a_queued_job_to_completion(field_officer, django_capture_on_commit_callbacks, monkeypatch) -> None:
    # The worker drops connections it finds outside autocommit; the test's own transaction is one,
    # and dropping it would discard the test's data. Only that housekeeping is switched off.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    job = services.job_create(kind="test.count", title="Count", created_by=field_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_enqueue(job=job, task=count_households_task, households=7)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.task_result_id

    call_command("worker", batch=True, verbosity=0)

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"households": 7}
    assert (job.progress_done, job.progress_total) == (7, 7)


@pytest.mark.django_db
def test_jobs_command_shows_the_result(field_officer, capsys) -> None:
    job = services.job_create(kind="test.count", title="Count", created_by=field_officer)
    services.job_run(job_id=job.pk, work=lambda progress: {"households": 3})
    call_command("jobs", "show", str(job.pk), "--follow")
    out = capsys.readouterr().out
    assert "Count: succeeded" in out
    assert "households: 3" in out


def _finished_process_identity() -> str:
    """The identity a worker had, once that worker has exited."""
    worker = subprocess.Popen([sys.executable, "-c", "pass"])
    identity = worker_identity(worker.pid)
    worker.wait()
    return identity


def test_a_worker_is_gone_only_when_its_process_of_this_host_has_ended() -> None:
    assert not worker_gone(worker_identity())
    assert worker_gone(_finished_process_identity())
    host, pid, started = worker_identity().split(":")
    assert worker_gone(f"{host}:{pid}:{int(started or 0) + 1}")  # the same process id, reused by a later process
    assert not worker_gone(f"another-host:{pid}:{started}")


@pytest.mark.django_db
def test_a_starting_worker_fails_the_jobs_a_stopped_worker_left_running(field_officer, monkeypatch) -> None:
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        jobs = {}
        for name, worker in [
            ("killed", _finished_process_identity()),
            ("alive", worker_identity(sleeper.pid)),
            ("elsewhere", "another-host:12:345"),
        ]:
            job = services.job_create(kind="test.count", title=name, created_by=field_officer)
            Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker=worker)
            jobs[name] = job
        errors = io.StringIO()
        call_command("worker", batch=True, verbosity=0, stderr=errors)
    finally:
        sleeper.kill()
        sleeper.wait()
    status = {name: Job.objects.get(pk=job.pk) for name, job in jobs.items()}
    assert status["killed"].status == JobStatus.FAILED and "start it again" in status["killed"].error
    assert status["killed"].finished_at is not None
    assert status["alive"].status == status["elsewhere"].status == JobStatus.RUNNING
    assert f"Job {jobs['killed'].pk} (killed) was interrupted" in errors.getvalue()


@pytest.mark.django_db
def test_a_job_records_the_worker_that_ran_it(field_officer) -> None:
    job = services.job_create(kind="test.count", title="Count", created_by=field_officer)
    assert services.job_run(job_id=job.pk, work=lambda progress: {}).worker == worker_identity()
