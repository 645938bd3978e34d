"""Background work of funding: importing an uploaded FTS file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task

from haven.core.models import Job
from haven.core.services import job_run
from haven.funding.services import fts_import_file


@task()
def fts_import_task(job_id: str, path: str, name: str) -> dict[str, Any]:
    """Import an uploaded FTS file as the person who uploaded it; progress and the outcome go to the job."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        finished = job_run(
            job_id=job_id,
            work=lambda progress: fts_import_file(
                path=Path(path), name=name, by=job.created_by, progress=progress
            ).as_dict(),
        )
    finally:
        Path(path).unlink(missing_ok=True)
    return {"status": finished.status}
