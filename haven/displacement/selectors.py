"""Reads of displacement tracking, every one scoped by the user's areas (None: the command line, all areas)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import Http404

from haven.core.selectors import area_path_in_scope, scope_q, user_area_paths
from haven.displacement.models import AreaFigure, Assessment, FiguresImport, Round, SeverityIndicator
from haven.displacement.severity import PlaceFacts, Score, score, weights_with_defaults
from haven.displacement.vocabulary import Dimension, Group
from haven.geo.selectors import area_get, areas_by_id

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from haven.core.models import User
    from haven.geo.models import Area

    Viewer = User | AnonymousUser | None


def figures_visible_to(user: Viewer) -> QuerySet[AreaFigure]:
    """Master-list rows of the areas in the user's scope; every read of figures starts here."""
    figures = AreaFigure.objects.all()
    if user is None:
        return figures
    if not user.has_perm("displacement.view_figures"):
        return figures.none()
    return figures.filter(scope_q(user, "area"))


def assessments_visible_to(user: Viewer) -> QuerySet[Assessment]:
    assessments = Assessment.objects.select_related("area", "location", "round")
    if user is None:
        return assessments
    if not user.has_perm("displacement.view_figures"):
        return assessments.none()
    return assessments.filter(scope_q(user, "area"))


def return_rate(idps: int | None, returnees: int | None) -> float | None:
    """Returnees ÷ (IDPs + returnees), the share of the displaced who have gone home; None without figures."""
    total = (idps or 0) + (returnees or 0)
    return (returnees or 0) / total if total else None


def reporting_dates(user: Viewer, *, area: Area | None = None) -> list[dt.date]:
    """Every reporting date with figures the user may see, oldest first."""
    figures = figures_visible_to(user)
    if area is not None:
        figures = figures.filter(area=area)
    return sorted(set(figures.order_by().values_list("reporting_date", flat=True).distinct()))


def date_or_latest(
    user: Viewer, wanted: dt.date | None, *, area: Area | None = None
) -> tuple[dt.date | None, list[dt.date]]:
    """The date asked for if it has figures, else the latest one; with every date, for a picker."""
    dates = reporting_dates(user, area=area)
    if wanted in dates:
        return wanted, dates
    earlier = [day for day in dates if wanted is not None and day <= wanted]
    if earlier:
        return earlier[-1], dates
    return (dates[-1] if dates else None), dates


def scope_roots(user: Viewer) -> list[Area]:
    """Where a person's view of the figures starts: the country, or the areas they are scoped to."""
    if user is None:
        codes = list(AreaFigure.objects.filter(level=0).order_by().values_list("area__pcode", flat=True).distinct())
    else:
        codes = [path.rstrip("/").rsplit("/", 1)[-1] for path in user_area_paths(user)]
    return [area for code in codes if (area := area_get(code)) is not None]


def area_in_scope(user: Viewer, area: Area) -> bool:
    return user is None or area_path_in_scope(user, area.path)


def area_for(user: Viewer, pcode: str) -> Area:
    """An area the user may read figures of; 404 otherwise, so its existence elsewhere is not revealed."""
    area = area_get(pcode)
    if area is None or (user is not None and not area_path_in_scope(user, area.path)):
        raise Http404("No such area in your scope.")
    return area


@dataclass
class GroupFigure:
    group: str
    families: int | None = None
    individuals: int | None = None
    estimated: bool = False
    places: int = 0

    @property
    def label(self) -> str:
        return str(Group(self.group).label)


