"""The synthetic population generator: valid template files, truth for every record, realistic chains."""

from __future__ import annotations

import csv
import random
import re
from collections import Counter, defaultdict
from datetime import date
from itertools import groupby
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from haven.core.services import ServiceError
from haven.dedup.names import name_script
from haven.population.synthetic import GeneratedPopulation, population_generate
from haven.population.synthetic.families import Families, NamePool, age_on
from haven.population.vocabulary import (
    GROUPS_FROM_ABROAD,
    GROUPS_WITH_ORIGIN,
    PopulationGroup,
    Relationship,
    Shelter,
    Vulnerability,
)

# Written out here rather than imported, so that a change to the generator's columns shows up as a failure.
TEMPLATE_COLUMNS = [
    "household_ref", "relationship", "given_name", "father_name", "grandfather_name", "family_name", "sex",
    "birth_date", "age", "phone", "national_id", "population_group", "location", "origin", "displaced_on",
    "returned_on", "shelter", "vulnerabilities", "consent",
]  # fmt: skip
PEOPLE_COLUMNS = [
    "record_id", "given_name", "father_name", "grandfather_name", "family_name", "sex", "birth_date",
    "governorate", "phone", "national_id",
]  # fmt: skip
HOUSEHOLD_COLUMNS = ["population_group", "location", "origin", "displaced_on", "returned_on", "shelter", "consent"]
PHONE = re.compile(r"(?:0|\+964|00964)7[5789]\d{8}")
BIRTH = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
GOVERNORATE = re.compile(r"IQG(0[1-9]|1[0-8])")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as opened:
        return list(csv.DictReader(opened))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as opened:
        return next(csv.reader(opened))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedPopulation:
    return population_generate(households=300, duplicates=0.2, out=tmp_path_factory.mktemp("population"), seed=5)


@pytest.fixture(scope="module")
def rows(generated: GeneratedPopulation) -> list[dict[str, str]]:
    return read(generated.registrations)


@pytest.fixture(scope="module")
def truth(generated: GeneratedPopulation) -> dict[str, str]:
    return {row["record_id"]: row["entity_id"] for row in read(generated.truth)}


