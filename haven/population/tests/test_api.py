from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from haven.core.models import AuditAction, AuditEntry
from haven.geo.selectors import area_get
from haven.geo.services import location_create
from haven.population.api.serializers import CompositionSerializer
from haven.population.factories import household_make, member_make
from haven.population.models import COMPOSITION_FIELDS, Household, HouseholdEvent, Individual
from haven.population.services import batch_create, batch_stage

HOUSEHOLDS = "/api/population/households/"


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def iraq(imo: Any, officer_baghdad: Any) -> dict[str, Any]:
    """Clients of a national IM officer and of a Baghdad field officer, and a camp in Baghdad."""
    baghdad = area_get("IQG08")
    assert baghdad is not None
    camp = location_create(created_by=imo, code="BGD-C1", name_en="Camp One", type="camp", area=baghdad)
    return {
        "national": _client(imo),
        "officer": _client(officer_baghdad),
        "officer_user": officer_baghdad,
        "camp": camp,
    }


def _registration(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "population_group": "idp",
        "location": "BGD-C1",
        "origin": "IRQ-G01",
        "displaced_on": "2007-03-01",
        "shelter": "camp",
        "needs": ["food", "health"],
        "consent_given": True,
        "consent_date": "2008-05-01",
        "consent_scope": "assistance",
        "members": [
            {
                "relationship": "head", "given_name": "محمد", "father_name": "علي", "family_name": "الجبوري",
                "sex": "M", "birth_date": "1970-01-01", "birth_precision": "year", "phone": "0770 123 4567",
                "documents": [{"kind": "national_id", "number": "AB-123 456"}], "disability": {"walking": "a_lot"},
            },
            {"relationship": "spouse", "given_name": "فاطمة", "sex": "F", "birth_date": "1975-06-01"},
            {"relationship": "son", "given_name": "Ali", "father_name": "Mohammed", "sex": "M",
             "birth_date": "2015-02-03"},
        ],
    }  # fmt: skip
    body.update(changes)
    return body


def test_a_household_is_registered_read_moved_and_returned(iraq: dict[str, Any]) -> None:
    national = iraq["national"]
    created = iraq["officer"].post(HOUSEHOLDS, _registration(), format="json")
    assert created.status_code == 201, created.json()
    number = created.json()["registration_number"]
    assert number.startswith("HH-IQG08-")
    household = Household.objects.get(registration_number=number)
    assert (household.source, household.area.pcode, household.location, household.size) == (
        "api", "IQG08", iraq["camp"], 3,
    )  # fmt: skip

    record = national.get(f"{HOUSEHOLDS}{number}/").json()
    assert (record["area"], record["location"], record["origin"]) == ("IQG08", "BGD-C1", "IQG01")
    assert record["composition"]["males_5_17"] == 1 and record["needs"] == ["food", "health"]
    head, spouse, son = record["members"]
    assert (spouse["sex"], son["given_name"], son["name_latin"].split()[0]) == ("F", "Ali", "Ali")
    assert head["relationship"] == "head" and head["name_ar"].startswith("محمد")
    assert head["phone"] == "+9647701234567" and head["documents"][0]["number"] == "AB-123 456"
    assert head["disability"]["walking"] == "a_lot" and head["has_disability"] is True
    assert record["head"]["name_ar"] == head["name_ar"]
    assert [event["kind"] for event in record["history"]] == ["registered"]

    moved = national.patch(
        f"{HOUSEHOLDS}{number}/",
        {"area": "IQG10", "occurred_on": "2008-06-01", "note": "Moved to relatives in Diyala"},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["area"], moved.json()["location"]) == ("IQG10", None)
    event = moved.json()["history"][-1]
    assert (event["kind"], event["previous_area"], event["area"], event["occurred_on"]) == (
        "moved", "IQG08", "IQG10", "2008-06-01",
    )  # fmt: skip
    assert event["note"] == "Moved to relatives in Diyala" and event["recorded_by"] == "omar"

    returned = national.patch(
        f"{HOUSEHOLDS}{number}/", {"population_group": "returnee", "area": "IQG01", "occurred_on": "2008-09-15"},
        format="json",
    )  # fmt: skip
    assert returned.status_code == 200, returned.json()
    body = returned.json()
    assert (body["population_group"], body["returned_on"], body["origin"]) == ("returnee", "2008-09-15", "IQG01")
    assert (body["history"][-1]["kind"], body["history"][-1]["previous_group"]) == ("returned", "idp")
    assert HouseholdEvent.objects.filter(household=household).count() == 3


