"""Geo's figures on the overview page: the areas Haven knows, and the places in the user's areas."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.core.dashboard import Figure, Panel, panel_register
from haven.core.models import User
from haven.geo import selectors
from haven.geo.models import AdminLevel, LocationType


@panel_register
def areas_panel(user: User) -> Panel | None:
    counts = selectors.areas_count_by_level()
    figures = [
        Figure(AdminLevel(level).label, counts[level], reverse("geo:area-list"))
        for level in (AdminLevel.ADM1, AdminLevel.ADM2, AdminLevel.ADM3)
    ]
    return Panel(_("Administrative areas"), figures, order=800)


@panel_register
def locations_panel(user: User) -> Panel | None:
    locations = selectors.locations_visible_to(user)
    by_type = dict(locations.order_by().values_list("type").annotate(n=Count("id")).values_list("type", "n"))
    list_url = reverse("geo:location-list")
    figures = [Figure(_("All sites"), sum(by_type.values()), list_url)]
    figures += [
        Figure(kind.label, by_type[kind.value], f"{list_url}?type={kind.value}")
        for kind in LocationType
        if by_type.get(kind.value)
    ]
    return Panel(_("Sites in your areas"), figures, order=200)
