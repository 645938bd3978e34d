"""Bringing a figures file in: resolve every area, refuse the whole file on any problem, keep history."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.core.bulk import rows_insert
from haven.core.models import AuditAction
from haven.core.progress import Progress, no_progress
from haven.core.selectors import area_path_in_scope
from haven.core.services import ServiceError, audit_record
from haven.displacement.imports import FiguresFileRefused, Problem, figures_file_read
from haven.displacement.imports.records import FigureRecord, content_hash
from haven.displacement.models import Assessment, Breakdown, FiguresImport, Need, Round
from haven.displacement.services.masterlist import masterlist_refresh
from haven.displacement.vocabulary import Dimension, Group, shelter_category
from haven.geo.selectors import area_resolve, area_resolve_candidates, location_by_code

if TYPE_CHECKING:
    from haven.core.models import User
    from haven.geo.models import Area, Location


@dataclass
class FiguresImportResult:
    file_name: str
    file_format: str
    records: int
    added: int = 0
    replaced: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    dates: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    import_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.withdrawn)

    def summary(self) -> str:
        if not self.changed:
            return f"{self.file_name}: nothing changed, all {self.unchanged:,} figures were already current."
        text = (
            f"{self.file_name}: {self.records:,} figures read; {self.added:,} added, {self.replaced:,} replaced, "
            f"{self.withdrawn:,} withdrawn, {self.unchanged:,} unchanged, on {len(self.dates):,} reporting date(s)."
        )
        if self.ignored_columns:
            text += f" Columns not read: {', '.join(self.ignored_columns[:10])}."
        return text

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary()}


def family_size(area: Area) -> float:
    """The average family size of the area's country (the first P-code of its path)."""
    sizes: dict[str, float] = settings.HAVEN_AVERAGE_FAMILY_SIZE
    country = area.path.split("/", 1)[0]
    return sizes.get(country, sizes.get("*", 6.0))


class _Places:
    """Areas, locations and origins resolved once per distinct text, so a file of a million rows stays fast."""

    def __init__(self) -> None:
        self.areas: dict[tuple[str, int | None], Area | None] = {}
        self.locations: dict[str, Location | None] = {}

    def area(self, text: str, level: int | None) -> Area | None:
        key = (text, level)
        if key not in self.areas:
            self.areas[key] = area_resolve(text, level=level) or (area_resolve(text) if level is not None else None)
        return self.areas[key]

    def location(self, code: str) -> Location | None:
        if code not in self.locations:
            self.locations[code] = location_by_code(code)
        return self.locations[code]

    def origin_lookup(self, text: str) -> str | None:
        area = self.area(text, 1)
        return area.pcode if area is not None and area.level == 1 else None


def _area_problem(text: str, level: int | None) -> str:
    candidates = area_resolve_candidates(text, level=level)
    if len(candidates) > 1:
        names = ", ".join(f"{area.pcode} {area.name_en}" for area in candidates[:5])
        return f"{text!r} names several areas ({names}): give the P-code"
    return f"{text!r} is not an area Haven knows (load the COD boundaries, or correct the P-code)"


@dataclass(slots=True)
class _Resolved:
    record: FigureRecord
    area: Area
    location: Location | None
    place_key: str
    individuals: int | None
    estimated: bool
    origins: dict[str, Area]
    digest: str = ""


def _resolve(records: list[FigureRecord], places: _Places, user: User | None) -> list[_Resolved]:
    problems: list[Problem] = []
    resolved: list[_Resolved] = []
    seen: dict[tuple[Any, ...], int] = {}
    for record in records:
        area = places.area(record.area_text, record.area_level)
        location = places.location(record.location_code) if record.location_code else None
        if area is None:
            problems.append(Problem(record.row, "area", _area_problem(record.area_text, record.area_level)))
            continue
        if location is not None:
            if not location.area.path.startswith(area.path):
                problems.append(Problem(record.row, "location", f"location {record.location_code} lies in "
                                        f"{location.area.pcode}, not in {area.pcode}"))  # fmt: skip
                continue
            area = location.area
        if user is not None and not area_path_in_scope(user, area.path):
            problems.append(Problem(record.row, "area", f"{area.pcode} is outside your areas"))
            continue
        origins: dict[str, Area] = {}
        for item in record.breakdowns:
            if item.dimension == Dimension.ORIGIN:
                origin = places.area(item.origin_pcode, 1)
                if origin is None:
                    problems.append(Problem(record.row, f"origin {item.category}",
                                            _area_problem(item.origin_pcode, 1)))  # fmt: skip
                else:
                    origins[item.category] = origin
        place_key = f"L:{record.location_code.upper()}" if record.location_code else f"A:{area.pcode}"
        identity = (record.reporting_date, record.assessment_type, place_key, record.group)
        if identity in seen:
            problems.append(Problem(record.row, "", f"a second figure for {place_key[2:]}, {record.group}, "
                                    f"{record.reporting_date} (first on row {seen[identity]})"))  # fmt: skip
            continue
        seen[identity] = record.row
        individuals, estimated = record.individuals, False
        if individuals is None and record.families is not None:
            individuals, estimated = round(record.families * family_size(area)), True
        resolved.append(_Resolved(record, area, location, place_key, individuals, estimated, origins))
    if problems:
        raise FiguresFileRefused("", problems)
    return resolved


