"""Core's own figures on the overview page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.core import selectors
from haven.core.dashboard import Figure, Panel, panel_register
from haven.core.models import JobStatus, User


@panel_register
def users_panel(user: User) -> Panel | None:
    if not user.has_perm("core.view_user"):
        return None
    figures = [Figure(role.label, role.users) for role in selectors.active_users_by_role() if role.users]
    figures.append(
        Figure(_("Audit entries, last 24 hours"), selectors.audit_entries_since(24), reverse("core:audit-log"))
    )
    return Panel(_("People using Haven"), figures, order=900)


@panel_register
def jobs_panel(user: User) -> Panel | None:
    jobs = selectors.jobs_visible_to(user)
    running = jobs.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count()
    failed = jobs.filter(status=JobStatus.FAILED).count()
    if not jobs.exists():
        return None
    return Panel(
        _("Background jobs"),
        [
            Figure(_("Queued or running"), running, reverse("core:job-list")),
            Figure(_("Failed"), failed, reverse("core:job-list") + "?status=failed"),
        ],
        order=950,
    )
