"""Master-list spreadsheets (CSV, XLSX) and HXL-tagged CSV read into figure records.

DTM's master lists renamed their columns from round to round (Families, then Households; IDP
individuals, then Individuals), so columns are found through a crosswalk of the names met, not
by position. An HXL row, when there is one, is trusted over the names above it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hxl.model import Column, TagPattern

from haven.displacement.imports.records import (
    BreakdownRecord,
    FigureRecord,
    FiguresFile,
    NeedRecord,
    Problem,
    count_read,
    date_read,
    flag_read,
)
from haven.displacement.vocabulary import (
    ASSESSMENT_TYPE_CODES,
    GROUP_HXL,
    GROUP_WORDS,
    SECTOR_WORDS,
    SHELTER_TYPES,
    STATUS_WORDS,
    AssessmentType,
    Dimension,
    Group,
    category_key,
)

# Column names met in master lists and partner spreadsheets, reduced with `category_key`.
CROSSWALK: dict[str, tuple[str, ...]] = {
    "date": ("reporting date", "date", "date of assessment", "assessment date", "snapshot date", "date reported"),
    "round": ("round", "round number", "round no", "dtm round", "round code"),
    "assessment_type": ("assessment type", "assessment", "type of assessment"),
    "operation": ("operation", "operation name"),
    "adm1": ("governorate pcode", "adm1 pcode", "admin1 pcode", "admin1pcode", "gov pcode", "governorate code",
             "adm1 code", "adm1pcode"),
    "adm1_name": ("governorate", "adm1", "admin 1", "admin1", "province", "governorate name", "adm1 name"),
    "adm2": ("district pcode", "adm2 pcode", "admin2 pcode", "admin2pcode", "district code", "adm2 code",
             "adm2pcode"),
    "adm2_name": ("district", "adm2", "admin 2", "admin2", "district name", "adm2 name"),
    "adm3": ("subdistrict pcode", "sub district pcode", "adm3 pcode", "admin3 pcode", "admin3pcode",
             "subdistrict code", "adm3 code", "adm3pcode"),
    "adm3_name": ("subdistrict", "sub district", "adm3", "admin 3", "admin3", "subdistrict name", "adm3 name"),
    "location_code": ("location id", "place id", "location code", "locationid", "placeid", "location pcode",
                      "site id", "location no"),
    "location_name": ("location name", "location name in english", "location", "place name", "site name",
                      "location name en", "place"),
    "group": ("population group", "group", "population type"),
    "families": ("families", "households", "hh", "number of families", "no of families", "num families",
                 "number of households", "no of households", "family"),
    "individuals": ("individuals", "ind", "persons", "people", "number of individuals", "no of individuals",
                    "num individuals", "number of persons"),
    "status": ("status", "assessment status", "location status"),
    "ki_name": ("key informant", "key informant name", "ki name", "informant name", "ki"),
    "ki_phone": ("key informant phone", "ki phone", "informant phone", "key informant telephone", "ki telephone",
                 "key informant phone number"),
    "ki_role": ("key informant role", "ki role", "informant role", "key informant position", "ki position"),
}  # fmt: skip
_ROLE_OF = {name: role for role, names in CROSSWALK.items() for name in names}
_FAMILY_WORDS = frozenset({"families", "family", "households", "household", "hh", "hhs"})
_PEOPLE_WORDS = frozenset({"individuals", "ind", "persons", "people", "inds"})
_PERIOD = re.compile(
    r"^(pre|post|before|after|since)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s*\d{2,4}\b"
)

# HXL: which tag pattern means what. Groups' counts are matched per group below.
HXL_ROLES: list[tuple[str, str]] = [
    ("date", "#date+reported"),
    ("date", "#date"),
    ("round", "#round"),
    ("assessment_type", "#assessment+type"),
    ("operation", "#operation"),
    ("location_code", "#loc+code"),
    ("location_name", "#loc+name"),
    ("adm3", "#adm3+code"),
    ("adm3_name", "#adm3+name"),
    ("adm2", "#adm2+code"),
    ("adm2_name", "#adm2+name"),
    ("adm1", "#adm1+code"),
    ("adm1_name", "#adm1+name"),
    ("status", "#status"),
]


@dataclass(frozen=True)
class ColumnRole:
    role: str  # a CROSSWALK key, "count", "breakdown", "need", "priority" or "assistance"
    group: str = ""
    kind: str = ""  # families / individuals
    dimension: str = ""
    category: str = ""
    sector: str = ""
    origin_text: str = ""


OriginLookup = Callable[[str], str | None]


def _split_kind(key: str) -> tuple[str, str]:
    """A header's words without a trailing or leading families/individuals word, and which it was."""
    words = key.split()
    if words and words[-1] in _FAMILY_WORDS:
        return " ".join(words[:-1]), "families"
    if words and words[-1] in _PEOPLE_WORDS:
        return " ".join(words[:-1]), "individuals"
    if words and words[0] in _FAMILY_WORDS:
        return " ".join(words[1:]), "families"
    if words and words[0] in _PEOPLE_WORDS:
        return " ".join(words[1:]), "individuals"
    return key, ""


