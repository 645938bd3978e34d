"""DTM API answers (v2 and v3) read into figure records.

v2 gives one row per area and reporting date. v3 splits the same figure by area of origin and
reason for displacement, so its rows are added up per area and date, the origins kept as a
breakdown; a row repeating the same area, date, origin and reason is a duplicate and refused.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from haven.displacement.imports.records import (
    BreakdownRecord,
    FigureRecord,
    FiguresFile,
    Problem,
    count_read,
    date_read,
)
from haven.displacement.vocabulary import ASSESSMENT_TYPE_CODES, AssessmentType, Dimension, Group

_AREA_FIELDS = (("admin3Pcode", "admin3Name", 3), ("admin2Pcode", "admin2Name", 2), ("admin1Pcode", "admin1Name", 1))
_COUNTRY = ("admin0Pcode", "admin0Name", 0)
_EMPTY = {"", "not available", "none", "n/a", "null"}


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in _EMPTY else text


def dtm_rows(handle: BinaryIO) -> list[Any]:
    """The list of rows of a DTM API answer: `{"result": [...]}` as the API sends it, or the list alone."""
    try:
        document = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"this is not JSON ({error})") from None
    if isinstance(document, dict):
        if document.get("isSuccess") is False:
            messages = "; ".join(str(message) for message in document.get("errorMessages") or [])
            raise ValueError(f"the DTM API answered with an error: {messages or 'no message'}")
        document = document.get("result")
    if not isinstance(document, list):
        raise ValueError('no list of records found (a DTM API answer keeps them under "result")')
    return document


def dtm_read(handle: BinaryIO, problems: list[Problem]) -> FiguresFile:
    rows = dtm_rows(handle)
    figures: dict[tuple[Any, ...], FigureRecord] = {}
    seen: dict[tuple[Any, ...], int] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(Problem(number, "", "a record is not an object"))
            continue
        record = _record(number, row, problems)
        if record is None:
            continue
        origin = _text(row, "idpOriginAdmin1Pcode") or _text(row, "idpOriginAdmin1Name")
        reason = _text(row, "displacementReason")
        identity = (record.area_text, record.reporting_date, record.assessment_type, record.operation)
        detail = (*identity, origin, reason)
        if detail in seen:
            problems.append(
                Problem(number, record.area_text, f"a second record for this area and {record.reporting_date} "
                                                  f"(first at record {seen[detail]})")
            )  # fmt: skip
            continue
        seen[detail] = number
        figure = figures.get(identity)
        if figure is None:
            figures[identity] = figure = record
        else:
            figure.individuals = (figure.individuals or 0) + (record.individuals or 0)
        if origin:
            figure.breakdowns.append(
                BreakdownRecord(Dimension.ORIGIN, origin, individuals=record.individuals, origin_pcode=origin)
            )
    for figure in figures.values():
        figure.breakdowns = _origins_merged(figure.breakdowns)
    return FiguresFile("dtm-json", list(figures.values()))


def _origins_merged(breakdowns: list[BreakdownRecord]) -> list[BreakdownRecord]:
    # One origin can appear under several reasons for displacement; the breakdown is by origin only.
    merged: dict[str, BreakdownRecord] = {}
    for item in breakdowns:
        if item.category in merged:
            merged[item.category].individuals = (merged[item.category].individuals or 0) + (item.individuals or 0)
        else:
            merged[item.category] = item
    return list(merged.values())


def _record(number: int, row: dict[str, Any], problems: list[Problem]) -> FigureRecord | None:
    failed = False
    area_text, level = "", None
    for code_field, name_field, area_level in (*_AREA_FIELDS, _COUNTRY):
        area_text = _text(row, code_field) or _text(row, name_field)
        if area_text:
            level = area_level
            break
    if not area_text:
        problems.append(Problem(number, "admin1Pcode", "no area: admin0Pcode, admin1Pcode or admin2Pcode is needed"))
        failed = True
    try:
        reporting_date = date_read(row.get("reportingDate"))
    except ValueError as error:
        problems.append(Problem(number, "reportingDate", str(error)))
        failed = True
    try:
        individuals = count_read(row.get("numPresentIdpInd"))
        if individuals is None:
            raise ValueError("the number of IDPs is empty")
    except ValueError as error:
        problems.append(Problem(number, "numPresentIdpInd", str(error)))
        failed = True
    round_number = None
    if row.get("roundNumber") not in (None, ""):
        try:
            round_number = count_read(row.get("roundNumber"))
        except ValueError as error:
            problems.append(Problem(number, "roundNumber", str(error)))
            failed = True
    type_text = _text(row, "assessmentType").lower()
    assessment_type = ASSESSMENT_TYPE_CODES.get(type_text, "") if type_text else AssessmentType.BASELINE
    if not assessment_type:
        problems.append(Problem(number, "assessmentType", f"{type_text!r} is not an assessment type Haven knows"))
        failed = True
    if failed:
        return None
    return FigureRecord(
        row=number,
        reporting_date=reporting_date,
        group=Group.IDP,
        assessment_type=assessment_type,
        round_number=round_number,
        operation=_text(row, "operation"),
        area_text=area_text,
        area_level=level,
        individuals=individuals,
    )
