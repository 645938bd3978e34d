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
    # Records that change only by import (displacement figures): no page or API writes them, so a
    # change is refused before scope is even looked at (405) and there is nothing to move.
    read_only: bool = False


def _location(pcode: str, label: str) -> Model:
    from haven.geo.selectors import area_get

    return LocationFactory.create(code=f"{pcode}-{label}", name_en=label, area=area_get(pcode))


def _location_unchanged(record: Model) -> bool:
    fresh = type(record)._default_manager.get(pk=record.pk)
    return bool(fresh.name_en == record.name_en and fresh.is_active)  # type: ignore[attr-defined]


def _household(pcode: str, label: str) -> Model:
    from haven.population.factories import household_make, member_make

    return household_make(pcode, members=[member_make(label)], population_group="host_community")


def _member(pcode: str, label: str) -> Model:
    from haven.population.factories import household_make, member_make

    household = household_make(pcode, members=[member_make("Ali"), member_make(label, "son")],
                               population_group="host_community")  # fmt: skip
    return household.members.get(relationship="son")


def _distribution(pcode: str, label: str) -> Model:
    """A programme and its distribution in one governorate, named by the label, its one household served."""
    from datetime import date

    from haven.assistance.factories import distribution_make, programme_make
    from haven.assistance.services import Receipt, deliveries_record_many
    from haven.population.factories import household_make, member_make

    household_make(pcode, members=[member_make("Ali")])
    distribution = distribution_make(programme_make(pcode=pcode, name=label, code=label), pcode=pcode, name=label)
    receipts = [
        (entitlement.pk, Receipt(delivered_on=date(2008, 6, 1))) for entitlement in distribution.entitlements.all()
    ]
    deliveries_record_many(distribution=distribution, receipts=receipts, recorded_by=None)
    return distribution


def _distribution_unchanged(record: Model) -> bool:
    return bool(record.deliveries.count() == 1)  # type: ignore[attr-defined]


def _delivery_form(distribution: Any) -> tuple[str, dict[str, Any]]:
    entitlement = distribution.entitlements.get()
    data = {"identified_by": "registration_number", "quantity": "1", "delivered_on": "2008-06-02"}
    return reverse("assistance:entitlement-deliver", args=[entitlement.pk]), data


def _household_unchanged(record: Model) -> bool:
    fresh = type(record)._default_manager.get(pk=record.pk)
    return bool(fresh.area_id == record.area_id and fresh.shelter == record.shelter and fresh.size == record.size)  # type: ignore[attr-defined]


def _member_unchanged(record: Model) -> bool:
    fresh = type(record)._default_manager.get(pk=record.pk)
    return bool(fresh.given_name == record.given_name and fresh.status == record.status)  # type: ignore[attr-defined]


def _household_form(household: Any, label: str) -> dict[str, Any]:
    """The edit form as the page posts it, valid but for what a test changes."""
    members = list(household.members.order_by("id"))
    data: dict[str, Any] = {
        "population_group": household.population_group, "area": household.area.pcode, "shelter": "camp",
        "consent_given": "on", "consent_scope": "assistance", "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(len(members)), "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "40",
    }  # fmt: skip
    for index, member in enumerate(members):
        data.update({
            f"members-{index}-id": str(member.pk), f"members-{index}-relationship": member.relationship,
            f"members-{index}-given_name": "Renamed" if member.given_name == label else member.given_name,
            f"members-{index}-sex": member.sex, f"members-{index}-status": member.status,
        })  # fmt: skip
    return data


def _assessment(pcode: str, label: str) -> Model:
    """Figures of a district named `label`, imported from a master list as a DTM team would."""
    import tempfile
    from pathlib import Path

    from haven.displacement.models import Assessment
    from haven.displacement.services import figures_import
    from haven.geo.factories import AreaFactory
    from haven.geo.selectors import area_get

    district = AreaFactory.create(pcode=f"{pcode}Z99", name_en=label, parent=area_get(pcode))
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / f"{label}.csv"
        sheet.write_text(
            "Governorate,District,Date,Round,Families,Individuals,Key informant name\n"
            f"{pcode},{district.pcode},2008-12-01,1,10,60,{label} informant\n",
            encoding="utf-8",
        )
        figures_import(path=sheet)
    return Assessment.objects.get(area=district, is_current=True)


def _assessment_unchanged(record: Model) -> bool:
    fresh = type(record)._default_manager.get(pk=record.pk)
    return bool(fresh.individuals == 60 and fresh.is_current)  # type: ignore[attr-defined]


def _exports(name: str, narrowed: str) -> list[str]:
    return [reverse(name), reverse(name) + narrowed]


