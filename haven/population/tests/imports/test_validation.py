"""One row checked and typed: every rule of the template, every problem naming its row, column and value."""

from __future__ import annotations

import datetime as dt

import pytest

from haven.population.imports import ColumnMapping, PersonRecord, Problem, SourceRow, person_row_validate
from haven.population.imports.values import period_parse, phone_normalise
from haven.population.tests.imports.support import TODAY, origin_known, place_known

HEAD = {
    "household_ref": "H-1", "relationship": "head", "given_name": "Ali", "father_name": "Hassan",
    "family_name": "al-Jubouri", "sex": "M", "birth_date": "1975-06-02", "population_group": "idp",
    "location": "IQG08", "origin": "IQG01", "consent": "yes",
}  # fmt: skip


def validate(
    changes: dict[str, str] | None = None,
    *,
    mapping: ColumnMapping | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> tuple[PersonRecord | None, list[Problem]]:
    values = {name: text for name, text in {**HEAD, **(changes or {})}.items() if text}
    row = SourceRow(number=7, values=values, extra=extra or {}, headers=headers or {})
    return person_row_validate(row, today=TODAY, place_known=place_known, origin_known=origin_known, mapping=mapping)


def record_of(**changes: str) -> PersonRecord:
    record, problems = validate(changes)
    assert record is not None, [problem.message for problem in problems]
    return record


def only_problem(**changes: str) -> Problem:
    record, problems = validate(changes)
    assert record is None
    assert len(problems) == 1, [problem.message for problem in problems]
    return problems[0]


def test_a_valid_row_gives_a_typed_record_and_no_problem() -> None:
    record, problems = validate({"phone": "0770 123 4567", "vulnerabilities": "disability"}, extra={"notes": "tent 4"})
    assert problems == []
    assert record == PersonRecord(
        number=7, household_ref="H-1", relationship="head", given_name="Ali", father_name="Hassan",
        grandfather_name="", family_name="al-Jubouri", sex="M", birth_date=dt.date(1975, 6, 2), birth_precision="day",
        phone="+9647701234567", national_id="", population_group="idp", location="IQG08", origin="IQG01",
        displaced_on=None, returned_on=None, shelter="", vulnerabilities=["disability"], consent=True,
        extra={"notes": "tent 4"},
    )  # fmt: skip


def test_a_problem_names_row_column_as_written_value_and_household() -> None:
    _record, problems = validate({"sex": "X"}, headers={"sex": "Gender"})
    assert problems == [
        Problem(
            row=7, column="Gender", value="X", severity="error", household_ref="H-1",
            message="“X” is not one of the accepted values. Expected M or F (also male/female, ذكر/أنثى).",
        )
    ]  # fmt: skip


def test_every_problem_of_a_row_is_reported_not_just_the_first() -> None:
    _record, problems = validate({"sex": "X", "phone": "123", "birth_date": "2010", "location": "IQG99"})
    assert [problem.column for problem in problems] == ["sex", "birth_date", "phone", "location"]


@pytest.mark.parametrize("name", ["household_ref", "relationship", "given_name", "sex"])
def test_required_values_missing_are_errors(name: str) -> None:
    problem = only_problem(**{name: ""})
    assert problem.column == name
    assert problem.message.startswith("Empty, but every row needs a value here")


def test_neither_birth_date_nor_age_is_an_error() -> None:
    assert only_problem(birth_date="").message == "Neither a birth date nor an age is given: one of them is needed."


# Codes


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("relationship", "HEAD", "head"), ("relationship", "Other Relative", "other_relative"),
        ("relationship", "non-relative", "non_relative"), ("population_group", "IDP", "idp"),
        ("population_group", "Host Community", "host_community"), ("shelter", "Host-Family", "host_family"),
        ("sex", "male", "M"), ("sex", "F", "F"), ("sex", "ذكر", "M"), ("sex", "أنثى", "F"), ("sex", "انثى", "F"),
    ],
)  # fmt: skip
def test_codes_are_read_in_any_case_with_spaces_or_hyphens(name: str, text: str, code: str) -> None:
    assert getattr(record_of(**{name: text}), name) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("نعم", True), ("no", False), ("n", False),
     ("false", False), ("0", False), ("لا", False)],
)  # fmt: skip
def test_consent_answers(text: str, expected: bool) -> None:
    assert record_of(consent=text).consent is expected


def test_an_unknown_consent_answer_says_what_is_expected() -> None:
    assert "Expected yes or no (also y/n, 1/0, نعم/لا)." in only_problem(consent="maybe").message


