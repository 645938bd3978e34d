"""Handing over entitlements: one at a time from the page or the API, or a whole offline list at once.

A household is served once per round of a programme. Three things hold that, the last two in the
database so that they hold under concurrent requests too: the entitlement row is locked while it is
served; a household has one delivery per round (`delivery_once_per_household`); and every person
record of the household, with every record confirmed as the same person, is claimed for the round
(`delivery_once_per_person`), so a household registered twice is not served through its other record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.assistance.models import (
    Delivery,
    DeliveryClaim,
    DeliveryRefusal,
    DeliverySource,
    Distribution,
    DistributionStatus,
    Entitlement,
    IdentifiedBy,
)
from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError, audit_record
from haven.population import selectors as population_selectors
from haven.population.identifiers import document_number_key

if TYPE_CHECKING:
    from haven.population.models import Individual

CHUNK = 2000


@dataclass(frozen=True)
class Receipt:
    """What a distribution team writes down when it serves a household."""

    identified_by: str = IdentifiedBy.REGISTRATION_NUMBER
    received_by: Individual | None = None
    received_by_name: str = ""
    document_number: str = ""
    quantity: Decimal | None = None
    delivered_on: date | None = None


class DeliveryRefused(ServiceError):
    """A second delivery of an entitlement already served; logged with who tried."""


class DeliveriesRefused(ServiceError):
    """Deliveries of a list refused together, with the reason for each entitlement at fault."""

    def __init__(self, problems: dict[int, tuple[str, str]], *, served_twice: dict[int, str] | None = None) -> None:
        super().__init__(_("%(count)s deliveries refused; nothing was recorded.") % {"count": len(problems)})
        self.problems = problems
        self.served_twice = served_twice or {}


def _receipt_problem(entitlement: Entitlement, receipt: Receipt, documents: set[str] | None) -> tuple[str, str]:
    """What is wrong with a receipt on its own (not a second delivery), and in which of its fields;
    nothing is logged for these."""
    if receipt.identified_by not in IdentifiedBy.values:
        return "identified_by", _("Say how the person was identified: registration number or document.")
    if receipt.identified_by == IdentifiedBy.DOCUMENT:
        key = document_number_key(receipt.document_number)
        if not key:
            return "document_number", _("Give the number of the document shown.")
        if documents is not None and key not in documents:
            return "document_number", _("No member of household %(number)s has a document numbered %(document)s.") % {
                "number": entitlement.household.registration_number,
                "document": receipt.document_number,
            }
    if receipt.received_by is not None and receipt.received_by.household_id != entitlement.household_id:
        return "received_by", _("The person who received is not a member of household %(number)s.") % {
            "number": entitlement.household.registration_number
        }
    if receipt.quantity is not None and not (0 < receipt.quantity <= entitlement.quantity):
        return "quantity", _("The quantity must be more than 0 and at most the %(entitled)s entitled.") % {
            "entitled": entitlement.quantity.normalize()
        }
    delivered_on = receipt.delivered_on or timezone.localdate()
    if delivered_on > timezone.localdate():
        return "delivered_on", _("The delivery date is in the future.")
    if delivered_on < entitlement.distribution.programme.starts_on:
        return "delivered_on", _("The delivery date is before the programme started.")
    return "", ""


def _served_already(entitlement: Entitlement, claim: DeliveryClaim | None, earlier: Delivery | None) -> str:
    number = entitlement.household.registration_number
    if earlier is not None:
        return _(
            "Household %(number)s has already received this entitlement (round %(round)s of %(programme)s) "
            "on %(date)s at %(distribution)s; it is not handed over twice."
        ) % {
            "number": number,
            "round": earlier.round,
            "programme": entitlement.distribution.programme.code,
            "date": earlier.delivered_on.isoformat(),
            "distribution": earlier.distribution.name,
        }
    assert claim is not None
    other = claim.delivery.household.registration_number
    return _(
        "A member of household %(number)s is confirmed as the same person as a member of household %(other)s, "
        "which received this entitlement on %(date)s; it is not handed over twice."
    ) % {"number": number, "other": other, "date": claim.delivery.delivered_on.isoformat()}


def _refusal_log(*, entitlement: Entitlement, reason: str, attempted_by: User | None, source: str) -> None:
    DeliveryRefusal.objects.create(
        distribution_id=entitlement.distribution_id,
        entitlement=entitlement,
        reason=reason[:500],
        source=source,
        attempted_by=attempted_by,
    )
    audit_record(actor=attempted_by, action=AuditAction.REFUSED, target=entitlement, detail=reason)


def _delivery_new(entitlement: Entitlement, receipt: Receipt, *, recorded_by: User | None, source: str) -> Delivery:
    distribution = entitlement.distribution
    return Delivery(
        entitlement=entitlement,
        programme_id=distribution.programme_id,
        round=distribution.round,
        distribution=distribution,
        household_id=entitlement.household_id,
        received_by=receipt.received_by,
        received_by_name=receipt.received_by_name.strip()[:200],
        identified_by=receipt.identified_by,
        document_number=receipt.document_number.strip()[:64],
        quantity=receipt.quantity if receipt.quantity is not None else entitlement.quantity,
        delivered_on=receipt.delivered_on or timezone.localdate(),
        source=source,
        recorded_by=recorded_by,
    )


def _open_for_delivery(distribution: Distribution) -> None:
    if distribution.status == DistributionStatus.CLOSED:
        raise ServiceError(_("The distribution %(name)s is closed.") % {"name": distribution.name})


def delivery_record(
    *, entitlement: Entitlement, receipt: Receipt, recorded_by: User | None, source: str = DeliverySource.PAGE
) -> Delivery:
    """Record that an entitlement was handed over.

    Refuses a second delivery of the same entitlement to the household or to any record confirmed
    as its duplicate; the refusal is logged with who tried. A receipt that names someone outside the
    household, a document none of its members holds, or more than entitled is refused and changes nothing.
    """
    try:
        with transaction.atomic():
            return _deliver(entitlement=entitlement, receipt=receipt, recorded_by=recorded_by, source=source)
    except DeliveryRefused as refusal:
        _refusal_log(entitlement=entitlement, reason=str(refusal), attempted_by=recorded_by, source=source)
        raise


def _deliver(*, entitlement: Entitlement, receipt: Receipt, recorded_by: User | None, source: str) -> Delivery:
    locked = (
        Entitlement.objects.select_for_update(of=("self",))
        .select_related("distribution__programme", "household")
        .get(pk=entitlement.pk)
    )
    distribution = locked.distribution
    _open_for_delivery(distribution)
    documents = population_selectors.document_keys_by_household([locked.household_id])[locked.household_id]
    _field, problem = _receipt_problem(locked, receipt, documents)
    if problem:
        raise ServiceError(problem)
    earlier = (
        Delivery.objects.select_related("distribution")
        .filter(programme_id=distribution.programme_id, round=distribution.round, household_id=locked.household_id)
        .first()
    )
    records = population_selectors.person_records_by_household([locked.household_id])[locked.household_id]
    claim = (
        DeliveryClaim.objects.select_related("delivery__household")
        .filter(programme_id=distribution.programme_id, round=distribution.round, individual_id__in=records)
        .first()
    )
    if locked.delivered or earlier is not None or claim is not None:
        raise DeliveryRefused(_served_already(locked, claim, earlier))
    delivery = _delivery_new(locked, receipt, recorded_by=recorded_by, source=source)
    try:
        with transaction.atomic():
            delivery.save()
            DeliveryClaim.objects.bulk_create(
                DeliveryClaim(
                    delivery=delivery,
                    programme_id=distribution.programme_id,
                    round=distribution.round,
                    individual_id=record,
                )
                for record in sorted(records)
            )
    except IntegrityError:
        raise DeliveryRefused(
            _("Household %(number)s was served at this very moment by another officer; it is not handed over twice.")
            % {"number": locked.household.registration_number}
        ) from None
    Entitlement.objects.filter(pk=locked.pk).update(delivered=True)
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        target=delivery,
        detail=f"{locked.household.registration_number} {distribution.programme.code} r{distribution.round}",
    )
    return delivery


def deliveries_record_many(
    *,
    distribution: Distribution,
    receipts: Sequence[tuple[int, Receipt]],
    recorded_by: User | None,
    source: str = DeliverySource.OFFLINE,
    progress: Progress = no_progress,
) -> int:
    """Record the deliveries of a list at once (an offline list uploaded again, say): all or none.

    Every receipt is checked as `delivery_record` checks one, and against the others of the same
    upload; any fault refuses the whole upload with `DeliveriesRefused` naming each entitlement at
    fault, and each attempt at a second delivery is logged. Returns how many were recorded.
    """
    try:
        with transaction.atomic():
            return _deliver_many(
                distribution=distribution, receipts=receipts, recorded_by=recorded_by, source=source, progress=progress
            )
    except DeliveriesRefused as refusal:
        if refusal.served_twice:
            # Logged after the rollback, in one go: an upload of a list already recorded refuses every row.
            DeliveryRefusal.objects.bulk_create(
                DeliveryRefusal(
                    distribution_id=distribution.pk,
                    entitlement_id=pk,
                    reason=reason[:500],
                    source=source,
                    attempted_by=recorded_by,
                )
                for pk, reason in refusal.served_twice.items()
            )
            audit_record(
                actor=recorded_by,
                action=AuditAction.REFUSED,
                target=distribution,
                detail=_("%(count)s second deliveries refused (%(source)s)")
                % {"count": len(refusal.served_twice), "source": source},
            )
        raise


def _deliver_many(
    *,
    distribution: Distribution,
    receipts: Sequence[tuple[int, Receipt]],
    recorded_by: User | None,
    source: str,
    progress: Progress,
) -> int:
    locked = Distribution.objects.select_for_update(of=("self",)).select_related("programme").get(pk=distribution.pk)
    _open_for_delivery(locked)
    total = len(receipts)
    progress(0, total, _("Checking deliveries"))
    wanted = [pk for pk, _receipt in receipts]
    entitlements: dict[int, Entitlement] = {}
    for start in range(0, total, CHUNK):
        chunk = (
            Entitlement.objects.select_for_update(of=("self",))
            .select_related("household")
            .filter(distribution=locked, pk__in=wanted[start : start + CHUNK])
        )
        entitlements.update({entitlement.pk: entitlement for entitlement in chunk})
    problems: dict[int, tuple[str, str]] = {}
    twice: dict[int, str] = {}
    households = [entitlement.household_id for entitlement in entitlements.values()]
    documents = population_selectors.document_keys_by_household(households)
    records = population_selectors.person_records_by_household(households)
    earlier: dict[int, Delivery] = {}
    for start in range(0, len(households), CHUNK):
        for delivery in Delivery.objects.select_related("distribution").filter(
            programme_id=locked.programme_id, round=locked.round, household_id__in=households[start : start + CHUNK]
        ):
            earlier[delivery.household_id] = delivery
    # Records claimed by another household's delivery, looked up only for households not served themselves.
    unserved = sorted({record for household in households if household not in earlier for record in records[household]})
    claimed_by: dict[int, int] = {}
    for start in range(0, len(unserved), CHUNK * 5):
        claims = DeliveryClaim.objects.filter(
            programme_id=locked.programme_id, round=locked.round, individual_id__in=unserved[start : start + CHUNK * 5]
        )
        claimed_by.update(claims.values_list("individual_id", "pk"))
    claimed = DeliveryClaim.objects.select_related("delivery__household").in_bulk(set(claimed_by.values()))
    seen_records: dict[int, int] = {}
    seen: set[int] = set()
    new: list[Delivery] = []
    for pk, receipt in receipts:
        entitlement = entitlements.get(pk)
        if entitlement is None:
            problems[pk] = ("entitlement", _("Entitlement %(id)s is not on this distribution's list.") % {"id": pk})
            continue
        entitlement.distribution = locked
        if pk in seen:
            problems[pk] = ("entitlement", _("The household appears twice in the upload."))
            continue
        seen.add(pk)
        field, problem = _receipt_problem(entitlement, receipt, documents[entitlement.household_id])
        if problem:
            problems[pk] = (field, problem)
            continue
        household_records = records[entitlement.household_id]
        clash = next((claimed[claimed_by[record]] for record in household_records if record in claimed_by), None)
        previous = earlier.get(entitlement.household_id)
        if entitlement.delivered or previous is not None or clash is not None:
            twice[pk] = _served_already(entitlement, clash, previous)
            problems[pk] = ("delivered", twice[pk])
            continue
        sharing = next((seen_records[record] for record in household_records if record in seen_records), None)
        if sharing is not None:
            other = entitlements[sharing].household.registration_number
            twice[pk] = _(
                "Household %(number)s and household %(other)s share a person confirmed as registered twice; "
                "only one of them is served."
            ) % {"number": entitlement.household.registration_number, "other": other}
            problems[pk] = ("delivered", twice[pk])
            continue
        seen_records.update(dict.fromkeys(household_records, pk))
        new.append(_delivery_new(entitlement, receipt, recorded_by=recorded_by, source=source))
    if problems:
        raise DeliveriesRefused(problems, served_twice=twice)
    try:
        with transaction.atomic():
            for start in range(0, len(new), CHUNK):
                batch = Delivery.objects.bulk_create(new[start : start + CHUNK])
                DeliveryClaim.objects.bulk_create(
                    DeliveryClaim(
                        delivery=delivery, programme_id=locked.programme_id, round=locked.round, individual_id=record
                    )
                    for delivery in batch
                    for record in sorted(records[delivery.household_id])
                )
                Entitlement.objects.filter(pk__in=[delivery.entitlement_id for delivery in batch]).update(
                    delivered=True
                )
                progress(min(start + CHUNK, total), total, _("Recording deliveries"))
    except IntegrityError:
        raise ServiceError(
            _(
                "Some of these households were served at this very moment by another officer; nothing was recorded. "
                "Upload the list again to see which."
            )
        ) from None
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        target=locked,
        detail=_("%(count)s deliveries recorded (%(source)s)") % {"count": len(new), "source": source},
    )
    return len(new)
