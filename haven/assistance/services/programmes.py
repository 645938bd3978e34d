"""Programmes, their targeting rules, distributions and the lists of households entitled."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.assistance import selectors
from haven.assistance.models import (
    ITEMS_BY_MODALITY,
    Distribution,
    DistributionStatus,
    Entitlement,
    Item,
    Modality,
    Programme,
    ProgrammeStatus,
)
from haven.assistance.rules import TargetingRule, rule_parse
from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError, audit_changes, audit_record
from haven.funding import selectors as funding_selectors

if TYPE_CHECKING:
    from haven.geo.models import Area

LIST_BATCH = 5000


def _programme_check(*, modality: str, item: str, currency: str, unit_value: Decimal, quantity: Decimal) -> None:
    if modality not in Modality.values:
        raise ServiceError(_("Unknown modality %(value)s.") % {"value": modality})
    if item not in ITEMS_BY_MODALITY[modality]:
        raise ServiceError(
            _("A %(modality)s programme cannot hand over “%(item)s”.")
            % {"modality": Modality(modality).label, "item": Item(item).label if item in Item.values else item}
        )
    if len(currency) != 3 or not currency.isalpha():
        raise ServiceError(_("Give the currency as its three-letter code (USD, IQD)."))
    if unit_value < 0 or quantity <= 0:
        raise ServiceError(_("The unit value cannot be negative and the quantity must be more than nothing."))


@transaction.atomic
def programme_create(
    *,
    created_by: User | None,
    code: str,
    name: str,
    organisation: str,
    modality: str,
    item: str,
    area: Area,
    starts_on: date,
    ends_on: date | None = None,
    unit_value: Decimal = Decimal(0),
    currency: str = "USD",
    quantity_per_household: Decimal = Decimal(1),
    description: str = "",
    appeal_project_code: str = "",
    targeting: dict[str, object] | None = None,
) -> Programme:
    """A new programme. Refused when the code is taken, the item does not fit the modality, or it ends
    before it starts."""
    code = code.strip().upper()
    currency = currency.strip().upper()
    _programme_check(
        modality=modality, item=item, currency=currency, unit_value=unit_value, quantity=quantity_per_household
    )
    if Programme.objects.filter(code=code).exists():
        raise ServiceError(_("A programme with the code %(code)s exists already.") % {"code": code})
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError(_("The programme ends before it starts."))
    rule = rule_parse(targeting or {})
    appeal_project = None
    if appeal_project_code.strip():
        appeal_project = funding_selectors.appeal_project_find(appeal_project_code)
        if appeal_project is None:
            raise ServiceError(_("No appeal project has the code %(code)s.") % {"code": appeal_project_code.strip()})
    programme = Programme.objects.create(
        code=code,
        name=name.strip(),
        organisation=organisation.strip(),
        modality=modality,
        item=item,
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        unit_value=unit_value,
        currency=currency,
        quantity_per_household=quantity_per_household,
        description=description,
        appeal_project=appeal_project,
        targeting=rule.as_json(),
        created_by=created_by,
    )
    audit_record(actor=created_by, action=AuditAction.CREATE, target=programme)
    return programme


@transaction.atomic
def programme_targeting_set(*, programme: Programme, rule: TargetingRule, changed_by: User) -> Programme:
    """Save a programme's targeting rule; lists already generated keep the households they hold."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    before = dict(locked.targeting)
    locked.targeting = rule.as_json()
    locked.save(update_fields=["targeting", "updated_at"])
    audit_record(
        actor=changed_by,
        action=AuditAction.UPDATE,
        target=locked,
        changes=audit_changes(before=before, after=locked.targeting),
    )
    return locked


@transaction.atomic
def programme_status_set(*, programme: Programme, status: str, changed_by: User) -> Programme:
    if status not in ProgrammeStatus.values:
        raise ServiceError(_("Unknown status %(value)s.") % {"value": status})
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    before = locked.status
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=changed_by, action=AuditAction.UPDATE, target=locked, changes={"status": [before, status]})
    return locked


@transaction.atomic
def distribution_create(
    *,
    programme: Programme,
    created_by: User | None,
    name: str,
    area: Area,
    place: str,
    planned_on: date,
    team: str = "",
    round: int = 1,
) -> Distribution:
    """A planned distribution. Refused outside the programme's area or when the programme is closed."""
    if programme.status == ProgrammeStatus.CLOSED:
        raise ServiceError(_("The programme is closed."))
    if not area.path.startswith(programme.area.path):
        raise ServiceError(
            _("%(area)s is outside the programme's area (%(programme_area)s).")
            % {"area": area.name, "programme_area": programme.area.name}
        )
    if round < 1:
        raise ServiceError(_("Rounds are counted from 1."))
    if not place.strip():
        raise ServiceError(_("Say where the distribution takes place."))
    distribution = Distribution.objects.create(
        programme=programme,
        name=name.strip() or f"{programme.code} {place.strip()} {planned_on:%Y-%m-%d}",
        area=area,
        place=place.strip(),
        planned_on=planned_on,
        team=team.strip(),
        round=round,
        created_by=created_by,
    )
    if programme.status == ProgrammeStatus.PLANNED:
        Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.ACTIVE)
    audit_record(actor=created_by, action=AuditAction.CREATE, target=distribution)
    return distribution


@transaction.atomic
def distribution_list_generate(
    *, distribution: Distribution, generated_by: User, progress: Progress = no_progress
) -> int:
    """List the households the programme's rule selects in the distribution's area, and entitle each.

    Households already listed for the same round of the programme (at another distribution) are
    left out. Refused once a list exists: a list in use is not replaced under the teams' feet.
    Returns how many households were listed.
    """
    locked = (
        Distribution.objects.select_for_update(of=("self",))
        .select_related("programme__area", "area")
        .get(pk=distribution.pk)
    )
    if locked.status != DistributionStatus.PLANNED:
        raise ServiceError(_("This distribution already has its list."))
    programme = locked.programme
    rule = rule_parse(programme.targeting)
    chosen, unknown = selectors.targeting_select(
        generated_by, programme=programme, rule=rule, area=locked.area, exclude_round=locked.round
    )
    if unknown:
        raise ServiceError(_("The targeting rule names unknown areas: %(codes)s.") % {"codes": ", ".join(unknown)})
    quantity = programme.quantity_per_household
    total = len(chosen)
    progress(0, total, _("Listing households"))
    for start in range(0, total, LIST_BATCH):
        Entitlement.objects.bulk_create(
            Entitlement(
                distribution=locked,
                household_id=row.household_id,
                quantity=quantity,
                population_group=row.population_group,
                area_id=row.area_id,
                household_size=row.size,
            )
            for row in chosen[start : start + LIST_BATCH]
        )
        progress(min(start + LIST_BATCH, total), total, _("Listing households"))
    locked.status = DistributionStatus.LISTED
    locked.listed_at = timezone.now()
    locked.save(update_fields=["status", "listed_at"])
    audit_record(
        actor=generated_by,
        action=AuditAction.UPDATE,
        target=locked,
        detail=_("list generated: %(count)s households") % {"count": total},
    )
    return total


@transaction.atomic
def distribution_close(*, distribution: Distribution, closed_by: User) -> Distribution:
    locked = Distribution.objects.select_for_update().get(pk=distribution.pk)
    if locked.status == DistributionStatus.CLOSED:
        raise ServiceError(_("The distribution is closed already."))
    locked.status = DistributionStatus.CLOSED
    locked.save(update_fields=["status"])
    audit_record(actor=closed_by, action=AuditAction.UPDATE, target=locked, changes={"status": ["", "closed"]})
    return locked