@dataclass
class AreaFigures:
    area: Area
    groups: dict[str, GroupFigure] = field(default_factory=dict)
    previous: dict[str, int | None] = field(default_factory=dict)

    def individuals(self, group: str) -> int | None:
        figure = self.groups.get(group)
        return figure.individuals if figure else None

    def families(self, group: str) -> int | None:
        figure = self.groups.get(group)
        return figure.families if figure else None

    def change(self, group: str) -> int | None:
        now, before = self.individuals(group), self.previous.get(group)
        return None if now is None or before is None else now - before

    @property
    def return_rate(self) -> float | None:
        return return_rate(self.individuals(Group.IDP), self.individuals(Group.RETURNEE))

    @property
    def people(self) -> dict[str, int | None]:
        """Individuals by group, for templates."""
        return {group: self.individuals(group) for group in Group.values}

    @property
    def family_counts(self) -> dict[str, int | None]:
        return {group: self.families(group) for group in Group.values}

    @property
    def changes(self) -> dict[str, int | None]:
        return {group: self.change(group) for group in Group.values}

    @property
    def ordered(self) -> list[GroupFigure]:
        return [self.groups[group] for group in Group.values if group in self.groups]


def _figures_of(
    user: Viewer, areas: list[Area], reporting_date: dt.date, previous: dt.date | None
) -> dict[int, AreaFigures]:
    found = {area.pk: AreaFigures(area) for area in areas}
    dates = [reporting_date] + ([previous] if previous else [])
    rows = figures_visible_to(user).filter(area_id__in=list(found), reporting_date__in=dates)
    for area_id, day, group, families, individuals, estimated, places in rows.values_list(
        "area_id", "reporting_date", "group", "families", "individuals", "individuals_estimated", "places"
    ):
        item = found[area_id]
        if day == reporting_date:
            figure = item.groups.setdefault(group, GroupFigure(group, families=0, individuals=0))
            figure.individuals = (figure.individuals or 0) + individuals
            figure.families = None if families is None or figure.families is None else figure.families + families
            figure.estimated = figure.estimated or estimated
            figure.places += places
        else:
            item.previous[group] = (item.previous.get(group) or 0) + individuals
    return found


@dataclass
class Overview:
    area: Area
    reporting_date: dt.date | None
    previous_date: dt.date | None
    dates: list[dt.date]
    totals: AreaFigures
    children: list[AreaFigures]


def overview(user: Viewer, *, area: Area, reporting_date: dt.date | None = None) -> Overview:
    """An area's figures at a date (the latest by default), its children's beside them, and the change since
    the date before."""
    chosen, dates = date_or_latest(user, reporting_date, area=area)
    previous = None
    if chosen is not None:
        earlier = [day for day in dates if day < chosen]
        previous = earlier[-1] if earlier else None
    children = list(area.children.filter(valid_to__isnull=True).order_by("name_en"))
    if chosen is None:
        return Overview(area, None, None, dates, AreaFigures(area), [])
    figures = _figures_of(user, [area, *children], chosen, previous)
    listed = [figures[child.pk] for child in children if figures[child.pk].groups or figures[child.pk].previous]
    listed.sort(key=lambda item: -(item.individuals(Group.IDP) or 0))
    return Overview(area, chosen, previous, dates, figures[area.pk], listed)


@dataclass(frozen=True)
class TrendPoint:
    reporting_date: dt.date
    round_number: int | None
    individuals: int
    families: int | None


def trends(user: Viewer, *, area: Area) -> dict[str, list[TrendPoint]]:
    """Each group's figure at every reporting date, oldest first."""
    series: dict[str, dict[dt.date, TrendPoint]] = defaultdict(dict)
    rows = figures_visible_to(user).filter(area=area).order_by("reporting_date")
    for day, group, round_number, individuals, families in rows.values_list(
        "reporting_date", "group", "round_number", "individuals", "families"
    ):
        earlier = series[group].get(day)
        if earlier is not None:  # two assessment types on one date: add them up
            individuals += earlier.individuals
        series[group][day] = TrendPoint(day, round_number, individuals, families)
    return {group: list(points.values()) for group, points in series.items()}


@dataclass
class Change:
    area: Area
    before: dict[str, int]
    after: dict[str, int]

    def delta(self, group: str) -> int:
        return self.after.get(group, 0) - self.before.get(group, 0)

    @property
    def deltas(self) -> dict[str, int]:
        return {group: self.delta(group) for group in Group.values}

    @property
    def new_displacement(self) -> int:
        return max(0, self.delta(Group.IDP))

    @property
    def returns(self) -> int:
        return max(0, self.delta(Group.RETURNEE))


