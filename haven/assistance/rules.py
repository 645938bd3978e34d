"""Targeting rules: who a programme serves, as data a programme manager edits in a page.

Pure: parsing and validating a rule and turning it into a filter on households touch no database.
A rule is stored on its programme as a JSON object with the keys of `TargetingRule`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from haven.population.vocabulary import PopulationGroup, Vulnerability

HOST_COMMUNITY = PopulationGroup.HOST_COMMUNITY.value
# Groups whose time is counted from their return rather than from their displacement.
RETURNING_GROUPS = frozenset({PopulationGroup.RETURNEE.value, PopulationGroup.REFUGEE_RETURNEE.value})
MAX_HOST_SHARE = 90
DAYS_PER_MONTH = 30.44
# The annotation (households' vulnerabilities as text) the vulnerability condition reads.
VULNERABILITY_TEXT = "vulnerability_text"


class RuleError(ValueError):
    """A rule that cannot be used, with a message for each field that is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class TargetingRule:
    """Households a programme serves.

    Every condition narrows: an empty list or a missing number does not filter. The host-community
    share adds host households living in the same areas and meeting the same conditions, so that they
    make up that share of the list and assistance does not create an imbalance.
    """

    population_groups: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    min_size: int | None = None
    max_size: int | None = None
    min_months_since: int | None = None
    max_months_since: int | None = None
    exclude_assisted_days: int | None = None
    exclude_programmes: tuple[str, ...] = ()
    host_share: int = 0
    max_households: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    @property
    def adds_host_community(self) -> bool:
        return self.host_share > 0 and HOST_COMMUNITY not in self.population_groups

    def household_q(self, *, today: date) -> Q:
        """The conditions on a household's own fields (groups, vulnerabilities, size, time)."""
        condition = self.conditions_q(today=today)
        if self.population_groups:
            condition &= Q(population_group__in=self.population_groups)
        return condition

    def conditions_q(self, *, today: date) -> Q:
        """Every condition but the population group: what host households must meet as well."""
        condition = Q()
        if self.vulnerabilities:
            any_of = Q(pk__in=[])
            for vulnerability in self.vulnerabilities:
                # Compared in the list's JSON text, quotes included: portable across SQLite and PostgreSQL.
                any_of |= Q(**{f"{VULNERABILITY_TEXT}__contains": f'"{vulnerability}"'})
            condition &= any_of
        if self.min_size is not None:
            condition &= Q(size__gte=self.min_size)
        if self.max_size is not None:
            condition &= Q(size__lte=self.max_size)
        if self.min_months_since is not None:
            condition &= _moved_q(
                lookup="lte", on=today - timedelta(days=round(self.min_months_since * DAYS_PER_MONTH))
            )
        if self.max_months_since is not None:
            condition &= _moved_q(
                lookup="gte", on=today - timedelta(days=round(self.max_months_since * DAYS_PER_MONTH))
            )
        return condition


def _moved_q(*, lookup: str, on: date) -> Q:
    returned = Q(population_group__in=RETURNING_GROUPS, **{f"returned_on__{lookup}": on})
    displaced = ~Q(population_group__in=RETURNING_GROUPS) & Q(**{f"displaced_on__{lookup}": on})
    return returned | displaced


def _number(data: dict[str, Any], name: str, errors: dict[str, str], *, low: int, high: int) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors[name] = _("Enter a whole number.")
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[name] = _("Enter a whole number.")
        return None
    if not low <= number <= high:
        errors[name] = _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        return None
    return number


def _texts(
    data: dict[str, Any], name: str, errors: dict[str, str], *, allowed: frozenset[str] | None
) -> tuple[str, ...]:
    value = data.get(name) or []
    if isinstance(value, str):
        value = list(value.replace(";", ",").split(","))
    if not isinstance(value, list | tuple):
        errors[name] = _("Give a list.")
        return ()
    items = tuple(dict.fromkeys(str(item).strip() for item in value if str(item).strip()))
    if allowed is not None:
        unknown = [item for item in items if item not in allowed]
        if unknown:
            errors[name] = _("Unknown value: %(values)s.") % {"values": ", ".join(unknown)}
            return ()
    return items


def rule_parse(data: dict[str, Any] | None) -> TargetingRule:
    """A rule from its stored or submitted form; `RuleError` names each field that is wrong."""
    data = dict(data or {})
    errors: dict[str, str] = {}
    groups = _texts(data, "population_groups", errors, allowed=frozenset(PopulationGroup.values))
    vulnerabilities = _texts(data, "vulnerabilities", errors, allowed=frozenset(Vulnerability.values))
    areas = tuple(code.upper() for code in _texts(data, "areas", errors, allowed=None))
    exclude_programmes = _texts(data, "exclude_programmes", errors, allowed=None)
    min_size = _number(data, "min_size", errors, low=1, high=100)
    max_size = _number(data, "max_size", errors, low=1, high=100)
    min_months = _number(data, "min_months_since", errors, low=0, high=1200)
    max_months = _number(data, "max_months_since", errors, low=0, high=1200)
    assisted_days = _number(data, "exclude_assisted_days", errors, low=1, high=3650)
    host_share = _number(data, "host_share", errors, low=0, high=MAX_HOST_SHARE) or 0
    max_households = _number(data, "max_households", errors, low=1, high=10_000_000)
    if min_size is not None and max_size is not None and min_size > max_size:
        errors["max_size"] = _("The largest size is smaller than the smallest.")
    if min_months is not None and max_months is not None and min_months > max_months:
        errors["max_months_since"] = _("The longest time is shorter than the shortest.")
    if host_share and groups == (HOST_COMMUNITY,):
        errors["host_share"] = _("The rule already targets the host community only.")
    if errors:
        raise RuleError(errors)
    known = set(TargetingRule.__dataclass_fields__) - {"extra"}
    return TargetingRule(
        population_groups=groups,
        areas=areas,
        vulnerabilities=vulnerabilities,
        min_size=min_size,
        max_size=max_size,
        min_months_since=min_months,
        max_months_since=max_months,
        exclude_assisted_days=assisted_days,
        exclude_programmes=exclude_programmes,
        host_share=host_share,
        max_households=max_households,
        extra={key: value for key, value in data.items() if key not in known},
    )


def host_count(*, targeted: int, host_share: int) -> int:
    """How many host households make up `host_share` percent of a list with `targeted` others on it."""
    if host_share <= 0 or targeted <= 0:
        return 0
    return round(targeted * host_share / (100 - host_share))


def split_cap(*, cap: int, host_share: int) -> tuple[int, int]:
    """A list capped at `cap` households: how many targeted, how many host households at most."""
    hosts = round(cap * host_share / 100)
    return cap - hosts, hosts
