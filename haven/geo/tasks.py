"""Background work of geo: loading a COD-AB file uploaded through the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task

from haven.core.models import Job
from haven.core.services import job_run
from haven.geo.services import cod_load


@task()
def cod_load_task(job_id: str, path: str, name: str = "") -> dict[str, Any]:
    """Load an uploaded COD-AB file as the person who uploaded it; progress goes to the job."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    finished = job_run(
        job_id=job_id,
        work=lambda progress: cod_load(
            path=Path(path), progress=progress, loaded_by=job.created_by, name=name or None
        ).as_dict(),
    )
    return {"status": finished.status}
