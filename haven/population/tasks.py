"""Background work of the registry: checking an uploaded batch and merging it, with progress on the job."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_tasks import task

from haven.core.models import Job, User
from haven.core.services import job_create, job_enqueue, job_run
from haven.population.models import ImportBatch
from haven.population.services import batch_merge, batch_stage


def _summary(batch: ImportBatch) -> dict[str, Any]:
    return {
        "batch": str(batch.pk), "status": batch.status, "rows": batch.rows, "households": batch.households,
        "individuals": batch.individuals, "errors": batch.errors, "warnings": batch.warnings,
        "possible_duplicates": batch.possible_duplicates,
    }  # fmt: skip


@task()
def batch_stage_task(job_id: str, batch_id: str) -> dict[str, Any]:
    """Check an uploaded batch in the worker; the batch page follows the job's progress."""
    finished = job_run(
        job_id=job_id,
        work=lambda progress: _summary(batch_stage(batch=ImportBatch.objects.get(pk=batch_id), progress=progress)),
    )
    return {"status": finished.status}


@task()
def batch_merge_task(job_id: str, batch_id: str) -> dict[str, Any]:
    """Merge a checked batch in the worker, as the person who asked for it."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    finished = job_run(
        job_id=job_id,
        work=lambda progress: _summary(
            batch_merge(batch=ImportBatch.objects.get(pk=batch_id), merged_by=job.created_by, progress=progress)
        ),
    )
    return {"status": finished.status}


def batch_stage_start(*, batch: ImportBatch, started_by: User) -> Job:
    """Queue the check of a batch; the batch remembers the job so its page shows the progress."""
    job = job_create(
        kind="population.batch_stage", title=_("Check registrations: %(batch)s") % {"batch": batch.name},
        created_by=started_by, parameters={"batch": str(batch.pk)},
    )  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    job_enqueue(job=job, task=batch_stage_task, batch_id=str(batch.pk))
    return job


def batch_merge_start(*, batch: ImportBatch, started_by: User) -> Job:
    job = job_create(
        kind="population.batch_merge", title=_("Merge registrations: %(batch)s") % {"batch": batch.name},
        created_by=started_by, parameters={"batch": str(batch.pk)},
    )  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    job_enqueue(job=job, task=batch_merge_task, batch_id=str(batch.pk))
    return job
