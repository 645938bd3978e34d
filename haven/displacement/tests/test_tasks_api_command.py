"""The import job, the REST API and `haven displacement` on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from haven.core.models import Job
from haven.core.services import job_create
from haven.displacement.services import figures_import
from haven.displacement.tasks import figures_import_task
from haven.displacement.tests.test_imports_tables import ROUND_1

pytestmark = pytest.mark.django_db


def test_the_import_job_records_its_outcome_and_a_refusal_by_row(districts, imo, tmp_path: Path) -> None:
    good = tmp_path / "ml.csv"
    good.write_text(ROUND_1, encoding="utf-8")
    job = job_create(kind="displacement.figures_import", title="Import", created_by=imo)
    figures_import_task.call(job_id=str(job.pk), path=str(good), name="ml.csv", group="idp")
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result["added"] == 2 and not good.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("Governorate,Date,Families\nAtlantis,2015-01-01,4\n", encoding="utf-8")
    job = job_create(kind="displacement.figures_import", title="Import", created_by=imo)
    figures_import_task.call(job_id=str(job.pk), path=str(bad), name="bad.csv", group="idp")
    job = Job.objects.get(pk=job.pk)
    assert job.status == "failed" and "bad.csv was not imported" in job.error and "row 2, area" in job.error


def test_the_api_lists_the_master_list_with_filters_and_in_dtm_shape(districts, imo, write) -> None:
    figures_import(path=write("ml.csv", ROUND_1))
    client = APIClient()
    client.force_authenticate(imo)
    listed = client.get("/api/displacement/figures/", {"level": "1", "group": "idp"}).json()
    assert (
        listed["count"] == 1 and listed["results"][0]["pcode"] == "IQG08" and listed["results"][0]["individuals"] == 280
    )
    dtm = client.get("/api/displacement/figures/dtm/", {"level": "0"}).json()
    assert dtm["result"][0]["numPresentIdpInd"] == 280 and dtm["result"][0]["admin0Pcode"] == "IRQ"
    assessments = client.get("/api/displacement/assessments/").json()["results"]
    assert len(assessments) == 2 and "key_informant_name" not in assessments[0]
    assert client.get("/api/displacement/figures/", {"date": "soon"}).status_code == 400
    assert client.get("/api/displacement/figures/", {"group": "tourists"}).status_code == 400


def test_the_api_is_scoped_by_area(districts, officer_baghdad, write) -> None:
    figures_import(
        path=write("ml.csv", ROUND_1.replace("L-002,Abu Ghraib,Baghdad,IQG08Q02", "L-002,Falluja,Anbar,IQG01Q02"))
    )
    client = APIClient()
    client.force_authenticate(officer_baghdad)
    pcodes = {row["pcode"] for row in client.get("/api/displacement/figures/", {"limit": "500"}).json()["results"]}
    assert pcodes == {"IQG08", "IQG08Q01"}
    assert client.get("/api/displacement/figures/", {"area": "IQG01"}).status_code == 404


def test_figures_command_prints_the_documented_columns(governorates, shared_data: Path) -> None:
    figures_import(path=shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json")
    out = io.StringIO()
    call_command("displacement", "figures", "--date", "2024-04-30", "--admin-level", "0", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines() == [
        "date,round,pcode,name,group,families,individuals",
        "2024-04-30,132,IQ,Iraq,idp,,1098913",
    ]
    out = io.StringIO()
    call_command("displacement", "figures", "--round", "48", "--admin-level", "0", stdout=out)
    assert [line.split(",")[0] for line in out.getvalue().splitlines()[1:]] == ["2016-04-01", "2016-06-01"]
    out = io.StringIO()
    call_command("displacement", "figures", "--group", "returnee", stdout=out)
    assert out.getvalue().splitlines() == ["date,round,pcode,name,group,families,individuals"]


def test_figures_command_writes_dtm_json_that_imports_back(governorates, write, shared_data: Path) -> None:
    figures_import(path=shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json")
    out = io.StringIO()
    call_command("displacement", "figures", "--admin-level", "1", "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["totalRecordsCount"] == 1430
    again = figures_import(path=write("roundtrip.json", document))
    assert not again.changed


def test_import_command_refuses_with_rows_and_exit_status(governorates, write) -> None:
    path = write("bad.json", [{"admin1Pcode": "IRQ-G01", "reportingDate": "2014-04-01", "numPresentIdpInd": -1}])
    with pytest.raises(
        CommandError, match=r"bad.json was not imported, nothing was changed:\n  row 1, numPresentIdpInd"
    ):
        call_command("displacement", "import", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("displacement", "import", "/nowhere/x.json")


def test_generate_writes_a_master_list_that_imports(governorates, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "ml.csv"
    call_command("displacement", "generate", "--locations", "30", "--dates", "2", "--out", str(target), stdout=out)
    assert "60 rows" in out.getvalue()
    call_command("displacement", "import", str(target), stdout=out)
    assert "180 added" in out.getvalue()  # IDPs, returnees and hosts at 30 places on 2 dates