def test_vulnerabilities_are_split_on_semicolons_or_kobo_spaces_and_kept_once() -> None:
    record = record_of(vulnerabilities="Disability; chronic illness;disability")
    assert record.vulnerabilities == ["disability", "chronic_illness"]
    assert record_of(vulnerabilities="female_headed elderly_alone").vulnerabilities == [
        "female_headed",
        "elderly_alone",
    ]


def test_an_unknown_vulnerability_is_named() -> None:
    problem = only_problem(vulnerabilities="disability;orphan")
    assert problem.message.startswith("orphan: not a vulnerability Haven knows.")


def test_mapping_answers_become_codes() -> None:
    mapping = ColumnMapping(
        columns={},
        values={"sex": {"1": "M", "2": "F"}, "consent": {"agreed": "yes"}, "location": {"ramadi": "IQG01Q01"}},
    )
    record, problems = validate({"sex": "2", "consent": "Agreed", "location": "ramadi"}, mapping=mapping)
    assert problems == []
    assert record is not None
    assert (record.sex, record.consent, record.location) == ("F", True, "IQG01Q01")


# Dates and ages


@pytest.mark.parametrize(
    ("text", "first", "precision"),
    [
        ("1975", dt.date(1975, 1, 1), "year"), ("1975-06", dt.date(1975, 6, 1), "month"),
        ("1975-06-02", dt.date(1975, 6, 2), "day"), ("1975/6/2", dt.date(1975, 6, 2), "day"),
        ("1975-06-02 00:00:00", dt.date(1975, 6, 2), "day"), ("1975-06-02T00:00:00Z", dt.date(1975, 6, 2), "day"),
        ("13/04/1975", dt.date(1975, 4, 13), "day"), ("04/04/1975", dt.date(1975, 4, 4), "day"),
        ("١٩٧٥-٠٦-٠٢", dt.date(1975, 6, 2), "day"),
    ],
)  # fmt: skip
def test_date_forms_accepted(text: str, first: dt.date, precision: str) -> None:
    record = record_of(birth_date=text)
    assert (record.birth_date, record.birth_precision) == (first, precision)


def test_a_day_first_date_that_reads_both_ways_is_refused_as_ambiguous() -> None:
    assert period_parse("03/04/1975") == "03/04/1975 could be 1975-04-03 or 1975-03-04: write it as YYYY-MM-DD."


@pytest.mark.parametrize("text", ["1975-13", "1975-02-30", "02/13/1975", "June 1975", "75", "1975-6-2-1", "0000"])
def test_text_that_is_no_date_says_the_forms_expected(text: str) -> None:
    assert only_problem(birth_date=text).message.endswith("Expected YYYY-MM-DD, YYYY-MM or YYYY (also DD/MM/YYYY).")


def test_a_birth_date_in_the_future_is_an_error() -> None:
    assert only_problem(birth_date="2008-07-01").message == "2008-07-01 is in the future (today is 2008-06-30)."
    assert record_of(birth_date="2008-06").birth_date == dt.date(2008, 6, 1)


def test_a_birth_date_before_1900_is_an_error() -> None:
    assert only_problem(birth_date="1899-12-31").message == "1899-12-31 is before 1900: check the year."


@pytest.mark.parametrize(("text", "year"), [("0", 2008), ("35", 1973), ("35.0", 1973), ("٣٥", 1973), ("120", 1888)])
def test_an_age_gives_an_estimated_birth_year(text: str, year: int) -> None:
    record = record_of(birth_date="", age=text)
    assert (record.birth_date, record.birth_precision) == (dt.date(year, 1, 1), "estimated")


@pytest.mark.parametrize("text", ["121", "-1", "35.5", "about 40", "1e2"])
def test_an_age_outside_whole_years_0_to_120_is_an_error(text: str) -> None:
    assert "Expected whole years, 0 to 120." in only_problem(birth_date="", age=text).message


def test_an_age_that_contradicts_the_birth_date_is_a_warning_and_the_date_is_kept() -> None:
    record, problems = validate({"birth_date": "1975-06-02", "age": "20"})
    assert record is not None
    assert record.birth_date == dt.date(1975, 6, 2)
    assert [(problem.severity, problem.column) for problem in problems] == [("warning", "age")]
    assert record_of(birth_date="1975-06-02", age="32").birth_date == dt.date(1975, 6, 2)


def test_a_return_before_the_displacement_is_an_error() -> None:
    problem = only_problem(displaced_on="2006-03-01", returned_on="2005-12")
    assert (problem.column, problem.message) == (
        "returned_on", "The date of return (2005-12) is before the date of displacement (2006-03-01).",
    )  # fmt: skip
    record = record_of(displaced_on="2006-03", returned_on="2006")
    assert (record.displaced_on, record.returned_on) == (dt.date(2006, 3, 1), dt.date(2006, 1, 1))


# Phones, codes of places


