"""Small server-rendered SVG maps of an area and its children: no JavaScript, no tiles, works offline."""

from __future__ import annotations

import math
from dataclasses import dataclass

from haven.geo.geometry import Box, Polygon, Projection, polygons_from_text
from haven.geo.models import Area


@dataclass(frozen=True)
class MapShape:
    pcode: str
    name: str
    path: str  # SVG path data; empty when drawn as a dot
    x: float
    y: float
    radius: float
    is_focus: bool
    weight: int = 0
    shade: int = 0  # 0 (none) to 5 (the largest weight), for choropleth fills


@dataclass(frozen=True)
class AreaMap:
    width: float
    height: float
    shapes: list[MapShape]
    has_boundaries: bool


def area_map(area: Area, children: list[Area], *, weights: dict[str, int] | None = None) -> AreaMap | None:
    """The area's outline with its children's, or dots at centroids when no boundary is loaded.

    Dots are sized by `weights` (locations per child, for instance) so the map says something
    even before any COD file is loaded. None when nothing has a position.
    """
    outlines: dict[str, list[Polygon]] = {}
    for item in [area, *children]:
        polygons = polygons_from_text(item.boundary)
        if polygons:
            outlines[item.pcode] = polygons
    points = [point for polygons in outlines.values() for polygon in polygons for point in polygon[0]]
    centres = [(a.centroid_lon, a.centroid_lat) for a in [area, *children] if a.centroid_lat is not None]
    box = Box.around([*points, *((lon, lat) for lon, lat in centres if lon is not None and lat is not None)])
    if box is None:
        return None
    if box.east - box.west < 0.5 and box.north - box.south < 0.5:
        box = Box(box.west - 0.25, box.south - 0.25, box.east + 0.25, box.north + 0.25)
    projection = Projection(box)
    shapes: list[MapShape] = []
    largest = max((weights or {}).values(), default=0)
    for item in [area, *children]:
        is_focus = item.pk == area.pk
        if is_focus and children and item.pcode not in outlines:
            continue  # the parent's own dot would cover its children's
        x = y = 0.0
        if item.centroid_lat is not None and item.centroid_lon is not None:
            x, y = projection.point(item.centroid_lon, item.centroid_lat)
        weight = (weights or {}).get(item.pcode, 0)
        radius = 4 + (10 * math.sqrt(weight / largest) if largest else 0)
        path = projection.path(outlines[item.pcode]) if item.pcode in outlines else ""
        if not path and item.centroid_lat is None:
            continue
        shade = math.ceil(5 * weight / largest) if largest and weight > 0 else 0
        shapes.append(MapShape(item.pcode, item.name, path, x, y, round(radius, 1), is_focus, weight, shade))
    # The focus outline goes last so that its children's fills do not hide it.
    shapes.sort(key=lambda shape: shape.is_focus)
    return AreaMap(round(projection.width), round(projection.height), shapes, bool(outlines))
