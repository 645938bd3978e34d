"""The registry's pages: search, a household's record, registration with members, a change of situation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEntry
from haven.population.factories import household_make, member_make
from haven.population.models import Household, HouseholdEvent

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def registration_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "population_group": "idp", "area": "Baghdad", "origin_area": "IQG01", "displaced_on": "2006-03-01",
        "shelter": "rented", "consent_given": "on", "consent_scope": "assistance",
        "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "40",
        "members-0-relationship": "head", "members-0-given_name": "محمد", "members-0-father_name": "علي",
        "members-0-family_name": "الجبوري", "members-0-sex": "M", "members-0-birth": "1968",
        "members-0-phone": "0770 123 4567", "members-0-national_id": "1998 0012 3456", "members-0-status": "active",
        "members-1-relationship": "daughter", "members-1-given_name": "Zainab", "members-1-sex": "F",
        "members-1-age": "7", "members-1-status": "active",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_an_officer_registers_a_household_with_its_members(officer_baghdad) -> None:
    response = signed_in(officer_baghdad).post(reverse("population:household-register"), registration_data())
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("population:household-detail", args=[household.registration_number])
    assert household.registration_number == "HH-IQG08-000001"
    assert household.size == 2 and household.area.pcode == "IQG08"
    head = household.members.get(relationship="head")
    assert head.phone == "+9647701234567"
    assert head.documents.get().number_key == "199800123456"
    daughter = household.members.get(relationship="daughter")
    assert daughter.birth_precision == "estimated"


def test_a_registration_with_problems_shows_them_and_saves_nothing(officer_baghdad) -> None:
    data = registration_data(**{"members-1-relationship": "head", "members-0-phone": "12345"})
    response = signed_in(officer_baghdad).post(reverse("population:household-register"), data)
    assert response.status_code == 200
    assert "Not an Iraqi mobile number" in response.content.decode()
    assert not Household.objects.exists()
    response = signed_in(officer_baghdad).post(
        reverse("population:household-register"), registration_data(**{"members-1-relationship": "head"})
    )
    assert "exactly one head" in response.content.decode()
    assert not Household.objects.exists()


def test_the_form_reports_problems_as_the_officer_types(officer_baghdad) -> None:
    data = registration_data(**{"members-0-birth": "2999", "origin_area": ""})
    response = signed_in(officer_baghdad).post(reverse("population:household-check"), data)
    content = response.content.decode()
    assert "between 1900 and today" in content
    assert "Required for internally displaced people" in content
    assert not Household.objects.exists()
    response = signed_in(officer_baghdad).post(reverse("population:household-check"), registration_data())
    assert "No problem found so far" in response.content.decode()


def test_a_household_without_consent_is_registered_with_counts_only(officer_baghdad) -> None:
    data = registration_data(consent_given="", males_18_59="1", females_5_17="3")
    signed_in(officer_baghdad).post(reverse("population:household-register"), data)
    household = Household.objects.get()
    assert household.size == 4 and not household.members.exists()


def test_search_finds_a_household_by_name_in_the_other_script_by_phone_and_by_document(governorates, imo) -> None:
    household = household_make(
        members=[member_make("محمد", father_name="علي", family_name="الجبوري", phone="07701234567",
                             national_id="A123-456")]
    )  # fmt: skip
    household_make(members=[member_make("Karim", family_name="Al-Obaidi")])
    client = signed_in(imo)
    for query in ("Mohammed Jubouri", "محمد", "+964 770 123 4567", "a123456", household.registration_number):
        content = client.get(reverse("population:household-list"), {"q": query}).content.decode()
        assert household.registration_number in content, query
        assert "HH-IQG08-000002" not in content, query


def test_reading_a_household_is_audited(governorates, imo) -> None:
    household = household_make()
    response = signed_in(imo).get(reverse("population:household-detail", args=[household.registration_number]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="view", object_id=str(household.pk)).exists()


def test_a_viewer_cannot_open_the_registry(make_user) -> None:
    viewer = make_user("nour", "viewer")
    assert signed_in(viewer).get(reverse("population:household-list")).status_code == 403


def test_a_return_recorded_on_the_page_joins_the_history(governorates, imo) -> None:
    household = household_make("IQG11")
    url = reverse("population:household-situation", args=[household.registration_number])
    data = {"population_group": "returnee", "area": "IQG01", "location": "", "occurred_on": "2008-10-05",
            "note": "Returned with IOM transport"}  # fmt: skip
    assert signed_in(imo).post(url, data).status_code == 302
    household.refresh_from_db()
    assert household.population_group == "returnee" and household.returned_on == date(2008, 10, 5)
    event = HouseholdEvent.objects.get(household=household, kind="returned")
    assert event.previous_area.pcode == "IQG11" and event.note == "Returned with IOM transport"  # type: ignore[union-attr]


def test_editing_keeps_members_and_changes_them_in_place(governorates, imo) -> None:
    household = household_make(members=[member_make("Ali"), member_make("Sara", "daughter", "F")])
    client = signed_in(imo)
    url = reverse("population:household-edit", args=[household.registration_number])
    page = client.get(url)
    assert page.status_code == 200 and "Sara" in page.content.decode()
    head, daughter = household.members.order_by("id")
    data = registration_data(**{
        "area": "IQG08", "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "2",
        "members-0-id": str(head.pk), "members-0-given_name": "Ali", "members-0-father_name": "",
        "members-0-family_name": "", "members-0-national_id": "", "members-0-phone": "",
        "members-1-id": str(daughter.pk), "members-1-given_name": "Sara", "members-1-status": "withdrawn",
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    household.refresh_from_db()
    assert household.members.count() == 2 and household.size == 1


def test_the_export_lists_the_households_found_and_is_audited(governorates, imo) -> None:
    household_make(members=[member_make("Ali")])
    response = signed_in(imo).get(reverse("population:household-export"))
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "HH-IQG08-000001" in body
    assert AuditEntry.objects.filter(action="export", object_type="population.household").exists()
