"""The area-scope matrix: a field officer of one governorate can neither see, list, export nor
change a record of another, through any page or endpoint.

Each kind of scoped record is one `ScopedRecord` row; every channel below runs against every row.
A module that adds records (households, cases, distributions…) adds its row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from haven.core.factories import UserFactory
from haven.geo.factories import LocationFactory
from haven.geo.services import governorates_load_builtin

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class ScopedRecord:
    kind: str
    make: Callable[[str, str], Model]  # (area P-code, distinctive label) -> record
    list_pages: Callable[[Model], list[str]]  # pages listing or searching records
    record_pages: Callable[[Model], list[str]]  # pages about one record (detail, edit…)
    export_urls: Callable[[Model], list[str]]
    api_list: str
    api_record: Callable[[Model], str]
    page_change: Callable[[Model], tuple[str, dict[str, Any]]]  # (url, form data) of a change
    api_change: dict[str, Any]  # PATCH body
    unchanged: Callable[[Model], bool]  # the record is as made


def _location(pcode: str, label: str) -> Model:
    from haven.geo.selectors import area_get

    return LocationFactory.create(code=f"{pcode}-{label}", name_en=label, area=area_get(pcode))


def _location_unchanged(record: Model) -> bool:
    fresh = type(record)._default_manager.get(pk=record.pk)
    return bool(fresh.name_en == record.name_en and fresh.is_active)  # type: ignore[attr-defined]


RECORDS = [
    ScopedRecord(
        kind="location",
        make=_location,
        list_pages=lambda r: [
            reverse("geo:location-list"),
            # A part of the name: the page echoes the search term, not the record.
            reverse("geo:location-list") + "?search=Theirs",
            reverse("geo:area-detail", args=[r.area.pcode]),  # type: ignore[attr-defined]
            reverse("core:home"),
        ],
        record_pages=lambda r: [
            reverse("geo:location-detail", args=[r.pk]),
            reverse("geo:location-edit", args=[r.pk]),
        ],
        export_urls=lambda r: [reverse("geo:location-export"), reverse("geo:location-export") + "?area=IQG01"],
        api_list="/api/geo/locations/",
        api_record=lambda r: f"/api/geo/locations/{r.pk}/",
        page_change=lambda r: (
            reverse("geo:location-edit", args=[r.pk]),
            {"code": r.code, "name_en": "Renamed", "type": "camp", "area": "IQG08"},  # type: ignore[attr-defined]
        ),
        api_change={"name_en": "Renamed"},
        unchanged=_location_unchanged,
    ),
]


@pytest.fixture
def officer() -> Any:
    governorates_load_builtin()
    from haven.geo.selectors import area_get

    return UserFactory.create(username="field.baghdad", role="field_officer", areas=[area_get("IQG08")])


@pytest.fixture(params=RECORDS, ids=lambda record: record.kind)
def pair(request: pytest.FixtureRequest, officer: Any) -> tuple[ScopedRecord, Model, Model]:
    """The row, a record in the officer's governorate (Baghdad) and one in another (Al-Anbar)."""
    row: ScopedRecord = request.param
    return row, row.make("IQG08", "MineInBaghdad"), row.make("IQG01", "TheirsInAnbar")


def page_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_pages_show_only_records_inside_the_scope(pair, officer) -> None:
    row, mine, theirs = pair
    client = page_client(officer)
    for url in row.list_pages(theirs):
        content = client.get(url).content.decode()
        assert "TheirsInAnbar" not in content, url
    assert "MineInBaghdad" in client.get(row.list_pages(mine)[0]).content.decode()


def test_pages_about_a_record_outside_the_scope_are_not_found(pair, officer) -> None:
    row, mine, theirs = pair
    client = page_client(officer)
    for url in row.record_pages(theirs):
        assert client.get(url).status_code == 404, url
    for url in row.record_pages(mine):
        assert client.get(url).status_code == 200, url


def test_exports_leave_out_records_outside_the_scope(pair, officer) -> None:
    row, _mine, theirs = pair
    client = page_client(officer)
    for url in row.export_urls(theirs):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        assert response.status_code == 200, url
        assert b"TheirsInAnbar" not in body, url
    assert b"MineInBaghdad" in client.get(row.export_urls(theirs)[0]).content


def test_changing_a_record_outside_the_scope_through_a_page_is_refused(pair, officer) -> None:
    row, _mine, theirs = pair
    url, data = row.page_change(theirs)
    assert page_client(officer).post(url, data).status_code == 404
    assert row.unchanged(theirs)


def test_api_lists_only_records_inside_the_scope(pair, officer) -> None:
    row, _mine, _theirs = pair
    body = api_client(officer).get(row.api_list, {"limit": 1000}).content.decode()
    assert "MineInBaghdad" in body
    assert "TheirsInAnbar" not in body


def test_api_record_outside_the_scope_is_not_found_nor_changed(pair, officer) -> None:
    row, _mine, theirs = pair
    client = api_client(officer)
    assert client.get(row.api_record(theirs)).status_code == 404
    assert client.patch(row.api_record(theirs), row.api_change, format="json").status_code == 404
    assert client.put(row.api_record(theirs), row.api_change, format="json").status_code in {404, 405}
    assert client.delete(row.api_record(theirs)).status_code in {404, 405}
    assert row.unchanged(theirs)


def test_moving_a_record_into_another_governorate_is_refused(pair, officer) -> None:
    row, mine, _theirs = pair
    url, data = row.page_change(mine)
    data = {**data, "area": "IQG01"}
    response = page_client(officer).post(url, data)
    assert response.status_code in {200, 403}
    assert row.unchanged(mine)


def test_the_officer_of_the_other_governorate_sees_the_mirror_image(pair) -> None:
    row, mine, theirs = pair
    from haven.geo.selectors import area_get

    anbar_officer = UserFactory.create(username="field.anbar", role="field_officer", areas=[area_get("IQG01")])
    client = page_client(anbar_officer)
    for url in row.record_pages(mine):
        assert client.get(url).status_code == 404, url
    for url in row.record_pages(theirs):
        assert client.get(url).status_code == 200, url
