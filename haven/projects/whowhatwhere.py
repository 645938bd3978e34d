"""Who does what where (3W/4W) with HXL hashtags: the row format partners and clusters exchange.

A 3W file is a CSV whose header row is followed (or replaced) by a row of HXL hashtags. Haven
reads columns by hashtag, not by header text, so a cluster's own template with extra columns or
another order imports as long as it carries the tags below. Attributes are matched in any order
(`#org+name` is `#org+name`; `#adm1+code` matches `#adm1+code+v_pcode`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

# (header, hashtag, field) in the order of Haven's export.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Project code", "#activity+code", "code"),
    ("Project", "#activity+name", "title"),
    ("Implementing partner", "#org+name", "partner"),
    ("Government counterpart", "#org+govt+name", "counterpart"),
    ("Sector", "#sector+cluster+name", "sector_name"),
    ("Sector code", "#sector+code", "sector"),
    ("Governorate", "#adm1+name", "adm1_name"),
    ("Governorate P-code", "#adm1+code", "adm1_code"),
    ("District", "#adm2+name", "adm2_name"),
    ("District P-code", "#adm2+code", "adm2_code"),
    ("Locations", "#loc+code", "locations"),
    ("Status", "#status+code", "stage"),
    ("Start", "#date+start", "start_date"),
    ("End", "#date+end", "end_date"),
    ("Budget (USD)", "#value+budget+usd", "budget_usd"),
    ("Spent (USD)", "#value+spent+usd", "spent_usd"),
    ("IDPs targeted", "#targeted+idp", "targeted_idp"),
    ("IDPs reached", "#reached+idp", "reached_idp"),
    ("Returnees targeted", "#targeted+returnee", "targeted_returnee"),
    ("Returnees reached", "#reached+returnee", "reached_returnee"),
    ("Host community targeted", "#targeted+host", "targeted_host_community"),
    ("Host community reached", "#reached+host", "reached_host_community"),
)

REQUIRED_FIELDS = ("code", "title", "sector")
# Tags other templates use for the same column, tried when Haven's own is absent.
ALIASES: dict[str, tuple[str, ...]] = {
    "sector_name": ("#sector+name", "#sector"),
    "adm1_code": ("#adm1",),
    "partner": ("#org+impl",),
    "stage": ("#status",),
}


def tag_key(tag: str) -> tuple[str, frozenset[str]]:
    """A hashtag as (tag, attributes), lower case, so `#ORG +Name` and `#org+name` compare equal."""
    parts = [part.strip().lower() for part in tag.strip().split("+")]
    return parts[0], frozenset(part for part in parts[1:] if part)


def _is_tag_row(cells: Sequence[str]) -> bool:
    filled = [cell.strip() for cell in cells if cell.strip()]
    return bool(filled) and all(cell.startswith("#") for cell in filled)


def _column_for(tags: Sequence[str], wanted: str) -> int | None:
    """The first column whose tag carries at least the wanted tag's attributes.

    A column that carries an attribute another wanted tag needs is not taken, so `#org+govt+name`
    is not read as the implementing partner's `#org+name`.
    """
    name, attributes = tag_key(wanted)
    exact = [i for i, tag in enumerate(tags) if tag_key(tag) == (name, attributes)]
    if exact:
        return exact[0]
    others = {tag_key(tag)[1] for _h, tag, _f in COLUMNS if tag_key(tag)[0] == name and tag != wanted}
    for i, tag in enumerate(tags):
        tag_name, tag_attributes = tag_key(tag)
        if tag_name != name or not attributes <= tag_attributes:
            continue
        if any(other <= tag_attributes and not other <= attributes for other in others if other - attributes):
            continue
        return i
    return None


@dataclass(frozen=True)
class Row:
    number: int  # line in the file, counting from 1
    values: dict[str, str]
    columns: dict[str, str]  # field -> the column's header, to name it in messages


class WhoWhatWhereError(ValueError):
    pass


def read(text: str, *, filename: str = "") -> Iterator[Row]:
    """The rows of a 3W CSV, keyed by Haven's field names; refuses a file without the hashtags it needs."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    lines = list(reader)
    tag_line = next((i for i, cells in enumerate(lines[:25]) if _is_tag_row(cells)), None)
    label = filename or "file"
    if tag_line is None:
        raise WhoWhatWhereError(f"{label}: no row of HXL hashtags (such as #activity+code, #org+name) was found.")
    tags = lines[tag_line]
    headers = lines[tag_line - 1] if tag_line > 0 else tags
    positions: dict[str, int] = {}
    for _header, tag, name in COLUMNS:
        column = _column_for(tags, tag)
        for alias in ALIASES.get(name, ()) if column is None else ():
            column = _column_for(tags, alias) if column is None else column
        if column is not None:
            positions[name] = column
    missing = [
        tag
        for _h, tag, name in COLUMNS
        if name in REQUIRED_FIELDS and name not in positions and not (name == "sector" and "sector_name" in positions)
    ]
    if missing:
        raise WhoWhatWhereError(f"{label}: the hashtags {', '.join(missing)} are missing.")
    if "adm1_code" not in positions and "adm2_code" not in positions:
        raise WhoWhatWhereError(f"{label}: a column tagged #adm1+code or #adm2+code is needed to place projects.")
    columns = {name: (headers[i] if i < len(headers) and headers[i] else tags[i]) for name, i in positions.items()}
    for number, cells in enumerate(lines[tag_line + 1 :], start=tag_line + 2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
        yield Row(number=number, values=values, columns=columns)


def write(rows: Iterable[Sequence[object]]) -> Iterator[list[object]]:
    """Header row, hashtag row, then the data rows as given (in COLUMNS order)."""
    yield [header for header, _t, _f in COLUMNS]
    yield [tag for _h, tag, _f in COLUMNS]
    for row in rows:
        yield list(row)
