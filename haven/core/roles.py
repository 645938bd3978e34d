"""Roles and what each may do: the one explicit table that the permission backend reads.

Permissions use Django's `app_label.codename` form so that `user.has_perm`, the admin site and
DRF all answer from this table. Later modules add their codenames here, each granted on purpose.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    IM_OFFICER = "im_officer", _("Information management officer")
    FIELD_OFFICER = "field_officer", _("Registration / field officer")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    CASE_WORKER = "case_worker", _("Case worker")
    BORDER_OFFICER = "border_officer", _("Border officer")
    VIEWER = "viewer", _("Viewer")


# What every signed-in person may do: read reference data and follow their own jobs.
_EVERYONE = frozenset(
    {
        "geo.view_area",
        "geo.view_location",
        "core.view_own_jobs",
        # Displacement figures are counts by area, no person in them.
        "displacement.view_figures",
        "displacement.export_figures",
    }
)

# Community assistance projects and appeal funding: programme managers run them, IM officers and
# administrators keep them, and everyone else who works on the operation reads them.
_PROJECTS_READ = frozenset({"projects.view_project", "funding.view_appeal", "funding.view_contribution"})
_PROJECTS_WORK = _PROJECTS_READ | {
    "projects.add_project",
    "projects.change_project",
    "projects.advance_project",
    "projects.export_project",
    "projects.import_project",
    "funding.add_appeal",
    "funding.change_appeal",
    "funding.add_contribution",
    "funding.change_contribution",
    "funding.import_fts",
    "funding.export_appeal",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: _EVERYONE
    | {
        "core.view_user",
        "core.add_user",
        "core.change_user",
        "core.view_auditentry",
        "core.view_all_jobs",
        "geo.add_area",
        "geo.change_area",
        "geo.load_boundaries",
        "geo.add_location",
        "geo.change_location",
        "geo.delete_location",
        "geo.export_location",
        "population.view_household",
        "population.add_household",
        "population.change_household",
        "population.import_registrations",
        "population.export_household",
        "population.change_columnmapping",
        "displacement.import_figures",
        "displacement.view_key_informant",
        "displacement.view_round",
        "displacement.view_figuresimport",
        "displacement.view_severityindicator",
        "displacement.add_severityindicator",
        "displacement.change_severityindicator",
        "assistance.view_programme",
        "assistance.add_programme",
        "assistance.change_programme",
        "assistance.add_distribution",
        "assistance.change_distribution",
        "assistance.deliver_assistance",
        "assistance.view_assistance_report",
    }
    | _PROJECTS_WORK,
    Role.IM_OFFICER: _EVERYONE
    | _PROJECTS_WORK
    | {
        "geo.load_boundaries",
        "geo.add_location",
        "geo.change_location",
        "geo.delete_location",
        "geo.export_location",
        "population.view_household",
        "population.add_household",
        "population.change_household",
        "population.import_registrations",
        "population.export_household",
        "population.change_columnmapping",
        "displacement.import_figures",
        "displacement.view_key_informant",
        "assistance.view_programme",
        "assistance.add_programme",
        "assistance.change_programme",
        "assistance.add_distribution",
        "assistance.change_distribution",
        "assistance.deliver_assistance",
        "assistance.view_assistance_report",
    },
    Role.FIELD_OFFICER: _EVERYONE
    | _PROJECTS_READ
    | {
        "geo.add_location",
        "geo.change_location",
        "geo.export_location",
        "population.view_household",
        "population.add_household",
        "population.change_household",
        "population.import_registrations",
        "population.export_household",
        "assistance.view_programme",
        "assistance.deliver_assistance",
        "assistance.view_assistance_report",
    },
    # Programme managers read the households their lists name (targeting previews and lists need them).
    Role.PROGRAMME_MANAGER: _EVERYONE
    | _PROJECTS_WORK
    | {
        "geo.export_location",
        "population.view_household",
        "assistance.view_programme",
        "assistance.add_programme",
        "assistance.change_programme",
        "assistance.add_distribution",
        "assistance.change_distribution",
        "assistance.deliver_assistance",
        "assistance.view_assistance_report",
    },
    # Case workers find the people their cases are about; they do not change the registry.
    Role.CASE_WORKER: _EVERYONE | {"population.view_household"},
    Role.BORDER_OFFICER: _EVERYONE,
    Role.VIEWER: _EVERYONE | _PROJECTS_READ | {"assistance.view_programme", "assistance.view_assistance_report"},
}


def permissions_of(role: str) -> frozenset[str]:
    """The permissions a role grants; an unknown role grants none."""
    return ROLE_PERMISSIONS.get(role, frozenset())
