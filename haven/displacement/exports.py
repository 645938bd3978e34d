"""Figures written out: the long CSV of `haven displacement figures`, wide CSV/XLSX with an HXL row, DTM API JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import QuerySet

from haven.core.exports import spreadsheet_safe
from haven.displacement.models import AreaFigure, Round
from haven.displacement.vocabulary import DTM_TYPE_CODE, GROUP_HXL, Group
from haven.geo.pcodes import ISO3_TO_ISO2
from haven.geo.selectors import area_names_en


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


LONG_HEADER = ["date", "round", "pcode", "name", "group", "families", "individuals"]

_ISO2_TO_ISO3 = {iso2: iso3 for iso3, iso2 in ISO3_TO_ISO2.items()}


def _blank(value: Any) -> Any:
    return "" if value is None else value


def long_rows(rows: QuerySet[AreaFigure]) -> Iterable[list[Any]]:
    """One row per area, date and group; families blank where unknown."""
    for figure in rows.iterator(chunk_size=5000):
        yield [
            figure.reporting_date.isoformat(), _blank(figure.round_number), figure.area.pcode, figure.area.name_en,
            figure.group, _blank(figure.families), figure.individuals,
        ]  # fmt: skip


def wide_header(level: int) -> tuple[list[str], list[str]]:
    """Column names and their HXL tags for one row per area and date, the groups side by side."""
    names = ["date", "round", f"adm{level}_pcode", f"adm{level}_name"]
    tags = ["#date+reported", "#round+code", f"#adm{level}+code", f"#adm{level}+name"]
    for group in Group.values:
        attribute = GROUP_HXL[group]
        names += [f"{group}_families", f"{group}_individuals"]
        tags += [f"#affected+{attribute}+hh", f"#affected+{attribute}+ind"]
    return names, tags


def wide_rows(rows: QuerySet[AreaFigure]) -> Iterable[list[Any]]:
    current: list[Any] | None = None
    key: tuple[Any, ...] | None = None
    offsets = {group: 4 + 2 * position for position, group in enumerate(Group.values)}
    for figure in rows.iterator(chunk_size=5000):
        figure_key = (figure.reporting_date, figure.area_id)
        if figure_key != key:
            if current is not None:
                yield current
            key = figure_key
            current = [figure.reporting_date.isoformat(), _blank(figure.round_number), figure.area.pcode,
                       figure.area.name_en] + [""] * (2 * len(Group.values))  # fmt: skip
        assert current is not None
        offset = offsets[figure.group]
        current[offset] = _blank(figure.families)
        current[offset + 1] = figure.individuals
    if current is not None:
        yield current


def figures_csv_write(rows: QuerySet[AreaFigure], stream: Writable, *, hxl: bool = False, level: int = 1) -> int:
    """Write the long CSV (the `figures` command's format) or, with `hxl`, the wide one with its HXL row."""
    writer = csv.writer(stream, lineterminator="\n")
    count = 0
    if hxl:
        names, tags = wide_header(level)
        writer.writerow(names)
        writer.writerow(tags)
        body: Iterable[list[Any]] = wide_rows(rows.filter(level=level))
    else:
        writer.writerow(LONG_HEADER)
        body = long_rows(rows)
    for row in body:
        writer.writerow([spreadsheet_safe(value) for value in row])
        count += 1
    return count


def figures_xlsx(rows: QuerySet[AreaFigure], *, level: int) -> bytes:
    """The wide table as an XLSX workbook: names in row 1, HXL tags in row 2, as HDX publishes."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("figures")
    names, tags = wide_header(level)
    sheet.append(names)
    sheet.append(tags)
    for row in wide_rows(rows.filter(level=level)):
        sheet.append([spreadsheet_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dtm_code(pcode: str) -> str:
    """A COD P-code in DTM's writing: `IQG02` → `IRQ-G02`, `IQ` → `IRQ`."""
    iso3 = _ISO2_TO_ISO3.get(pcode[:2], pcode[:2])
    return iso3 + (f"-{pcode[2:]}" if len(pcode) > 2 else "")


def dtm_records(rows: QuerySet[AreaFigure]) -> list[dict[str, Any]]:
    """IDP figures as the DTM API (v2) answers: one record per area and reporting date."""
    names = area_names_en()
    operations = {(kind, number): operation for operation, kind, number in
                  Round.objects.values_list("operation", "assessment_type", "number")}  # fmt: skip
    records: list[dict[str, Any]] = []
    for figure in rows.filter(group=Group.IDP).iterator(chunk_size=5000):
        operation = operations.get((figure.assessment_type, figure.round_number or 0), "")
        record: dict[str, Any] = {"id": figure.pk, "operation": operation}
        for level, pcode in enumerate(code for code in figure.area.path.split("/") if code):
            record[f"admin{level}Name"] = names.get(pcode, "")
            record[f"admin{level}Pcode"] = _dtm_code(pcode)
        record.update(
            numPresentIdpInd=figure.individuals,
            reportingDate=f"{figure.reporting_date.isoformat()}T00:00:00",
            yearReportingDate=figure.reporting_date.year,
            monthReportingDate=figure.reporting_date.month,
            roundNumber=figure.round_number,
            assessmentType=DTM_TYPE_CODE.get(figure.assessment_type, "BA"),  # type: ignore[call-overload]
        )
        records.append(record)
    return records


def dtm_json_write(rows: QuerySet[AreaFigure], stream: Writable) -> None:
    records = dtm_records(rows)
    document = {"result": records, "statusCode": 200, "isSuccess": True, "errorMessages": [],
                "totalRecordsCount": len(records)}  # fmt: skip
    json.dump(document, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
