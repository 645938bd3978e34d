"""Every read of assistance: programmes, distributions, lists and who a targeting rule selects."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from haven.assistance.models import (
    Delivery,
    DeliveryRefusal,
    Distribution,
    Entitlement,
    Programme,
    Verification,
    VerificationOutcome,
)
from haven.assistance.rules import HOST_COMMUNITY, VULNERABILITY_TEXT, TargetingRule, host_count, split_cap
from haven.core.models import User
from haven.core.selectors import scope_q, user_area_paths
from haven.geo import selectors as geo_selectors
from haven.population import selectors as population_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from haven.geo.models import Area
    from haven.population.models import Household


def _overlapping_q(user: User | AnonymousUser, area_field: str) -> Q:
    """Records whose area lies in the user's scope or contains it: a country-wide programme is seen
    by a governorate's officer, a programme in another governorate is not."""
    paths = user_area_paths(user)
    condition = scope_q(user, area_field)
    ancestors = {path[: index + 1] for path in paths for index, char in enumerate(path) if char == "/"}
    if ancestors:
        condition |= Q(**{f"{area_field}__path__in": sorted(ancestors)})
    return condition


def programmes_visible_to(user: User | AnonymousUser) -> QuerySet[Programme]:
    if not user.has_perm("assistance.view_programme"):
        return Programme.objects.none()
    return Programme.objects.filter(_overlapping_q(user, "area")).select_related("area")


