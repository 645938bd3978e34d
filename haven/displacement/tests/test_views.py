"""Pages: figures by area, changes, flows, places, an assessment, imports and exports; all scoped by area."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from haven.core.models import AuditEntry, Job
from haven.displacement.models import AreaFigure, Assessment
from haven.displacement.services import figures_import
from haven.displacement.tests.test_imports_tables import ROUND_1, ROUND_2

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(districts: Any, write: Any) -> None:
    figures_import(path=write("r12.csv", ROUND_1))
    figures_import(path=write("r13.csv", ROUND_2))
    figures_import(path=write("ret.csv", "Governorate,Date,Group,Individuals\nIQG01,2015-02-15,returnee,40\n"
                                         "IQG08,2015-02-15,returnee,16\n"))  # fmt: skip


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_national_page_shows_figures_return_rate_trend_and_areas(figures, imo) -> None:
    page = signed_in(imo).get(reverse("displacement:overview"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Figures reported 2015-02-15" in html and "284" in html  # IDPs in Baghdad, partly estimated
    assert "est." in html
    assert "16%" in html  # 56 returnees ÷ (284 + 56) IDPs and returnees
    assert "<polyline" in html and "Al-Karkh" not in html and "Baghdad" in html


def test_an_earlier_date_can_be_chosen_and_a_governorate_opened(figures, imo) -> None:
    client = signed_in(imo)
    page = client.get(reverse("displacement:area", args=["IQG08"]), {"date": "2015-01-15"})
    html = page.content.decode()
    assert "Figures reported 2015-01-15" in html and "Al-Karkh" in html and "Al-Resafa" in html
    assert client.get(reverse("displacement:area", args=["iqg08"])).status_code == 302


def test_an_officer_sees_their_governorate_and_nothing_above_or_beside_it(figures, officer_baghdad) -> None:
    client = signed_in(officer_baghdad)
    start = client.get(reverse("displacement:overview"))
    assert start.status_code == 200 and "Displacement in Baghdad" in start.content.decode()
    assert client.get(reverse("displacement:area", args=["IQ"])).status_code == 404
    assert client.get(reverse("displacement:area", args=["IQG01"])).status_code == 404
    anbar_figure = AreaFigure.objects.filter(area__pcode="IQG01").first()
    assert anbar_figure is not None
    anbar = Assessment.objects.create(
        reporting_date="2015-02-15",
        assessment_type="baseline",
        area=anbar_figure.area,
        place_key="A:X",
        group="idp",
        individuals=1,
        content_hash="x",
    )
    assert client.get(reverse("displacement:assessment", args=[anbar.pk])).status_code == 404
    exported = client.get(reverse("displacement:export"), {"format": "csv", "level": "1"}).content.decode()
    assert "IQG08" in exported and "IQG01" not in exported


def test_changes_between_two_dates(figures, imo) -> None:
    page = signed_in(imo).get(
        reverse("displacement:changes"), {"area": "IQG08", "from": "2015-01-15", "to": "2015-02-15"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Al-Karkh" in html and "+10" not in html
    assert "New displacement" in html


def test_flows_matrix_from_origin_breakdowns(figures, imo) -> None:
    page = signed_in(imo).get(reverse("displacement:flows"), {"date": "2015-01-15"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Al-Anbar" in html and "Ninewa" in html and "<rect" in html
    assert "50 displaced (families)" in html


def test_places_are_listed_with_a_severity_score(figures, imo) -> None:
    page = signed_in(imo).get(reverse("displacement:places"), {"date": "2015-01-15"})
    html = page.content.decode()
    assert page.status_code == 200 and "Hay al-Jihad" in html and "Abu Ghraib" in html
    assert "severity-" in html


def test_reading_a_key_informant_is_allowed_to_information_officers_and_audited(figures, imo, officer_baghdad) -> None:
    assessment = Assessment.objects.get(place_key="L:L-001", reporting_date="2015-01-15")
    url = reverse("displacement:assessment", args=[assessment.pk])
    officer_page = signed_in(officer_baghdad).get(url).content.decode()
    assert "Abu Ali" not in officer_page and "visible to information management officers" in officer_page
    assert not AuditEntry.objects.filter(action="view", object_type="displacement.assessment").exists()
    imo_page = signed_in(imo).get(url).content.decode()
    assert "Abu Ali" in imo_page and "07701234567" in imo_page and "Private dwelling" in imo_page
    entry = AuditEntry.objects.get(action="view", object_type="displacement.assessment")
    assert entry.actor == imo and "Abu Ali" not in entry.object_label


def test_a_replaced_figure_shows_its_history(figures, imo, write) -> None:
    figures_import(path=write("r13-fixed.csv", ROUND_2.replace(",42,230", ",44,240")))
    old = Assessment.objects.get(place_key="L:L-001", reporting_date="2015-02-15", is_current=False)
    html = signed_in(imo).get(reverse("displacement:assessment", args=[old.pk])).content.decode()
    assert "replaced by a later import" in html and "r13-fixed.csv" in html and "240" in html


def test_the_csv_export_carries_hxl_tags_and_imports_back_to_the_same_figures(figures, imo, tmp_path: Path) -> None:
    response = signed_in(imo).get(reverse("displacement:export"), {"format": "csv", "level": "2"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:3] == ["#date+reported", "#round+code", "#adm2+code"]
    assert "#affected+idps+ind" in rows[1] and "#affected+returnees+hh" in rows[1]
    before = dict(AreaFigure.objects.filter(level=2).values_list("area__pcode", "individuals"))
    Assessment.objects.all().delete()
    AreaFigure.objects.all().delete()
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    figures_import(path=tmp_path / "export.csv")
    assert dict(AreaFigure.objects.filter(level=2).values_list("area__pcode", "individuals")) == before
    assert AuditEntry.objects.filter(action="export", object_type="displacement.areafigure").exists()


def test_the_xlsx_and_dtm_json_exports(figures, imo) -> None:
    client = signed_in(imo)
    workbook = load_workbook(io.BytesIO(client.get(reverse("displacement:export"), {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "#adm1+code" and {row[2] for row in rows[2:]} == {"IQG01", "IQG08"}
    document = json.loads(client.get(reverse("displacement:export"), {"format": "json", "level": "1"}).content)
    baghdad = [
        r for r in document["result"] if r["admin1Pcode"] == "IRQ-G08" and r["reportingDate"].startswith("2015-02")
    ]
    assert baghdad[0]["numPresentIdpInd"] == 284 and baghdad[0]["admin0Pcode"] == "IRQ"


def test_an_upload_becomes_a_job_and_a_viewer_cannot_upload(governorates, imo, make_user) -> None:
    client = signed_in(imo)
    response = client.post(
        reverse("displacement:imports"), {"file": SimpleUploadedFile("ml.csv", ROUND_1.encode()), "group": "idp"}
    )
    job = Job.objects.get(kind="displacement.figures_import")
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    wrong = client.post(reverse("displacement:imports"), {"file": SimpleUploadedFile("ml.pdf", b"x"), "group": "idp"})
    assert "Choose a .json, .csv or .xlsx file." in wrong.content.decode()
    viewer = signed_in(make_user("nour", "viewer"))
    assert viewer.get(reverse("displacement:imports")).status_code == 200
    assert viewer.post(reverse("displacement:imports"), {"group": "idp"}).status_code == 403


def test_pages_need_a_sign_in(db) -> None:
    response = Client().get(reverse("displacement:overview"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_page_without_figures_says_so(governorates, imo) -> None:
    html = signed_in(imo).get(reverse("displacement:overview")).content.decode()
    assert "No figures are recorded for this area yet." in html


def test_a_person_scoped_to_two_governorates_can_switch_between_them(figures, make_user) -> None:
    caseworker = signed_in(make_user("hussein", "case_worker", ["IQG08", "IQG01"]))
    html = caseworker.get(reverse("displacement:overview")).content.decode()
    assert "Displacement in Al-Anbar" in html
    assert reverse("displacement:area", args=["IQG08"]) in html
    assert caseworker.get(reverse("displacement:area", args=["IQG08"])).status_code == 200
    assert caseworker.get(reverse("displacement:area", args=["IQ"])).status_code == 404


def test_with_cod_boundaries_loaded_the_map_is_a_choropleth(governorates, imo, shared_data: Path) -> None:
    from haven.geo.services import cod_load

    for level in (0, 1):
        cod_load(path=next((shared_data / "iraq-cod-ab").glob(f"irq_admbnda_adm{level}_*.geojson")))
    figures_import(path=shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json")
    html = signed_in(imo).get(reverse("displacement:overview"), {"date": "2024-04-30"}).content.decode()
    assert 'class="shade-5"' in html and html.count("<path") >= 19
    assert "Darker areas hold more people" in html
