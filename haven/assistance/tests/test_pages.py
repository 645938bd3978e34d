"""The assistance pages end to end with Django's client: plan, list, deliver, refuse twice, report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from haven.assistance.models import Delivery, Distribution, Programme
from haven.assistance.services.offline import POSITION
from haven.assistance.tasks import distribution_list_task
from haven.population.factories import household_make, member_make

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_plans_lists_and_serves_a_distribution_through_the_pages(manager: Any) -> None:
    household_make(members=[member_make("Ali", national_id="199912345678")])
    household_make(population_group="host_community")
    client = _client(manager)
    response = client.post(reverse("assistance:programme-create"), {
        "code": "eda-08", "name": "Emergency food", "organisation": "IOM Iraq", "modality": "in_kind",
        "item": "food", "unit_value": "45", "currency": "usd", "quantity_per_household": "1", "area": "Iraq",
        "starts_on": "2008-01-01",
    })  # fmt: skip
    programme = Programme.objects.get(code="EDA-08")
    assert response.status_code == 302 and response["Location"].endswith(f"/programmes/{programme.pk}/targeting/")

    targeting = reverse("assistance:programme-targeting", args=[programme.pk])
    preview = client.post(targeting, {"population_groups": ["idp"], "host_share": "50", "action": "preview"})
    assert b"Households this rule selects today" in preview.content
    assert [row[2:4] for row in preview.context["preview"].rows] == [("host_community", 1), ("idp", 1)]
    programme.refresh_from_db()
    assert programme.targeting["population_groups"] == []
    saved = client.post(targeting, {"population_groups": ["idp"], "host_share": "50", "action": "save"})
    assert saved.status_code == 302
    programme.refresh_from_db()
    assert programme.targeting["host_share"] == 50

    planned = client.post(reverse("assistance:distribution-create", args=[programme.pk]), {
        "area": "IQG08", "place": "Sadr City", "planned_on": "2008-06-01", "team": "Team 1", "round": "1",
    })  # fmt: skip
    distribution = Distribution.objects.get()
    assert planned.status_code == 302
    client.post(reverse("assistance:distribution-list", args=[distribution.pk]))
    distribution.refresh_from_db()
    assert distribution.list_job is not None
    distribution_list_task.call(job_id=str(distribution.list_job.pk), distribution_id=distribution.pk)
    page = client.get(reverse("assistance:distribution-detail", args=[distribution.pk]))
    assert page.context["page"].paginator.count == 2

    entitlement = distribution.entitlements.get(population_group="idp")
    deliver = reverse("assistance:entitlement-deliver", args=[entitlement.pk])
    form = {
        "identified_by": "document",
        "document_number": "1999-1234-5678",
        "quantity": "1",
        "delivered_on": "2008-06-01",
    }
    assert client.post(deliver, form).status_code == 302
    again = client.post(deliver, form)
    assert again.status_code == 200 and "already received this entitlement" in again.content.decode()
    assert Delivery.objects.count() == 1

    report = client.get(reverse("assistance:report"), {"by": "programme"})
    assert [(row.key, row.families) for row in report.context["reached"]] == [("EDA-08", 1)]
    balance = {(row.area, row.population_group): row for row in report.context["balance"]}
    assert balance["IQG08", "idp"].assisted_households == 1 and b'id="balance"' in report.content
    three_w = client.get(reverse("assistance:report-export", args=["3w"]))
    lines = three_w.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("#org+impl,#sector")


def test_the_offline_list_is_downloaded_and_uploaded_in_the_page(manager: Any) -> None:
    household_make()
    from haven.assistance.factories import distribution_make, programme_make

    distribution = distribution_make(programme_make())
    client = _client(manager)
    download = client.get(reverse("assistance:distribution-download", args=[distribution.pk]))
    workbook = load_workbook(io.BytesIO(download.content))
    workbook.worksheets[0].cell(row=2, column=POSITION["delivered"] + 1, value="yes")
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "filled.xlsx"
    response = client.post(
        reverse("assistance:distribution-upload", args=[distribution.pk]), {"file": out}, follow=True
    )
    assert "1 deliveries recorded from filled.xlsx" in response.content.decode()


def test_a_viewer_reads_the_report_but_cannot_create_programmes(make_user: Any) -> None:
    viewer = make_user("nour", "viewer", ["IQ"])
    client = _client(viewer)
    assert client.get(reverse("assistance:report")).status_code == 200
    assert client.get(reverse("assistance:programme-create")).status_code == 403
