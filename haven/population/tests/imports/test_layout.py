"""A file's layout: its delimiter, its header row and columns, HXL hashtags, Kobo paths and column mappings."""

from __future__ import annotations

from pathlib import Path

from haven.population.imports import ColumnMapping, registration_file_open
from haven.population.tests.imports.support import HEAD, HEADER, csv_write, refusal_of, rows_of

# Delimiters and columns


def test_semicolons_are_told_from_the_header(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER.replace(",", ";"), HEAD.replace(",", ";"))
    with registration_file_open(path) as registration:
        assert registration.delimiter == ";"
        assert next(registration.rows()).values["location"] == "IQG08"


def test_commas_inside_quoted_cells_do_not_fool_the_delimiter(tmp_path: Path) -> None:
    path = csv_write(
        tmp_path, HEADER.replace(",", ";"), '"H-1, Anbar";head;"Ali, son of Hassan";;;M;1975;;idp;IQG08;;yes'
    )
    with registration_file_open(path) as registration:
        assert registration.delimiter == ";"
        assert next(registration.rows()).values["household_ref"] == "H-1, Anbar"


def test_unknown_columns_are_kept_as_extra_fields_with_a_warning(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER + ",notes,notes,", HEAD + ",tent 4,by the river,")
    with registration_file_open(path) as registration:
        assert registration.columns[-2:] == [("notes", None), ("notes", None)]
        assert [warning.message for warning in registration.warnings] == [
            "Column “notes” is not in the template: its values are kept as extra fields."
        ] * 2
        assert next(registration.rows()).extra == {"notes": "tent 4", "notes (column N)": "by the river"}


def test_missing_required_columns_are_all_named(tmp_path: Path) -> None:
    path = csv_write(tmp_path, "household_ref,given_name,notes", "H-1,Ali,x")
    assert "lacks required columns: relationship, sex, population_group, location, consent, birth_date or age." in (
        refusal_of(path)
    )


def test_two_columns_for_one_field_are_refused_naming_both(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER + ",Given Name", HEAD + ",Ali")
    assert "given_name (“given_name”, column C, “Given Name”, column M)" in refusal_of(path)


def test_a_file_with_no_recognisable_header_is_refused(tmp_path: Path) -> None:
    path = csv_write(tmp_path, "name,gender,year", "Ali,M,1975")
    assert "has no header row Haven recognises" in refusal_of(path)


def test_title_rows_above_the_header_are_skipped_with_a_warning(tmp_path: Path) -> None:
    path = csv_write(tmp_path, "IDP registration, Anbar", "", HEADER, HEAD)
    with registration_file_open(path) as registration:
        assert registration.header_row == 3
        assert "taken for a title and skipped" in registration.warnings[0].message
        assert [row.number for row in registration.rows()] == [4]


# HXL


HXL_WORDS = "Ref,Relation,First name,Gender,Born,Group,Place,Agreed"
HXL_TAGS = "#household+id,#beneficiary+relationship,#beneficiary+given+name,#beneficiary+sex,#beneficiary+birth,#population+group,#loc+code,#beneficiary+consent"  # noqa: E501


def test_the_hashtag_row_is_skipped_and_names_the_columns_it_tags(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HXL_WORDS, HXL_TAGS, "H-1,head,Ali,M,1975,idp,IQG08,yes")
    with registration_file_open(path) as registration:
        assert registration.columns[:3] == [
            ("Ref", "household_ref"), ("Relation", "relationship"), ("First name", "given_name"),
        ]  # fmt: skip
        assert registration.warnings[0].message == "Row 2 holds HXL hashtags: it was recognised and skipped."
        (row,) = registration.rows()
    assert row.number == 3
    assert row.headers["given_name"] == "First name"


def test_a_header_word_the_template_knows_wins_over_its_hashtag(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, "#household+id,#beneficiary+name+family", HEAD)
    with registration_file_open(path) as registration:
        assert registration.columns[1] == ("relationship", "relationship")


def test_a_first_row_of_hashtags_alone_is_the_header(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HXL_TAGS, "H-1,head,Ali,M,1975,idp,IQG08,yes")
    with registration_file_open(path) as registration:
        assert registration.columns[0] == ("#household+id", "household_ref")
        assert registration.warnings == []
        assert next(registration.rows()).number == 2


def test_spreadsheet_error_values_under_the_header_are_data_not_hashtags(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, "#N/A,#REF!,#VALUE!,,,,,,,,,", HEAD)
    assert [row.number for row in rows_of(path)] == [2, 3]


# Kobo exports and mappings


KOBO = "group_hh/hh_id,group_hh/relationship,group_hh/given_name,group_hh/sex,group_hh/age,group_hh/pop_group,group_hh/location,group_hh/consent"  # noqa: E501


def test_kobo_group_paths_match_by_their_last_part(tmp_path: Path) -> None:
    path = csv_write(tmp_path, KOBO.replace("hh_id", "household_ref").replace("pop_group", "population_group"),
                     "K-1,head,Ali,M,40,idp,IQG08,yes")  # fmt: skip
    with registration_file_open(path) as registration:
        assert [name for _header, name in registration.columns] == [
            "household_ref", "relationship", "given_name", "sex", "age", "population_group", "location", "consent",
        ]  # fmt: skip


def test_two_kobo_paths_ending_alike_are_left_for_a_mapping_with_a_warning(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER + ",group_hh/grandfather_name,group_member/grandfather_name", HEAD + ",Ali,")
    with registration_file_open(path) as registration:
        assert registration.columns[-2:] == [
            ("group_hh/grandfather_name", None), ("group_member/grandfather_name", None),
        ]  # fmt: skip
        assert registration.warnings[0].message == (
            "Columns “group_hh/grandfather_name”, “group_member/grandfather_name” all end in “grandfather_name”, so "
            "none of them was taken for it; choose one in a column mapping."
        )


def test_a_required_column_named_by_two_kobo_paths_is_missing(tmp_path: Path) -> None:
    header = HEADER.replace("given_name", "group_hh/given_name") + ",group_member/given_name"
    assert "lacks required columns: given_name" in refusal_of(csv_write(tmp_path, header, HEAD + ",Omar"))


def test_a_mapping_names_the_columns_and_beats_the_header_words(tmp_path: Path) -> None:
    mapping = ColumnMapping(
        columns={"group_hh/hh_id": "household_ref", "group_hh/pop_group": "population_group", "Notes": "family_name"}
    )
    path = csv_write(tmp_path, KOBO + ",notes", "K-1,head,Ali,M,40,idp,IQG08,yes,Jubouri")
    with registration_file_open(path, mapping=mapping) as registration:
        assert registration.columns[0] == ("group_hh/hh_id", "household_ref")
        assert registration.columns[-1] == ("notes", "family_name")
        assert next(registration.rows()).values["family_name"] == "Jubouri"