def _scope_of(item: _Resolved) -> tuple[dt.date, str, int]:
    # A corrected file replaces the figures of its dates at its own level: a governorate file
    # does not withdraw location figures of the same date, nor the other way round.
    level = -1 if item.record.location_code else item.area.level
    return (item.record.reporting_date, item.record.assessment_type, level)


def figures_import(
    *,
    path: Path,
    name: str | None = None,
    imported_by: User | None = None,
    default_group: str = Group.IDP,
    progress: Progress = no_progress,
) -> FiguresImportResult:
    """Import a DTM API answer, a master list (CSV/XLSX) or an HXL CSV of figures.

    All or nothing: any unknown area, duplicate record for a place and date, or negative or
    non-numeric count refuses the whole file (FiguresFileRefused, by row and column) and changes
    nothing. The same file twice changes nothing; a corrected file for a date replaces that
    date's figures at its level, the replaced rows kept as history.
    """
    file_name = name or path.name
    if imported_by is not None and not imported_by.has_perm("displacement.import_figures"):
        raise ServiceError("Your role cannot import displacement figures.")
    if default_group not in Group.values:
        raise ServiceError(f"{default_group!r} is not a population group (idp, returnee, host).")
    places = _Places()
    progress(0, None, f"reading {file_name}")
    parsed = figures_file_read(path, name=file_name, origin_lookup=places.origin_lookup, default_group=default_group)
    try:
        resolved = _resolve(parsed.records, places, imported_by)
    except FiguresFileRefused as refused:
        raise FiguresFileRefused(file_name, refused.problems) from None
    result = FiguresImportResult(file_name, parsed.file_format, len(resolved), ignored_columns=parsed.ignored_columns)
    with transaction.atomic():
        _apply(resolved, result, path=path, imported_by=imported_by, progress=progress)
        if result.changed:
            audit_record(
                actor=imported_by,
                action=AuditAction.CREATE,
                object_type="displacement.figuresimport",
                object_id=str(result.import_id),
                object_label=file_name,
                detail=result.summary(),
            )
    return result


def _apply(
    resolved: list[_Resolved], result: FiguresImportResult, *, path: Path, imported_by: User | None, progress: Progress
) -> None:
    by_scope: dict[tuple[dt.date, str, int], list[_Resolved]] = defaultdict(list)
    for item in resolved:
        by_scope[_scope_of(item)].append(item)
    resolved.clear()
    source: FiguresImport | None = None
    changed_keys: set[tuple[dt.date, str]] = set()
    scopes = sorted(by_scope)
    now = timezone.now()
    # One date and level at a time, written as soon as compared: a file of many dates never holds
    # all of its rows to insert at once.
    for done, scope in enumerate(scopes, start=1):
        reporting_date, assessment_type, _level = scope
        items = by_scope.pop(scope)
        to_create, to_retire = _compared(items, scope, result, imported_by)
        if not to_create and not to_retire:
            continue
        changed_keys.add((reporting_date, assessment_type))
        if source is None:
            source = FiguresImport.objects.create(
                file_name=result.file_name[:255],
                file_format=result.file_format,
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                imported_by=imported_by,
                records_read=result.records,
                ignored_columns=result.ignored_columns,
            )
        for start in range(0, len(to_retire), 500):
            Assessment.objects.filter(pk__in=to_retire[start : start + 500]).update(
                is_current=False, replaced_at=now, replaced_by=source
            )
        _create(to_create, source)
        progress(done, len(scopes), f"figures of {reporting_date} written")
    if source is None:
        return
    result.import_id = source.pk
    result.dates = sorted({key[0].isoformat() for key in changed_keys})
    FiguresImport.objects.filter(pk=source.pk).update(
        added=result.added, replaced=result.replaced, withdrawn=result.withdrawn, unchanged=result.unchanged,
        dates=result.dates,
    )  # fmt: skip
    masterlist_refresh(keys=changed_keys, progress=progress)


def _coverage(path: str, level: int) -> str:
    """The part of the area tree a file speaks for through a figure at `path`.

    Figures of governorates or the country stand for the country: a file of governorate figures is
    the national list. Figures of districts, sub-districts and locations stand for their governorate
    only, so a governorate office's master list never withdraws another governorate's places.
    """
    parts = path.split("/")
    depth = 1 if 0 <= level <= 1 else 2
    return "/".join(parts[:depth]) + "/"


