"""Background work of community assistance projects: importing an uploaded 3W file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task

from haven.core.models import Job
from haven.core.services import job_run
from haven.projects.services import whowhatwhere_import_file


@task()
def whowhatwhere_import_task(job_id: str, path: str, name: str) -> dict[str, Any]:
    """Import an uploaded 3W file as the person who uploaded it, within their areas; the outcome goes to the job."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        finished = job_run(
            job_id=job_id,
            work=lambda progress: whowhatwhere_import_file(
                path=Path(path), filename=name, by=job.created_by, progress=progress
            ).as_dict(),
        )
    finally:
        Path(path).unlink(missing_ok=True)
    return {"status": finished.status}
