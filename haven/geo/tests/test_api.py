from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from haven.geo.factories import LocationFactory
from haven.geo.models import Location
from haven.geo.selectors import area_get


@pytest.fixture
def api(districts: Any, make_user: Any) -> dict[str, Any]:
    officer = make_user("officer", areas=[area_get("IQG08")])
    client = APIClient()
    client.force_authenticate(officer)
    return {
        "client": client,
        "here": LocationFactory.create(area=area_get("IQG08"), name_en="Camp Here"),
        "there": LocationFactory.create(area=area_get("IQG01"), name_en="Camp There"),
    }


def test_areas_list_filters_and_retrieve_by_pcode(api: dict[str, Any]) -> None:
    client = api["client"]
    governorates = client.get("/api/geo/areas/", {"level": 1, "limit": 50}).json()
    assert governorates["count"] == 18
    children = client.get("/api/geo/areas/", {"parent": "IRQ-G01"}).json()
    assert children["count"] > 0 and all(a["parent"] == "IQG01" for a in children["results"])
    assert client.get("/api/geo/areas/", {"search": "anbar"}).json()["count"] >= 1
    assert client.get("/api/geo/areas/", {"level": "x"}).status_code == 400
    area = client.get("/api/geo/areas/iqg01/").json()
    assert (area["pcode"], area["name_ar"]) == ("IQG01", "الانبار")
    assert client.get("/api/geo/areas/NOPE/").status_code == 404


def test_resolve_endpoint(api: dict[str, Any]) -> None:
    client = api["client"]
    assert client.get("/api/geo/areas/resolve/", {"q": "الأنبار"}).json()["area"]["pcode"] == "IQG01"
    assert client.get("/api/geo/areas/resolve/", {"q": "IRQ-G02"}).json()["area"]["pcode"] == "IQG02"
    missing = client.get("/api/geo/areas/resolve/", {"q": "Atlantis"}).json()
    assert missing["area"] is None and missing["candidates"] == []
    assert client.get("/api/geo/areas/resolve/").status_code == 400


def test_locations_are_scoped_and_out_of_scope_is_404(api: dict[str, Any]) -> None:
    client, here, there = api["client"], api["here"], api["there"]
    listing = client.get("/api/geo/locations/").json()
    assert [item["id"] for item in listing["results"]] == [here.pk]
    assert client.get(f"/api/geo/locations/{here.pk}/").json()["area"] == "IQG08"
    assert client.get(f"/api/geo/locations/{there.pk}/").status_code == 404
    assert client.patch(f"/api/geo/locations/{there.pk}/", {"name_en": "x"}, format="json").status_code == 404
    assert Location.objects.get(pk=there.pk).name_en == "Camp There"


def test_location_create_and_update_through_services(api: dict[str, Any]) -> None:
    client = api["client"]
    body = {"code": "BGD-77", "name_en": "New Camp", "type": "camp", "area": "IRQ-G08", "latitude": 33.3,
            "longitude": 44.4}  # fmt: skip
    created = client.post("/api/geo/locations/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["area"] == "IQG08"
    pk = created.json()["id"]
    updated = client.patch(f"/api/geo/locations/{pk}/", {"name_en": "Renamed"}, format="json")
    assert updated.status_code == 200 and updated.json()["name_en"] == "Renamed"
    bad = client.post("/api/geo/locations/", {**body, "code": "B2", "area": "ZZ", "type": "castle"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) >= {"area", "type"}
    duplicate = client.post("/api/geo/locations/", body, format="json")
    assert duplicate.status_code == 400 and "already used" in duplicate.json()["detail"]
    outside = client.post("/api/geo/locations/", {**body, "code": "ANB-1", "area": "IQG01"}, format="json")
    assert outside.status_code == 403
    assert not Location.objects.filter(code="ANB-1").exists()


def test_schema_generates(api: dict[str, Any]) -> None:
    response = api["client"].get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/geo/areas/resolve/" in response.content
