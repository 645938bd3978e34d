"""What assistance reached: families and people by group, area, modality, programme and month; the balance
between population groups; who does what where (3W/4W) with HXL hashtags. Reads only, scoped by area."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from haven.assistance.models import Delivery, Modality, Programme
from haven.assistance.selectors import area_names
from haven.core.selectors import scope_q
from haven.population import selectors as population_selectors
from haven.population.vocabulary import PopulationGroup

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from haven.core.models import User
    from haven.geo.models import Area

# The seed's own ratio: 47,000 families, an estimated 282,000 individuals.
PERSONS_PER_FAMILY = float(getattr(settings, "HAVEN_ASSISTANCE_PERSONS_PER_FAMILY", 6.0))
REACHED_BY = {
    "population_group": _("population group"),
    "area": _("governorate"),
    "modality": _("modality"),
    "programme": _("programme"),
    "month": _("month"),
}


def imbalance_points() -> float:
    """How many percentage points a group's share of assistance may differ from its share of the population."""
    return float(getattr(settings, "HAVEN_ASSISTANCE_IMBALANCE_POINTS", 15))


def deliveries_visible_to(
    user: User | AnonymousUser,
    *,
    programme: Programme | None = None,
    area: Area | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Delivery]:
    """Deliveries to households of the user's areas, as the list recorded them."""
    if not user.has_perm("assistance.view_assistance_report"):
        return Delivery.objects.none()
    deliveries = Delivery.objects.filter(scope_q(user, "entitlement__area"))
    if programme is not None:
        deliveries = deliveries.filter(programme=programme)
    if area is not None:
        deliveries = deliveries.filter(entitlement__area__path__startswith=area.path)
    if since is not None:
        deliveries = deliveries.filter(delivered_on__gte=since)
    if until is not None:
        deliveries = deliveries.filter(delivered_on__lte=until)
    return deliveries


@dataclass(frozen=True)
class Reached:
    key: str
    label: str
    families: int
    individuals: int
    estimated_families: int

    @property
    def estimated(self) -> bool:
        """Some people here are estimated from families whose size is not known."""
        return self.estimated_families > 0


def _depth_code(path: str, depth: int) -> str:
    parts = path.strip("/").split("/")
    return parts[min(depth, len(parts) - 1)]


def reached(deliveries: QuerySet[Delivery], *, by: str) -> list[Reached]:
    """Families (households served, each once) and individuals reached, by one of `REACHED_BY`.

    Individuals are the household sizes; a household whose size is not known counts as
    `HAVEN_ASSISTANCE_PERSONS_PER_FAMILY` people, and its row says so.
    """
    if by not in REACHED_BY:
        raise ValueError(by)
    column = {
        "population_group": "entitlement__population_group",
        "area": "entitlement__area__path",
        "modality": "programme__modality",
        "programme": "programme__code",
        "month": "month",
    }[by]
    rows = deliveries.order_by()
    if by == "month":
        rows = rows.annotate(month=TruncMonth("delivered_on"))
    figures = rows.values(column, "household_id").annotate(size=Max("entitlement__household_size"))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in figures.iterator(chunk_size=5000):
        value = row[column]
        key = _depth_code(value, 1) if by == "area" else (value.strftime("%Y-%m") if by == "month" else str(value))
        total = totals[key]
        total[0] += 1
        if row["size"]:
            total[1] += row["size"]
        else:
            total[1] += round(PERSONS_PER_FAMILY)
            total[2] += 1
    labels: dict[str, str] = {}
    if by == "area":
        labels = area_names(set(totals))
    elif by == "population_group":
        labels = {key: str(PopulationGroup(key).label) for key in totals if key in PopulationGroup.values}
    elif by == "modality":
        labels = {key: str(Modality(key).label) for key in totals if key in Modality.values}
    elif by == "programme":
        labels = dict(Programme.objects.filter(code__in=list(totals)).values_list("code", "name"))
    return [Reached(key, labels.get(key, key), *values) for key, values in sorted(totals.items())]


@dataclass(frozen=True)
class GroupBalance:
    """A population group in an area: its share of the households and its share of those assisted."""

    area: str
    area_name: str
    population_group: str
    households: int
    population_share: float
    assisted_households: int
    assistance_share: float
    imbalanced: bool

    @property
    def group_label(self) -> str:
        group = self.population_group
        return str(PopulationGroup(group).label) if group in PopulationGroup.values else group

    @property
    def difference_points(self) -> float:
        return 100 * (self.assistance_share - self.population_share)


