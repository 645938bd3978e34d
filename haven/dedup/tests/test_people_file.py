"""PEOPLE.csv as the spec defines it: read whole, or refused with every problem's row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.dedup.engine.people import PeopleFileRefused, PeopleTable, clusters_write, people_parse, people_read

HEADER = "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,governorate,phone,national_id\n"


def parse(text: str) -> PeopleTable:
    return people_parse(io.StringIO(text))


def refusal(text: str) -> PeopleFileRefused:
    with pytest.raises(PeopleFileRefused) as raised:
        parse(text)
    return raised.value


def test_a_file_is_read_into_comparison_keys() -> None:
    people = parse(HEADER + "a1,محمد,علي,,الجبوري,M,1968,IQG08,0770 123 4567,1998-0012\n"
                   "a2,Muhammad,Ali,Hussein,Al-Jubouri,m,1968-01-01,iqg01,,\n")  # fmt: skip
    assert people.record_ids == ["a1", "a2"]
    columns = people.columns
    assert columns["given_key"][0] == columns["given_key"][1] == "mhmd"
    assert columns["family_key"][0] == columns["family_key"][1]
    assert columns["grandfather_key"] == [None, "hsin"]
    assert columns["birth_year"] == [1968, 1968] and columns["birth_month"] == [None, None]
    assert columns["sex"] == ["M", "M"] and columns["governorate"] == ["IQG08", "IQG01"]
    assert columns["phone"] == ["7701234567", None] and columns["national_id"] == ["19980012", None]


def test_a_bom_extra_columns_missing_columns_and_blank_lines_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\ufeffrecord_id,given_name,notes\n1,Ali,first\n\n2,علي,second\n", encoding="utf-8")
    people = people_read(path)
    assert people.record_ids == ["1", "2"]
    assert people.columns["birth_year"] == [None, None]
    assert people.present() == frozenset({"unique_id", "given_key", "given_base"})


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("given_name\nAli\n", "header, record_id", "no record_id column"),
        (HEADER + ",Ali,,,,M,1980,,,\n", "row 2, record_id", "no id"),
        (HEADER + "x,Ali,,,,M,1980,,,\nx,Omar,,,,M,1981,,,\n", "row 3, record_id", "also the id of row 2"),
        (HEADER + "x,Ali,,,,M,13/04/1980,,,\n", "row 2, birth_date", "is not a date"),
        (HEADER + "x,Ali,,,,male?,1980,,,\n", "row 2, sex", "is not M or F"),
        ("", "header", "empty"),
    ],
)
def test_a_bad_file_is_refused_naming_row_and_column(text: str, where: str, says: str) -> None:
    problems = [str(problem) for problem in refusal(text).problems]
    assert any(problem.startswith(where) and says in problem for problem in problems), problems


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(HEADER.encode() + "1,علي,,,,M,1980,,,\n".encode("cp1256"))
    with pytest.raises(PeopleFileRefused, match="problem") as raised:
        people_read(path)
    assert "not UTF-8" in str(raised.value.problems[0])


def test_twenty_problems_are_shown_and_all_are_counted() -> None:
    rows = "".join(f"r{n},Ali,,,,M,19x{n},,,\n" for n in range(30))
    refused = refusal(HEADER + rows)
    assert len(refused.problems) == 20 and refused.total == 30


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=10, max_size=10), max_size=6))
def test_any_cells_are_read_or_refused_never_crash(rows: list[list[str]]) -> None:
    buffer = io.StringIO()

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER.strip().split(","))
    writer.writerows(rows)
    refusal: PeopleFileRefused | None = None
    try:
        people = people_parse(io.StringIO(buffer.getvalue()))
    except PeopleFileRefused as refused:
        refusal = refused
    if refusal is not None:
        assert refusal.problems
    else:
        assert len(people) == len({row[0].strip() for row in rows if any(cell.strip() for cell in row)})


def test_clusters_are_written_one_row_per_record_in_input_order(tmp_path: Path) -> None:
    out = tmp_path / "clusters.csv"
    clusters_write(out, ["a", "b", "c"], [1, 1, 2])
    assert out.read_text(encoding="utf-8") == "record_id,cluster_id\na,b\nb,b\nc,c\n"
