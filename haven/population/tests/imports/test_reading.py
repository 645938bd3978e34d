"""Registration files read into rows: formats told by content, encodings, row numbers, long cells, XLSX values."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from haven.population.imports import (
    FileRefused,
    file_fingerprint,
    registration_file_open,
)
from haven.population.imports.reading import LINE_LIMIT
from haven.population.tests.imports.support import HEAD, HEADER, csv_write, refusal_of, rows_of

ROW = "H-2,son,Omar,Ali,,M,2005,,,,,"


def xlsx_write(
    folder: Path, rows: Sequence[Sequence[object]], *, name: str = "registration.xlsx", title: str = "Sheet1"
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    path = folder / name
    workbook.save(path)
    return path


# Formats and encodings


def test_an_xlsx_file_is_read_as_xlsx_whatever_its_name(tmp_path: Path) -> None:
    path = xlsx_write(tmp_path, [HEADER.split(","), HEAD.split(",")], name="upload.csv")
    with registration_file_open(path) as registration:
        assert registration.format == "xlsx"
        assert registration.sheet == "Sheet1"
        assert [row.values["given_name"] for row in registration.rows()] == ["Ali"]


def test_a_csv_file_named_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD, name="upload.xlsx")
    with registration_file_open(path) as registration:
        assert (registration.format, registration.encoding, registration.delimiter) == ("csv", "utf-8", ",")


def test_utf8_with_a_byte_order_mark_keeps_its_first_header(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD, encoding="utf-8-sig")
    with registration_file_open(path) as registration:
        assert registration.encoding == "utf-8-sig"
        assert registration.columns[0] == ("household_ref", "household_ref")


def test_windows_1256_arabic_is_read_as_arabic(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, "ب-1,head,أحمد,علي,الجبوري,ذكر,1970,,idp,IQG08,IQG01,نعم", encoding="cp1256")
    with registration_file_open(path) as registration:
        assert registration.encoding == "cp1256"
        (row,) = registration.rows()
    assert (row.values["given_name"], row.values["sex"], row.values["consent"]) == ("أحمد", "ذكر", "نعم")


def test_windows_1256_kurdish_letters_that_happen_to_form_utf8_are_still_read_as_arabic(tmp_path: Path) -> None:
    # ا then ک is C7 98 in Windows-1256, which is also the UTF-8 for ǘ.
    path = csv_write(tmp_path, HEADER, "H-1,head,اکرم,پاکزاد,,M,1970,,idp,IQG08,IQG01,yes", encoding="cp1256")
    with registration_file_open(path) as registration:
        assert registration.encoding == "cp1256"
        assert next(registration.rows()).values["given_name"] == "اکرم"


def test_latin_1_text_is_refused_with_the_encoding_to_use(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, "H-1,head,José,Zoë,Müller,M,1975,,idp,IQG08,IQG01,yes", encoding="latin-1")
    assert "Save it as “CSV UTF-8”" in refusal_of(path)


def test_latin_1_letters_that_windows_1256_reads_as_arabic_are_still_refused(tmp_path: Path) -> None:
    # Ñ, Ò and Ó are Arabic letters in Windows-1256: inside Latin words they give the encoding away.
    path = csv_write(tmp_path, HEADER, "H-1,head,NÑOÒÓ,PEÑA,LÓPEZ,M,1975,,idp,IQG08,IQG01,yes", encoding="latin-1")
    assert "neither UTF-8 text nor Windows-1256" in refusal_of(path)


def test_utf_16_text_is_refused_by_name(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD, encoding="utf-16")
    assert "UTF-16" in refusal_of(path)


def test_utf8_broken_half_way_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(f"{HEADER}\n{HEAD}\nH-1,son,عمر\n".encode() + "H-2,son,علي\n".encode("cp1256"))
    assert "invalid bytes near line 4" in refusal_of(path)


def test_binary_data_without_nul_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.csv"
    path.write_bytes(HEADER.encode() + b"\n" + bytes(range(1, 9)) * 40)
    assert "is not a text file" in refusal_of(path)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "save it as .xlsx or CSV"),
        (b"PK\x05\x06", "is a ZIP archive, not an Excel workbook"),
        (b"PK\x03\x04", "is damaged"),
    ],
)
def test_files_that_only_look_like_workbooks_are_refused(tmp_path: Path, head: bytes, expected: str) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(head + bytes(100))
    assert expected in refusal_of(path)


def test_a_zip_archive_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert "is a ZIP archive, not an Excel workbook" in refusal_of(path)


def test_a_workbook_declaring_more_than_a_gigabyte_is_refused_before_openpyxl_reads_it(tmp_path: Path) -> None:
    path = xlsx_write(tmp_path, [HEADER.split(","), HEAD.split(",")])
    data = bytearray(path.read_bytes())
    # The central directory's uncompressed size of the first member, 24 bytes into its entry, says 4 GB.
    entry = data.index(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = (0xFFFF_FF00).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "zip bombs" in refusal_of(path)


def test_a_member_inflating_more_than_200_times_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (11 << 20))
    assert "zip bombs" in refusal_of(path)


def test_an_unexpected_failure_becomes_a_refusal_naming_the_file(tmp_path: Path) -> None:
    assert refusal_of(tmp_path, display_name="registrations.csv").startswith("registrations.csv could not be read")


def test_the_name_the_sender_knows_is_the_one_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "3f2a9c.upload"
    path.write_bytes(b"")
    assert refusal_of(path, display_name="Anbar March.csv") == "Anbar March.csv is empty."


# Rows and their numbers


@pytest.mark.parametrize("text", ["", "\n\n  \n", ",,,\n,,\n"])
def test_a_file_without_any_value_is_refused_as_empty(tmp_path: Path, text: str) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(text)
    assert "is empty" in refusal_of(path)


def test_a_header_without_data_rows_is_refused_saying_so(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, ",,,", "")
    assert refusal_of(path) == "registration.csv has a header row (row 1) but no data rows below it."


def test_rows_are_numbered_as_the_spreadsheet_shows_them(tmp_path: Path) -> None:
    quoted = 'H-2,son,"Omar\nthe younger",Ali,,M,2005,,,,,'
    path = csv_write(tmp_path, HEADER, HEAD, "", quoted, ROW)
    assert [row.number for row in rows_of(path)] == [2, 4, 5]


def test_cells_are_stripped_and_empty_cells_left_out(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, " H-1 , head ,Ali,,,M,1975,,,,,")
    (row,) = rows_of(path)
    assert row.values == {"household_ref": "H-1", "relationship": "head", "given_name": "Ali", "sex": "M",
                          "birth_date": "1975"}  # fmt: skip


def test_a_row_with_more_cells_than_the_header_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD + ",Baghdad,extra", ROW + ",,,")
    first, second = rows_of(path)
    assert [problem.message for problem in first.problems] == [
        "This row has 14 cells but the header names 12 columns; the cells beyond were not read. Give those columns "
        "a header or, if a comma or semicolon inside a value split it, put that value in quotes."
    ]
    assert first.problems[0].value == "Baghdad"
    assert second.problems == []


def test_empty_header_cells_to_the_right_are_not_columns(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER + ",,,", HEAD + ",,,")
    with registration_file_open(path) as registration:
        assert len(registration.columns) == 12
        assert next(registration.rows()).problems == []


def test_a_row_of_thousands_of_cells_is_not_taken_for_the_header(tmp_path: Path) -> None:
    path = csv_write(tmp_path, ",".join(["sex"] * 3_000), HEADER, HEAD)
    with registration_file_open(path) as registration:
        assert registration.header_row == 2


def test_a_row_with_fewer_cells_than_the_header_is_read(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, "H-1,head,Ali")
    assert rows_of(path)[0].values == {"household_ref": "H-1", "relationship": "head", "given_name": "Ali"}


def test_rows_can_be_read_again_from_the_top(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD, ROW)
    with registration_file_open(path) as registration:
        first = registration.rows()
        next(first)
        assert [row.number for row in registration.rows()] == [2, 3]


def test_count_hint_estimates_the_data_rows(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, *[HEAD] * 50)
    with registration_file_open(path) as registration:
        assert registration.count_hint() == 50


def test_leaving_the_file_closes_rows_still_being_read(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD, ROW)
    with registration_file_open(path) as registration:
        rows = registration.rows()
        next(rows)
    with pytest.raises(StopIteration):
        next(rows)


def test_an_error_in_the_callers_code_is_not_turned_into_a_refusal(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD)
    with pytest.raises(KeyError), registration_file_open(path):
        raise KeyError("the caller's own bug")


def test_fingerprint_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD)
    assert file_fingerprint(path) == hashlib.sha256(path.read_bytes()).hexdigest()


# Long cells and lines


def test_a_200_000_character_cell_is_read_whole_for_validation_to_report(tmp_path: Path) -> None:
    path = csv_write(tmp_path, HEADER, HEAD.replace("al-Jubouri", "x" * 200_000))
    assert len(rows_of(path)[0].values["family_name"]) == 200_000


@pytest.mark.parametrize("rows_before", [1, 20])
def test_a_line_longer_than_the_limit_refuses_the_file_naming_the_line(tmp_path: Path, rows_before: int) -> None:
    path = csv_write(tmp_path, HEADER, *[HEAD] * rows_before, HEAD.replace("al-Jubouri", "x" * LINE_LIMIT))
    with pytest.raises(FileRefused, match=rf"\(line {rows_before + 2}\)"), registration_file_open(path) as registration:
        list(registration.rows())


@pytest.mark.parametrize("rows_before", [1, 20])
def test_a_cell_over_the_limit_split_over_short_lines_refuses_the_file(tmp_path: Path, rows_before: int) -> None:
    cell = '"' + "word\n" * (LINE_LIMIT // 5 + 10) + '"'
    path = csv_write(tmp_path, HEADER, *[HEAD] * rows_before, HEAD.replace("al-Jubouri", cell))
    expected = rf"at row {rows_before + 2}: a cell is longer than 1,048,576 characters"
    with pytest.raises(FileRefused, match=expected), registration_file_open(path) as registration:
        list(registration.rows())


# XLSX


def test_xlsx_cells_become_the_text_the_sender_typed(tmp_path: Path) -> None:
    path = xlsx_write(
        tmp_path,
        [
            [*HEADER.split(","), "age", "displaced_on", "notes"],
            ["H-1", "head", "Ali", None, None, "M", dt.datetime(1975, 6, 2), 7701234567, "idp", "IQG08", "IQG01",
             True, 35.0, dt.date(2006, 3, 1), dt.datetime(2008, 3, 1, 9, 30)],
            ["H-1", "son", "Omar", None, None, "M", 2005, 9647701234567.0, None, None, None, False, 2.5, None, None],
        ],
    )  # fmt: skip
    first, second = rows_of(path)
    assert first.values["birth_date"] == "1975-06-02"
    assert first.values["phone"] == "7701234567"
    assert first.values["consent"] == "true"
    assert first.values["age"] == "35"
    assert first.values["displaced_on"] == "2006-03-01"
    assert first.extra["notes"] == "2008-03-01 09:30:00"
    assert (second.values["birth_date"], second.values["phone"], second.values["age"]) == (
        "2005", "9647701234567", "2.5",
    )  # fmt: skip


def test_xlsx_blank_rows_keep_the_numbering_and_only_the_first_sheet_is_read(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Registrations"
    first.append(HEADER.split(","))
    first.append(HEAD.split(","))
    first.cell(row=6, column=1, value="H-2")
    first.cell(row=6, column=2, value="son")
    workbook.create_sheet("Lists").append(["idp", "returnee"])
    path = tmp_path / "two_sheets.xlsx"
    workbook.save(path)
    with registration_file_open(path) as registration:
        assert registration.sheet == "Registrations"
        assert [row.number for row in registration.rows()] == [2, 6]
        assert registration.count_hint() == 5


def test_xlsx_refusals_name_the_sheet(tmp_path: Path) -> None:
    path = xlsx_write(tmp_path, [HEADER.split(",")], title="March")
    assert refusal_of(path) == "registration.xlsx, sheet “March” has a header row (row 1) but no data rows below it."


def test_xlsx_with_a_wrong_dimension_is_read_to_its_last_row(tmp_path: Path) -> None:
    source = xlsx_write(tmp_path, [HEADER.split(","), *[HEAD.split(",")] * 5])
    path = tmp_path / "wrong_dimension.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as rewritten:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:L2"', data)
            rewritten.writestr(info, data)
    assert len(rows_of(path)) == 5


def test_an_ods_file_is_refused_with_the_format_to_use(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    path = tmp_path / "sheet.ods"
    path.write_bytes(buffer.getvalue())
    assert "Save it as .xlsx or CSV" in refusal_of(path)
