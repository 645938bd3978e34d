from __future__ import annotations

from pathlib import Path
from typing import Any

from haven.core.models import Job
from haven.core.services import job_create
from haven.geo.models import Area
from haven.geo.tasks import cod_load_task
from haven.geo.tests.conftest import cod_file


def test_cod_load_task_records_the_result_on_the_job(make_user: Any) -> None:
    person = make_user("imo", role="im_officer")
    job = job_create(kind="geo.cod_load", title="Load", created_by=person)
    cod_load_task.call(job_id=str(job.pk), path=str(cod_file(1)), name="adm1.geojson")
    job = Job.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.error
    assert job.result["created"] == 18
    assert Area.objects.filter(level=1).count() == 18


def test_a_bad_upload_fails_the_job_with_a_readable_message(make_user: Any, tmp_path: Path) -> None:
    bad = tmp_path / "x.geojson"
    bad.write_text("not json", encoding="utf-8")
    job = job_create(kind="geo.cod_load", title="Load", created_by=make_user("imo", role="im_officer"))
    cod_load_task.call(job_id=str(job.pk), path=str(bad), name="upload.geojson")
    job = Job.objects.get(pk=job.pk)
    assert job.status == "failed"
    assert job.error.startswith("upload.geojson: not valid JSON")
