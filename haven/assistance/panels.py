"""Assistance on the overview page: households and people served in the user's areas."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.assistance import reports
from haven.core.dashboard import Figure, Panel, panel_register
from haven.core.models import User


@panel_register
def assistance_panel(user: User) -> Panel | None:
    if not user.has_perm("assistance.view_assistance_report"):
        return None
    totals = reports.assistance_totals(user)
    url = reverse("assistance:report")
    return Panel(
        _("Assistance delivered in your areas"),
        [
            Figure(_("Households served"), totals["households"], url),
            Figure(_("People in them"), totals["people"], url),
            Figure(_("Programmes"), totals["programmes"], reverse("assistance:programme-list")),
        ],
        order=200,
    )