def households_of(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    return [list(members) for _, members in groupby(rows, key=lambda row: row["household_ref"])]


def test_registrations_have_the_template_columns_in_order_in_utf8_without_bom(generated: GeneratedPopulation) -> None:
    assert header(generated.registrations) == TEMPLATE_COLUMNS
    assert not generated.registrations.read_bytes().startswith(b"\xef\xbb\xbf")


def test_households_are_contiguous_with_exactly_one_head_written_first(rows: list[dict[str, str]]) -> None:
    households = households_of(rows)
    assert len(households) == len({members[0]["household_ref"] for members in households}) == 300
    for members in households:
        assert [row["relationship"] for row in members].count(Relationship.HEAD) == 1
        assert members[0]["relationship"] == Relationship.HEAD


def test_household_fields_are_on_the_head_row_and_left_blank_on_members(rows: list[dict[str, str]]) -> None:
    for members in households_of(rows):
        head = members[0]
        assert head["population_group"] and head["location"] and head["consent"]
        assert all(not row[column] for row in members[1:] for column in HOUSEHOLD_COLUMNS)


def test_truth_and_people_cover_every_record_under_the_position_convention(
    generated: GeneratedPopulation, rows: list[dict[str, str]], truth: dict[str, str]
) -> None:
    expected = [f"{row['household_ref']}/{n}" for members in households_of(rows) for n, row in enumerate(members, 1)]
    assert list(truth) == expected
    assert [row["record_id"] for row in read(generated.people_file)] == expected
    assert generated.records == len(expected)
    assert generated.people == len(set(truth.values()))


def test_the_share_of_re_registrations_is_close_to_the_share_asked(
    generated: GeneratedPopulation, truth: dict[str, str]
) -> None:
    again = len(truth) - len(set(truth.values()))
    assert again == generated.duplicate_records
    assert abs(again / len(truth) - 0.2) < 0.02


def test_children_carry_the_head_s_given_name_and_father_name_as_their_chain(rows: list[dict[str, str]]) -> None:
    checked = 0
    for members in households_of(rows):
        head = members[0]
        children = [row for row in members if row["relationship"] in (Relationship.SON, Relationship.DAUGHTER)]
        fathers = {row["father_name"] for row in children if row["father_name"]}
        assert len(fathers) <= 1, fathers  # siblings share their father's name, spelled alike
        if head["sex"] in ("M", "male", "ذكر") and fathers and head["given_name"]:
            assert fathers == {head["given_name"]}
            grandfathers = {row["grandfather_name"] for row in children if row["grandfather_name"]}
            assert grandfathers <= {head["father_name"]} or not head["father_name"]
            checked += 1
    assert checked > 100


def test_a_re_registered_person_keeps_the_name_chain_in_some_spelling(
    generated: GeneratedPopulation, truth: dict[str, str]
) -> None:
    records: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read(generated.people_file):
        records[truth[row["record_id"]]].append(row)
    repeated = [found for found in records.values() if len(found) > 1]
    assert repeated
    assert any(len({name_script(row["given_name"]) for row in found}) > 1 for found in repeated)
    assert any(len({row["governorate"] for row in found}) > 1 for found in repeated)
    assert all(len({row["sex"] for row in found}) == 1 for found in repeated)


def test_households_are_written_in_arabic_script_or_in_latin_letters(rows: list[dict[str, str]]) -> None:
    scripts = []
    for members in households_of(rows):
        found = {name_script(row[column]) for row in members for column in ("given_name", "father_name")} - {""}
        assert len(found) == 1, found
        scripts.append(found.pop())
    assert 0.4 < scripts.count("arabic") / len(scripts) < 0.7


def test_every_value_is_within_the_template_s_vocabularies_and_formats(rows: list[dict[str, str]]) -> None:
    today = timezone.localdate()
    for row in rows:
        assert row["relationship"] in Relationship.values
        assert row["given_name"]
        assert row["sex"] in ("M", "F", "male", "female", "ذكر", "أنثى")
        assert bool(row["birth_date"]) != bool(row["age"])
        if row["age"]:
            assert 0 <= int(row["age"]) <= 120
        else:
            match = BIRTH.fullmatch(row["birth_date"])
            assert match
            year, month, day = (int(part) if part else 1 for part in match.groups())
            assert date(1900, 1, 1) <= date(year, month, day) <= today
        assert not row["phone"] or PHONE.fullmatch(row["phone"])
        assert not row["national_id"] or re.fullmatch(r"[1-9]\d{11}", row["national_id"])
        assert all(value in Vulnerability.values for value in row["vulnerabilities"].split(";") if value)
        if row["relationship"] != Relationship.HEAD:
            continue
        group = row["population_group"]
        assert group in PopulationGroup.values
        assert GOVERNORATE.fullmatch(row["location"])
        if group in GROUPS_WITH_ORIGIN:
            assert GOVERNORATE.fullmatch(row["origin"])
        elif group in GROUPS_FROM_ABROAD:
            assert re.fullmatch(r"[A-Z]{2}", row["origin"])
        for column in ("displaced_on", "returned_on"):
            assert not row[column] or date(1900, 1, 1) <= date.fromisoformat(row[column]) <= today
        assert row["shelter"] in ("", *Shelter.values)
        assert row["consent"] in ("yes", "no")


def test_the_mix_of_forms_is_realistic(rows: list[dict[str, str]]) -> None:
    phones = Counter(row["phone"][:2] for row in rows if row["phone"])
    assert {"07", "+9", "00"} <= set(phones)
    births = Counter(len(row["birth_date"]) for row in rows if row["birth_date"])
    assert births[4] and births[7] and births[10]
    assert any(row["birth_date"].endswith(("-01-01", "-07-01")) for row in rows)
    assert any(row["age"] for row in rows)
    with_id = sum(1 for row in rows if row["national_id"]) / len(rows)
    assert 0.08 < with_id < 0.25
    heads = [row for row in rows if row["relationship"] == Relationship.HEAD]
    assert 0.9 < sum(1 for row in heads if row["consent"] == "yes") / len(heads) < 1


def test_people_file_has_the_dedup_columns_and_the_governorate_of_the_location(
    generated: GeneratedPopulation, rows: list[dict[str, str]]
) -> None:
    assert header(generated.people_file) == PEOPLE_COLUMNS
    locations = {}
    for members in households_of(rows):
        for n, _ in enumerate(members, 1):
            locations[f"{members[0]['household_ref']}/{n}"] = members[0]["location"][:5]
    for person in read(generated.people_file):
        assert person["governorate"] == locations[person["record_id"]]
        assert person["sex"] in ("M", "F")
        assert BIRTH.fullmatch(person["birth_date"])


def test_the_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path: Path) -> None:
    first = population_generate(households=40, duplicates=0.3, out=tmp_path / "a", seed=11)
    second = population_generate(households=40, duplicates=0.3, out=tmp_path / "b", seed=11)
    other = population_generate(households=40, duplicates=0.3, out=tmp_path / "c", seed=12)
    for name in ("registrations.csv", "truth.csv", "people.csv", "README.txt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert first.registrations.read_bytes() != other.registrations.read_bytes()
    assert second.records == first.records


def test_an_official_default_birthday_never_falls_after_the_registration() -> None:
    families = Families(rng=random.Random(8), names=NamePool())
    registered = date(2006, 4, 1)
    for age in (0, 0, 0, 1, 45, 80) * 300:
        born = families.born(age=age, on=registered)
        assert born <= registered
        assert age_on(born, registered) in (age, age - 1, age + 1) or age >= 80


def test_no_duplicates_asked_gives_one_record_per_person(tmp_path: Path) -> None:
    result = population_generate(households=50, duplicates=0, out=tmp_path, seed=3)
    entities = list(read(result.truth))
    assert result.duplicate_records == 0
    assert len({row["entity_id"] for row in entities}) == len(entities)


def test_a_p_code_list_places_households_in_those_locations(tmp_path: Path) -> None:
    listing = tmp_path / "locations.csv"
    listing.write_text("admin3Pcode,name\nIQG08Q01N01,Karkh\nIQG11Q02N03,Shaqlawa\n", encoding="utf-8")
    result = population_generate(households=60, duplicates=0.2, out=tmp_path / "out", seed=2, pcodes=listing)
    heads = [row for row in read(result.registrations) if row["relationship"] == Relationship.HEAD]
    assert {row["location"] for row in heads} == {"IQG08Q01N01", "IQG11Q02N03"}
    assert {row["governorate"] for row in read(result.people_file)} == {"IQG08", "IQG11"}


def test_a_p_code_list_of_one_southern_district_takes_every_household(tmp_path: Path) -> None:
    listing = tmp_path / "nasiriyah.txt"
    listing.write_text("IQG17Q01\n", encoding="utf-8")
    result = population_generate(households=80, duplicates=0.3, out=tmp_path / "out", seed=4, pcodes=listing)
    assert {row["location"] for row in read(result.registrations) if row["location"]} == {"IQG17Q01"}


def test_a_p_code_list_with_a_code_outside_iraq_is_refused(tmp_path: Path) -> None:
    listing = tmp_path / "locations.txt"
    listing.write_text("IQG08Q01\nSY01\n", encoding="utf-8")
    with pytest.raises(ServiceError, match=re.escape("'SY01' (line 2) is not an Iraqi P-code")):
        population_generate(households=5, duplicates=0.2, out=tmp_path / "out", pcodes=listing)


def test_the_readme_describes_every_file_and_the_record_id_convention(generated: GeneratedPopulation) -> None:
    readme = generated.readme.read_text(encoding="utf-8")
    for name in ("registrations.csv", "truth.csv", "people.csv"):
        assert f"\n{name}\n" in readme
    assert "<household_ref>/<n>" in readme


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"households": 0, "duplicates": 0.2}, "at least one household"),
        ({"households": 5, "duplicates": 0.95}, "between 0 and 0.9"),
        ({"households": 5, "duplicates": -0.1}, "between 0 and 0.9"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_written(
    tmp_path: Path, arguments: dict[str, float], message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        population_generate(out=tmp_path / "out", **arguments)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_the_command_refuses_a_file_as_output_folder_with_a_plain_message(tmp_path: Path) -> None:
    existing = tmp_path / "taken.csv"
    existing.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="is a file"):
        call_command("generate", "population", "--households", "3", "--out", str(existing))


def test_the_command_writes_the_files_and_says_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("generate", "population", "--households", "20", "--duplicates", "0.1", "--out", str(tmp_path))
    assert "person records in 20 households" in capsys.readouterr().out
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "README.txt", "people.csv", "registrations.csv", "truth.csv",
    ]  # fmt: skip
