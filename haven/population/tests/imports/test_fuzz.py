"""Whatever bytes or values arrive, reading and checking end in a refusal or problems, never a traceback."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from haven.population.imports import (
    TEMPLATE_COLUMNS,
    ColumnMapping,
    FileRefused,
    HouseholdCheck,
    SourceRow,
    person_row_validate,
    registration_file_open,
    value_shorten,
)
from haven.population.imports.template import is_hashtag
from haven.population.tests.imports.support import HEADER, TODAY, origin_known, place_known

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIELDS = [column.name for column in TEMPLATE_COLUMNS]
HEADER_BYTES = HEADER.encode() + b"\n"
ZIP_HEAD = b"PK\x03\x04"

# Text a field team could type: any character but surrogates and control characters, line breaks allowed.
typed = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n"), max_size=12)


@contextmanager
def written(data: bytes, *, suffix: str = ".csv") -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        yield path


def read_everything(path: Path, *, mapping: ColumnMapping | None = None) -> None:
    """Open, read every row, validate it and check households; only FileRefused may come out."""
    try:
        with registration_file_open(path, mapping=mapping) as registration:
            households = HouseholdCheck(mapping=mapping)
            for row in registration.rows():
                record, _problems = person_row_validate(
                    row, today=TODAY, place_known=place_known, origin_known=origin_known, mapping=mapping
                )
                households.add(record, row)
            households.problems()
    except FileRefused as refusal:
        message = str(refusal)
    else:
        return
    assert path.name in message


@FUZZ
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_are_read_or_refused(data: bytes) -> None:
    with written(data) as path:
        read_everything(path)


@FUZZ
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_under_a_valid_header_are_read_or_refused(data: bytes) -> None:
    with written(HEADER_BYTES + data) as path:
        read_everything(path)


@FUZZ
@given(st.binary(max_size=1_000))
def test_arbitrary_bytes_after_zip_magic_are_read_or_refused(data: bytes) -> None:
    with written(ZIP_HEAD + data, suffix=".xlsx") as path:
        read_everything(path)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml",
                                           "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"]),
                          st.binary(max_size=300)), max_size=5))  # fmt: skip
def test_arbitrary_workbook_parts_are_read_or_refused(members: list[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in dict(members).items():
            archive.writestr(name, data)
    with written(buffer.getvalue(), suffix=".xlsx") as path:
        read_everything(path)


@FUZZ
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=40)), st.dictionaries(st.text(max_size=8), st.text()))
def test_arbitrary_values_in_every_column_are_checked_without_raising(
    values: dict[str, str], extra: dict[str, str]
) -> None:
    mapping = ColumnMapping(columns={}, values={"sex": {"1": "M"}, "location": {"x": "IQG08"}})
    row = SourceRow(number=2, values=values, extra=extra)
    record, problems = person_row_validate(
        row, today=TODAY, place_known=place_known, origin_known=origin_known, mapping=mapping
    )
    assert (record is None) == any(problem.severity == "error" for problem in problems)
    assert all(len(problem.value) <= 100 and problem.row == 2 for problem in problems)
    households = HouseholdCheck(mapping=mapping)
    households.add(record, row)
    households.add(None, row)
    assert all(len(problem.message) <= 500 for problem in households.problems())


@FUZZ
@given(st.text())
def test_a_shortened_value_is_short(text: str) -> None:
    assert len(value_shorten(text)) <= 60 + 30


@FUZZ
@given(
    st.lists(st.lists(typed, min_size=12, max_size=12), min_size=1, max_size=8),
    st.sampled_from([",", ";"]),
)
def test_a_csv_of_random_cells_reads_back_as_written(table: list[list[str]], delimiter: str) -> None:
    first = [cell for cell in table[0] if cell.strip()]
    assume(not (first and all(is_hashtag(cell) for cell in first)))
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(HEADER.split(","))
    writer.writerows(table)
    expected = [
        {name: cell.strip() for name, cell in zip(HEADER.split(","), cells, strict=True) if cell.strip()}
        for cells in table
    ]
    expected = [values for values in expected if values]
    with written(text.getvalue().encode()) as path:
        if not expected:
            with pytest.raises(FileRefused, match="no data rows"), registration_file_open(path):
                pass
            return
        with registration_file_open(path) as registration:
            assert registration.delimiter == delimiter
            assert [row.values for row in registration.rows()] == expected
