"""What every page's layout needs: the modules this person may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    section: str


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        NavItem(_("Overview"), reverse("core:home"), "home"),
    ]
    if user.has_perm("population.view_household"):
        items.append(NavItem(_("Registry"), reverse("population:household-list"), "registry"))
    if user.has_perm("displacement.view_figures"):
        items.append(NavItem(_("Displacement"), reverse("displacement:overview"), "displacement"))
    if user.has_perm("population.import_registrations"):
        items.append(NavItem(_("Imports"), reverse("population:batch-list"), "imports"))
    if user.has_perm("projects.view_project"):
        items.append(NavItem(_("Projects"), reverse("projects:board"), "projects"))
    if user.has_perm("funding.view_appeal"):
        items.append(NavItem(_("Funding"), reverse("funding:appeal-list"), "funding"))
    if user.has_perm("assistance.view_programme"):
        items.append(NavItem(_("Assistance"), reverse("assistance:programme-list"), "assistance"))
    if user.has_perm("assistance.view_assistance_report"):
        items.append(NavItem(_("Assistance report"), reverse("assistance:report"), "assistance-report"))
    items += [
        NavItem(_("Areas"), reverse("geo:area-list"), "areas"),
        NavItem(_("Locations"), reverse("geo:location-list"), "locations"),
        NavItem(_("Jobs"), reverse("core:job-list"), "jobs"),
    ]
    if user.has_perm("core.view_auditentry"):
        items.append(NavItem(_("Audit log"), reverse("core:audit-log"), "audit"))
    if user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index"), "admin"))
    items.append(NavItem(_("API"), reverse("api-docs"), "api"))
    return {"nav_items": items}
