"""A job goes through the real database queue and the real worker command."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import task

from haven.core import services
from haven.core.models import Job, JobStatus


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
