from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.models import Job, JobStatus
from haven.geo.selectors import area_get
from haven.projects import services
from haven.projects.models import Project


@pytest.fixture
def scene(make_user: Any) -> dict[str, Any]:
    manager = make_user("layla", "programme_manager", ["IQ"])
    baghdad, anbar = area_get("IQG08"), area_get("IQG01")
    assert baghdad and anbar
    here = services.project_create(
        created_by=manager, code="CAP-B1", title="Clinic in Baghdad", sector="health", area=baghdad,
        budget_usd=Decimal(120000), counterpart="Ministry of Health",
    )  # fmt: skip
    there = services.project_create(
        created_by=manager, code="CAP-A1", title="Wells in Anbar", sector="wash", area=anbar, budget_usd=Decimal(80000)
    )
    client = Client()
    client.force_login(manager)
    return {"manager": manager, "client": client, "here": here, "there": there}


def test_project_pages_require_sign_in(db: Any) -> None:
    assert Client().get(reverse("projects:board")).status_code == 302


def test_the_board_shows_each_stage_with_its_projects(scene: dict[str, Any]) -> None:
    response = scene["client"].get(reverse("projects:board"))
    assert response.status_code == 200
    html = response.content.decode()
    for stage in ("Identified", "Assessed", "Approved", "Implementing", "Completed", "Cancelled"):
        assert stage in html
    assert "CAP-B1" in html and "CAP-A1" in html


def test_the_board_narrows_by_every_filter_of_the_list(scene: dict[str, Any]) -> None:
    client = scene["client"]
    implementing = client.get(reverse("projects:board"), {"stage": "implementing"}).content.decode()
    assert 'id="col-implementing"' in implementing and 'id="col-identified"' not in implementing
    assert "CAP-B1" not in implementing and "CAP-A1" not in implementing
    identified = client.get(reverse("projects:board"), {"stage": "identified", "search": "wells"}).content.decode()
    assert "CAP-A1" in identified and "CAP-B1" not in identified
    by_partner = client.get(reverse("projects:board"), {"partner": "nobody"}).content.decode()
    assert "CAP-A1" not in by_partner and "CAP-B1" not in by_partner


def test_a_field_officer_sees_only_projects_in_their_governorate(scene: dict[str, Any], make_user: Any) -> None:
    officer = make_user("zainab", "field_officer", ["IQG08"])
    client = Client()
    client.force_login(officer)
    listing = client.get(reverse("projects:project-list")).content.decode()
    assert "CAP-B1" in listing and "CAP-A1" not in listing
    assert client.get(reverse("projects:project-detail", args=["CAP-A1"])).status_code == 404
    assert client.post(reverse("projects:project-create"), {}).status_code == 403


def test_list_filters_by_sector_and_area(scene: dict[str, Any]) -> None:
    client = scene["client"]
    wash = client.get(reverse("projects:project-list"), {"sector": "wash"}).content.decode()
    assert "CAP-A1" in wash and "CAP-B1" not in wash
    baghdad = client.get(reverse("projects:project-list"), {"area": "Baghdad"}).content.decode()
    assert "CAP-B1" in baghdad and "CAP-A1" not in baghdad


def test_a_manager_records_the_next_step_on_the_project_page(scene: dict[str, Any]) -> None:
    client = scene["client"]
    url = reverse("projects:project-advance", args=["CAP-B1"])
    response = client.post(url, {"stage": "assessed", "on": "2030-01-01", "note": "Site visit"}, follow=True)
    assert response.status_code == 200
    assert Project.objects.get(code="CAP-B1").stage == "assessed"
    refused = client.post(url, {"stage": "completed", "on": "2030-01-02"}, follow=True)
    assert "cannot move to completed" in refused.content.decode()
    page = client.get(reverse("projects:project-detail", args=["CAP-B1"])).content.decode()
    assert "Site visit" in page and "Ministry of Health" in page


def test_figures_form_saves_spending_and_people_reached(scene: dict[str, Any]) -> None:
    client = scene["client"]
    client.post(
        reverse("projects:project-figures", args=["CAP-B1"]),
        {"spent_usd": "30000", "targeted_idp": "500", "reached_idp": "120"},
    )
    project = Project.objects.get(code="CAP-B1")
    assert project.spent_usd == Decimal(30000) and project.beneficiaries.get(population_group="idp").reached == 120


def test_map_counts_projects_by_governorate(scene: dict[str, Any]) -> None:
    html = scene["client"].get(reverse("projects:map")).content.decode()
    assert "<svg" in html and "Baghdad" in html and "Al-Anbar" in html


def test_3w_export_is_an_hxl_csv_and_import_page_reports_problems(scene: dict[str, Any]) -> None:
    client = scene["client"]
    response = client.get(reverse("projects:3w-export"))
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[1].startswith("#activity+code,#activity+name,#org+name") and "#adm1+code" in lines[1]
    assert any(line.startswith("CAP-B1,Clinic in Baghdad") for line in lines)


def test_a_3w_upload_becomes_a_job_that_reports_problems_or_what_it_imported(
    scene: dict[str, Any], upload_as_job: Callable[..., Job]
) -> None:
    client = scene["client"]

    def upload(content: bytes) -> Job:
        url = reverse("projects:3w-import")
        return upload_as_job(client, url, kind="projects.whowhatwhere_import", name="3w.csv", content=content)

    refused = upload(b"no,tags\n1,2\n")
    assert refused.status == JobStatus.FAILED and "no row of HXL hashtags" in refused.error
    exported = client.get(reverse("projects:3w-export")).content
    imported = upload(exported.replace(b"Clinic in Baghdad", b"Clinic in Karkh"))
    assert imported.status == JobStatus.SUCCEEDED
    assert imported.result["summary"] == "0 projects created, 1 updated, 1 unchanged."
    assert Project.objects.get(code="CAP-B1").title == "Clinic in Karkh"
    page = client.get(reverse("projects:3w-import")).content.decode()
    assert "Your recent 3W imports" in page and "1 updated" in page


def test_projects_api_lists_projects_in_scope(scene: dict[str, Any]) -> None:
    data = scene["client"].get("/api/projects/projects/", {"sector": "health"}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [row["code"] for row in rows] == ["CAP-B1"] and rows[0]["stage_changes"][0]["stage"] == "identified"