def programme_for_user(user: User | AnonymousUser, pk: int | str) -> Programme:
    try:
        return programmes_visible_to(user).get(pk=pk)
    except (Programme.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such programme.") from None


def programme_figures(programme: Programme) -> dict[str, int]:
    """Households listed and served across the programme's distributions."""
    listed = Entitlement.objects.filter(distribution__programme=programme).count()
    served = Delivery.objects.filter(programme=programme).count()
    return {"listed": listed, "served": served, "distributions": programme.distributions.count()}


def distributions_visible_to(user: User | AnonymousUser) -> QuerySet[Distribution]:
    if not user.has_perm("assistance.view_programme"):
        return Distribution.objects.none()
    visible = Distribution.objects.filter(_overlapping_q(user, "area"))
    # Counted in subqueries: joining both lists at once would pair every entitlement with every delivery.
    return visible.select_related("programme", "area", "list_job").annotate(
        listed=_count_of(Entitlement), served=_count_of(Delivery)
    )


def _count_of(model: type[Entitlement] | type[Delivery]) -> Coalesce:
    rows = model.objects.filter(distribution=OuterRef("pk")).order_by().values("distribution")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def distribution_for_user(user: User | AnonymousUser, pk: int | str) -> Distribution:
    try:
        return distributions_visible_to(user).get(pk=pk)
    except (Distribution.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such distribution.") from None


def entitlements_visible_to(user: User | AnonymousUser, distribution: Distribution) -> QuerySet[Entitlement]:
    """The distribution's list, the households of the user's areas only (a list names people)."""
    if not user.has_perm("population.view_household") and not user.has_perm("assistance.deliver_assistance"):
        return Entitlement.objects.none()
    return (
        distribution.entitlements.filter(scope_q(user, "area"))
        .select_related("household", "area", "delivery")
        .order_by("household__registration_number")
    )


def entitlement_for_user(user: User | AnonymousUser, pk: int | str) -> Entitlement:
    try:
        entitlement = Entitlement.objects.select_related("distribution__programme", "household", "area").get(pk=pk)
    except (Entitlement.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such entitlement.") from None
    if not entitlements_visible_to(user, entitlement.distribution).filter(pk=entitlement.pk).exists():
        raise Http404("No such entitlement.")
    return entitlement


def entitlements_search(
    user: User | AnonymousUser, distribution: Distribution, *, text: str = "", state: str = ""
) -> QuerySet[Entitlement]:
    """The list, narrowed to households whose number, member's document, phone or name match."""
    entitlements = entitlements_visible_to(user, distribution)
    if state == "delivered":
        entitlements = entitlements.filter(delivered=True)
    elif state == "waiting":
        entitlements = entitlements.filter(delivered=False)
    if text.strip():
        found = population_selectors.households_search(user, text=text, include_inactive=True)
        entitlements = entitlements.filter(household__in=found.values("pk"))
    return entitlements


def refusals_of(distribution: Distribution) -> QuerySet[DeliveryRefusal]:
    return distribution.refusals.select_related("attempted_by", "entitlement__household")


def verifications_of(distribution: Distribution) -> QuerySet[Verification]:
    return Verification.objects.filter(delivery__distribution=distribution).select_related(
        "delivery__household", "verified_by"
    )


def verification_for_user(user: User | AnonymousUser, pk: int | str) -> Verification:
    """A sampled delivery to verify, of a distribution the user may see."""
    try:
        verification = Verification.objects.select_related("delivery").get(pk=pk)
    except (Verification.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such verification.") from None
    distribution_for_user(user, verification.delivery.distribution_id)
    return verification


def verification_summary(distribution: Distribution) -> dict[str, int]:
    """How many sampled households each outcome has, by the outcome's label."""
    rows = verifications_of(distribution).order_by().values("outcome").annotate(n=Count("id"))
    return {str(VerificationOutcome(row["outcome"]).label): row["n"] for row in rows}


# Targeting ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selected:
    """One household a rule selects, with what reports need to count it."""

    household_id: int
    population_group: str
    area_id: int
    area_path: str
    size: int


@dataclass
class TargetingPreview:
    """How many households a rule selects, by governorate and group, before anything is saved."""

    rows: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    households: int = 0
    individuals: int = 0
    host_households: int = 0
    host_available: int = 0
    unknown_areas: list[str] = field(default_factory=list)

    @property
    def host_percent(self) -> float:
        return 100 * self.host_households / self.households if self.households else 0.0


def _candidates(
    user: User | AnonymousUser, *, programme: Programme, rule: TargetingRule, area: Area | None
) -> tuple[QuerySet[Household], list[str]]:
    households = population_selectors.households_visible_to(user).filter(
        is_active=True, area__path__startswith=programme.area.path
    )
    if area is not None:
        households = households.filter(area__path__startswith=area.path)
    unknown: list[str] = []
    if rule.areas:
        within = Q(pk__in=[])
        for code in rule.areas:
            found = geo_selectors.area_get(code)
            if found is None:
                unknown.append(code)
            else:
                within |= Q(area__path__startswith=found.path)
        households = households.filter(within)
    served = Delivery.objects.none()
    if rule.exclude_assisted_days:
        since = timezone.localdate() - timedelta(days=rule.exclude_assisted_days)
        served = served | Delivery.objects.filter(delivered_on__gte=since)
    if rule.exclude_programmes:
        served = served | Delivery.objects.filter(programme__code__in=rule.exclude_programmes)
    if rule.exclude_assisted_days or rule.exclude_programmes:
        households = households.exclude(pk__in=served.values("household"))
    households = households.annotate(**{VULNERABILITY_TEXT: Cast("vulnerabilities", TextField())})
    return households, unknown


def targeting_select(
    user: User | AnonymousUser,
    *,
    programme: Programme,
    rule: TargetingRule,
    area: Area | None = None,
    today: date | None = None,
    exclude_round: int | None = None,
) -> tuple[list[Selected], list[str]]:
    """The households a rule selects for the programme (and a distribution's area), in list order, and
    any area code of the rule that names no area.

    Larger households come first, then the earlier registered, so that a list capped by a budget keeps
    the households with the most people. Host households meeting the same conditions are added to
    make up the rule's host-community share. Households already listed for `exclude_round` of the
    programme are left out: a household is entitled once per round.
    """
    today = today or timezone.localdate()
    households, unknown = _candidates(user, programme=programme, rule=rule, area=area)
    if exclude_round is not None:
        listed = Entitlement.objects.filter(distribution__programme=programme, distribution__round=exclude_round)
        households = households.exclude(pk__in=listed.values("household"))
    order = ("-size", "registered_on", "pk")
    columns = ("pk", "population_group", "area_id", "area__path", "size")
    targeted = households.filter(rule.household_q(today=today))
    hosts_wanted: int | None = None
    if rule.adds_host_community:
        targeted = targeted.exclude(population_group=HOST_COMMUNITY)
    rows = targeted.order_by(*order).values_list(*columns)
    if rule.max_households:
        limit, hosts_wanted = (
            split_cap(cap=rule.max_households, host_share=rule.host_share)
            if rule.adds_host_community
            else (rule.max_households, 0)
        )
        rows = rows[:limit]
    chosen = [Selected(*row) for row in rows]
    if rule.adds_host_community:
        wanted = host_count(targeted=len(chosen), host_share=rule.host_share)
        if hosts_wanted is not None:
            wanted = min(wanted, hosts_wanted)
        hosts = households.filter(rule.conditions_q(today=today), population_group=HOST_COMMUNITY).order_by(*order)
        chosen += [Selected(*row) for row in hosts[:wanted].values_list(*columns)]
    return chosen, unknown


def host_available(user: User | AnonymousUser, *, programme: Programme, rule: TargetingRule) -> int:
    households, _unknown = _candidates(user, programme=programme, rule=rule, area=None)
    today = timezone.localdate()
    return households.filter(rule.conditions_q(today=today), population_group=HOST_COMMUNITY).count()


def governorate_of(path: str) -> str:
    """The governorate's P-code of an area, from its materialised path (`IQ/IQG01/IQG01Q01/`)."""
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) > 1 else parts[0]


def area_names(codes: set[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for code in codes:
        found = geo_selectors.area_get(code)
        names[code] = found.name if found is not None else code
    return names


def targeting_preview(user: User | AnonymousUser, *, programme: Programme, rule: TargetingRule) -> TargetingPreview:
    """Households and people the rule selects by governorate and population group."""
    chosen, unknown = targeting_select(user, programme=programme, rule=rule)
    counts: Counter[tuple[str, str]] = Counter()
    people: Counter[tuple[str, str]] = Counter()
    for row in chosen:
        key = (governorate_of(row.area_path), row.population_group)
        counts[key] += 1
        people[key] += row.size
    names = area_names({code for code, _group in counts})
    preview = TargetingPreview(unknown_areas=unknown)
    preview.rows = [
        (code, names[code], group, counts[code, group], people[code, group]) for code, group in sorted(counts)
    ]
    preview.households = len(chosen)
    preview.individuals = sum(row.size for row in chosen)
    preview.host_households = sum(1 for row in chosen if row.population_group == HOST_COMMUNITY)
    if rule.host_share:
        preview.host_available = host_available(user, programme=programme, rule=rule)
    return preview
