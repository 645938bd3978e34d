"""Background work of the registry: checking an uploaded batch and merging it, with progress on the job."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from haven.core.models import Job, User
from haven.core.services import ServiceError, job_create, job_enqueue, job_run
from haven.population.models import BatchStatus, ImportBatch
from haven.population.services import batch_merge, batch_merge_check, batch_stage, registry_duplicates_find


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


def _batch_locked_idle(batch: ImportBatch) -> ImportBatch:
    """The batch, locked, refused while another check or merge of it is queued or running."""
    locked = ImportBatch.objects.select_for_update(of=("self",)).select_related("job").get(pk=batch.pk)
    if locked.job is not None and not locked.job.is_finished:
        raise ServiceError(_("The batch is being checked or merged; wait until that has finished."))
    return locked


@transaction.atomic
def batch_stage_start(*, batch: ImportBatch, started_by: User) -> Job:
    """Queue the check of a batch; the batch remembers the job so its page shows the progress."""
    batch = _batch_locked_idle(batch)
    if batch.status not in {BatchStatus.STAGING, BatchStatus.INVALID}:
        raise ServiceError(
            _("Batch “%(batch)s” is %(status)s; it cannot be checked again.")
            % {"batch": batch.name, "status": batch.get_status_display()}
        )
    job = job_create(
        kind="population.batch_stage", title=_("Check registrations: %(batch)s") % {"batch": batch.name},
        created_by=started_by, parameters={"batch": str(batch.pk)},
    )  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    job_enqueue(job=job, task=batch_stage_task, batch_id=str(batch.pk))
    return job


@transaction.atomic
def batch_merge_start(*, batch: ImportBatch, started_by: User) -> Job:
    """Queue the merge of a checked batch, refused while it is busy or not ready."""
    batch = _batch_locked_idle(batch)
    batch_merge_check(batch)
    job = job_create(
        kind="population.batch_merge", title=_("Merge registrations: %(batch)s") % {"batch": batch.name},
        created_by=started_by, parameters={"batch": str(batch.pk)},
    )  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    job_enqueue(job=job, task=batch_merge_task, batch_id=str(batch.pk))
    return job


REGISTRY_CHECK = "population.registry_check"


@task()
def registry_check_task(job_id: str) -> dict[str, Any]:
    """Look for people registered twice across the registry, as the person who asked for it."""
    job = Job.objects.select_related("created_by").get(pk=job_id)

    def work(progress: Any) -> dict[str, Any]:
        checked = registry_duplicates_find(checked_by=job.created_by, progress=progress)
        return {"people": checked.people, "found": checked.found, "already_decided": checked.already_decided}

    finished = job_run(job_id=job_id, work=work)
    return {"status": finished.status}


@transaction.atomic
def registry_check_start(*, started_by: User) -> Job:
    """Queue a registry-wide duplicate check; refused while one is queued or running."""
    running = Job.objects.select_for_update().filter(kind=REGISTRY_CHECK).order_by("-created_at").first()
    if running is not None and not running.is_finished:
        raise ServiceError(_("A check of the registry is already running; its page shows how far it is."))
    job = job_create(
        kind=REGISTRY_CHECK, title=_("Look for people registered twice"), created_by=started_by, parameters={}
    )
    job_enqueue(job=job, task=registry_check_task)
    return job


def registry_check_running() -> Job | None:
    """The registry check queued or running, if any."""
    job = Job.objects.filter(kind=REGISTRY_CHECK).order_by("-created_at").first()
    return job if job is not None and not job.is_finished else None
