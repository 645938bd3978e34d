"""Return-index style severity: indicators measured at an assessed place, weighted, scored 0-100.

Pure functions over what an assessment found; the weights come from the database (set in the
admin) and the bounds between low, medium and high from settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from haven.displacement.vocabulary import Sector, ShelterCategory, Status


@dataclass(frozen=True)
class PlaceFacts:
    """What severity reads of one assessment."""

    status: str
    individuals: int | None
    shelter: Mapping[str, int]  # shelter category → families (or individuals when families are not given)
    needed: frozenset[str]  # sectors reported as needed
    received: frozenset[str]  # sectors where assistance was received
    priorities: Mapping[str, int]  # sector → priority rank (1 = first)


def _share(facts: PlaceFacts, *categories: str) -> float | None:
    total = sum(facts.shelter.values())
    if not total:
        return None
    return sum(facts.shelter.get(category, 0) for category in categories) / total


def _unmet(facts: PlaceFacts) -> float | None:
    if not facts.needed:
        return None if not facts.priorities else 0.0
    return len(facts.needed - facts.received) / len(Sector.values)


def _need(sector: str) -> Callable[[PlaceFacts], float | None]:
    def measure(facts: PlaceFacts) -> float | None:
        if sector in facts.priorities:
            # The first priority weighs fully, the third a little over half.
            return max(0.0, 1.0 - 0.2 * (facts.priorities[sector] - 1))
        if not facts.needed and not facts.received:
            return None
        return 0.5 if sector in facts.needed else 0.0

    return measure


@dataclass(frozen=True)
class Indicator:
    code: str
    label: object
    measure: Callable[[PlaceFacts], float | None]  # 0 (no concern) to 1 (most severe); None when not assessed
    default_weight: float


INDICATORS: list[Indicator] = [
    Indicator("critical_shelter", _("Share living in critical shelter"),
              lambda facts: _share(facts, ShelterCategory.CRITICAL), 3.0),
    Indicator("camp_shelter", _("Share living in camps"), lambda facts: _share(facts, ShelterCategory.CAMP), 1.0),
    Indicator("unmet_needs", _("Sectors needed without assistance received"), _unmet, 2.0),
    Indicator("food_need", _("Food is a priority need"), _need(Sector.FOOD), 1.0),
    Indicator("water_need", _("Water is a priority need"), _need(Sector.WATER), 1.0),
    Indicator("health_need", _("Health is a priority need"), _need(Sector.HEALTH), 1.0),
    Indicator("shelter_need", _("Shelter is a priority need"), _need(Sector.SHELTER), 1.0),
    Indicator("protection_need", _("Protection is a priority need"), _need(Sector.PROTECTION), 1.0),
    Indicator("not_accessible", _("Place not accessible to assessors"),
              lambda facts: 1.0 if facts.status == Status.NOT_ACCESSIBLE else 0.0, 2.0),
]  # fmt: skip
INDICATOR_CODES = [indicator.code for indicator in INDICATORS]


@dataclass(frozen=True)
class Score:
    value: float | None  # 0-100; None when no weighted indicator was measured
    severity: str  # low / medium / high / "" when unscored
    parts: dict[str, float]  # indicator code → its measure


def severity_class(value: float | None, bounds: tuple[float, ...]) -> str:
    if value is None:
        return ""
    if value >= bounds[1]:
        return "high"
    if value >= bounds[0]:
        return "medium"
    return "low"


def score(facts: PlaceFacts, weights: Mapping[str, float], bounds: tuple[float, ...]) -> Score:
    """The weighted mean of the indicators measured at the place, times 100; unmeasured ones are left out."""
    total = weighted = 0.0
    parts: dict[str, float] = {}
    for indicator in INDICATORS:
        weight = weights.get(indicator.code, 0.0)
        if weight <= 0:
            continue
        measured = indicator.measure(facts)
        if measured is None:
            continue
        parts[indicator.code] = measured
        total += weight
        weighted += weight * min(1.0, max(0.0, measured))
    value = round(100 * weighted / total, 1) if total else None
    return Score(value, severity_class(value, bounds), parts)


def weights_with_defaults(configured: Iterable[tuple[str, float, bool]]) -> dict[str, float]:
    """The weights in force: those set in the admin, the defaults for indicators never set."""
    weights = {indicator.code: indicator.default_weight for indicator in INDICATORS}
    for code, weight, is_active in configured:
        if code in weights:
            weights[code] = weight if is_active else 0.0
    return weights