def test_members_with_an_id_are_changed_and_members_without_are_added(iraq: dict[str, Any]) -> None:
    officer = iraq["officer"]
    number = officer.post(HOUSEHOLDS, _registration(), format="json").json()["registration_number"]
    head, spouse, _son = officer.get(f"{HOUSEHOLDS}{number}/").json()["members"]
    members = [
        {"id": spouse["id"], "phone": "07801234567"},
        {
            "relationship": "daughter",
            "given_name": "زينب",
            "sex": "F",
            "birth_date": str(timezone.localdate().replace(day=1)),
        },
    ]
    changed = officer.patch(f"{HOUSEHOLDS}{number}/", {"members": members}, format="json")
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    by_id = {member["id"]: member for member in body["members"]}
    assert by_id[spouse["id"]]["given_name"] == "فاطمة" and by_id[spouse["id"]]["phone"] == "+9647801234567"
    assert by_id[head["id"]]["documents"] == head["documents"]
    assert body["size"] == 4 and body["composition"]["females_0_4"] == 1
    assert body["history"][-1]["kind"] == "registered"

    withdrawn = officer.patch(
        f"{HOUSEHOLDS}{number}/", {"members": [{"id": spouse["id"], "status": "withdrawn"}]}, format="json"
    )
    assert withdrawn.json()["size"] == 3
    stranger = officer.patch(f"{HOUSEHOLDS}{number}/", {"members": [{"id": 999999, "sex": "F"}]}, format="json")
    assert stranger.status_code == 400 and "not in this household" in str(stranger.json()["members"])


def test_a_change_replaces_what_it_gives_and_keeps_the_rest(iraq: dict[str, Any]) -> None:
    officer = iraq["officer"]
    number = officer.post(HOUSEHOLDS, _registration(), format="json").json()["registration_number"]
    url = f"{HOUSEHOLDS}{number}/"
    replaced = officer.put(url, {"population_group": "idp", "shelter": "rented", "needs": []}, format="json")
    assert replaced.status_code == 200, replaced.json()
    body = replaced.json()
    assert (body["shelter"], body["needs"], body["location"], len(body["members"])) == ("rented", [], "BGD-C1", 3)
    assert [event["kind"] for event in body["history"]] == ["registered"]
    assert "population_group" in officer.put(url, {"shelter": "camp"}, format="json").json()
    future = officer.patch(url, {"population_group": "host_community", "occurred_on": "2099-01-01"}, format="json")
    assert future.status_code == 400 and "future" in future.json()["detail"]
    assert Household.objects.get(registration_number=number).population_group == "idp"


def test_a_household_without_consent_shows_counts_and_no_names(iraq: dict[str, Any]) -> None:
    officer = iraq["officer"]
    composition = {"males_18_59": 1, "females_18_59": 1, "females_0_4": 2}
    body = _registration(consent_given=False, members=[], composition=composition)
    created = officer.post(HOUSEHOLDS, body, format="json")
    assert created.status_code == 201, created.json()
    record = created.json()
    assert (record["members"], record["head"], record["size"]) == ([], None, 4)
    assert record["composition"]["females_0_4"] == 2 and record["consent_scope"] == "none"
    listed = officer.get(HOUSEHOLDS).json()["results"][0]
    assert (listed["head"], listed["size"]) == (None, 4)
    named = officer.post(HOUSEHOLDS, {**body, "members": _registration()["members"]}, format="json")
    assert named.status_code == 400 and "without names" in named.json()["detail"]


def test_members_cannot_be_added_to_a_household_without_consent(iraq: dict[str, Any]) -> None:
    officer = iraq["officer"]
    body = _registration(consent_given=False, members=[], composition={"males_18_59": 2})
    number = officer.post(HOUSEHOLDS, body, format="json").json()["registration_number"]
    members = [{"relationship": "head", "given_name": "Ali", "sex": "M"}]
    refused = officer.patch(f"{HOUSEHOLDS}{number}/", {"members": members}, format="json")
    assert refused.status_code == 400
    assert not Individual.objects.exists()


