"""A registration file's layout: which row is the header, which column is which template field, and its rows.

Shared by the CSV and XLSX readers, which hand over each spreadsheet row as a list of cell texts. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from haven.population.imports.template import (
    ColumnMapping,
    column_by_hashtag,
    column_by_header,
    is_hashtag,
    required_columns_missing,
)

_HEADER_SEARCH = 10  # non-blank rows in which the header is looked for: a title often sits above it
_SHOWN = 60  # characters of a value shown in a problem
_COLUMN_LIMIT = 2_000  # a row naming more columns is not a header (large Kobo forms export a few hundred)
_HEADER_SHOWN = 100  # characters of a header kept as its name; the report's column field holds 200


class FileRefused(Exception):
    """The whole file cannot be read; `str(exc)` is the complete message for the person who sent it."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a cell, a row, a household or the file, as the validation report lists it."""

    row: int | None  # as the sender's spreadsheet numbers it: the header is row 1, a hashtag row counts
    column: str  # the header as written in the sender's file; "" for a whole row or household
    value: str  # the value seen, shortened for display
    message: str
    severity: Literal["error", "warning"]
    household_ref: str = ""


@dataclass
class SourceRow:
    """One non-blank row of the file, cell texts stripped, before any check."""

    number: int
    values: dict[str, str]  # template field → text; empty cells are absent
    extra: dict[str, str]  # columns the template does not know: header → text
    problems: list[Problem] = field(default_factory=list)  # found while reading (more cells than the header)
    headers: Mapping[str, str] = field(default_factory=dict)  # template field → header as written, for reports


def value_shorten(text: str) -> str:
    """The text for display: at most 60 characters, then how long it really is."""
    if len(text) <= _SHOWN:
        return text
    return text[:_SHOWN] + "… " + _("(%(count)s characters)") % {"count": f"{len(text):,}"}


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # the header word as written, else its hashtag, else "(column F)"
    field: str | None  # the template field, None for an extra column
    extra_key: str  # the key of its values in `SourceRow.extra`: the header, made unique
    named: bool  # the header row or the hashtag row names it