def changes_between(user: Viewer, *, area: Area, start: dt.date, end: dt.date) -> list[Change]:
    """New displacement and returns in each child area between two reporting dates (net, as DTM reports them)."""
    children = {child.pk: child for child in area.children.filter(valid_to__isnull=True)} or {area.pk: area}
    changes = {pk: Change(child, {}, {}) for pk, child in children.items()}
    rows = figures_visible_to(user).filter(area_id__in=list(children), reporting_date__in=[start, end])
    for area_id, day, group, individuals in rows.values_list("area_id", "reporting_date", "group", "individuals"):
        side = changes[area_id].before if day == start else changes[area_id].after
        side[group] = side.get(group, 0) + individuals
    return sorted(changes.values(), key=lambda change: -abs(change.delta(Group.IDP)))


@dataclass
class FlowMatrix:
    origins: list[Area]
    destinations: list[Area]
    cells: dict[tuple[int, int], int]
    origin_totals: dict[int, int]
    destination_totals: dict[int, int]
    total: int
    unit: str  # individuals or families

    @property
    def rows(self) -> list[tuple[Area, list[int], int]]:
        """Each origin with its count in every destination (in column order) and its total."""
        return [
            (origin, [self.cells.get((origin.pk, destination.pk), 0) for destination in self.destinations],
             self.origin_totals[origin.pk])
            for origin in self.origins
        ]  # fmt: skip

    @property
    def footer(self) -> list[int]:
        return [self.destination_totals[destination.pk] for destination in self.destinations]


def flows(user: Viewer, *, reporting_date: dt.date, area: Area | None = None) -> FlowMatrix:
    """Displaced people by governorate of origin and governorate where they are now, from origin breakdowns."""
    assessments = assessments_visible_to(user).filter(is_current=True, reporting_date=reporting_date, group=Group.IDP)
    if area is not None:
        assessments = assessments.filter(area__path__startswith=area.path)
    rows = list(
        assessments.filter(breakdowns__dimension=Dimension.ORIGIN, breakdowns__origin_area__isnull=False)
        .order_by()
        .values_list("area__path", "breakdowns__origin_area_id", "breakdowns__individuals", "breakdowns__families")
    )
    unit = "individuals" if any(row[2] is not None for row in rows) else "families"
    cells: dict[tuple[int, int], int] = defaultdict(int)
    governorate_codes = {path.split("/")[1] for path, *_rest in rows if path.count("/") >= 2}
    governorates = {code: area_get(code) for code in governorate_codes}
    by_code = {code: found for code, found in governorates.items() if found is not None}
    for path, origin_id, individuals, families in rows:
        parts = path.split("/")
        if len(parts) < 3 or parts[1] not in by_code:
            continue
        value = individuals if unit == "individuals" else families
        cells[(origin_id, by_code[parts[1]].pk)] += value or 0
    origins = areas_by_id({origin for origin, _destination in cells})
    destinations = {area.pk: area for area in by_code.values()}
    origin_totals: dict[int, int] = defaultdict(int)
    destination_totals: dict[int, int] = defaultdict(int)
    for (origin, destination), value in cells.items():
        origin_totals[origin] += value
        destination_totals[destination] += value
    return FlowMatrix(
        origins=sorted(origins.values(), key=lambda a: -origin_totals[a.pk]),
        destinations=sorted(destinations.values(), key=lambda a: -destination_totals[a.pk]),
        cells=dict(cells),
        origin_totals=dict(origin_totals),
        destination_totals=dict(destination_totals),
        total=sum(cells.values()),
        unit=unit,
    )


def severity_weights() -> dict[str, float]:
    return weights_with_defaults(SeverityIndicator.objects.values_list("code", "weight", "is_active"))


@dataclass(frozen=True)
class PlaceSeverity:
    assessment: Assessment
    score: Score


