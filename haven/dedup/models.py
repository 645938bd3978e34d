"""The trained matching model, kept so that every check and the registration form score alike."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchModel(models.Model):
    """A Splink model trained on the registry, with the name frequencies it was trained on.

    The newest one is the model in use. `frequencies` holds, for each name key column, the share of
    records bearing each key, so that one person typed in the form is scored as the batch checks would
    score them (Splink's term-frequency adjustments need those shares).
    """

    model = models.JSONField(_("model"))
    frequencies = models.JSONField(_("name frequencies"), default=dict)
    records = models.PositiveIntegerField(_("records trained on"))
    threshold = models.FloatField(_("match threshold"))
    trained_at = models.DateTimeField(_("trained"), auto_now_add=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trained by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("matching model")
        verbose_name_plural = _("matching models")
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.trained_at:%Y-%m-%d %H:%M}"
