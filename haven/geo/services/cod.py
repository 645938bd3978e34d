"""Loading administrative areas from OCHA COD-AB files, and Haven's built-in governorates."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError, audit_record
from haven.geo.codfile import CodFile, CodRecord, cod_file_read
from haven.geo.geometry import centroid
from haven.geo.models import Area, AreaName
from haven.geo.pcodes import name_key

BUILTIN_GOVERNORATES = Path(__file__).resolve().parent.parent / "data" / "iraq-governorates.csv"

_COMPARED = ("name_en", "name_ar", "alt_names", "level", "parent_id", "path", "valid_to", "boundary",
             "centroid_lat", "centroid_lon")  # fmt: skip


@dataclass
class CodLoadResult:
    """What one load changed; `unchanged` areas were in the file exactly as Haven holds them."""

    file: str
    levels: list[int] = field(default_factory=list)
    features: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    parents_created: int = 0
    names_added: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        return (
            f"{self.file}: {self.features} areas (ADM{', ADM'.join(map(str, self.levels))}): "
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.retired} retired, {self.parents_created} parents created"
        )


class _Loader:
    """One load in memory: the areas concerned, then a few bulk writes."""

    def __init__(self, parsed: CodFile, *, fill_only: bool) -> None:
        self.parsed = parsed
        self.fill_only = fill_only
        self.result = CodLoadResult(file=parsed.name, features=len(parsed.records))
        self.result.levels = sorted({record.level for record in parsed.records})
        countries = {record.chain[0].pcode for record in parsed.records if 0 in record.chain}
        referenced = {link.pcode for record in parsed.records for link in record.chain.values()}
        self.areas: dict[str, Area] = {a.pcode: a for a in Area.objects.filter(pcode__in=referenced)}
        for country in countries:
            self.areas.update({a.pcode: a for a in Area.objects.filter(path__startswith=f"{country}/")})
        self.countries = countries
        self.new: dict[str, Area] = {}
        self.changed: dict[str, Area] = {}
        self.reparented: dict[str, Area] = {}

    def where(self, record: CodRecord) -> str:
        return f"{self.parsed.name}: {self.parsed.unit} {record.number} ({record.pcode})"

    def parent_for(self, record: CodRecord, level: int) -> Area | None:
        """The parent of an area at `level` named by the record's chain, created when missing."""
        if level == 0:
            return None
        link = record.chain.get(level - 1)
        if link is None:
            raise ServiceError(f"{self.where(record)}, column ADM{level - 1}_PCODE: the parent P-code is missing.")
        existing = self.areas.get(link.pcode)
        if existing is not None:
            return existing
        grandparent = self.parent_for(record, level - 1)
        if level - 1 > 0 and grandparent is None:
            raise ServiceError(
                f"{self.where(record)}, column ADM{level - 1}_PCODE: parent {link.pcode} is not in Haven and "
                f"the file does not name its own parent (ADM{level - 2}_PCODE) to create it."
            )
        if not link.name_en:
            raise ServiceError(
                f"{self.where(record)}, column ADM{level - 1}_EN: parent {link.pcode} is not in Haven and "
                "has no name in the file to create it with."
            )
        parent = Area(
            pcode=link.pcode, level=level - 1, parent=grandparent, name_en=link.name_en, name_ar=link.name_ar,
            path=f"{grandparent.path if grandparent else ''}{link.pcode}/", valid_from=record.valid_on,
            source=self.parsed.name,
        )  # fmt: skip
        self.areas[link.pcode] = self.new[link.pcode] = parent
        return parent

    def apply(self, record: CodRecord) -> None:
        parent = self.parent_for(record, record.level)
        if parent is not None and parent.level != record.level - 1:
            raise ServiceError(
                f"{self.where(record)}: parent {parent.pcode} is ADM{parent.level} in Haven, not ADM{record.level - 1}."
            )
        desired: dict[str, Any] = {
            "name_en": record.name_en,
            "name_ar": record.name_ar,
            "alt_names": record.alt_names,
            "level": record.level,
            "parent_id": parent.pk if parent is not None else None,
            "path": f"{parent.path if parent else ''}{record.pcode}/",
            "valid_to": record.valid_to,
        }
        if record.geometry is not None:
            desired["boundary"] = json.dumps(record.geometry, separators=(",", ":"))
        point = centroid(record.polygons) if record.polygons else record.centroid
        if point is not None:
            desired["centroid_lat"], desired["centroid_lon"] = round(point[0], 6), round(point[1], 6)
        area = self.areas.get(record.pcode)
        if area is None:
            area = Area(pcode=record.pcode, parent=parent, valid_from=record.valid_on, source=self.parsed.name)
            for name, value in desired.items():
                if name != "parent_id":
                    setattr(area, name, value)
            self.areas[record.pcode] = self.new[record.pcode] = area
        elif record.pcode in self.new:
            # A parent created earlier in this load from a row's columns, now met as its own row.
            for name, value in desired.items():
                if name != "parent_id":
                    setattr(area, name, value)
        else:
            if self.fill_only:
                # Built-in facts never overwrite what a COD load brought: only gaps are filled.
                desired = {
                    name: value for name, value in desired.items()
                    if name in ("name_ar", "centroid_lat", "centroid_lon") and getattr(area, name) in ("", None)
                }  # fmt: skip
            differs = {name: value for name, value in desired.items() if getattr(area, name) != value}
            if "path" in differs and area.path != differs["path"]:
                self.move_descendants(area.path, differs["path"])
            if differs:
                for name, value in differs.items():
                    setattr(area, name, value)
                if parent is not None and "parent_id" in differs:
                    self.reparented[record.pcode] = parent
                self.changed[record.pcode] = area

    def move_descendants(self, old: str, new: str) -> None:
        for other in self.areas.values():
            if other.path.startswith(old) and other.path != old:
                other.path = new + other.path[len(old) :]
                if other.pk is not None and other.pcode not in self.new:
                    self.changed[other.pcode] = other

    def retire(self, pcodes_in_file: set[str]) -> None:
        """Areas of the loaded levels and countries that the file no longer lists: kept, marked retired."""
        retired_on = max((r.valid_on for r in self.parsed.records if r.valid_on), default=None)
        for area in self.areas.values():
            if (
                area.level in self.result.levels
                and area.pcode not in pcodes_in_file
                and area.pcode not in self.new
                and area.valid_to is None
                and area.path.split("/", 1)[0] in self.countries
            ):
                area.valid_to = retired_on or timezone.localdate()
                self.changed[area.pcode] = area
                self.result.retired += 1

    def write(self) -> None:
        now = timezone.now()
        for level in range(4):
            batch = [area for area in self.new.values() if area.level == level]
            for area in batch:
                if area.parent is not None:
                    area.parent_id = area.parent.pk
            Area.objects.bulk_create(batch)
        changed = [area for area in self.changed.values() if area.pcode not in self.new]
        for area in changed:
            area.updated_at = now
            if area.pcode in self.reparented:
                area.parent_id = self.reparented[area.pcode].pk
        Area.objects.bulk_update(changed, [*_COMPARED, "updated_at"], batch_size=200)
        in_file = self.file_pcodes()
        self.result.created = len(set(self.new) & in_file)
        self.result.parents_created = len(set(self.new) - in_file)
        self.result.updated = len({a.pcode for a in changed} & in_file)
        self.result.unchanged = len(in_file) - self.result.created - self.result.updated
        self.result.names_added = self.names_write([*self.new.values(), *changed])

    def file_pcodes(self) -> set[str]:
        return {record.pcode for record in self.parsed.records}

    @staticmethod
    def names_write(areas: list[Area]) -> int:
        """Adds lookup keys for every name and code; earlier names stay, so old spellings still resolve."""
        existing = set(AreaName.objects.filter(area__in=areas).values_list("area_id", "key"))
        rows: dict[tuple[int, str], AreaName] = {}
        for area in areas:
            forms = [(area.pcode, True), (area.name_en, False), (area.name_ar, False)]
            forms += [(name, False) for name in area.alt_names]
            for text, is_code in forms:
                key = text if is_code else name_key(text)
                if key and (area.pk, key) not in existing and (area.pk, key) not in rows:
                    rows[(area.pk, key)] = AreaName(area=area, name=text[:200], key=key[:200], is_code=is_code)
        AreaName.objects.bulk_create(rows.values())
        return len(rows)


