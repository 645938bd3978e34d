"""Writes the corpus files that are awkward to type by hand: binary, other encodings, zip archives, long cells.

    .venv/bin/python -m haven.population.tests.imports.corpus_build

The output is committed next to the hand-written files so the corpus can be read as files; running this again
gives the same bytes. MANIFEST.csv says what each file is and what the import must say about it.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

CORPUS = Path(__file__).resolve().parent / "corpus"
_STAMP = (2008, 3, 1, 0, 0, 0)
HEADER = [
    "household_ref", "relationship", "given_name", "father_name", "family_name", "sex", "birth_date", "phone",
    "population_group", "location", "origin", "consent",
]  # fmt: skip
HEAD_ROW = ["H-1", "head", "Ali", "Hassan", "al-Jubouri", "M", "1975", "07701234567", "idp", "IQG08", "IQG01", "yes"]
ARABIC_ROWS = [
    ["ب-1", "head", "أحمد", "علي", "الجبوري", "ذكر", "1970", "07801234567", "idp", "IQG08", "IQG01", "نعم"],
    ["ب-1", "spouse", "فاطمة", "كاظم", "", "أنثى", "1975-04", "", "", "", "", ""],
    ["ب-1", "daughter", "زينب", "أحمد", "", "انثى", "2001-09-12", "", "", "", "", ""],
]


def _csv(rows: list[list[str]], *, delimiter: str = ",") -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def _zip_fixed(members: list[tuple[str, bytes]], *, level: int = 6) -> bytes:
    """A zip archive whose bytes do not depend on the day it was built."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=_STAMP), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _zip_refreeze(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _zip_fixed([(info.filename, archive.read(info)) for info in archive.infolist()])


def _workbook_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Registrations"
    for row in rows:
        sheet.append(list(row))
    workbook.properties.created = workbook.properties.modified = dt.datetime(2008, 3, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _zip_refreeze(buffer.getvalue())


def _canonical_xlsx() -> bytes:
    # As Excel stores what people type: dates as dates, a phone as a number (its 0 lost), an age as a float.
    return _workbook_bytes(
        [
            [*HEADER, "age", "displaced_on"],
            ["H-1", "head", "Ali", "Hassan", "al-Jubouri", "M", dt.datetime(1975, 6, 2), 7701234567, "idp",
             "IQG08", "IQG01", "yes", None, dt.date(2006, 3, 1)],
            ["H-1", "son", "Omar", "Ali", None, "M", None, None, None, None, None, None, 12.0, None],
            [None] * 14,
            ["H-2", "head", "Zainab", "Jasim", None, "F", 1968, "+964 790 123 4567", "host_community", "IQG08",
             None, True, None, None],
        ]
    )  # fmt: skip


def _corrupt_sheet_xlsx() -> bytes:
    good = _workbook_bytes([HEADER, HEAD_ROW])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    broken = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    return _zip_fixed([(name, broken if name.endswith("sheet1.xml") else data) for name, data in members])


def _zip_bomb_xlsx() -> bytes:
    # 12 MB of blanks deflate about 1,000 to 1; a real bomb nests or repeats this until it fills the server.
    sheet = b"<worksheet><sheetData>" + b" " * 12_000_000 + b"</sheetData></worksheet>"
    return _zip_fixed(
        [
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", sheet),
        ],
        level=9,
    )


def _ods() -> bytes:
    return _zip_fixed(
        [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<office:document/>")]
    )


def corpus_build(*, folder: Path = CORPUS) -> list[Path]:
    """Write every generated corpus file into `folder`; returns their paths."""
    rng = random.Random(2008)
    latin = _csv([HEADER, ["H-1", "head", "José", "Zoë", "Peña", "M", "1975", "", "idp", "IQG08", "IQG01", "yes"]])
    broken = _csv([HEADER, ARABIC_ROWS[0]]).encode() + _csv([ARABIC_ROWS[1]]).encode("cp1256")
    long_row = [*HEAD_ROW[:4], "A" * 200_000, *HEAD_ROW[5:]]
    files: dict[str, bytes] = {
        "windows_1256.csv": _csv([HEADER, *ARABIC_ROWS]).encode("cp1256"),
        "bom_utf8.csv": _csv([HEADER, *ARABIC_ROWS]).encode("utf-8-sig"),
        "latin_1.csv": latin.encode("latin-1"),
        "utf_16.csv": _csv([HEADER, HEAD_ROW]).encode("utf-16"),
        "broken_utf8.csv": broken,
        "long_cell.csv": _csv([HEADER, long_row]).encode(),
        "binary_garbage.csv": bytes(rng.randrange(256) for _ in range(4096)),
        "zip_bomb.xlsx": _zip_bomb_xlsx(),
        "corrupt.xlsx": _workbook_bytes([HEADER, HEAD_ROW])[:700],
        "corrupt_sheet.xlsx": _corrupt_sheet_xlsx(),
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "spreadsheet.ods": _ods(),
        "canonical.xlsx": _canonical_xlsx(),
    }
    written = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in corpus_build():
        print(f"{path.name}: {path.stat().st_size:,} bytes")  # noqa: T201
