"""Writes of the deduplication app: keeping a trained matching model."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from haven.core.models import AuditAction, User
from haven.core.services import audit_record
from haven.dedup.engine.run import MATCH_THRESHOLD
from haven.dedup.models import MatchModel


@transaction.atomic
def match_model_store(
    *, model: dict[str, Any], frequencies: dict[str, dict[str, float]], records: int, trained_by: User | None
) -> MatchModel:
    """Keep a model trained on `records` registered people; from now on it scores every check."""
    stored = MatchModel.objects.create(
        model=model, frequencies=frequencies, records=records, threshold=MATCH_THRESHOLD, trained_by=trained_by
    )
    audit_record(actor=trained_by, action=AuditAction.CREATE, target=stored, detail=f"{records} records")
    return stored