def _load(parsed: CodFile, *, loaded_by: User | None, progress: Progress, fill_only: bool) -> CodLoadResult:
    loader = _Loader(parsed, fill_only=fill_only)
    total = len(parsed.records)
    for done, record in enumerate(sorted(parsed.records, key=lambda r: (r.level, r.number)), start=1):
        loader.apply(record)
        progress(done, total, f"{record.pcode} {record.name_en}")
    if not fill_only:
        loader.retire(loader.file_pcodes())
    loader.write()
    result = loader.result
    audit_record(
        actor=loaded_by,
        action=AuditAction.CREATE if result.created or result.parents_created else AuditAction.UPDATE,
        object_type="geo.area",
        object_label=parsed.name,
        detail=result.summary(),
    )
    return result


def cod_load(*, path: Path | str, loaded_by: User | None = None, progress: Progress = no_progress,
             name: str | None = None) -> CodLoadResult:  # fmt: skip
    """Load administrative areas from an OCHA COD-AB file (GeoJSON or CSV), any country, any level.

    Idempotent: areas already held as the file gives them are left alone. Names are updated from
    a newer COD; a P-code the file no longer lists at its level and country is retired
    (`valid_to` = the file's validOn), never deleted, so records that use it still resolve.
    Parents the file names but Haven lacks are created from the ADM(n-1) columns.
    Refuses, changing nothing, a file that is not a COD-AB GeoJSON or CSV: the message names the
    file, the feature or row and the column. `name` is the file name shown in messages (an upload
    is stored under another name).
    """
    parsed = cod_file_read(Path(path), name=name)
    with transaction.atomic():
        return _load(parsed, loaded_by=loaded_by, progress=progress, fill_only=False)


def governorates_load_builtin(*, loaded_by: User | None = None, progress: Progress = no_progress) -> CodLoadResult:
    """Load Iraq and its 18 governorates (P-codes, names, centroids) shipped with Haven.

    So that Haven works before any boundary file is loaded. Idempotent, and it only fills gaps:
    it never overwrites names, boundaries or centroids a COD load brought, and retires nothing.
    """
    parsed = cod_file_read(BUILTIN_GOVERNORATES)
    with transaction.atomic():
        return _load(parsed, loaded_by=loaded_by, progress=progress, fill_only=True)
