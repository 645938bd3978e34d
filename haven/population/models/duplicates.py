"""Two registered people the matching found alike, and what a person decided about them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.population.models.imports import DuplicateDecision


class RegistryDuplicate(models.Model):
    """A pair of registered people that may be one person; `first` is the earlier record.

    The row stays after the decision: "different people" keeps the pair from ever being proposed
    again, "same person" records the merge (`second` then points to `first`).
    """

    first = models.ForeignKey(
        "population.Individual", verbose_name=_("first record"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        "population.Individual", verbose_name=_("second record"), on_delete=models.CASCADE, related_name="+"
    )
    probability = models.FloatField(_("match probability"), null=True, blank=True)
    agreements = models.JSONField(_("fields compared"), default=dict, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=DuplicateDecision.choices, default=DuplicateDecision.PENDING,
        db_index=True,
    )  # fmt: skip
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate in the registry")
        verbose_name_plural = _("possible duplicates in the registry")
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="registry_duplicate_pair_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="registry_duplicate_first_is_earlier"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.first_id}–{self.second_id}"

    @property
    def records(self) -> tuple[Any, Any]:
        """The two records, earlier first."""
        return (self.first, self.second)

    @property
    def match_percent(self) -> int | None:
        """The match probability in whole per cent, rounded down: 99.9% is not shown as certain."""
        return None if self.probability is None else int(self.probability * 100)
