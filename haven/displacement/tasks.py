"""Background work of displacement tracking: importing an uploaded figures file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task

from haven.core.models import Job
from haven.core.services import job_run
from haven.displacement.services import figures_import


@task()
def figures_import_task(job_id: str, path: str, name: str, group: str) -> dict[str, Any]:
    """Import an uploaded file as the person who uploaded it; progress and the outcome go to the job."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        finished = job_run(
            job_id=job_id,
            work=lambda progress: figures_import(
                path=Path(path), name=name, imported_by=job.created_by, default_group=group, progress=progress
            ).as_dict(),
        )
    finally:
        Path(path).unlink(missing_ok=True)
    return {"status": finished.status}
