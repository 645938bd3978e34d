"""Background work of assistance: generating a distribution list, with progress on the job page."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from haven.assistance.models import Distribution, DistributionStatus
from haven.assistance.services import distribution_list_generate
from haven.core.models import Job, User
from haven.core.services import ServiceError, job_create, job_enqueue, job_run


@task()
def distribution_list_task(job_id: str, distribution_id: int) -> dict[str, Any]:
    """Generate a distribution's list in the worker, as the person who asked for it."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.created_by is None:
        raise ValueError("A list is generated for a person, whose areas it covers.")
    generated_by = job.created_by

    def work(progress: Any) -> dict[str, Any]:
        distribution = Distribution.objects.get(pk=distribution_id)
        count = distribution_list_generate(distribution=distribution, generated_by=generated_by, progress=progress)
        return {"distribution": distribution_id, "households": count}

    finished = job_run(job_id=job_id, work=work)
    return {"status": finished.status}


@transaction.atomic
def distribution_list_start(*, distribution: Distribution, started_by: User) -> Job:
    """Queue the generation of a list; the distribution remembers the job so its page shows the progress."""
    locked = Distribution.objects.select_for_update(of=("self",)).select_related("list_job").get(pk=distribution.pk)
    if locked.status != DistributionStatus.PLANNED:
        raise ServiceError(_("This distribution already has its list."))
    if locked.list_job is not None and not locked.list_job.is_finished:
        raise ServiceError(_("The list is being generated; wait until that has finished."))
    job = job_create(
        kind="assistance.distribution_list",
        title=_("List for %(name)s") % {"name": locked.name},
        created_by=started_by,
        parameters={"distribution": locked.pk},
    )
    locked.list_job = job
    locked.save(update_fields=["list_job"])
    job_enqueue(job=job, task=distribution_list_task, distribution_id=locked.pk)
    return job