def _compared(
    items: list[_Resolved], scope: tuple[dt.date, str, int], result: FiguresImportResult, imported_by: User | None
) -> tuple[list[_Resolved], list[int]]:
    """What a file's figures of one date and level add or replace, and which current rows they retire.

    A current figure the file does not repeat is withdrawn only inside what the file covers
    (`_coverage`) and inside the areas of the person importing it.
    """
    reporting_date, assessment_type, level = scope
    current = Assessment.objects.filter(is_current=True, reporting_date=reporting_date, assessment_type=assessment_type)
    if level == -1:
        current = current.filter(place_key__startswith="L:")
    else:
        current = current.filter(place_key__startswith="A:", area__level=level)
    covered = {_coverage(item.area.path, level) for item in items}
    existing = {(key, group): (pk, digest, path) for pk, key, group, digest, path in
                current.values_list("pk", "place_key", "group", "content_hash", "area__path")}  # fmt: skip
    kept: set[int] = set()
    to_create: list[_Resolved] = []
    to_retire: list[int] = []
    for item in items:
        item.digest = _hash(item)
        found = existing.get((item.place_key, item.record.group))
        if found is not None and found[1] == item.digest:
            kept.add(found[0])
            result.unchanged += 1
            continue
        if found is not None:
            kept.add(found[0])
            to_retire.append(found[0])
            result.replaced += 1
        else:
            result.added += 1
        to_create.append(item)
    withdrawn = [
        pk
        for pk, _digest, path in existing.values()
        if pk not in kept
        and _coverage(path, level) in covered
        and (imported_by is None or area_path_in_scope(imported_by, path))
    ]
    result.withdrawn += len(withdrawn)
    return to_create, to_retire + withdrawn


def _hash(item: _Resolved) -> str:
    return content_hash(
        item.record, area_id=item.area.pk, location_id=item.location.pk if item.location else None,
        individuals=item.individuals,
    )  # fmt: skip


def _round(cache: dict[tuple[str, str, int], Round], record: FigureRecord) -> Round | None:
    if record.round_number is None:
        return None
    key = (record.operation, record.assessment_type, record.round_number)
    if key not in cache:
        cache[key], _created = Round.objects.get_or_create(
            operation=record.operation, assessment_type=record.assessment_type, number=record.round_number
        )
    return cache[key]


_ASSESSMENT_FIELDS = [
    "round", "assessment_type", "reporting_date", "area", "location", "place_key", "place_name", "group",
    "families", "individuals", "individuals_estimated", "status", "key_informant_name", "key_informant_phone",
    "key_informant_role", "content_hash", "source", "is_current",
]  # fmt: skip


def _create(items: list[_Resolved], source: FiguresImport) -> None:
    rounds: dict[tuple[str, str, int], Round] = {}
    rows = []
    for item in items:
        record, found = item.record, _round(rounds, item.record)
        rows.append((
            found.pk if found else None, record.assessment_type, record.reporting_date, item.area.pk,
            item.location.pk if item.location else None, item.place_key, record.location_name[:200], record.group,
            record.families, item.individuals, item.estimated, record.status, record.key_informant_name[:200],
            record.key_informant_phone[:40], record.key_informant_role[:120], item.digest, source.pk, True,
        ))  # fmt: skip
    rows_insert(Assessment, _ASSESSMENT_FIELDS, rows)
    rows.clear()
    if not items:
        return
    # The new rows are the current ones this import wrote on this date: their ids, by the file's key.
    written = Assessment.objects.filter(
        source=source, is_current=True, reporting_date=items[0].record.reporting_date,
        assessment_type=items[0].record.assessment_type,
    )  # fmt: skip
    ids = {
        (day, kind, key, group): pk
        for pk, day, kind, key, group in written.values_list(
            "pk", "reporting_date", "assessment_type", "place_key", "group"
        )
    }
    breakdowns: list[tuple[Any, ...]] = []
    needs: list[tuple[Any, ...]] = []
    for item in items:
        record = item.record
        if not record.breakdowns and not record.needs:
            continue
        pk = ids[(record.reporting_date, record.assessment_type, item.place_key, record.group)]
        for part in record.breakdowns:
            origin = item.origins.get(part.category) if part.dimension == Dimension.ORIGIN else None
            category = (origin.pcode if origin is not None else part.category)[:120]
            shelter = (shelter_category(part.category) or "unknown") if part.dimension == Dimension.SHELTER else ""
            breakdowns.append(
                (pk, part.dimension, category, origin.pk if origin else None, shelter, part.families, part.individuals)
            )
        needs += [(pk, need.sector, need.is_needed, need.priority, need.assistance_received) for need in record.needs]
    rows_insert(Breakdown, ["assessment", "dimension", "category", "origin_area", "shelter_category", "families",
                            "individuals"], breakdowns)  # fmt: skip
    rows_insert(Need, ["assessment", "sector", "is_needed", "priority", "assistance_received"], needs)