def balance_by_group(
    *,
    user: User | AnonymousUser,
    area: Area | None = None,
    programme: Programme | None = None,
    since: date | None = None,
    until: date | None = None,
    points: float | None = None,
) -> list[GroupBalance]:
    """Each group's share of assistance against its share of the registered households, per area.

    Areas are the governorates, or the areas one level below `area` when one is given. A group is
    flagged when its share of the households assisted in an area differs from its share of the area's
    households by more than `points` percentage points (`HAVEN_ASSISTANCE_IMBALANCE_POINTS`, 15 by
    default); an area where no one was assisted has nothing to flag.
    """
    points = imbalance_points() if points is None else points
    depth = 1 if area is None else area.level + 1
    households = population_selectors.households_visible_to(user).filter(is_active=True)
    if area is not None:
        households = households.filter(area__path__startswith=area.path)
    population: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in households.order_by().values("area__path", "population_group").annotate(n=Count("id")):
        population[_depth_code(row["area__path"], depth)][row["population_group"]] += row["n"]
    deliveries = deliveries_visible_to(user, programme=programme, area=area, since=since, until=until)
    assisted: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    served = deliveries.order_by().values("entitlement__area__path", "entitlement__population_group")
    for row in served.annotate(n=Count("household_id", distinct=True)):
        code = _depth_code(row["entitlement__area__path"], depth)
        assisted[code][row["entitlement__population_group"]] += row["n"]
    names = area_names(set(population) | set(assisted))
    balances: list[GroupBalance] = []
    for code in sorted(set(population) | set(assisted)):
        total = sum(population[code].values())
        total_assisted = sum(assisted[code].values())
        for group in sorted(set(population[code]) | set(assisted[code])):
            share = population[code][group] / total if total else 0.0
            assistance_share = assisted[code][group] / total_assisted if total_assisted else 0.0
            balances.append(
                GroupBalance(
                    area=code,
                    area_name=names[code],
                    population_group=group,
                    households=population[code][group],
                    population_share=share,
                    assisted_households=assisted[code][group],
                    assistance_share=assistance_share,
                    imbalanced=total_assisted > 0 and abs(assistance_share - share) * 100 > points,
                )
            )
    return balances


# Who does what where (3W) and when (4W), with the HXL hashtags OCHA's 3W template uses.
THREE_W_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Organisation", "#org+impl"),
    ("Sector", "#sector"),
    ("Activity", "#activity"),
    ("Modality", "#modality"),
    ("Programme code", "#activity+code"),
    ("Appeal project", "#activity+appeal+code"),
    ("Governorate", "#adm1+name"),
    ("Governorate P-code", "#adm1+code"),
    ("Population group", "#targeted+type"),
    ("Households reached", "#reached+hh"),
    ("Individuals reached", "#reached+ind"),
    ("Individuals estimated", "#reached+ind+estimated"),
    ("Start date", "#date+start"),
    ("End date", "#date+end"),
    ("Status", "#status"),
)


def three_w_rows(deliveries: QuerySet[Delivery]) -> list[list[object]]:
    """One row per programme, governorate and population group reached."""
    grouped = (
        deliveries.order_by()
        .values("programme_id", "entitlement__area__path", "entitlement__population_group", "household_id")
        .annotate(size=Max("entitlement__household_size"), first=Min("delivered_on"), last=Max("delivered_on"))
    )
    cells: dict[tuple[int, str, str], list[object]] = {}
    for row in grouped.iterator(chunk_size=5000):
        key = (
            row["programme_id"],
            _depth_code(row["entitlement__area__path"], 1),
            row["entitlement__population_group"],
        )
        figure = cells.setdefault(key, [0, 0, False, row["first"], row["last"]])
        figure[0] = int(str(figure[0])) + 1
        figure[1] = int(str(figure[1])) + (row["size"] or round(PERSONS_PER_FAMILY))
        figure[2] = bool(figure[2]) or not row["size"]
        figure[3] = min(figure[3], row["first"])
        figure[4] = max(figure[4], row["last"])
    programmes = Programme.objects.in_bulk({key[0] for key in cells})
    names = area_names({key[1] for key in cells})
    rows: list[list[object]] = []
    for (programme_id, code, group), (families, people, estimated, first, last) in sorted(cells.items()):
        programme = programmes[programme_id]
        rows.append(
            [
                programme.organisation,
                programme.sector,
                programme.get_item_display(),
                programme.get_modality_display(),
                programme.name,
                programme.code,
                programme.appeal_project.code if programme.appeal_project else "",
                names[code],
                code,
                group,
                families,
                people,
                "yes" if estimated else "",
                first,
                last,
                programme.get_status_display(),
            ]
        )
    return rows


def assistance_totals(user: User | AnonymousUser) -> dict[str, int]:
    """Households served and deliveries in the user's areas, for the overview page."""
    deliveries = deliveries_visible_to(user)
    figures = deliveries.aggregate(
        households=Count("household_id", distinct=True), people=Sum("entitlement__household_size")
    )
    programmes = Programme.objects.filter(Q(pk__in=deliveries.values("programme"))).count()
    return {"households": figures["households"] or 0, "people": figures["people"] or 0, "programmes": programmes}