def test_the_list_filters_by_group_area_and_activity(iraq: dict[str, Any]) -> None:
    baghdad = household_make("IQG08")
    host = household_make("IQG08", population_group="host_community", displaced_on=None)
    anbar = household_make("IQG01", population_group="returnee", returned_on=dt.date(2008, 3, 1))
    closed = household_make("IQG10")
    Household.objects.filter(pk=closed.pk).update(is_active=False)
    national = iraq["national"]

    def numbers(**params: Any) -> set[str]:
        response = national.get(HOUSEHOLDS, params)
        assert response.status_code == 200, response.json()
        return {item["registration_number"] for item in response.json()["results"]}

    every = {baghdad.registration_number, host.registration_number, anbar.registration_number}
    assert numbers() == every
    assert numbers(population_group="host_community") == {host.registration_number}
    assert numbers(area="IRQ-G08") == {baghdad.registration_number, host.registration_number}
    assert numbers(area="Al-Anbar") == {anbar.registration_number}
    assert numbers(include_inactive="true") == every | {closed.registration_number}
    assert national.get(HOUSEHOLDS, {"limit": 1}).json()["count"] == 3
    for params, name in (({"area": "Atlantis"}, "area"), ({"population_group": "nomad"}, "population_group"),
                         ({"include_inactive": "perhaps"}, "include_inactive")):  # fmt: skip
        refused = national.get(HOUSEHOLDS, params)
        assert refused.status_code == 400 and name in refused.json()


def test_search_finds_numbers_phones_documents_and_names_in_either_script(iraq: dict[str, Any]) -> None:
    arabic = household_make(
        "IQG08", members=[member_make("محمد", family_name="الجبوري", phone="07701234567", national_id="NID-778899")]
    )
    latin = household_make("IQG08", members=[member_make("Ahmed", family_name="Al-Dulaimi")])
    national = iraq["national"]

    def found(text: str) -> list[str]:
        return [item["registration_number"] for item in national.get(HOUSEHOLDS, {"search": text}).json()["results"]]

    assert found(arabic.registration_number) == [arabic.registration_number]
    assert found("+964 770 123 4567") == [arabic.registration_number]
    assert found("nid 778899") == [arabic.registration_number]
    assert found("محمد الجبوري") == [arabic.registration_number]
    assert found("Mohammed Jubouri") == [arabic.registration_number]
    assert found("أحمد الدليمي") == [latin.registration_number]
    assert found("Nobody Known") == []


def test_a_field_officer_cannot_see_or_write_outside_their_governorate(iraq: dict[str, Any]) -> None:
    officer = iraq["officer"]
    anbar = household_make("IQG01")
    mine = household_make("IQG08")
    assert [item["registration_number"] for item in officer.get(HOUSEHOLDS).json()["results"]] == [
        mine.registration_number
    ]
    assert officer.get(f"{HOUSEHOLDS}{anbar.registration_number}/").status_code == 404
    assert officer.patch(f"{HOUSEHOLDS}{anbar.registration_number}/", {"note": "x"}, format="json").status_code == 404
    before = Household.objects.count()
    outside = officer.post(HOUSEHOLDS, _registration(location=None, area="IQG01"), format="json")
    assert outside.status_code == 403 and "IQG01" in outside.json()["detail"]
    away = officer.patch(f"{HOUSEHOLDS}{mine.registration_number}/", {"area": "IQG01"}, format="json")
    assert away.status_code == 403 and "outside your areas" in away.json()["detail"]
    assert Household.objects.count() == before
    assert Household.objects.get(pk=mine.pk).area.pcode == "IQG08"