def _facts(assessment: Assessment) -> PlaceFacts:
    shelter: dict[str, int] = defaultdict(int)
    for part in assessment.breakdowns.all():
        if part.dimension == Dimension.SHELTER:
            shelter[part.shelter_category or "unknown"] += part.families or part.individuals or 0
    needs = list(assessment.needs.all())
    return PlaceFacts(
        status=assessment.status,
        individuals=assessment.individuals,
        shelter=dict(shelter),
        needed=frozenset(need.sector for need in needs if need.is_needed),
        received=frozenset(need.sector for need in needs if need.assistance_received),
        priorities={need.sector: need.priority for need in needs if need.priority},
    )


def severity_of_places(
    user: Viewer, *, reporting_date: dt.date, area: Area | None = None, group: str = Group.IDP, severity: str = ""
) -> list[PlaceSeverity]:
    """Every place assessed on the date, scored; the most severe first."""
    assessments = assessments_visible_to(user).filter(is_current=True, reporting_date=reporting_date, group=group)
    if area is not None:
        assessments = assessments.filter(area__path__startswith=area.path)
    assessments = assessments.prefetch_related("breakdowns", "needs")
    weights, bounds = severity_weights(), settings.HAVEN_SEVERITY_BOUNDS
    scored = [PlaceSeverity(item, score(_facts(item), weights, bounds)) for item in assessments]
    if severity:
        scored = [item for item in scored if item.score.severity == severity]
    scored.sort(key=lambda item: (-(item.score.value or -1), item.assessment.place_key))
    return scored


def assessment_for(user: Viewer, pk: int | str) -> Assessment:
    try:
        return assessments_visible_to(user).select_related("source", "replaced_by").get(pk=int(pk))
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such assessment in your scope.") from None


def assessment_history(assessment: Assessment) -> QuerySet[Assessment]:
    """Every version of this place's figure on the same date, the current one first."""
    return (
        Assessment.objects.filter(
            reporting_date=assessment.reporting_date,
            assessment_type=assessment.assessment_type,
            place_key=assessment.place_key,
            group=assessment.group,
        )
        .select_related("source", "replaced_by")
        .order_by("-is_current", "-pk")
    )


def figures_rows(
    user: Viewer,
    *,
    reporting_date: dt.date | None = None,
    round_number: int | None = None,
    level: int | None = None,
    group: str | None = None,
    area: Area | None = None,
) -> QuerySet[AreaFigure]:
    """Master-list rows for exports, the API and `haven displacement figures`, in date, area, group order."""
    rows = figures_visible_to(user).select_related("area")
    if reporting_date is not None:
        rows = rows.filter(reporting_date=reporting_date)
    if round_number is not None:
        rows = rows.filter(round_number=round_number)
    if level is not None:
        rows = rows.filter(level=level)
    if group:
        rows = rows.filter(group=group)
    if area is not None:
        rows = rows.filter(area__path__startswith=area.path)
    return rows.order_by("reporting_date", "level", "area__pcode", "group", "assessment_type")


@dataclass(frozen=True)
class RoundDates:
    round: Round
    dates: list[dt.date]
    places: int


def rounds_with_dates() -> list[RoundDates]:
    """Every round with the reporting dates it covers (a round can have several)."""
    dates: dict[int, set[dt.date]] = defaultdict(set)
    places: dict[int, int] = defaultdict(int)
    for round_id, day in (
        Assessment.objects.filter(is_current=True, round__isnull=False)
        .order_by()
        .values_list("round_id", "reporting_date")
        .distinct()
    ):
        dates[round_id].add(day)
    counted = (
        Assessment.objects.filter(is_current=True, round__isnull=False)
        .order_by()
        .values_list("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    for round_id, count in counted:
        places[round_id] = count
    rounds = Round.objects.filter(pk__in=list(dates)).order_by("-number")
    return [RoundDates(item, sorted(dates[item.pk]), places[item.pk]) for item in rounds]


def imports_recent(limit: int = 50) -> QuerySet[FiguresImport]:
    return FiguresImport.objects.select_related("imported_by")[:limit]
