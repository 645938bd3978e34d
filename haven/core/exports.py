"""Spreadsheet-safe CSV downloads, shared by every export."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """The value, with text that a spreadsheet would run as a formula turned into plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_download(*, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[HttpResponse, int]:
    """A CSV attachment with a BOM (so spreadsheet programs read Arabic as UTF-8); returns it and its row count."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([spreadsheet_safe("" if value is None else value) for value in row])
        count += 1
    return response, count