def test_each_action_needs_its_right(iraq: dict[str, Any], make_user: Any) -> None:
    household = household_make("IQG08")
    url = f"{HOUSEHOLDS}{household.registration_number}/"
    viewer = _client(make_user("viewer", "viewer"))
    for response in (viewer.get(HOUSEHOLDS), viewer.get(url), viewer.post(HOUSEHOLDS, _registration(), format="json")):
        assert response.status_code == 403
    case_worker = _client(make_user("case", "case_worker"))
    assert case_worker.get(url).status_code == 200
    assert case_worker.post(HOUSEHOLDS, _registration(), format="json").status_code == 403
    assert case_worker.patch(url, {"shelter": "rented"}, format="json").status_code == 403
    assert APIClient().get(HOUSEHOLDS).status_code == 401
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"members": [{"relationship": "head", "given_name": "Ali", "sex": "M"},
                      {"relationship": "head", "given_name": "Omar", "sex": "M"}]}, "exactly one head"),
        ({"origin": None}, "Area of origin"),
        ({"displaced_on": "2099-01-01"}, "in the future"),
        ({"members": [{"relationship": "head", "given_name": "Ali", "sex": "M", "phone": "12345"}]},
         "not an Iraqi mobile number"),
    ],
)  # fmt: skip
def test_a_registration_breaking_a_rule_is_refused_and_nothing_is_written(
    iraq: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    refused = iraq["officer"].post(HOUSEHOLDS, _registration(**changes), format="json")
    assert refused.status_code == 400
    assert message in refused.json()["detail"]
    assert not Household.objects.exists() and not Individual.objects.exists()
    assert not AuditEntry.objects.filter(object_type="population.household").exists()


def test_unknown_codes_and_values_are_named_in_the_answer(iraq: dict[str, Any]) -> None:
    officer = iraq["officer"]
    refused = officer.post(
        HOUSEHOLDS, _registration(location="NOWHERE", origin="ZZZ", population_group="nomad"), format="json"
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"location", "origin", "population_group"}
    no_place = officer.post(HOUSEHOLDS, _registration(location=None), format="json")
    assert no_place.status_code == 400 and "area" in no_place.json()
    new_member = officer.post(HOUSEHOLDS, _registration(members=[{"relationship": "head"}]), format="json")
    assert new_member.status_code == 400 and "given_name" in str(new_member.json())
    assert not Household.objects.exists()


def test_every_read_of_households_is_audited_once(iraq: dict[str, Any]) -> None:
    household = household_make("IQG08")
    officer = iraq["officer"]
    officer.get(HOUSEHOLDS, {"search": "Ali", "population_group": "idp"})
    listing = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert listing.actor_username == "zainab" and "search=Ali" in listing.detail
    officer.get(f"{HOUSEHOLDS}{household.registration_number}/")
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW).order_by("id")
    assert entries.count() == 2
    reading = entries.last()
    assert reading is not None
    assert (reading.object_type, reading.object_id) == ("population.household", str(household.pk))
    officer.get(f"{HOUSEHOLDS}HH-IQG01-999999/")
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == 2


def test_import_batches_are_followed_with_their_problems(
    iraq: dict[str, Any], make_user: Any, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    sheet = tmp_path / "registrations.csv"
    sheet.write_text(
        "household_ref,relationship,given_name,sex,birth_date,phone,population_group,location,origin,consent\n"
        "R1,head,Ali,M,1970,0770 123 4567,idp,IQG08,IQG01,yes\n"
        "R2,head,Omar,M,1980,12345,idp,IQG08,IQG01,yes\n",
        encoding="utf-8",
    )
    batch = batch_stage(batch=batch_create(path=sheet, file_name="registrations.csv", created_by=iraq["officer_user"]))
    officer = iraq["officer"]
    listed = officer.get("/api/population/batches/").json()
    assert [item["id"] for item in listed["results"]] == [str(batch.pk)]
    detail = officer.get(f"/api/population/batches/{batch.pk}/").json()
    assert (detail["status"], detail["rows"], detail["errors"]) == ("invalid", 2, batch.errors)
    problems = officer.get(f"/api/population/batches/{batch.pk}/problems/", {"severity": "error"}).json()
    assert any(problem["column"] == "phone" and problem["row"] for problem in problems["results"])
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(batch.pk)).count() == 1
    assert iraq["national"].get(f"/api/population/batches/{batch.pk}/").status_code == 200
    other = _client(make_user("field.two", "field_officer", ["IQG08"]))
    assert other.get(f"/api/population/batches/{batch.pk}/").status_code == 404
    viewer = _client(make_user("viewer", "viewer"))
    assert viewer.get("/api/population/batches/").status_code == 403


def test_the_composition_serializer_names_every_composition_field() -> None:
    assert set(CompositionSerializer().fields) == set(COMPOSITION_FIELDS)


def test_the_schema_of_the_population_endpoints_generates_without_warnings(db: Any) -> None:
    GENERATOR_STATS.reset()
    patterns = [path("api/population/", include("haven.population.api_urls"))]
    generator = SchemaGenerator(patterns=patterns)  # type: ignore[no-untyped-call]
    with GENERATOR_STATS.silence():
        schema = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._warn_cache)
    assert "/api/population/households/{registration_number}/" in schema["paths"]
    assert "/api/population/batches/{id}/problems/" in schema["paths"]
