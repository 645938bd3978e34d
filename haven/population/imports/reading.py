"""Registration files (CSV or XLSX) read into rows of template fields, one row at a time; values are not checked here.

A file that cannot be read at all is refused with `FileRefused`, whose text is the whole message for the person
who sent the file: its name and, where it applies, the sheet, row or column. Rows stream: a 600,000-row file is
never held in memory, and `rows()` may be called again to start from the top.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
import warnings
import weakref
import zipfile
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Literal

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from haven.population.imports.encoding import text_encoding
from haven.population.imports.layout import FileRefused, Layout, Problem, SourceRow, layout_find, layout_refusal
from haven.population.imports.template import ColumnMapping

logger = logging.getLogger(__name__)

# A physical line longer than this refuses the file. No registration needs one, and it bounds memory: a 50 MB
# cell is never read whole. Cells between validation's 1,000-character limit and this are read and reported.
LINE_LIMIT = 1 << 20
# Zip bomb guards, checked on the archive's directory before openpyxl inflates anything; zipfile never inflates
# a member past its declared size, so the declared sizes bound the work. A real 600,000-row sheet is ~450 MB of
# XML deflated about 15 to 1.
_ZIP_TOTAL_LIMIT = 1 << 30
_ZIP_RATIO_LIMIT = 200
_ZIP_RATIO_FLOOR = 10 << 20
_ZIP_MEMBERS_LIMIT = 10_000
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Format = Literal["csv", "xlsx"]


class RegistrationFile:
    """An open registration file: how it was read, its columns, and its rows on demand."""

    def __init__(
        self,
        *,
        name: str,
        format: Format,
        layout: Layout,
        records: Callable[[], Iterator[list[str]]],
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet: str | None = None,
        count_estimate: int | None = None,
    ) -> None:
        self.name = name
        self.format: Format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet = sheet
        self.header_row = layout.header_row
        self.columns: list[tuple[str, str | None]] = [
            (column.header, column.field) for column in layout.columns if column.named
        ]
        self.warnings: list[Problem] = list(layout.warnings)
        self._layout = layout
        self._records = records
        self._count_estimate = count_estimate
        self._open_rows: weakref.WeakSet[Generator[SourceRow, None, None]] = weakref.WeakSet()

    def rows(self) -> Iterator[SourceRow]:
        """Every non-blank row below the header (and the hashtag row), read as they are asked for."""
        generator = self._rows_generate()
        self._open_rows.add(generator)
        return generator

    def count_hint(self) -> int | None:
        """About how many data rows the file holds, for a progress bar; None when it cannot be told cheaply."""
        return self._count_estimate

    def close(self) -> None:
        for generator in list(self._open_rows):
            generator.close()

    def _rows_generate(self) -> Generator[SourceRow, None, None]:
        number = 0
        first = self._layout.last_header_row + 1
        records = self._records()
        try:
            for number, cells in enumerate(records, start=1):
                if number >= first:
                    row = self._layout.row_build(number, cells)
                    if row is not None:
                        yield row
        except FileRefused:
            raise
        except Exception as exc:
            logger.exception("Reading %s failed after row %d", self.name, number)
            raise FileRefused(
                _("%(file)s could not be read after row %(row)d: the file is damaged or not a registration file.")
                % {"file": self.name, "row": number}
            ) from exc
        finally:
            if isinstance(records, Generator):
                records.close()


@contextmanager
def registration_file_open(
    path: Path, *, mapping: ColumnMapping | None = None, display_name: str | None = None
) -> Iterator[RegistrationFile]:
    """Open a registration file for reading; FileRefused, with a message for the sender, when it cannot be read.

    The format is told by the content, never by the file name: XLSX (first sheet) or CSV text in UTF-8 (with or
    without BOM) or Windows-1256. `display_name` is the name the sender knows (the uploaded file's name).
    """
    name = display_name or path.name
    with ExitStack() as stack:
        try:
            registration = _registration_open(path, name=name, mapping=mapping, stack=stack)
        except FileRefused:
            raise
        except Exception as exc:
            logger.exception("Opening %s (%s) failed", name, path)
            raise FileRefused(
                _("%(file)s could not be read: it is damaged or not a registration file (CSV or XLSX).")
                % {"file": name}
            ) from exc
        try:
            yield registration
        finally:
            registration.close()


def file_fingerprint(path: Path) -> str:
    """SHA-256 of the file's bytes, read in chunks: the same file imported twice has the same fingerprint."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def registration_headers_read(path: Path, *, display_name: str | None = None) -> list[str]:
    """The headers of a file, whatever template fields they name; FileRefused when it cannot be read.

    For making a column mapping from a sample (a Kobo export names none of the template's columns, which
    `registration_file_open` would refuse): the same encoding, archive and size checks, no layout check.
    """
    name = display_name or path.name
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise FileRefused(_("%(file)s is empty.") % {"file": name})
    layouts: list[Layout | None] = []
    if head.startswith(b"PK"):
        _archive_check(path, name=name)
        with path.open("rb") as stream, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
            except Exception as exc:
                raise FileRefused(_("%(file)s is not a workbook that can be opened.") % {"file": name}) from exc
            try:
                sheet = workbook.worksheets[0] if workbook.worksheets else None
                if isinstance(sheet, ReadOnlyWorksheet):
                    rows = _xlsx_records(sheet)
                    layouts.append(layout_find(rows, mapping=None))
                    rows.close()
            finally:
                workbook.close()
    else:
        encoding, _lines = text_encoding(path, name=name)
        for delimiter in (",", ";", "\t"):
            records = _csv_records(path, encoding=encoding, delimiter=delimiter, name=name)
            try:
                layouts.append(layout_find(records, mapping=None))
            finally:
                records.close()
    found = [layout for layout in layouts if layout is not None]
    if not found:
        return []
    # The reading that names the most template fields, then the one that splits the header into most columns.
    best = max(found, key=lambda layout: (layout.score, sum(column.named for column in layout.columns)))
    # A header written twice is one row of the mapping: a mapping maps headers, not positions.
    return list(dict.fromkeys(column.header for column in best.columns if column.named))


def _registration_open(path: Path, *, name: str, mapping: ColumnMapping | None, stack: ExitStack) -> RegistrationFile:
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise FileRefused(_("%(file)s is empty.") % {"file": name})
    if head.startswith(_OLE2_MAGIC):
        raise FileRefused(
            _(
                "%(file)s is an old Excel workbook (.xls) or a password-protected one. Open it in Excel or "
                "LibreOffice and save it as .xlsx or CSV (UTF-8), without a password."
            )
            % {"file": name}
        )
    if head.startswith(b"PK"):
        return _xlsx_open(path, name=name, mapping=mapping, stack=stack)
    return _csv_open(path, name=name, mapping=mapping)


def _csv_open(path: Path, *, name: str, mapping: ColumnMapping | None) -> RegistrationFile:
    encoding, lines = text_encoding(path, name=name)
    chosen: tuple[str, Layout] | None = None
    # The delimiter is the one whose reading finds the best header: counting characters is fooled by quoted text.
    for delimiter in (",", ";", "\t"):
        records = _csv_records(path, encoding=encoding, delimiter=delimiter, name=name)
        try:
            layout = layout_find(records, mapping=mapping)
        finally:
            records.close()
        if layout is None:
            raise FileRefused(_("%(file)s is empty: it has no rows.") % {"file": name})
        if chosen is None or layout.score > chosen[1].score:
            chosen = (delimiter, layout)
    assert chosen is not None
    delimiter, layout = chosen
    layout_refusal(layout, where=name)
    return RegistrationFile(
        name=name,
        format="csv",
        layout=layout,
        records=lambda: _csv_records(path, encoding=encoding, delimiter=delimiter, name=name),
        encoding=encoding,
        delimiter=delimiter,
        count_estimate=max(lines - layout.last_header_row, 0) or None,
    )


def _csv_records(path: Path, *, encoding: str, delimiter: str, name: str) -> Generator[list[str], None, None]:
    csv.field_size_limit(LINE_LIMIT)
    number = 0
    with path.open(encoding=encoding, newline="") as stream:
        try:
            for cells in csv.reader(_lines_limited(stream, name=name), delimiter=delimiter):
                number += 1
                yield cells
        except csv.Error as exc:
            reason = str(exc)
            if "field larger" in reason:
                reason = _("a cell is longer than %(limit)s characters") % {"limit": f"{LINE_LIMIT:,}"}
            message = _("%(file)s could not be read as CSV at row %(row)d: %(reason)s.")
            raise FileRefused(message % {"file": name, "row": number + 1, "reason": reason}) from exc


def _lines_limited(stream: IO[str], *, name: str) -> Iterator[str]:
    number = 0
    while line := stream.readline(LINE_LIMIT):
        number += 1
        if len(line) >= LINE_LIMIT and not line.endswith(("\n", "\r")):
            message = _(
                "%(file)s has a line longer than %(limit)s characters (line %(line)d): it is not a registration "
                "file, or a cell holds far more than a registration needs."
            )
            raise FileRefused(message % {"file": name, "limit": f"{LINE_LIMIT:,}", "line": number})
        yield line


def _xlsx_open(path: Path, *, name: str, mapping: ColumnMapping | None, stack: ExitStack) -> RegistrationFile:
    _archive_check(path, name=name)
    stream = stack.enter_context(path.open("rb"))
    try:
        # openpyxl warns about styles and extensions it does not know; none of them matter for the values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # A file object, not a name: openpyxl would otherwise refuse a workbook whose name does not end in .xlsx.
            workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:
        logger.info("openpyxl cannot open %s: %r", name, exc)
        raise FileRefused(_damaged_workbook(name)) from exc
    stack.callback(workbook.close)
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if not isinstance(sheet, ReadOnlyWorksheet):
        raise FileRefused(_("%(file)s has no worksheet.") % {"file": name})
    where = _("%(file)s, sheet “%(sheet)s”") % {"file": name, "sheet": sheet.title}
    dimension_rows = sheet.max_row
    # Some writers store a wrong dimension, and openpyxl would stop reading at it.
    sheet.reset_dimensions()
    records = _xlsx_records(sheet)
    try:
        layout = layout_find(records, mapping=mapping)
    finally:
        records.close()
    if layout is None:
        raise FileRefused(_("%(file)s is empty: its first sheet has no rows.") % {"file": where})
    layout_refusal(layout, where=where)
    estimate = (dimension_rows or 0) - layout.last_header_row
    return RegistrationFile(
        name=name,
        format="xlsx",
        layout=layout,
        records=lambda: _xlsx_records(sheet),
        sheet=sheet.title,
        count_estimate=estimate if estimate > 0 else None,
    )


def _archive_check(path: Path, *, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            inflated = any(
                member.file_size > _ZIP_RATIO_FLOOR and member.file_size > _ZIP_RATIO_LIMIT * member.compress_size
                for member in members
            )
            if len(members) > _ZIP_MEMBERS_LIMIT or total > _ZIP_TOTAL_LIMIT or inflated:
                raise FileRefused(
                    _(
                        "%(file)s was refused: it would inflate to far more data than a registration workbook "
                        "holds (%(size)s MB), which is how “zip bombs” attack servers."
                    )
                    % {"file": name, "size": f"{total >> 20:,}"}
                )
            names = {member.filename for member in members}
            if "mimetype" in names:
                with archive.open("mimetype") as mimetype:
                    if b"opendocument" in mimetype.read(100):
                        raise FileRefused(
                            _(
                                "%(file)s is an OpenDocument file (.ods). Save it as .xlsx or CSV (UTF-8) and "
                                "upload it again."
                            )
                            % {"file": name}
                        )
            if "[Content_Types].xml" not in names or not any(entry.startswith("xl/") for entry in names):
                raise FileRefused(
                    _("%(file)s is a ZIP archive, not an Excel workbook. Upload the registration as XLSX or CSV.")
                    % {"file": name}
                )
    except zipfile.BadZipFile as exc:
        raise FileRefused(_damaged_workbook(name)) from exc


def _damaged_workbook(name: str) -> str:
    return _(
        "%(file)s looks like an Excel workbook but is damaged and cannot be opened. Open it in Excel or "
        "LibreOffice, save it again as .xlsx, and upload the new file."
    ) % {"file": name}


def _xlsx_records(sheet: ReadOnlyWorksheet) -> Generator[list[str], None, None]:
    for values in sheet.values:
        yield [_cell_text(value) for value in values]


def _cell_text(value: object) -> str:
    """A cell's value as the text the sender typed: `123` for 123.0, ISO dates, `true`/`false`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
