"""The registration form's warning: someone already registered looks like the person being typed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEntry
from haven.population.alike import PersonTyped, people_alike
from haven.population.factories import household_make, member_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(governorates: Any) -> Any:
    """Mohammed Ali Hussein Al-Jubouri, registered in Baghdad with his son, in Latin letters."""
    return household_make(
        "IQG08",
        members=[
            member_make("Mohammed", father_name="Ali", grandfather_name="Hussein", family_name="Al-Jubouri",
                        birth_date=date(1968, 4, 2), birth_precision="day", phone="07701234567"),
            member_make("Ahmed", relationship="son", father_name="Mohammed", grandfather_name="Ali",
                        family_name="Al-Jubouri", birth_date=date(1995, 1, 1)),
        ],
    )  # fmt: skip


def test_the_same_man_typed_in_arabic_script_is_found(registered, officer_baghdad) -> None:
    typed = PersonTyped(given_name="محمد", father_name="علي", family_name="الجبوري", sex="M",
                        birth_date=date(1968, 1, 1), birth_precision="year")  # fmt: skip
    alike = people_alike(officer_baghdad, [typed])
    assert [person.registration_number for person in alike] == [registered.registration_number]
    found = alike[0]
    assert found.visible and found.name.startswith("Mohammed Ali") and found.percent >= 50
    assert AuditEntry.objects.filter(action="view", object_type="registration form").exists()


def test_his_son_and_a_namesake_of_another_generation_are_not_him(registered, officer_baghdad) -> None:
    son = PersonTyped(given_name="أحمد", father_name="محمد", family_name="الجبوري", sex="M",
                      birth_date=date(1995, 1, 1), birth_precision="year")  # fmt: skip
    grandson = PersonTyped(given_name="Mohammed", father_name="Ali", family_name="Al-Jubouri", sex="M",
                           birth_date=date(2019, 5, 5), birth_precision="day")  # fmt: skip
    alike = people_alike(officer_baghdad, [son, grandson])
    assert [(person.member, person.registration_number) for person in alike] == [(1, registered.registration_number)]


def test_a_person_outside_the_officers_areas_is_named_by_number_only(registered, officer_anbar) -> None:
    typed = PersonTyped(given_name="Muhammad", father_name="Ali", family_name="Jubouri", sex="M",
                        birth_date=date(1968, 4, 2), phone="+964 770 123 4567")  # fmt: skip
    alike = people_alike(officer_anbar, [typed])
    assert len(alike) == 1 and not alike[0].visible
    assert alike[0].name == "" and alike[0].registration_number == registered.registration_number
    assert alike[0].governorate == "IQG08"


def test_editing_a_household_does_not_find_its_own_members(registered, officer_baghdad) -> None:
    typed = PersonTyped(given_name="Mohammed", father_name="Ali", family_name="Al-Jubouri", sex="M",
                        birth_date=date(1968, 4, 2))  # fmt: skip
    assert people_alike(officer_baghdad, [typed], exclude_household=registered.pk) == []


def test_the_form_check_warns_while_the_officer_types(registered, officer_baghdad) -> None:
    client = Client()
    client.force_login(officer_baghdad)
    data = {
        "population_group": "idp", "area": "Baghdad", "origin_area": "IQG01", "displaced_on": "2006-03-01",
        "shelter": "rented", "consent_given": "on", "consent_scope": "assistance",
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "40", "members-0-relationship": "head", "members-0-given_name": "محمد",
        "members-0-father_name": "علي", "members-0-family_name": "الجبوري", "members-0-birth": "1968",
        "members-0-status": "active",
    }  # fmt: skip
    content = client.post(reverse("population:household-check"), data).content.decode()
    assert "Possibly registered already" in content and registered.registration_number in content
    edit = reverse("population:household-check") + f"?household={registered.registration_number}"
    assert "Possibly registered already" not in client.post(edit, data).content.decode()


def test_opening_the_form_prepares_the_lookup_once_per_model(registered, officer_baghdad) -> None:
    from haven.population import alike

    alike._warmed.clear()
    alike.lookup_warm()
    alike.lookup_warm()
    assert alike._warmed == {"shipped"}
