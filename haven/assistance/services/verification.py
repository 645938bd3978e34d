"""Post-distribution verification: a random sample of deliveries is visited to confirm what was recorded."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.assistance.models import Delivery, Distribution, Verification, VerificationOutcome
from haven.core.models import AuditAction, User
from haven.core.services import ServiceError, audit_record


@transaction.atomic
def verification_sample_draw(*, distribution: Distribution, size: int, drawn_by: User, seed: int | None = None) -> int:
    """Draw `size` deliveries not yet in the sample, at random; returns how many were added."""
    if size < 1:
        raise ServiceError(_("Draw at least one household."))
    Distribution.objects.select_for_update().get(pk=distribution.pk)
    remaining = list(
        Delivery.objects.filter(distribution=distribution, verification__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not remaining:
        raise ServiceError(_("Every delivery of this distribution is in the sample already, or none was recorded."))
    drawn = random.Random(seed).sample(remaining, min(size, len(remaining)))  # noqa: S311  (a sample, not a secret)
    Verification.objects.bulk_create(Verification(delivery_id=pk) for pk in sorted(drawn))
    audit_record(
        actor=drawn_by,
        action=AuditAction.CREATE,
        target=distribution,
        detail=_("verification sample: %(count)s households") % {"count": len(drawn)},
    )
    return len(drawn)


@transaction.atomic
def verification_record(
    *,
    verification: Verification,
    outcome: str,
    verified_by: User,
    quantity_reported: Decimal | None = None,
    note: str = "",
    verified_on: date | None = None,
) -> Verification:
    """What the household said at the visit. A partial receipt needs the quantity it reports."""
    if outcome not in VerificationOutcome.values or outcome == VerificationOutcome.PENDING:
        raise ServiceError(_("Choose what the visit found."))
    if outcome == VerificationOutcome.PARTLY and quantity_reported is None:
        raise ServiceError(_("Give the quantity the household says it received."))
    locked = Verification.objects.select_for_update().get(pk=verification.pk)
    locked.outcome = outcome
    locked.quantity_reported = quantity_reported
    locked.note = note.strip()[:500]
    locked.verified_by = verified_by
    locked.verified_on = verified_on or timezone.localdate()
    locked.save()
    audit_record(actor=verified_by, action=AuditAction.UPDATE, target=locked, changes={"outcome": ["pending", outcome]})
    return locked
