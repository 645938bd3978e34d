"""People registered twice across the registry: the check, the decisions and what each one changes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.services import ServiceError
from haven.population.factories import household_make, member_make
from haven.population.models import Household, Individual, RegistryDuplicate
from haven.population.selectors import person_records
from haven.population.services import match_model_train, registry_duplicate_decide, registry_duplicates_find

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_twice(governorates: Any) -> tuple[Household, Household]:
    """Saad Kadhim, registered in Baghdad in Latin letters, and again in Arabic script after moving to Erbil."""
    first = household_make("IQG08", members=[
        member_make("Saad", father_name="Kadhim", grandfather_name="Jawad", family_name="Al-Saadi",
                    birth_date=date(1971, 3, 14), birth_precision="day"),
        member_make("Huda", relationship="spouse", sex="F", father_name="Salim", family_name="Al-Zubaidi"),
    ])  # fmt: skip
    second = household_make("IQG11", members=[
        member_make("سعد", father_name="كاظم", family_name="الساعدي", birth_date=date(1971, 1, 1),
                    birth_precision="year", phone="07801112233", national_id="1971-0314-77"),
    ])  # fmt: skip
    return first, second


def test_the_check_lists_a_man_registered_in_both_scripts_once(registered_twice, imo) -> None:
    checked = registry_duplicates_find(checked_by=imo)
    assert checked.people == 3 and checked.found == 1
    pair = RegistryDuplicate.objects.get()
    first, second = registered_twice
    assert pair.first.household == first and pair.second.household == second
    assert pair.decision == "pending" and (pair.probability or 0) >= 0.5
    assert pair.agreements["given"] == "agree" and pair.agreements["grandfather"] == "unknown"
    again = registry_duplicates_find(checked_by=imo)
    assert again.found == 0 and again.already_decided == 1


def test_different_people_is_remembered_and_never_listed_again(registered_twice, imo) -> None:
    registry_duplicates_find(checked_by=imo)
    pair = registry_duplicate_decide(pair=RegistryDuplicate.objects.get(), decision="distinct", decided_by=imo)
    assert pair.decision == "distinct" and pair.decided_by == imo
    assert registry_duplicates_find(checked_by=imo).found == 0
    assert Individual.objects.filter(status="active").count() == 3
    with pytest.raises(ServiceError, match="already decided"):
        registry_duplicate_decide(pair=pair, decision="duplicate", decided_by=imo)


def test_same_person_merges_the_later_record_keeping_every_document(registered_twice, imo) -> None:
    registry_duplicates_find(checked_by=imo)
    registry_duplicate_decide(pair=RegistryDuplicate.objects.get(), decision="duplicate", decided_by=imo)
    first, second = registered_twice
    kept = first.members.get(given_name="Saad")
    repeat = second.members.get()
    assert repeat.status == "duplicate" and repeat.duplicate_of == kept
    assert list(kept.documents.values_list("number_key", flat=True)) == ["1971031477"]
    second.refresh_from_db()
    assert second.size == 0
    assert registry_duplicates_find(checked_by=imo).found == 0


def test_deciding_needs_the_right_to_change_households(registered_twice, imo, make_user) -> None:
    registry_duplicates_find(checked_by=imo)
    viewer = make_user("reader", "viewer", ["IQ"])
    with pytest.raises(ServiceError, match="right to change households"):
        registry_duplicate_decide(pair=RegistryDuplicate.objects.get(), decision="duplicate", decided_by=viewer)


def test_training_is_refused_on_a_registry_too_small_to_learn_from(registered_twice, imo) -> None:
    with pytest.raises(ServiceError, match="training needs at least"):
        match_model_train(trained_by=imo)


def test_the_page_shows_pairs_to_officers_of_both_areas_only(registered_twice, imo, officer_baghdad) -> None:
    registry_duplicates_find(checked_by=imo)
    pair = RegistryDuplicate.objects.get()
    client = Client()
    client.force_login(officer_baghdad)
    page = client.get(reverse("population:registry-duplicates")).content.decode()
    assert "No pair waits for a decision" in page  # the second record is in Erbil, outside Baghdad
    assert client.post(reverse("population:registry-duplicate-decide", args=[pair.pk]),
                       {"decision": "duplicate"}).status_code == 404  # fmt: skip
    client.force_login(imo)
    page = client.get(reverse("population:registry-duplicates")).content.decode()
    assert "Saad" in page and "سعد" in page and "cmp-agree" in page
    card = client.post(reverse("population:registry-duplicate-decide", args=[pair.pk]), {"decision": "distinct"},
                       headers={"HX-Request": "true"}).content.decode()  # fmt: skip
    assert "Different people" in card and f'id="pair-{pair.pk}"' in card
    pair.refresh_from_db()
    assert pair.decision == "distinct"


def test_starting_a_check_from_the_page_needs_the_import_right(registered_twice, make_user) -> None:
    reader = make_user("reader", "viewer", ["IQ"])
    client = Client()
    client.force_login(reader)
    assert client.post(reverse("population:registry-check")).status_code == 403


def test_every_record_of_one_person_is_known_from_any_of_them(registered_twice, imo) -> None:
    registry_duplicates_find(checked_by=imo)
    registry_duplicate_decide(pair=RegistryDuplicate.objects.get(), decision="duplicate", decided_by=imo)
    first, second = registered_twice
    kept, repeat = first.members.get(given_name="Saad"), second.members.get()
    assert person_records(kept) == person_records(repeat) == {kept.pk, repeat.pk}
    wife = first.members.get(given_name="Huda")
    assert person_records(wife) == {wife.pk}


def test_the_api_lists_and_decides_pairs_within_the_callers_areas(registered_twice, imo, officer_baghdad) -> None:
    from rest_framework.test import APIClient

    registry_duplicates_find(checked_by=imo)
    pair = RegistryDuplicate.objects.get()
    client = APIClient()
    client.force_authenticate(officer_baghdad)
    listed = client.get("/api/population/duplicates/").json()
    assert (listed["count"] if isinstance(listed, dict) else len(listed)) == 0
    assert client.post(f"/api/population/duplicates/{pair.pk}/decide/", {"decision": "duplicate"}).status_code == 404
    client.force_authenticate(imo)
    record = client.get(f"/api/population/duplicates/{pair.pk}/").json()
    assert record["decision"] == "pending" and record["agreements"]["given"] == "agree"
    assert {record["first"]["given_name"], record["second"]["given_name"]} == {"Saad", "سعد"}
    wrong = client.post(f"/api/population/duplicates/{pair.pk}/decide/", {"decision": "maybe"})
    assert wrong.status_code == 400
    decided = client.post(f"/api/population/duplicates/{pair.pk}/decide/", {"decision": "distinct"}).json()
    assert decided["decision"] == "distinct" and decided["decided_by"] == imo.username
    again = client.post(f"/api/population/duplicates/{pair.pk}/decide/", {"decision": "duplicate"})
    assert again.status_code == 400 and "already decided" in str(again.json())
    assert client.get("/api/population/duplicates/?decision=sometimes").status_code == 400
