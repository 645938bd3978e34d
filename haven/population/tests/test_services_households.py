"""Registering households and changing their situation through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from haven.core.models import AuditEntry
from haven.core.services import ServiceError
from haven.geo.selectors import area_get
from haven.population.factories import household_make, member_make
from haven.population.models import HouseholdEvent, Individual
from haven.population.services import (
    HouseholdDetails,
    household_merge,
    household_register,
    household_split,
    household_update,
)

pytestmark = pytest.mark.django_db


def _area(pcode: str) -> Any:
    area = area_get(pcode)
    assert area is not None
    return area


def _details(pcode: str = "IQG08", **fields):
    fields.setdefault("population_group", "idp")
    fields.setdefault("origin_area", _area("IQG01"))
    fields.setdefault("consent_given", True)
    return HouseholdDetails(area=_area(pcode), **fields)


def test_registration_numbers_count_per_governorate(governorates) -> None:
    first = household_make("IQG08")
    second = household_make("IQG08")
    other = household_make("IQG01", population_group="host_community")
    assert first.registration_number == "HH-IQG08-000001"
    assert second.registration_number == "HH-IQG08-000002"
    assert other.registration_number == "HH-IQG01-000001"


def test_size_and_composition_follow_the_members(governorates) -> None:
    household = household_make(
        members=[
            member_make("Ali", birth_date=date(1970, 5, 1)),
            member_make("Zainab", "spouse", "F", birth_date=date(1975, 1, 1)),
            member_make("Hassan", "son", birth_date=timezone.localdate() - timedelta(days=365 * 3)),
        ]
    )
    assert household.size == 3
    assert household.males_18_59 == 1
    assert household.females_18_59 == 1
    assert household.males_0_4 == 1


def test_a_household_needs_exactly_one_head(governorates, imo) -> None:
    with pytest.raises(ServiceError, match="exactly one head"):
        household_register(registered_by=imo, details=_details(), members=[member_make(), member_make("Omar")])
    with pytest.raises(ServiceError, match="exactly one head"):
        household_register(registered_by=imo, details=_details(), members=[member_make("Omar", "son")])
    assert not Individual.objects.exists()


def test_displaced_households_need_an_origin(governorates, imo) -> None:
    with pytest.raises(ServiceError, match="origin"):
        household_register(registered_by=imo, details=_details(origin_area=None), members=[member_make()])


def test_future_dates_are_refused(governorates, imo) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ServiceError, match="future"):
        household_register(registered_by=imo, details=_details(displaced_on=tomorrow), members=[member_make()])


def test_a_household_without_consent_keeps_counts_and_no_names(governorates, imo) -> None:
    details = _details(consent_given=False, composition={"males_18_59": 2, "females_0_4": 1})
    household = household_register(registered_by=imo, details=details, members=[])
    assert household.size == 3
    assert not household.members.exists()
    with pytest.raises(ServiceError, match="counts only"):
        household_register(registered_by=imo, details=details, members=[member_make()])


def test_an_officer_registers_only_in_their_own_areas(governorates, officer_baghdad) -> None:
    with pytest.raises(PermissionDenied):
        household_register(registered_by=officer_baghdad, details=_details("IQG01"), members=[member_make()])
    household = household_register(registered_by=officer_baghdad, details=_details("IQG08"), members=[member_make()])
    assert household.created_by == officer_baghdad


def test_registration_is_audited_without_names(governorates) -> None:
    household = household_make(members=[member_make("Mustafa")])
    entry = AuditEntry.objects.get(object_type="population.household", object_id=str(household.pk))
    assert entry.action == "create"
    assert "Mustafa" not in str(entry.changes) + entry.object_label


def test_names_are_rendered_in_both_scripts_and_keyed(governorates) -> None:
    household = household_make(members=[member_make("محمد", father_name="علي", family_name="الجبوري")])
    person = household.members.get()
    assert person.name_ar == "محمد علي الجبوري"
    assert person.name_latin
    assert person.name_keys.startswith(" ") and person.name_keys.endswith(" ")


def test_a_return_is_an_event_not_an_overwrite(governorates, imo) -> None:
    household = household_make("IQG11", displaced_on=date(2006, 4, 1))
    details = _details("IQG01", population_group="returnee", returned_on=date(2008, 9, 1),
                       displaced_on=date(2006, 4, 1))  # fmt: skip
    household_update(household=household, updated_by=imo, details=details, occurred_on=date(2008, 9, 1))
    events = list(HouseholdEvent.objects.filter(household=household).order_by("id"))
    assert [e.kind for e in events] == ["registered", "returned"]
    assert events[0].population_group == "idp" and events[0].area.pcode == "IQG11"
    assert events[1].previous_group == "idp" and events[1].previous_area.pcode == "IQG11"  # type: ignore[union-attr]
    assert events[1].area.pcode == "IQG01" and events[1].occurred_on == date(2008, 9, 1)


def test_an_officer_cannot_move_a_household_out_of_their_areas(governorates, officer_baghdad) -> None:
    household = household_make("IQG08")
    with pytest.raises(PermissionDenied):
        household_update(household=household, updated_by=officer_baghdad, details=_details("IQG01"))
    household.refresh_from_db()
    assert household.area.pcode == "IQG08"


def test_members_are_updated_added_and_withdrawn_in_place(governorates, imo) -> None:
    household = household_make(members=[member_make("Ali"), member_make("Sara", "daughter", "F")])
    head, daughter = household.members.order_by("id")
    members = [
        member_make("Ali", id=head.pk, phone="0770 123 4567"),
        member_make("Sara", "daughter", "F", id=daughter.pk, status="withdrawn"),
        member_make("Hiba", "daughter", "F"),
    ]
    updated = household_update(household=household, updated_by=imo, details=_details(), members=members)
    assert updated.size == 2
    head.refresh_from_db()
    assert head.phone == "+9647701234567"
    assert household.members.count() == 3


def test_split_moves_members_to_a_new_household_with_events_on_both(governorates, imo) -> None:
    household = household_make(
        members=[member_make("Ali"), member_make("Omar", "son"), member_make("Huda", "other_relative", "F")]
    )
    _head, son, relative = household.members.order_by("id")
    split = household_split(household=household, leaving=[son, relative], new_head=son, recorded_by=imo)
    assert split.size == 2 and split.members.get(relationship="head") == son
    household.refresh_from_db()
    assert household.size == 1
    assert household.events.filter(kind="split", related_household=split).exists()


def test_merge_joins_members_and_keeps_the_merged_household_inactive(governorates, imo) -> None:
    first = household_make(members=[member_make("Ali"), member_make("Omar", "son")])
    second = household_make(members=[member_make("Karim")])
    household_merge(household=second, into=first, recorded_by=imo)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.size == 3 and first.members.filter(relationship="head").count() == 1
    assert not second.is_active
