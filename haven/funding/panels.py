"""Funding on the overview page: each appeal's coverage, for those who may read appeals."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.core.dashboard import Figure, Panel, panel_register
from haven.core.models import User
from haven.funding import selectors


@panel_register
def funding_panel(user: User) -> Panel | None:
    if not user.has_perm("funding.view_appeal"):
        return None
    figures = []
    for coverage in selectors.appeals_totals()[:4]:
        pct = coverage.total.coverage_pct
        if pct is None:
            continue
        figures.append(
            Figure(
                _("%(appeal)s, %% funded") % {"appeal": coverage.appeal.code},
                pct,
                reverse("funding:appeal-detail", args=[coverage.appeal.code]),
                note=_("of USD %(requirements)s") % {"requirements": f"{coverage.total.requirements_usd or 0:,.0f}"},
            )
        )
    if not figures:
        return None
    return Panel(_("Appeal coverage"), figures, order=400)
