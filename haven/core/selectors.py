"""Reads in core, and the one rule every app uses to scope records by the user's areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from haven.core.models import AuditEntry, Job, JobStatus, User
from haven.core.progress import live_progress_key
from haven.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def user_area_paths(user: User | AnonymousUser) -> list[str]:
    """Materialised paths of the areas a user is scoped to (each covers everything below it)."""
    if not isinstance(user, User) or not user.is_active:
        return []
    cached: list[str] | None = getattr(user, "_haven_area_paths", None)
    if cached is None:
        cached = sorted(user.areas.values_list("path", flat=True))
        user._haven_area_paths = cached  # type: ignore[attr-defined]
    return cached


def scope_q(user: User | AnonymousUser, area_field: str) -> Q:
    """The filter that keeps records whose area (through `area_field`) lies in the user's scope.

    This is the single statement of the area rule: every selector of personal or operational
    records applies it, so pages, API and exports cannot disagree. A user without areas sees
    nothing: scope is granted, never assumed. An empty `area_field` filters areas themselves.
    """
    paths = user_area_paths(user)
    if not paths:
        return Q(pk__in=[])
    lookup = f"{area_field}__path__startswith" if area_field else "path__startswith"
    condition = Q()
    for path in paths:
        condition |= Q(**{lookup: path})
    return condition


def area_path_in_scope(user: User | AnonymousUser, path: str) -> bool:
    """Whether an area (by its materialised path) lies inside the user's scope."""
    return any(path.startswith(scope) for scope in user_area_paths(user))


def audit_entries_visible_to(
    user: User,
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    search: str = "",
) -> QuerySet[AuditEntry]:
    """The audit log, filtered; only administrators read it."""
    if not user.has_perm("core.view_auditentry"):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.select_related("actor")
    if actor:
        entries = entries.filter(actor_username__iexact=actor)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    if search:
        entries = entries.filter(Q(object_label__icontains=search) | Q(detail__icontains=search) | Q(object_id=search))
    return entries


def audit_object_types() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct())


def jobs_visible_to(user: User | AnonymousUser) -> QuerySet[Job]:
    """A person's own jobs; administrators see every job."""
    if not isinstance(user, User) or not user.is_active:
        return Job.objects.none()
    if user.has_perm("core.view_all_jobs"):
        return Job.objects.select_related("created_by")
    return Job.objects.filter(created_by=user).select_related("created_by")


def job_with_live_progress(job: Job) -> Job:
    """The job with the freshest progress known: from the cache while the worker runs it."""
    if job.status == JobStatus.RUNNING:
        live: dict[str, Any] | None = cache.get(live_progress_key(job.pk))
        if live:
            job.progress_done = live["done"]
            job.progress_total = live["total"]
            job.message = live["message"]
    return job


@dataclass(frozen=True)
class RoleCount:
    role: str
    label: str
    users: int


def active_users_by_role() -> list[RoleCount]:
    counts = dict(
        User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")).values_list("role", "n")
    )
    return [RoleCount(role=role.value, label=str(role.label), users=counts.get(role.value, 0)) for role in Role]


def audit_entries_since(hours: int = 24) -> int:
    return AuditEntry.objects.filter(at__gte=timezone.now() - dt.timedelta(hours=hours)).count()