@pytest.mark.parametrize(
    "text",
    ["07701234567", "0770 123 4567", "0770-123-4567", "+9647701234567", "+964 770 123 4567", "009647701234567",
     "7701234567", "9647701234567", "+964 0770 123 4567", "٠٧٧٠١٢٣٤٥٦٧"],
)  # fmt: skip
def test_iraqi_mobile_forms_become_one(text: str) -> None:
    assert phone_normalise(text) == "+9647701234567"


@pytest.mark.parametrize("text", ["0123", "01701234567", "077012345678", "+9617701234567", "phone", "+964"])
def test_other_phone_numbers_are_errors_saying_the_forms(text: str) -> None:
    assert only_problem(phone=text).message.endswith(
        "Expected Iraqi mobile: 07XXXXXXXXX, +9647XXXXXXXXX or 009647XXXXXXXXX."
    )


def test_place_codes_are_normalised_before_they_are_looked_up() -> None:
    record = record_of(location="irq-g08", origin=" IQ G01 ")
    assert (record.location, record.origin) == ("IQG08", "IQG01")


def test_an_unknown_location_or_origin_is_an_error() -> None:
    assert only_problem(location="IQG99").message.startswith("“IQG99” is not a code Haven knows. Expected the P-code")
    assert only_problem(origin="Mars").column == "origin"


def test_a_refugee_origin_is_a_country_code_normalised() -> None:
    record = record_of(population_group="refugee", origin="SYR")
    assert record.origin == "SY"


# Names and free text


@pytest.mark.parametrize(
    "text", ["أحمد", "عبد الرحمن", "Abd al-Rahman", "O'Brien", "Jr.", "مُحَمَّد", "ئارام", "هه‌ڵمه‌ت", "Zoë"]
)
def test_names_in_arabic_or_latin_letters_are_accepted(text: str) -> None:
    assert record_of(given_name=text).given_name == text


def test_name_spaces_are_tidied() -> None:
    assert record_of(given_name="  Abd   al-Rahman ").given_name == "Abd al-Rahman"


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","click")', "=1+2", "+SUM(A1:A2)", "-cmd|' /C calc'!A0", "@A1", "+A1"]
)
def test_formula_text_in_a_name_is_an_error(text: str) -> None:
    assert "looks like a spreadsheet formula" in only_problem(given_name=text).message


@pytest.mark.parametrize("text", ["Ali\tHassan", "Ali\x00", "Ali\nHassan", "Ali\x85"])
def test_control_characters_in_a_name_are_an_error(text: str) -> None:
    assert "control character" in only_problem(father_name=text).message


@pytest.mark.parametrize(
    ("text", "character"), [("Ali7", "7"), ("Ali_Hassan", "_"), ("Ali\u202e", "\u202e"), ("<b>", "<")]
)
def test_characters_other_than_letters_and_name_punctuation_are_named(text: str, character: str) -> None:
    assert f"not “{character}” (U+{ord(character):04X})" in only_problem(family_name=text).message


def test_a_name_without_letters_or_longer_than_100_is_an_error() -> None:
    assert only_problem(given_name="-.").message == "A name must hold at least one letter."
    assert "at most 100 characters" in only_problem(given_name="a" * 101).message


def test_a_cell_over_1000_characters_is_reported_once_shortened() -> None:
    problem = only_problem(family_name="x" * 200_000)
    assert problem.message == "This cell holds 200,000 characters; at most 1,000 are accepted."
    assert problem.value == "x" * 60 + "… (200,000 characters)"


def test_a_long_cell_in_a_required_column_is_not_also_reported_empty() -> None:
    assert only_problem(given_name="x" * 5_000).message.startswith("This cell holds 5,000 characters")


def test_extra_fields_over_1000_characters_or_with_control_characters_are_errors() -> None:
    record, problems = validate(extra={"notes": "n" * 1_001, "gps": "33.3\x0744.4", "remarks": "line one\nline two"})
    assert record is None
    assert [problem.column for problem in problems] == ["notes", "gps"]


def test_household_ref_and_national_id_hold_64_characters_without_formulas() -> None:
    assert only_problem(household_ref="H" * 65).message == "At most 64 characters are accepted here."
    assert "spreadsheet formula" in only_problem(national_id="=1+1").message
    assert record_of(national_id=" 1998 0045 7731 ").national_id == "1998 0045 7731"


def test_reading_problems_of_the_row_come_first_and_fail_it() -> None:
    surplus = Problem(7, "", "extra", "This row has 14 cells…", "error")
    row = SourceRow(number=7, values=dict(HEAD), extra={}, problems=[surplus])
    record, problems = person_row_validate(row, today=TODAY, place_known=place_known, origin_known=origin_known)
    assert record is None
    assert problems == [surplus]
