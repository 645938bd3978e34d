"""Households checked across their rows, in any order, with a small summary per household."""

from __future__ import annotations

import tracemalloc

from haven.population.imports import ColumnMapping, HouseholdCheck, Problem, SourceRow, person_row_validate
from haven.population.tests.imports.support import TODAY, origin_known, place_known

HEAD = {
    "household_ref": "H-1", "relationship": "head", "given_name": "Ali", "sex": "M", "birth_date": "1975",
    "population_group": "idp", "location": "IQG08", "origin": "IQG01", "consent": "yes",
}  # fmt: skip
MEMBER = {"household_ref": "H-1", "relationship": "son", "given_name": "Omar", "sex": "M", "birth_date": "2005"}
HEADERS = {"relationship": "Relation", "population_group": "Group", "consent": "Agreed"}


def checked(*rows: dict[str, str], mapping: ColumnMapping | None = None) -> list[Problem]:
    households = HouseholdCheck(mapping=mapping)
    for number, values in enumerate(rows, start=2):
        row = SourceRow(number=number, values={key: text for key, text in values.items() if text}, extra={},
                        headers=HEADERS)  # fmt: skip
        record, _problems = person_row_validate(
            row, today=TODAY, place_known=place_known, origin_known=origin_known, mapping=mapping
        )
        households.add(record, row)
    return households.problems()


def messages(problems: list[Problem]) -> list[str]:
    return [problem.message for problem in problems]


def test_a_household_with_one_complete_head_has_no_problem() -> None:
    assert checked(HEAD, MEMBER, {**MEMBER, "given_name": "Huda", "sex": "F"}) == []


def test_rows_of_a_household_need_not_be_next_to_each_other() -> None:
    other = {**HEAD, "household_ref": "H-2"}
    assert checked(MEMBER, other, {**MEMBER, "household_ref": "H-2"}, HEAD) == []


def test_a_household_without_a_head_names_its_rows() -> None:
    problems = checked(MEMBER, {**MEMBER, "given_name": "Huda"})
    assert problems == [
        Problem(2, "Relation", "", "Household H-1 has no head: one of its rows (rows 2, 3) must have relationship "
                "head.", "error", "H-1")
    ]  # fmt: skip


def test_a_household_of_one_row_without_a_head_says_so() -> None:
    assert messages(checked(MEMBER)) == ["Household H-1 has no head: its only row (row 2) must have relationship head."]


def test_two_heads_are_an_error_naming_both_rows() -> None:
    problems = checked(HEAD, MEMBER, {**HEAD, "given_name": "Omar"})
    assert messages(problems) == ["Household H-1 has more than one head (rows 2, 4); it must have exactly one."]
    assert problems[0].row == 4


def test_a_head_row_that_has_an_error_still_counts_as_the_head() -> None:
    assert checked({**HEAD, "phone": "123"}, MEMBER) == []


def test_the_head_row_needs_population_group_location_and_consent() -> None:
    problems = checked({**HEAD, "population_group": "", "location": "", "consent": ""}, {**MEMBER, "location": "IQG08"})
    assert [(problem.row, problem.column) for problem in problems] == [(2, "Group"), (2, "location"), (2, "Agreed")]


def test_conflicting_population_groups_are_an_error_listing_them() -> None:
    problems = checked(HEAD, {**MEMBER, "population_group": "returnee"})
    assert messages(problems) == [
        "Household H-1 has more than one population group: idp (row 2), returnee (row 3). It must have one."
    ]


def test_origin_is_needed_by_displaced_and_returning_households_only() -> None:
    assert messages(checked({**HEAD, "origin": ""})) == [
        "Household H-1 is idp, but none of its rows gives an origin: the P-code of the area of origin (a country's "
        "ISO code for refugees and migrants) is needed."
    ]
    assert checked({**HEAD, "origin": "", "population_group": "host_community"}) == []
    assert checked({**HEAD, "origin": ""}, {**MEMBER, "origin": "IQG01"}) == []


def test_a_return_date_outside_returnee_households_is_a_warning() -> None:
    problems = checked(HEAD, {**MEMBER, "returned_on": "2008-01-01"})
    assert [(problem.severity, problem.row, problem.column) for problem in problems] == [("warning", 3, "returned_on")]
    assert checked({**HEAD, "population_group": "returnee", "returned_on": "2008-01"}) == []


def test_a_household_without_consent_is_kept_as_counts_only_with_a_warning() -> None:
    households = HouseholdCheck()
    for number, values in enumerate([{**HEAD, "consent": "no"}, MEMBER], start=2):
        row = SourceRow(number=number, values=values, extra={})
        record, _problems = person_row_validate(row, today=TODAY, place_known=place_known, origin_known=origin_known)
        households.add(record, row)
    (problem,) = households.problems()
    assert (problem.severity, problem.message) == (
        "warning", "Household H-1 did not consent: it is kept as counts only, names are not stored.",
    )  # fmt: skip
    assert (households.household_count, households.households_without_consent) == (1, 1)
    assert households.household_consent("H-1") is False
    assert households.household_consent("H-9") is None


def test_mapped_answers_count_on_rows_with_errors() -> None:
    mapping = ColumnMapping(columns={}, values={"relationship": {"1": "head"}, "consent": {"oui": "yes"}})
    assert checked({**HEAD, "relationship": "1", "consent": "oui", "phone": "bad"}, mapping=mapping) == []


def test_rows_without_a_household_reference_are_left_to_their_own_error() -> None:
    assert checked({**MEMBER, "household_ref": ""}) == []


def test_a_household_takes_less_than_400_bytes_so_100_000_fit_in_well_under_100_mb() -> None:
    households = HouseholdCheck()
    tracemalloc.start()
    try:
        for number in range(20_000):
            reference = f"HH-{number:06d}"
            households.add(None, SourceRow(2 * number + 2, {**HEAD, "household_ref": reference}, {}))
            households.add(None, SourceRow(2 * number + 3, {**MEMBER, "household_ref": reference}, {}))
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert households.household_count == 20_000
    assert size < 20_000 * 400
