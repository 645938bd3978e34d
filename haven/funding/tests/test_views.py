from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.models import Job, JobStatus
from haven.funding import selectors, services
from haven.funding.models import Contribution


@pytest.fixture
def scene(make_user: Any) -> dict[str, Any]:
    manager = make_user("layla", "programme_manager")
    viewer = make_user("nour", "viewer")
    appeal = services.seed_appeal_load().appeal
    clients = {}
    for user in (manager, viewer):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    return {"appeal": appeal, "manager": clients["layla"], "viewer": clients["nour"]}


def test_appeal_overview_shows_the_seed_figures_exactly_with_a_chart(scene: dict[str, Any]) -> None:
    html = scene["viewer"].get(reverse("funding:appeal-detail", args=["IOM-IRQ-2009"])).content.decode()
    assert "61,196,920" in html and "28,500,000" in html and "1,728,920" in html
    assert "<svg" in html and "Technical Cooperation on Migration Management and Capacity Building" in html
    assert "Record a contribution" not in html


def test_a_manager_records_a_contribution_and_coverage_follows(scene: dict[str, Any]) -> None:
    client = scene["manager"]
    response = client.post(
        reverse("funding:contribution-add", args=["IOM-IRQ-2009"]),
        {
            "donor": "Donor A",
            "appeal_project": "IRQ-2009-06",
            "status": "commitment",
            "date": "2009-05-01",
            "amount_original": "1060000",
            "currency": "USD",
        },
        follow=True,
    )
    assert "Contribution recorded" in response.content.decode()
    area = selectors.appeal_coverage(scene["appeal"]).areas[2]
    assert (area.funding_usd, area.coverage_pct) == (Decimal(1_060_000), 50)
    contribution = Contribution.objects.get()
    client.post(
        reverse("funding:contribution-advance", args=[contribution.pk]),
        {"status": "paid", "next": reverse("funding:donor-list")},
    )
    contribution.refresh_from_db()
    assert contribution.status == "paid"
    donors = client.get(reverse("funding:donor-list")).content.decode()
    assert "Donor A" in donors and "1,060,000" in donors


def test_viewers_cannot_record_contributions(scene: dict[str, Any]) -> None:
    url = reverse("funding:contribution-add", args=["IOM-IRQ-2009"])
    assert scene["viewer"].post(url, {}).status_code == 403


def test_appeal_project_page_links_community_assistance_projects(scene: dict[str, Any], make_user: Any) -> None:
    from haven.geo.selectors import area_get
    from haven.projects import services as project_services

    area = area_get("IQG08")
    assert area is not None
    project_services.project_create(created_by=None, code="CAP-1", title="Clinic", sector="health", area=area)
    client = scene["manager"]
    url = reverse("funding:appeal-project-link", args=["IRQ-2009-04"])
    refused = client.post(url, {"codes": "CAP-1, CAP-404"}, follow=True).content.decode()
    assert "CAP-404" in refused
    client.post(url, {"codes": "CAP-1"})
    page = client.get(reverse("funding:appeal-project-detail", args=["IRQ-2009-04"])).content.decode()
    assert "CAP-1" in page and "6,678,000" in page


def test_summary_csv_and_iati_downloads(scene: dict[str, Any]) -> None:
    client = scene["manager"]
    summary = client.get(reverse("funding:summary-export")).content.decode("utf-8-sig").splitlines()
    assert summary[0] == "appeal,programme_area,requirements_usd,funding_usd,coverage_pct"
    assert summary[2] == "IOM-IRQ-2009,Migration Health,8406920,0,0"
    xml = client.get(reverse("funding:iati-export", args=["IOM-IRQ-2009"]))
    assert xml["Content-Type"] == "application/xml" and xml.content.count(b"<iati-activity ") == 12
    assert scene["viewer"].get(reverse("funding:summary-export")).status_code == 403


@pytest.fixture
def upload_run(upload_as_job: Callable[..., Job]) -> Callable[[Client, str, bytes], Job]:
    """Upload an FTS file through the page and run its job."""

    def upload(client: Client, name: str, content: bytes) -> Job:
        return upload_as_job(
            client, reverse("funding:fts-import"), kind="funding.fts_import", name=name, content=content
        )

    return upload


def test_fts_upload_becomes_a_job_that_imports_and_explains_shared_flows(
    scene: dict[str, Any], shared_data: Path, upload_run: Callable[[Client, str, bytes], Job]
) -> None:
    client = scene["manager"]
    for name in ("fts_requirements_funding_jor.csv", "fts_incoming_funding_jor.csv"):
        job = upload_run(client, name, (shared_data / "fts" / name).read_bytes())
        assert job.status == JobStatus.SUCCEEDED and " new," in job.result["summary"]
    page = client.get(reverse("funding:fts-import")).content.decode()
    assert "Your recent FTS imports" in page and "flows: " in page
    regional = client.get(reverse("funding:appeal-detail", args=["RSYR20"])).content.decode()
    assert "shared between this plan and other plans or countries" in regional
    assert "597,249,843" in regional and "1,475,421,996" in regional
    covid = client.get(reverse("funding:appeal-detail", args=["OJOR20"])).content.decode()
    assert "18,604,280" in covid and "35%" in covid and "the same" in covid


def test_an_fts_upload_that_is_not_utf8_fails_its_job_with_the_reason_and_changes_nothing(
    scene: dict[str, Any], upload_run: Callable[[Client, str, bytes], Job]
) -> None:
    appeals = selectors.appeals_list().count()
    job = upload_run(scene["manager"], "flows.csv", "Plan,Montant\nPlan régional,12\n".encode("cp1252"))
    assert job.status == JobStatus.FAILED and "flows.csv is not UTF-8 text" in job.error
    assert selectors.appeals_list().count() == appeals
    assert scene["viewer"].post(reverse("funding:fts-import"), {}).status_code == 403


def test_appeals_api_gives_coverage_by_programme_area(scene: dict[str, Any]) -> None:
    data = scene["viewer"].get("/api/funding/appeals/IOM-IRQ-2009/coverage/").json()
    assert Decimal(data["total"]["requirements_usd"]) == Decimal(61_196_920)
    assert [area["name"] for area in data["areas"]][:2] == [
        "Emergency and Post-crisis Migration Management",
        "Migration Health",
    ]


def test_the_overview_page_shows_project_and_appeal_panels(scene: dict[str, Any]) -> None:
    html = scene["viewer"].get(reverse("core:home")).content.decode()
    assert "Community assistance projects in your areas" in html
    assert "Appeal coverage" in html and "IOM-IRQ-2009, % funded" in html


def test_appeal_and_board_pages_render_right_to_left_in_arabic(scene: dict[str, Any]) -> None:
    client = scene["manager"]
    client.cookies["django_language"] = "ar"
    for url in (reverse("funding:appeal-detail", args=["IOM-IRQ-2009"]), reverse("projects:board")):
        page = client.get(url)
        assert page.status_code == 200
        assert 'dir="rtl"' in page.content.decode()