def _group_count(key: str) -> ColumnRole | None:
    rest, kind = _split_kind(key)
    if key == "host families":  # a DTM shelter type (living with host families), not a count of hosts
        return None
    if kind and rest in GROUP_WORDS:
        return ColumnRole("count", group=GROUP_WORDS[rest], kind=kind)
    return None


def _prefixed(key: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1 :]
        if key.endswith(" " + prefix):
            return key[: -len(prefix) - 1]
    return ""


def header_role(header: str, origin_lookup: OriginLookup) -> ColumnRole | None:
    """What a master-list column holds, from its name; None for a column Haven does not read."""
    key = category_key(header)
    if not key:
        return None
    if key in _ROLE_OF:
        return ColumnRole(_ROLE_OF[key])
    counted = _group_count(key)
    if counted:
        return counted
    match = re.fullmatch(r"(?:priority need|need priority|priority)\s*(\d)|(first|second|third) priority need", key)
    if match:
        rank = int(match.group(1)) if match.group(1) else ("first", "second", "third").index(match.group(2)) + 1
        return ColumnRole("priority", kind=str(rank))
    for prefixes, role in ((("need", "needs", "need for"), "need"), (("assistance", "received", "assistance received"),
                                                                      "assistance")):  # fmt: skip
        sector = _prefixed(key, prefixes)
        if sector in SECTOR_WORDS:
            return ColumnRole(role, sector=SECTOR_WORDS[sector])
    body, kind = _split_kind(key)
    if key in SHELTER_TYPES:  # "Host families" is a shelter type, not a count of families called "host"
        body, kind = key, ""
    kind = kind or "families"
    shelter = _prefixed(body, ("shelter",))
    if shelter or body in SHELTER_TYPES:
        category = shelter or body
        return ColumnRole("breakdown", kind=kind, dimension=Dimension.SHELTER, category=category)
    period = _prefixed(body, ("period", "displaced"))
    if period or _PERIOD.search(body):
        return ColumnRole("breakdown", kind=kind, dimension=Dimension.PERIOD, category=period or body)
    origin = _prefixed(body, ("origin", "from", "origin governorate"))
    if origin or origin_lookup(body):
        text = origin or body
        return ColumnRole("breakdown", kind=kind, dimension=Dimension.ORIGIN, category=text, origin_text=text)
    return None


def hxl_role(tag: str) -> ColumnRole | None:
    column = Column.parse(tag)
    if not column:
        return None
    for group, attribute in GROUP_HXL.items():
        for kind, unit in (("individuals", "ind"), ("families", "hh")):
            if TagPattern.parse(f"#affected+{attribute}+{unit}").match(column):
                return ColumnRole("count", group=group, kind=kind)
    for role, pattern in HXL_ROLES:
        if TagPattern.parse(pattern).match(column):
            return ColumnRole(role)
    return None


def _is_hxl_row(cells: list[Any]) -> bool:
    texts = [str(cell).strip() for cell in cells if cell not in (None, "") and str(cell).strip()]
    return bool(texts) and all(text.startswith("#") for text in texts)


def table_rows(path: Path, *, name: str) -> Iterator[list[Any]]:
    """Every row of a CSV (UTF-8 or Windows-1256) or of the first sheet of an XLSX workbook, one at a time.

    Rows are read as they are used, so a master list of half a million rows is never held whole.
    """
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:
            raise ValueError(f"this is not a readable XLSX workbook ({error.__class__.__name__})") from None
        return _sheet_rows(workbook)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("the file is neither UTF-8 nor Windows-1256 text")
    del raw
    if "\x00" in text:
        raise ValueError("the file is binary, not CSV text")
    return _csv_rows(text)


