"""The projects' figures on the overview page: community assistance projects by stage in the user's areas."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.core.dashboard import Figure, Panel, panel_register
from haven.core.models import User
from haven.projects import selectors
from haven.projects.models import Stage


@panel_register
def projects_panel(user: User) -> Panel | None:
    if not user.has_perm("projects.view_project"):
        return None
    counts = selectors.pipeline_counts(user)
    url = reverse("projects:project-list")
    mapped = sum(counts.values()) - counts[Stage.CANCELLED]
    return Panel(
        _("Community assistance projects in your areas"),
        [
            Figure(_("Mapped"), mapped, reverse("projects:board")),
            Figure(_("Implementing"), counts[Stage.IMPLEMENTING], f"{url}?stage=implementing"),
            Figure(_("Completed"), counts[Stage.COMPLETED], f"{url}?stage=completed"),
        ],
        order=300,
    )
