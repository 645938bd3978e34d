"""Displacement figures on the overview page: the latest IDPs and returnees in the user's areas, and the return rate."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from haven.core.dashboard import Figure, Panel, panel_register
from haven.core.models import User
from haven.displacement import selectors
from haven.displacement.vocabulary import Group


@panel_register
def displacement_panel(user: User) -> Panel | None:
    if not user.has_perm("displacement.view_figures"):
        return None
    roots = selectors.scope_roots(user)
    if not roots:
        return None
    url = reverse("displacement:overview")
    idps = returnees = 0
    latest = None
    for area in roots:
        view = selectors.overview(user, area=area)
        if view.reporting_date is None:
            continue
        latest = max(latest, view.reporting_date) if latest else view.reporting_date
        idps += view.totals.individuals(Group.IDP) or 0
        returnees += view.totals.individuals(Group.RETURNEE) or 0
    if latest is None:
        return None
    rate = selectors.return_rate(idps, returnees)
    note = _("Reported %(date)s") % {"date": date_format(latest)}
    figures = [
        Figure(_("IDPs (individuals)"), idps, url, note),
        Figure(_("Returnees (individuals)"), returnees, f"{url}?group=returnee", note),
    ]
    if rate is not None:
        figures.append(Figure(_("Return rate"), f"{rate:.0%}", url))
    return Panel(_("Displacement in your areas"), figures, order=50)
