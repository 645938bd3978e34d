"""Reads of the deduplication app."""

from __future__ import annotations

from haven.dedup.models import MatchModel


def match_model_current() -> MatchModel | None:
    """The newest trained model: the one every check and the registration form score with."""
    return MatchModel.objects.order_by("-trained_at", "-id").first()
