"""The master list: every area's current figure per reporting date and group, rolled up the area tree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from haven.core.bulk import rows_insert
from haven.core.progress import Progress, no_progress
from haven.displacement.models import AreaFigure, Assessment
from haven.geo.selectors import area_parents


@dataclass
class _Sum:
    families: int | None = 0
    individuals: int = 0
    estimated: bool = False
    places: int = 0
    rounds: set[int] = field(default_factory=set)

    def add(self, other: _Sum) -> None:
        self.families = None if self.families is None or other.families is None else self.families + other.families
        self.individuals += other.individuals
        self.estimated = self.estimated or other.estimated
        self.places += other.places
        self.rounds |= other.rounds


def _total(
    area_id: int, reported: dict[int, _Sum], children: dict[int | None, set[int]], totals: dict[int, _Sum]
) -> _Sum:
    if area_id in totals:
        return totals[area_id]
    if area_id in reported:
        value = reported[area_id]
    else:
        value = _Sum()
        for child in children.get(area_id, ()):
            value.add(_total(child, reported, children, totals))
    totals[area_id] = value
    return value


_FIGURE_FIELDS = [
    "area", "level", "reporting_date", "group", "assessment_type", "round_number", "families", "individuals",
    "individuals_estimated", "places", "is_direct",
]  # fmt: skip


def masterlist_refresh(*, keys: Iterable[tuple[dt.date, str]], progress: Progress = no_progress) -> int:
    """Recompute the master-list rows of these (reporting date, assessment type) pairs; returns rows written.

    An area's figure is what was reported for the area itself when there is such a figure (a
    governorate total DTM published), otherwise the sum of its children's figures, so a date
    reported both per governorate and per location is never counted twice.
    """
    keys = sorted(set(keys))
    parents = area_parents()
    written = 0
    for done, (reporting_date, assessment_type) in enumerate(keys, start=1):
        AreaFigure.objects.filter(reporting_date=reporting_date, assessment_type=assessment_type).delete()
        figures = _rolled_up(parents, reporting_date, assessment_type)
        rows_insert(AreaFigure, _FIGURE_FIELDS, figures)
        written += len(figures)
        progress(done, len(keys), f"master list {reporting_date}")
    return written


def _rolled_up(
    parents: dict[int, tuple[int | None, int]], reporting_date: dt.date, assessment_type: str
) -> list[tuple[Any, ...]]:
    direct: dict[str, dict[int, _Sum]] = defaultdict(dict)
    rows = Assessment.objects.filter(
        is_current=True, reporting_date=reporting_date, assessment_type=assessment_type, individuals__isnull=False
    ).values_list("area_id", "group", "families", "individuals", "individuals_estimated", "round__number")
    for area_id, group, families, individuals, estimated, round_number in rows.iterator(chunk_size=5000):
        item = _Sum(families, individuals or 0, estimated, 1, {round_number} if round_number else set())
        existing = direct[group].get(area_id)
        if existing is None:
            direct[group][area_id] = item
        else:
            existing.add(item)
    figures: list[tuple[Any, ...]] = []
    for group, reported in direct.items():
        children: dict[int | None, set[int]] = defaultdict(set)
        for area_id in reported:
            node: int | None = area_id
            while node is not None and node in parents:
                parent = parents[node][0]
                children[parent].add(node)
                node = parent
        totals: dict[int, _Sum] = {}
        # Every area on a reported area's path gets a figure, below a directly reported one too.
        for area_id in {*reported, *(node for nodes in children.values() for node in nodes)}:
            _total(area_id, reported, children, totals)
        for area_id, value in totals.items():
            figures.append((
                area_id, parents[area_id][1] if area_id in parents else 0, reporting_date, group, assessment_type,
                max(value.rounds) if value.rounds else None, value.families, value.individuals, value.estimated,
                value.places, area_id in reported,
            ))  # fmt: skip
    return figures
