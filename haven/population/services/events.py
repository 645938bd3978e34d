"""Households splitting and merging: members move, both households keep the event in their history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.models import AuditAction, User
from haven.core.services import ServiceError, audit_record
from haven.population.models import Household, HouseholdEvent, HouseholdEventKind, Individual
from haven.population.services.households import _check_rights, _composition_refresh
from haven.population.services.numbers import registration_numbers_allocate, registration_prefix
from haven.population.vocabulary import PersonStatus, Relationship


def _event(household: Household, kind: str, *, other: Household, when: date, by: User, note: str) -> None:
    HouseholdEvent.objects.create(
        household=household, kind=kind, occurred_on=when, population_group=household.population_group,
        area=household.area, location=household.location, related_household=other, note=note, recorded_by=by,
    )  # fmt: skip


@transaction.atomic
def household_split(
    *,
    household: Household,
    leaving: Sequence[Individual],
    new_head: Individual,
    recorded_by: User,
    occurred_on: date | None = None,
    note: str = "",
) -> Household:
    """Part of a household forms its own: the leaving members move to a new household in the same place.

    The new household keeps the situation (group, place, origin, consent) it had; `new_head` becomes its
    head. Refused when the leaving members are not all in the household, when none would stay behind,
    or when the head of the old household leaves (name another head first).
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    _check_rights(recorded_by, "population.change_household", locked.area)
    when = occurred_on or timezone.localdate()
    ids = {member.pk for member in leaving}
    members = {member.pk: member for member in locked.members.filter(status=PersonStatus.ACTIVE)}
    if not ids or not ids <= set(members) or new_head.pk not in ids:
        raise ServiceError(_("Choose active members of this household, the new head among them."))
    if len(ids) == len(members):
        raise ServiceError(_("At least one member stays in the household."))
    if any(members[pk].relationship == Relationship.HEAD for pk in ids):
        raise ServiceError(_("The head cannot leave; name another head of this household first."))
    (number,) = registration_numbers_allocate(prefix=registration_prefix(locked.area.path), count=1)
    split = Household.objects.get(pk=locked.pk)
    split.pk = None
    split.registration_number = number
    split.created_by = recorded_by
    split.registered_on = timezone.localdate()
    split.save(force_insert=True)
    Individual.objects.filter(pk__in=ids).update(household=split, relationship=Relationship.OTHER_RELATIVE)
    Individual.objects.filter(pk=new_head.pk).update(relationship=Relationship.HEAD)
    today = timezone.localdate()
    for changed in (locked, split):
        _composition_refresh(changed, today)
        changed.save()
    _event(locked, HouseholdEventKind.SPLIT, other=split, when=when, by=recorded_by, note=note)
    _event(split, HouseholdEventKind.SPLIT, other=locked, when=when, by=recorded_by, note=note)
    audit_record(
        actor=recorded_by,
        action=AuditAction.UPDATE,
        target=locked,
        changes={"size": [len(members), len(members) - len(ids)]},
        detail=_("Split: %(count)s member(s) formed %(number)s") % {"count": len(ids), "number": number},
    )
    return split


@transaction.atomic
def household_merge(
    *, household: Household, into: Household, recorded_by: User, occurred_on: date | None = None, note: str = ""
) -> Household:
    """Two households become one: the members of `household` join `into`, whose head stays the head.

    The merged household stays on record, inactive, with the event pointing to where its members went.
    Refused for the same household twice, an inactive one, or a household without consent (no members).
    """
    first, second = sorted([household.pk, into.pk])
    locked = {h.pk: h for h in Household.objects.select_for_update().filter(pk__in=[first, second])}
    source, target = locked.get(household.pk), locked.get(into.pk)
    if source is None or target is None or source.pk == target.pk:
        raise ServiceError(_("Choose two different households."))
    for each in (source, target):
        _check_rights(recorded_by, "population.change_household", each.area)
        if not each.is_active:
            raise ServiceError(_("Household %(number)s is no longer active.") % {"number": each.registration_number})
        if not each.consent_given:
            raise ServiceError(
                _("Household %(number)s has no consent and no members to merge.") % {"number": each.registration_number}
            )
    when = occurred_on or timezone.localdate()
    source.members.filter(relationship=Relationship.HEAD).update(relationship=Relationship.OTHER_RELATIVE)
    moved = source.members.update(household=target)
    today = timezone.localdate()
    source.is_active = False
    for changed in (source, target):
        _composition_refresh(changed, today)
        changed.save()
    _event(source, HouseholdEventKind.MERGED, other=target, when=when, by=recorded_by, note=note)
    _event(target, HouseholdEventKind.MERGED, other=source, when=when, by=recorded_by, note=note)
    audit_record(
        actor=recorded_by,
        action=AuditAction.UPDATE,
        target=target,
        detail=_("Merged %(number)s into it: %(count)s member(s)")
        % {"number": source.registration_number, "count": moved},
    )
    return target