@dataclass
class Layout:
    header_row: int
    last_header_row: int  # the hashtag row when there is one, else the header row
    columns: list[Column]
    score: int  # template fields found: the best-scoring row among the first few is the header
    has_data: bool
    duplicates: dict[str, list[Column]]
    warnings: list[Problem]
    headers: dict[str, str] = field(init=False)
    _fields: list[tuple[int, str]] = field(init=False, repr=False)
    _extras: list[tuple[int, str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.headers = {column.field: column.header for column in self.columns if column.field}
        self._fields = [(column.index, column.field) for column in self.columns if column.field]
        self._extras = [(column.index, column.extra_key) for column in self.columns if not column.field]

    def row_build(self, number: int, cells: list[str]) -> SourceRow | None:
        """The row's cells sorted into template fields and extra fields; None for a blank row."""
        width = len(self.columns)
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        # Comprehensions: this runs once per row of files of 600,000 rows.
        values = {name: text for index, name in self._fields if (text := cells[index].strip())}
        extra = {key: text for index, key in self._extras if (text := cells[index].strip())}
        surplus = [stripped for cell in cells[width:] if (stripped := cell.strip())] if len(cells) > width else []
        if not values and not extra and not surplus:
            return None
        row = SourceRow(number=number, values=values, extra=extra, headers=self.headers)
        if surplus:
            message = _(
                "This row has %(cells)d cells but the header names %(columns)d columns; the cells beyond were not "
                "read. Give those columns a header or, if a comma or semicolon inside a value split it, put that "
                "value in quotes."
            ) % {"cells": len(cells), "columns": width}
            row.problems.append(Problem(number, "", value_shorten(surplus[0]), message, "error"))
        return row


def layout_find(records: Iterable[list[str]], *, mapping: ColumnMapping | None) -> Layout | None:
    """The layout of a file given its rows' cell texts; None when it has no non-blank row at all.

    The header is the row, among the first ten non-blank ones, that names the most template columns, by header
    word or by the HXL hashtag row just below it; rows above it are titles and are skipped.
    """
    seen: list[tuple[int, list[str]]] = []
    iterator = iter(records)
    for number, cells in enumerate(iterator, start=1):
        if any(cell.strip() for cell in cells):
            seen.append((number, cells))
            if len(seen) > _HEADER_SEARCH:
                break
    if not seen:
        return None
    best: Layout | None = None
    for position, (number, cells) in enumerate(seen[:_HEADER_SEARCH]):
        hashtags: list[str] | None = None
        last = number
        following = seen[position + 1] if position + 1 < len(seen) else None
        if following is not None and not _is_hashtag_row(cells) and _is_hashtag_row(following[1]):
            hashtags, last = following[1], following[0]
        layout = _layout_make(number, last, cells, hashtags, mapping=mapping)
        if best is None or layout.score > best.score:
            best = layout
    assert best is not None
    best.has_data = any(number > best.last_header_row for number, _cells in seen) or any(
        any(cell.strip() for cell in cells) for cells in iterator
    )
    if best.header_row > seen[0][0]:
        best.warnings.insert(
            0,
            Problem(
                seen[0][0],
                "",
                "",
                _("The rows above the header (row %(row)d) were taken for a title and skipped.")
                % {"row": best.header_row},
                "warning",
            ),
        )
    return best


def layout_refusal(layout: Layout, *, where: str) -> None:
    """FileRefused when the layout cannot be imported: no header, no data, two columns for a field, or too few."""
    if layout.score == 0:
        raise FileRefused(
            _(
                "%(file)s has no header row Haven recognises: the first row must name the template's columns "
                "(household_ref, relationship, given_name, …) or give their HXL hashtags, or choose a column "
                "mapping made for this layout."
            )
            % {"file": where}
        )
    if not layout.has_data:
        raise FileRefused(
            _("%(file)s has a header row (row %(row)d) but no data rows below it.")
            % {"file": where, "row": layout.header_row}
        )
    if layout.duplicates:
        pairs = [
            _("%(field)s (%(columns)s)")
            % {"field": name, "columns": ", ".join(f"“{c.header}”, {_column_label(c.index)}" for c in columns)}
            for name, columns in layout.duplicates.items()
        ]
        raise FileRefused(
            _(
                "%(file)s has more than one column for the same template field: %(pairs)s. Keep one of them, or "
                "rename the other so that it is kept as an extra field."
            )
            % {"file": where, "pairs": "; ".join(pairs)}
        )
    missing = required_columns_missing({column.field for column in layout.columns if column.field})
    if missing:
        raise FileRefused(
            _(
                "%(file)s lacks required columns: %(missing)s. Add them to the header row (row %(row)d), or "
                "choose a column mapping that names them."
            )
            % {"file": where, "missing": ", ".join(missing), "row": layout.header_row}
        )


def _is_hashtag_row(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell.strip()]
    return bool(filled) and all(is_hashtag(cell) for cell in filled)


def _column_label(index: int) -> str:
    return _("column %(letter)s") % {"letter": get_column_letter(index + 1)}


def _field_of(text: str, mapping: ColumnMapping | None) -> str | None:
    if not text:
        return None
    name = mapping.field_for(text) if mapping is not None else None
    if name is None:
        column = column_by_hashtag(text) if text.startswith("#") else column_by_header(text)
        name = column.name if column is not None else None
    return name


def _layout_make(
    number: int, last: int, cells: list[str], hashtags: list[str] | None, *, mapping: ColumnMapping | None
) -> Layout:
    tags = hashtags or []
    # The header ends at its last named column: Excel often saves empty cells far to the right.
    width = 1 + max((i for i, text in enumerate(cells) if text.strip()), default=-1)
    width = max(width, 1 + max((i for i, text in enumerate(tags) if text.strip()), default=-1))
    if width > _COLUMN_LIMIT:
        return Layout(number, last, [], 0, False, {}, [])
    words = [cells[i].strip() if i < len(cells) else "" for i in range(width)]
    marks = [tags[i].strip() if i < len(tags) else "" for i in range(width)]
    # A header word names the field; the hashtag below it counts only when the word is unknown.
    fields = [_field_of(word, mapping) or _field_of(mark, mapping) for word, mark in zip(words, marks, strict=True)]
    warnings: list[Problem] = []
    # Kobo and ODK export a question inside a group as `group_hh/given_name`: the last part names the field
    # when no other column names it.
    claimed = {name for name in fields if name}
    by_segment: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        segment = column_by_header(word.rsplit("/", 1)[1]) if fields[index] is None and "/" in word else None
        if segment is not None and segment.name not in claimed:
            by_segment.setdefault(segment.name, []).append(index)
    for name, indexes in by_segment.items():
        if len(indexes) == 1:
            fields[indexes[0]] = name
        else:
            message = _(
                "Columns %(headers)s all end in “%(field)s”, so none of them was taken for it; choose one in a "
                "column mapping."
            ) % {"headers": ", ".join(f"“{words[i][:_HEADER_SHOWN]}”" for i in indexes), "field": name}
            warnings.append(Problem(number, "", "", message, "warning"))
    columns: list[Column] = []
    keys: set[str] = set()
    for index, (word, mark, found) in enumerate(zip(words, marks, fields, strict=True)):
        header = (word or mark)[:_HEADER_SHOWN] or f"({_column_label(index)})"
        key = header if header not in keys else f"{header} ({_column_label(index)})"
        keys.add(key)
        columns.append(Column(index, header, found, key, bool(word or mark)))
    duplicates: dict[str, list[Column]] = {}
    for column in columns:
        if column.field:
            duplicates.setdefault(column.field, []).append(column)
    duplicates = {name: same for name, same in duplicates.items() if len(same) > 1}
    if hashtags is not None:
        message = _("Row %(row)d holds HXL hashtags: it was recognised and skipped.") % {"row": last}
        warnings.insert(0, Problem(last, "", "", message, "warning"))
    for column in columns:
        if column.named and column.field is None:
            message = _("Column “%(header)s” is not in the template: its values are kept as extra fields.") % {
                "header": column.header
            }
            warnings.append(Problem(number, column.header, "", message, "warning"))
    score = len({column.field for column in columns if column.field})
    return Layout(number, last, columns, score, False, duplicates, warnings)
