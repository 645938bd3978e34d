"""Plane geometry on GeoJSON polygons, enough for centroids and small maps: no GIS library.

Coordinates are longitude/latitude degrees. At the scale of a country, treating them as a
plane (with the cos(latitude) stretch for drawing) is accurate enough for a centroid that
places a dot and for a sketch map; nothing here is used for measurement.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # outer ring first, then holes


class GeometryError(ValueError):
    """The geometry is not a GeoJSON Polygon or MultiPolygon with numeric coordinates."""


def _ring(raw: Any) -> Ring:
    if not isinstance(raw, list):
        raise GeometryError("a ring is not a list of positions")
    ring: Ring = []
    for position in raw:
        if not isinstance(position, list | tuple) or len(position) < 2:
            raise GeometryError("a position is not [longitude, latitude]")
        lon, lat = position[0], position[1]
        if not isinstance(lon, int | float) or not isinstance(lat, int | float) or isinstance(lon, bool):
            raise GeometryError("a coordinate is not a number")
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise GeometryError("a coordinate is not finite")
        ring.append((float(lon), float(lat)))
    return ring


def polygons_of(geometry: Any) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon or MultiPolygon (a dict), validated."""
    if not isinstance(geometry, dict):
        raise GeometryError("the geometry is not an object")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(coordinates, list):
        raise GeometryError("the geometry has no coordinates")
    if kind == "Polygon":
        return [[_ring(ring) for ring in coordinates]]
    if kind == "MultiPolygon":
        return [[_ring(ring) for ring in polygon] for polygon in coordinates if isinstance(polygon, list)]
    raise GeometryError(f"the geometry type {kind!r} is not Polygon or MultiPolygon")


def polygons_from_text(text: str) -> list[Polygon]:
    """Polygons from a stored boundary; an empty or damaged boundary gives none."""
    if not text:
        return []
    try:
        return polygons_of(json.loads(text))
    except (ValueError, GeometryError):
        return []


def _ring_moments(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area / 2, cx / 6, cy / 6


def centroid(polygons: Iterable[Polygon]) -> tuple[float, float] | None:
    """Area-weighted centroid (latitude, longitude) of polygons with their holes; None if empty.

    A degenerate shape (zero area) falls back to the mean of its vertices so that it still
    gets a dot on the map.
    """
    total = mx = my = 0.0
    vertices: list[tuple[float, float]] = []
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            if len(ring) < 3:
                continue
            vertices.extend(ring)
            area, cx, cy = _ring_moments(ring)
            # Outer rings add, holes subtract, whatever the winding the file used.
            sign = 1.0 if index == 0 else -1.0
            if area < 0:
                area, cx, cy = -area, -cx, -cy
            total += sign * area
            mx += sign * cx
            my += sign * cy
    if abs(total) > 1e-12:
        return my / total, mx / total
    if vertices:
        return sum(v[1] for v in vertices) / len(vertices), sum(v[0] for v in vertices) / len(vertices)
    return None


@dataclass(frozen=True)
class Box:
    """A bounding box in degrees."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> Box | None:
        xs: list[float] = []
        ys: list[float] = []
        for lon, lat in points:
            xs.append(lon)
            ys.append(lat)
        if not xs:
            return None
        return cls(min(xs), min(ys), max(xs), max(ys))


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Drops vertices closer than `tolerance` degrees to the last kept one: small pages, same shape."""
    if len(ring) <= 8:
        return ring
    kept = [ring[0]]
    for point in ring[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= tolerance:
            kept.append(point)
    kept.append(ring[-1])
    return kept if len(kept) >= 4 else ring


class Projection:
    """Longitude/latitude → SVG x/y for one box, longitudes shrunk by cos(mid-latitude)."""

    def __init__(self, box: Box, width: float = 600.0, margin: float = 10.0) -> None:
        self.box = box
        self.stretch = math.cos(math.radians((box.north + box.south) / 2))
        span_x = max((box.east - box.west) * self.stretch, 1e-6)
        span_y = max(box.north - box.south, 1e-6)
        self.scale = (width - 2 * margin) / max(span_x, span_y)
        self.margin = margin
        self.width = span_x * self.scale + 2 * margin
        self.height = span_y * self.scale + 2 * margin

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.box.west) * self.stretch * self.scale + self.margin
        y = (self.box.north - lat) * self.scale + self.margin
        return round(x, 1), round(y, 1)

    def path(self, polygons: Iterable[Polygon]) -> str:
        """An SVG path `d` attribute; vertices simplified to about one pixel."""
        tolerance = 1.5 / (self.scale * max(self.stretch, 0.1))
        parts: list[str] = []
        for polygon in polygons:
            for ring in polygon:
                points = [self.point(lon, lat) for lon, lat in simplify(ring, tolerance)]
                if len(points) < 3:
                    continue
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        return "".join(parts)
