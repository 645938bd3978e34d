"""Reading OCHA COD-AB files (GeoJSON or CSV) into plain records; nothing is written here.

Every refusal names the file, the feature or row number and the column, so that the person who
prepared the file can fix it; the loader only starts writing once the whole file has been read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from haven.core.services import ServiceError
from haven.geo.geometry import GeometryError, Polygon, polygons_of
from haven.geo.pcodes import pcode_normalise

MAX_LEVEL = 3
_PCODE_COLUMN = re.compile(r"^ADM([0-9])_PCODE$")
_LAT_COLUMNS = ("CENTER_LAT", "CENTROID_LAT", "LAT", "LATITUDE")
_LON_COLUMNS = ("CENTER_LON", "CENTROID_LON", "LON", "LONGITUDE")


@dataclass(frozen=True)
class ChainLink:
    """One area as the parent columns of a row describe it."""

    level: int
    pcode: str
    name_en: str
    name_ar: str


@dataclass
class CodRecord:
    """One feature (GeoJSON) or row (CSV) of a COD-AB file."""

    number: int  # 1-based feature number, or the CSV line number
    level: int
    pcode: str
    name_en: str
    name_ar: str
    alt_names: list[str]
    chain: dict[int, ChainLink]  # the ancestors the row names, by level
    valid_on: dt.date | None
    valid_to: dt.date | None
    geometry: dict[str, Any] | None = None
    polygons: list[Polygon] = field(default_factory=list)
    centroid: tuple[float, float] | None = None  # given by the file (CSV), lat/lon


@dataclass
class CodFile:
    name: str
    kind: str  # "GeoJSON" or "CSV"
    unit: str  # "feature" or "row"
    records: list[CodRecord]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value: Any, where: str, column: str) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ServiceError(f"{where}, column {column}: {text!r} is not a date (expected YYYY-MM-DD).") from None


def _float(value: Any, where: str, column: str) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ServiceError(f"{where}, column {column}: {text!r} is not a number.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ServiceError(f"{where}, column {column}: {text!r} is not a number.")
    return number


def _record(file_name: str, unit: str, number: int, properties: Mapping[str, Any], top: int) -> CodRecord:
    where = f"{file_name}: {unit} {number}"
    upper = {str(key).upper(): value for key, value in properties.items()}
    # A row's level is its most detailed P-code, so a CSV may carry the country row with its regions.
    level = next((n for n in range(top, -1, -1) if _text(upper.get(f"ADM{n}_PCODE"))), None)
    if level is None:
        raise ServiceError(f"{where}, column ADM{top}_PCODE: the P-code is empty.")
    chain: dict[int, ChainLink] = {}
    for n in range(level + 1):
        code = _text(upper.get(f"ADM{n}_PCODE"))
        if code:
            chain[n] = ChainLink(
                n, pcode_normalise(code), _text(upper.get(f"ADM{n}_EN")), _text(upper.get(f"ADM{n}_AR"))
            )
    own = chain[level]
    if not own.name_en:
        raise ServiceError(f"{where}, column ADM{level}_EN: the English name of {own.pcode} is empty.")
    alternatives = [_text(upper.get(f"ADM{level}ALT{k}{lang}")) for lang in ("EN", "AR") for k in (1, 2)]
    latitude = next((_float(upper[c], where, c) for c in _LAT_COLUMNS if c in upper), None)
    longitude = next((_float(upper[c], where, c) for c in _LON_COLUMNS if c in upper), None)
    if latitude is not None and not -90 <= latitude <= 90:
        raise ServiceError(f"{where}: latitude {latitude} is outside -90..90.")
    if longitude is not None and not -180 <= longitude <= 180:
        raise ServiceError(f"{where}: longitude {longitude} is outside -180..180.")
    return CodRecord(
        number=number,
        level=level,
        pcode=own.pcode,
        name_en=own.name_en,
        name_ar=own.name_ar,
        alt_names=[name for name in dict.fromkeys(alternatives) if name],
        chain=chain,
        valid_on=_date(upper.get("VALIDON"), where, "validOn"),
        valid_to=_date(upper.get("VALIDTO"), where, "validTo"),
        centroid=(latitude, longitude) if latitude is not None and longitude is not None else None,
    )


def _top_level(file_name: str, columns: set[str]) -> int:
    levels = [int(m.group(1)) for c in columns if (m := _PCODE_COLUMN.match(c.upper()))]
    if not levels:
        raise ServiceError(
            f"{file_name}: no P-code column (ADM0_PCODE … ADM{MAX_LEVEL}_PCODE); is this an OCHA COD-AB file?"
        )
    top = max(levels)
    if top > MAX_LEVEL:
        raise ServiceError(
            f"{file_name}: column ADM{top}_PCODE is below ADM{MAX_LEVEL}, the smallest area Haven keeps."
        )
    return top


def _geojson(file_name: str, text: str) -> CodFile:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ServiceError(
            f"{file_name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ServiceError(f"{file_name}: not a GeoJSON FeatureCollection.")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ServiceError(f"{file_name}: the FeatureCollection has no features.")
    columns: set[str] = set()
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise ServiceError(f"{file_name}: feature {number} has no properties.")
        columns.update(feature["properties"])
    top = _top_level(file_name, columns)
    records = []
    for number, feature in enumerate(features, start=1):
        record = _record(file_name, "feature", number, feature["properties"], top)
        geometry = feature.get("geometry")
        if geometry is not None:
            try:
                record.polygons = polygons_of(geometry)
            except GeometryError as error:
                raise ServiceError(f"{file_name}: feature {number} ({record.pcode}), geometry: {error}.") from None
            record.geometry = geometry
        records.append(record)
    return CodFile(file_name, "GeoJSON", "feature", records)


def _csv(file_name: str, text: str) -> CodFile:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    top = _top_level(file_name, set(reader.fieldnames or []))
    records = []
    try:
        for row in reader:
            if not any(_text(value) for value in row.values()):
                continue
            records.append(_record(file_name, "row", reader.line_num, row, top))
    except csv.Error as error:
        raise ServiceError(f"{file_name}: row {reader.line_num}: {error}.") from None
    if not records:
        raise ServiceError(f"{file_name}: the file has a header but no rows.")
    return CodFile(file_name, "CSV", "row", records)


def cod_file_read(path: Path, *, name: str | None = None) -> CodFile:
    """Read and check a whole COD-AB file; refuses anything that is not one, naming where."""
    file_name = name or path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ServiceError(f"{file_name}: cannot be read ({error.strerror or error}).") from None
    if not raw.strip():
        raise ServiceError(f"{file_name}: the file is empty.")
    if b"\x00" in raw[:8192]:
        raise ServiceError(f"{file_name}: this is a binary file, not GeoJSON or CSV text.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ServiceError(
            f"{file_name}: not UTF-8 text (byte {error.start}); save it as UTF-8 GeoJSON or CSV."
        ) from None
    suffix = Path(file_name).suffix.lower()
    is_json = suffix in {".geojson", ".json"} or (suffix != ".csv" and text.lstrip().startswith(("{", "[")))
    parsed = _geojson(file_name, text) if is_json else _csv(file_name, text)
    seen: dict[str, int] = {}
    for record in parsed.records:
        if record.pcode in seen:
            raise ServiceError(
                f"{file_name}: {parsed.unit} {record.number}: P-code {record.pcode} already given by "
                f"{parsed.unit} {seen[record.pcode]}."
            )
        seen[record.pcode] = record.number
    return parsed
