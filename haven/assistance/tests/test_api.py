"""`/api/assistance/`: lists, delivery with 409 for a second one, preview and balance."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from haven.assistance.factories import distribution_make, programme_make
from haven.assistance.models import DeliveryRefusal
from haven.population.factories import household_make

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_delivery_through_the_api_and_a_second_attempt_answered_409(manager: Any) -> None:
    household = household_make()
    distribution = distribution_make(programme_make())
    client = _client(manager)
    listed = client.get(f"/api/assistance/distributions/{distribution.pk}/entitlements/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["registration_number"] for row in rows] == [household.registration_number]
    url = f"/api/assistance/entitlements/{rows[0]['id']}/deliver/"
    body = {"registration_number": household.registration_number, "delivered_on": "2008-06-01"}
    first = client.post(url, body, format="json")
    assert first.status_code == 201, first.content
    second = client.post(url, body, format="json")
    assert second.status_code == 409 and "already received" in second.json()["detail"]
    assert DeliveryRefusal.objects.get().source == "api"


def test_a_receipt_for_another_household_is_a_400(manager: Any) -> None:
    household_make()
    distribution = distribution_make(programme_make())
    entitlement = distribution.entitlements.get()
    response = _client(manager).post(
        f"/api/assistance/entitlements/{entitlement.pk}/deliver/",
        {"registration_number": "HH-IQG08-999999"},
        format="json",
    )
    assert response.status_code == 400


def test_preview_and_balance(manager: Any) -> None:
    household_make()
    programme = programme_make()
    client = _client(manager)
    preview = client.post(
        f"/api/assistance/programmes/{programme.pk}/preview/", {"population_groups": ["idp"]}, format="json"
    )
    assert preview.json()["households"] == 1
    wrong = client.post(f"/api/assistance/programmes/{programme.pk}/preview/", {"min_size": "many"}, format="json")
    assert wrong.status_code == 400 and "min_size" in wrong.json()
    balance = client.get("/api/assistance/balance/", {"area": "IQG08"})
    assert balance.status_code == 200 and balance.json()[0]["group"] == "idp"


def test_an_officer_cannot_serve_a_household_outside_their_areas(make_user: Any, manager: Any) -> None:
    household_make("IQG01")
    distribution = distribution_make(programme_make(), pcode="IQG01")
    officer = make_user("zainab", "field_officer", ["IQG08"])
    entitlement = distribution.entitlements.get()
    response = _client(officer).post(f"/api/assistance/entitlements/{entitlement.pk}/deliver/", {}, format="json")
    assert response.status_code == 404
