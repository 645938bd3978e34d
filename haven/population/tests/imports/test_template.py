"""The canonical template's columns, how a header or an HXL hashtag finds one, and saved column mappings."""

from __future__ import annotations

import pytest

from haven.population.imports import COLUMNS_BY_NAME, TEMPLATE_COLUMNS, ColumnMapping, Requirement
from haven.population.imports.template import (
    column_by_hashtag,
    column_by_header,
    hashtag_parse,
    is_hashtag,
    required_columns_missing,
)


def test_template_lists_the_spec_columns_in_the_spec_order() -> None:
    assert [column.name for column in TEMPLATE_COLUMNS] == [
        "household_ref", "relationship", "given_name", "father_name", "grandfather_name", "family_name", "sex",
        "birth_date", "age", "phone", "national_id", "population_group", "location", "origin", "displaced_on",
        "returned_on", "shelter", "vulnerabilities", "consent",
    ]  # fmt: skip


def test_template_requirements_follow_the_spec() -> None:
    required = {column.name: column.required for column in TEMPLATE_COLUMNS}
    assert [name for name, need in required.items() if need is Requirement.YES] == [
        "household_ref", "relationship", "given_name", "sex",
    ]  # fmt: skip
    assert [name for name, need in required.items() if need is Requirement.HEAD_ROW] == [
        "population_group", "location", "consent",
    ]  # fmt: skip
    assert required["birth_date"] is required["age"] is Requirement.ONE_OF
    assert required["origin"] is Requirement.BY_GROUP


def test_every_hashtag_names_its_own_column() -> None:
    for column in TEMPLATE_COLUMNS:
        assert column_by_hashtag(column.hashtag) is column
        assert str(column.label)


@pytest.mark.parametrize(
    "header", ["household_ref", "Household Ref", "HOUSEHOLD-REF", " household ref ", "HouseholdRef"]
)
def test_header_word_matches_in_any_case_with_spaces_hyphens_or_underscores(header: str) -> None:
    assert column_by_header(header) is COLUMNS_BY_NAME["household_ref"]


def test_unknown_header_word_matches_nothing() -> None:
    assert column_by_header("notes") is None
    assert column_by_header("") is None


@pytest.mark.parametrize(
    "hashtag",
    ["#beneficiary+name+given", "#Beneficiary+Given+Name", "#beneficiary +name +given", "#beneficiary+name+given+i_ar"],
)
def test_hashtag_matches_by_tag_and_attribute_subset_in_any_order_and_case(hashtag: str) -> None:
    assert column_by_hashtag(hashtag) is COLUMNS_BY_NAME["given_name"]


def test_hashtag_missing_an_attribute_of_the_column_matches_nothing() -> None:
    assert column_by_hashtag("#beneficiary+name") is None
    assert column_by_hashtag("#household") is None


def test_hashtag_fitting_two_columns_equally_matches_neither() -> None:
    assert column_by_hashtag("#beneficiary+name+given+father") is None


@pytest.mark.parametrize("text", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#1", "# adm1", "household", ""])
def test_spreadsheet_errors_and_plain_words_are_not_hashtags(text: str) -> None:
    assert not is_hashtag(text)
    assert hashtag_parse(text) is None


def test_missing_required_columns_are_named_in_the_spec_words() -> None:
    assert required_columns_missing({"household_ref", "sex", "age"}) == [
        "relationship", "given_name", "population_group", "location", "consent",
    ]  # fmt: skip
    assert required_columns_missing({"household_ref"})[-1] == "birth_date or age"


def test_mapping_round_trips_through_json() -> None:
    data = {"columns": {"group_hh/head_name": "given_name"}, "values": {"sex": {"1": "M", "2": "F"}}}
    mapping = ColumnMapping.from_json(data)
    assert mapping.to_json() == data
    assert ColumnMapping.from_json(mapping.to_json()) == mapping


def test_mapping_to_an_unknown_field_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"“head_name”.*not a column of the registration template"):
        ColumnMapping.from_json({"columns": {"group_hh/name": "head_name"}})


def test_mapping_values_for_an_unknown_field_are_refused() -> None:
    with pytest.raises(ValueError, match="“gender”"):
        ColumnMapping.from_json({"columns": {}, "values": {"gender": {"1": "M"}}})


def test_mapping_an_answer_to_a_code_the_field_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="expected one of: F, M"):
        ColumnMapping.from_json({"columns": {}, "values": {"sex": {"1": "male"}}})


@pytest.mark.parametrize("data", [[], "columns", {"columns": ["a"]}, {"columns": {"a": 1}}, {"values": {"sex": "M"}}])
def test_mapping_of_the_wrong_shape_is_refused(data: object) -> None:
    with pytest.raises(ValueError, match="mapping"):
        ColumnMapping.from_json(data)


def test_mapping_finds_headers_and_answers_loosely() -> None:
    mapping = ColumnMapping(columns={"group_hh/Head Name": "given_name"}, values={"sex": {"ذكر ": "M", "1": "M"}})
    assert mapping.field_for("group_hh/head_name") == "given_name"
    assert mapping.field_for("other") is None
    assert mapping.value_for("sex", "ذكر") == "M"
    assert mapping.value_for("sex", "3") == "3"
    assert mapping.value_for("relationship", "1") == "1"