def _sheet_rows(workbook: Any) -> Iterator[list[Any]]:
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _csv_rows(text: str) -> Iterator[list[Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise ValueError(f"the CSV is malformed near line {reader.line_num} ({error})") from None


def table_read(
    rows: Iterable[list[Any]], problems: list[Problem], *, origin_lookup: OriginLookup, default_group: str = Group.IDP
) -> FiguresFile:
    """Figure records from a table whose first row names the columns (and whose second may tag them in HXL).

    Rows are numbered as a spreadsheet numbers them, blank rows included, so a problem's row is the
    row a person finds in the file.
    """
    numbered = (
        (number, row) for number, row in enumerate(rows, start=1) if any(cell not in (None, "") for cell in row)
    )
    first = next(numbered, None)
    if first is None:
        raise ValueError("the file has no rows")
    second = next(numbered, None)
    headers = ["" if cell is None else str(cell).strip() for cell in first[1]]
    file_format = "spreadsheet"
    roles: list[ColumnRole | None]
    data: Iterator[tuple[int, list[Any]]]
    if _is_hxl_row(first[1]):
        file_format, roles = "hxl", [hxl_role(str(cell or "")) for cell in first[1]]
        data = itertools.chain([second] if second else [], numbered)
    elif second is not None and _is_hxl_row(second[1]):
        file_format, roles = "hxl", [hxl_role(str(cell or "")) for cell in second[1]]
        data = numbered
    else:
        roles = [header_role(header, origin_lookup) for header in headers]
        data = itertools.chain([second] if second else [], numbered)
    labels = [
        headers[index] if index < len(headers) and headers[index] else f"column {index + 1}"
        for index in range(len(roles))
    ]
    ignored = [labels[index] for index, role in enumerate(roles) if role is None and labels[index]]
    by_role: dict[str, int] = {}
    for index, role in enumerate(roles):
        if role is not None and role.role not in {"count", "breakdown", "need", "priority", "assistance"}:
            by_role.setdefault(role.role, index)
    _columns_check(by_role, roles, problems)
    if problems:
        return FiguresFile(file_format, [], ignored)
    records: list[FigureRecord] = []
    for number, row in data:
        records += _row_records(number, row, roles, labels, by_role, problems, default_group)
    return FiguresFile(file_format, records, ignored)


def _columns_check(by_role: dict[str, int], roles: list[ColumnRole | None], problems: list[Problem]) -> None:
    if "date" not in by_role:
        problems.append(Problem(0, "", "no reporting date column (e.g. “Reporting date” or #date+reported)"))
    if not any(role in by_role for role in ("adm1", "adm1_name", "adm2", "adm2_name", "adm3", "adm3_name")):
        problems.append(Problem(0, "", "no area column (a governorate, district or sub-district P-code or name)"))
    counts = [role for role in roles if role is not None and role.role == "count"]
    if not counts and "families" not in by_role and "individuals" not in by_role:
        problems.append(Problem(0, "", "no families or individuals column"))


def _cell(row: list[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    value = row[index]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(row: list[Any], by_role: dict[str, int], role: str) -> str:
    value = _cell(row, by_role.get(role))
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _row_records(
    number: int,
    row: list[Any],
    roles: list[ColumnRole | None],
    labels: list[str],
    by_role: dict[str, int],
    problems: list[Problem],
    default_group: str,
) -> list[FigureRecord]:
    before = len(problems)
    date_label = labels[by_role["date"]]
    reporting_date: dt.date | None = None
    try:
        reporting_date = date_read(_cell(row, by_role["date"]))
    except ValueError as error:
        problems.append(Problem(number, date_label, str(error)))
    area_text, level = "", None
    for role, area_level in (("adm3", 3), ("adm2", 2), ("adm1", 1), ("adm3_name", 3), ("adm2_name", 2),
                             ("adm1_name", 1)):  # fmt: skip
        area_text = _text(row, by_role, role)
        if area_text:
            level = area_level
            break
    if not area_text:
        problems.append(Problem(number, "", "no area given on this row"))
    round_number = None
    if _text(row, by_role, "round"):
        try:
            round_number = count_read(re.sub(r"^(round|r)\s*", "", _text(row, by_role, "round"), flags=re.I))
        except ValueError as error:
            problems.append(Problem(number, labels[by_role["round"]], str(error)))
    # DTM's master lists are its baseline, location by location; other assessments say what they are.
    assessment_type: str = AssessmentType.BASELINE
    if _text(row, by_role, "assessment_type"):
        found = ASSESSMENT_TYPE_CODES.get(_text(row, by_role, "assessment_type").lower())
        if found is None:
            problems.append(Problem(number, labels[by_role["assessment_type"]], "not an assessment type Haven knows"))
        else:
            assessment_type = found
    status = "new"
    if _text(row, by_role, "status"):
        found = STATUS_WORDS.get(category_key(_text(row, by_role, "status")))
        if found is None:
            problems.append(Problem(number, labels[by_role["status"]], "the status is new, updated or not accessible"))
        else:
            status = found
    counts = _counts(number, row, roles, labels, by_role, problems, default_group)
    breakdowns, needs = _details(number, row, roles, labels, problems)
    if len(problems) > before or reporting_date is None:
        return []
    if not counts and status != "not_accessible":
        problems.append(Problem(number, "", "no families or individuals on this row"))
        return []
    records = []
    groups = counts or {default_group: (None, None)}
    for position, (group, (families, individuals)) in enumerate(groups.items()):
        records.append(
            FigureRecord(
                row=number,
                reporting_date=reporting_date,
                group=group,
                assessment_type=assessment_type,
                round_number=round_number,
                operation=_text(row, by_role, "operation"),
                area_text=area_text,
                area_level=level,
                location_code=_text(row, by_role, "location_code"),
                location_name=_text(row, by_role, "location_name"),
                families=families,
                individuals=individuals,
                status=status,
                key_informant_name=_text(row, by_role, "ki_name"),
                key_informant_phone=_text(row, by_role, "ki_phone"),
                key_informant_role=_text(row, by_role, "ki_role"),
                # A row's breakdowns and needs describe its first group (IDPs in an IDP master list).
                breakdowns=breakdowns if position == 0 else [],
                needs=needs if position == 0 else [],
            )
        )
    return records


def _counts(
    number: int,
    row: list[Any],
    roles: list[ColumnRole | None],
    labels: list[str],
    by_role: dict[str, int],
    problems: list[Problem],
    default_group: str,
) -> dict[str, tuple[int | None, int | None]]:
    counts: dict[str, list[int | None]] = {}

    def put(group: str, kind: str, index: int) -> None:
        try:
            value = count_read(_cell(row, index))
        except ValueError as error:
            problems.append(Problem(number, labels[index], str(error)))
            return
        if value is None:
            return
        slot = counts.setdefault(group, [None, None])
        slot[0 if kind == "families" else 1] = value

    group = default_group
    if _text(row, by_role, "group"):
        found = GROUP_WORDS.get(category_key(_text(row, by_role, "group")))
        if found is None:
            problems.append(Problem(number, labels[by_role["group"]], "the group is IDP, returnee or host community"))
        else:
            group = found
    for kind in ("families", "individuals"):
        if kind in by_role:
            put(group, kind, by_role[kind])
    for index, role in enumerate(roles):
        if role is not None and role.role == "count":
            put(role.group, role.kind, index)
    return {group: (values[0], values[1]) for group, values in counts.items()}


def _details(
    number: int, row: list[Any], roles: list[ColumnRole | None], labels: list[str], problems: list[Problem]
) -> tuple[list[BreakdownRecord], list[NeedRecord]]:
    breakdowns: dict[tuple[str, str], BreakdownRecord] = {}
    needs: dict[str, NeedRecord] = {}
    for index, role in enumerate(roles):
        if role is None or role.role not in {"breakdown", "need", "priority", "assistance"}:
            continue
        value = _cell(row, index)
        if value is None:
            continue
        try:
            if role.role == "breakdown":
                count = count_read(value)
                if not count:
                    continue
                item = breakdowns.setdefault(
                    (role.dimension, role.category),
                    BreakdownRecord(role.dimension, role.category, origin_pcode=role.origin_text),
                )
                setattr(item, role.kind, count)
            elif role.role == "priority":
                sector = SECTOR_WORDS.get(category_key(str(value)))
                if sector is None:
                    raise ValueError(f"{value!r} is not a sector (food, water, non-food items, sanitation, health, "
                                     "shelter, livelihoods, protection)")  # fmt: skip
                need = needs.setdefault(sector, NeedRecord(sector))
                need.priority, need.is_needed = int(role.kind), True
            else:
                need = needs.setdefault(role.sector, NeedRecord(role.sector))
                if role.role == "need":
                    need.is_needed = flag_read(value)
                else:
                    need.assistance_received = flag_read(value)
        except ValueError as error:
            problems.append(Problem(number, labels[index], str(error)))
    return list(breakdowns.values()), list(needs.values())