def _registry_lists(label: str) -> list[str]:
    return [
        reverse("population:household-list"),
        reverse("population:household-list") + f"?q={label[:6]}",
        reverse("core:home"),
    ]


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
    ScopedRecord(
        kind="household",
        make=_household,
        list_pages=lambda r: _registry_lists("TheirsInAnbar"),
        record_pages=lambda r: [
            reverse(f"population:household-{page}", args=[r.registration_number])  # type: ignore[attr-defined]
            for page in ("detail", "edit", "situation")
        ],
        export_urls=lambda r: [
            reverse("population:household-export"),
            reverse("population:household-export") + "?area=IQG01",
        ],
        api_list="/api/population/households/",
        api_record=lambda r: f"/api/population/households/{r.registration_number}/",  # type: ignore[attr-defined]
        page_change=lambda r: (
            reverse("population:household-edit", args=[r.registration_number]),  # type: ignore[attr-defined]
            _household_form(r, ""),
        ),
        api_change={"shelter": "camp"},
        unchanged=_household_unchanged,
    ),
    ScopedRecord(
        kind="individual",
        make=_member,
        list_pages=lambda r: [
            reverse("population:individual-list") + "?q=MineIn",
            reverse("population:individual-list") + "?q=Theirs",
            reverse("population:household-list") + "?q=Theirs",
        ],
        record_pages=lambda r: [
            reverse(f"population:household-{page}", args=[r.household.registration_number])  # type: ignore[attr-defined]
            for page in ("detail", "edit")
        ],
        export_urls=lambda r: [
            reverse("population:individual-export"),
            reverse("population:individual-export") + "?q=Theirs",
        ],
        # Households list their heads; a member shows in the record of the household (mine is made first).
        api_list="/api/population/households/HH-IQG08-000001/",
        api_record=lambda r: f"/api/population/households/{r.household.registration_number}/",  # type: ignore[attr-defined]
        page_change=lambda r: (
            reverse("population:household-edit", args=[r.household.registration_number]),  # type: ignore[attr-defined]
            _household_form(r.household, r.given_name),  # type: ignore[attr-defined]
        ),
        api_change={"members": [{"given_name": "Renamed"}]},
        unchanged=_member_unchanged,
    ),
    ScopedRecord(
        kind="distribution",
        make=_distribution,
        list_pages=lambda r: [
            reverse("assistance:programme-list"),
            reverse("assistance:report") + "?by=programme",
            reverse("core:home"),
        ],
        record_pages=lambda r: [
            reverse("assistance:distribution-detail", args=[r.pk]),
            reverse("assistance:programme-detail", args=[r.programme_id]),  # type: ignore[attr-defined]
            reverse("assistance:distribution-download", args=[r.pk]),
        ],
        export_urls=lambda r: [
            reverse("assistance:report-export", args=["3w"]),
            reverse("assistance:report-export", args=["reached"]) + "?by=programme",
        ],
        api_list="/api/assistance/distributions/",
        api_record=lambda r: f"/api/assistance/entitlements/{r.entitlements.get().pk}/",  # type: ignore[attr-defined]
        page_change=_delivery_form,
        api_change={"quantity": "2"},
        unchanged=_distribution_unchanged,
    ),
    ScopedRecord(
        kind="assessment",
        make=_assessment,
        list_pages=lambda r: [
            reverse("displacement:overview"),
            reverse("displacement:overview") + "?date=2008-12-01",
            reverse("displacement:places") + "?date=2008-12-01",
            reverse("displacement:changes") + "?from=2008-01-01&to=2008-12-01",
            reverse("displacement:flows") + "?date=2008-12-01",
        ],
        record_pages=lambda r: [
            reverse("displacement:assessment", args=[r.pk]),
            reverse("displacement:area", args=[r.area.pcode]),  # type: ignore[attr-defined]
        ],
        export_urls=lambda r: [
            reverse("displacement:export") + "?level=2",
            reverse("displacement:export") + "?level=2&format=json",
            reverse("displacement:export") + "?level=2&format=xlsx",
        ],
        api_list="/api/displacement/assessments/",
        api_record=lambda r: f"/api/displacement/assessments/{r.pk}/",
        page_change=lambda r: (reverse("displacement:assessment", args=[r.pk]), {"individuals": "0"}),
        api_change={"individuals": 0},
        unchanged=_assessment_unchanged,
        read_only=True,
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
    assert page_client(officer).post(url, data).status_code in ({404, 405} if row.read_only else {404})
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
    refused = {404, 405} if row.read_only else {404}
    assert client.patch(row.api_record(theirs), row.api_change, format="json").status_code in refused
    assert client.put(row.api_record(theirs), row.api_change, format="json").status_code in {404, 405}
    assert client.delete(row.api_record(theirs)).status_code in {404, 405}
    assert row.unchanged(theirs)


def test_moving_a_record_into_another_governorate_is_refused(pair, officer) -> None:
    row, mine, _theirs = pair
    if row.read_only:
        pytest.skip(f"{row.kind} records change only by import; there is nothing to move")
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
