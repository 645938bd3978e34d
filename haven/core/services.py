"""Every write in core: users and their scope, the audit log, background jobs."""

from __future__ import annotations

import logging
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.context import request_context
from haven.core.models import AuditAction, AuditEntry, Job, JobStatus, User
from haven.core.progress import live_progress_key
from haven.core.roles import Role
from haven.core.uploads import upload_to_scratch
from haven.core.workers import worker_gone, worker_identity

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import UploadedFile

logger = logging.getLogger(__name__)

MASK = "•••"


class ServiceError(Exception):
    """A refusal a person can act on; its message is shown to them as is."""


def mask_value(value: Any) -> str:
    """Keeps the first character and hides the rest, so the log shows that a value changed."""
    if value in (None, ""):
        return ""
    text = str(value)
    return text[0] + MASK if len(text) > 1 else MASK


def _object_type(target: Model) -> str:
    return f"{target._meta.app_label}.{target._meta.model_name}"


def _personal_fields(target: Model | None) -> frozenset[str]:
    return frozenset(getattr(target, "audit_personal_fields", frozenset()))


def audit_changes(
    *, before: Mapping[str, Any], after: Mapping[str, Any], personal_fields: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """Fields whose value differs, as `{field: [old, new]}`, personal values masked."""
    personal = frozenset(personal_fields)
    changes: dict[str, list[Any]] = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if field in personal:
            changes[field] = [mask_value(old), mask_value(new)]
        else:
            changes[field] = [_loggable(old), _loggable(new)]
    return changes


def _loggable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_loggable(item) for item in value]
    return str(value)


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    changes: Mapping[str, list[Any]] | None = None,
    detail: str = "",
    username: str = "",
) -> AuditEntry:
    """Append one entry to the audit log; the request's address and path come from its context.

    A target that declares `audit_personal_fields` is labelled by type and id only, so that no
    name reaches the log through the label.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    context = request_context.get()
    person = actor if isinstance(actor, User) else None
    if target is not None:
        object_type = object_type or _object_type(target)
        object_id = object_id or str(target.pk)
        if not object_label:
            object_label = f"{target._meta.verbose_name} {target.pk}" if _personal_fields(target) else str(target)
    return AuditEntry.objects.create(
        actor=person,
        actor_username=(person.username if person else username or context.operator)[:150],
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_label=object_label[:255],
        changes=dict(changes or {}),
        detail=detail[:500],
        ip_address=context.ip_address,
        path=context.path,
    )


def _snapshot(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: getattr(instance, field) for field in fields}


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    areas: Iterable[Model] = (),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: str = "",
    created_by: User | None = None,
) -> User:
    """Create a person's account with one role and its area scope.

    Refuses a username already taken and a role Haven does not know. An administrator is staff
    (the admin site) but never a superuser: every right comes from the role table.
    """
    if role not in Role.values:
        raise ServiceError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.")
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(f"The username {username!r} is already taken.")
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
        is_staff=role == Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    area_list = list(areas)
    user.areas.set(area_list)  # type: ignore[arg-type]  # areas are geo.Area; core does not import geo
    audit_record(
        actor=created_by,
        action=AuditAction.CREATE,
        target=user,
        changes=audit_changes(
            before={},
            after={
                "username": username,
                "role": role,
                "areas": sorted(str(getattr(area, "pcode", area.pk)) for area in area_list),
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
            },
            personal_fields=User.audit_personal_fields,
        ),
    )
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    updated_by: User | None,
    role: str | None = None,
    areas: Iterable[Model] | None = None,
    is_active: bool | None = None,
    **profile: str,
) -> User:
    """Change a person's role, scope, activity or profile fields, logging old and new values."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    tracked = ["role", "is_active", *profile]
    before = _snapshot(locked, tracked)
    before["areas"] = sorted(locked.areas.values_list("pcode", flat=True))
    if role is not None:
        if role not in Role.values:
            raise ServiceError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.")
        locked.role = role
        locked.is_staff = role == Role.ADMINISTRATOR
    if is_active is not None:
        locked.is_active = is_active
    for field, value in profile.items():
        if field not in {"first_name", "last_name", "email", "organisation", "preferred_language"}:
            raise ServiceError(f"The field {field!r} cannot be changed here.")
        setattr(locked, field, value)
    locked.save()
    if areas is not None:
        locked.areas.set(list(areas))  # type: ignore[arg-type]
    after = _snapshot(locked, tracked)
    after["areas"] = sorted(locked.areas.values_list("pcode", flat=True))
    changes = audit_changes(before=before, after=after, personal_fields=User.audit_personal_fields)
    if changes:
        audit_record(actor=updated_by, action=AuditAction.UPDATE, target=locked, changes=changes)
    return locked


# Background jobs --------------------------------------------------------------------------------

PROGRESS_INTERVAL_SECONDS = 0.5


def job_create(*, kind: str, title: str, created_by: User | None, parameters: Mapping[str, Any] | None = None) -> Job:
    """A queued job, to be handed to the worker with `job_enqueue`."""
    return Job.objects.create(kind=kind, title=title[:255], created_by=created_by, parameters=dict(parameters or {}))


def job_enqueue(*, job: Job, task: Any, **kwargs: Any) -> None:
    """Hand the job to the worker once the surrounding transaction has committed.

    Enqueueing earlier would let the worker look for a job row it cannot see yet.
    """

    def enqueue() -> None:
        task_result = task.enqueue(job_id=str(job.pk), **kwargs)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(task_result.id))

    transaction.on_commit(enqueue)


def text_file_read(*, path: Path, name: str, not_utf8: str) -> str:
    """A UTF-8 text file (a byte-order mark allowed) as text; `not_utf8` (with %(file)s) is the refusal
    for another encoding, saying what to do. A file that cannot be read is refused by name too."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(not_utf8 % {"file": name}) from None
    except OSError as error:
        raise ServiceError(_("%(file)s cannot be read (%(error)s).") % {"file": name, "error": error}) from None


def upload_job_start(
    *, upload: UploadedFile, kind: str, title: str, created_by: User, task: Any, **task_kwargs: Any
) -> Job:
    """Keep an uploaded file for the worker and queue the job that reads it.

    `title` may name the file as %(file)s. The task is called with `path` (the kept copy, which it
    deletes when done), `name` (the person's file name) and `task_kwargs`, which the job also records.
    """
    original = Path(upload.name or "").name
    target = upload_to_scratch(upload)
    job = job_create(
        kind=kind, title=title % {"file": original}, created_by=created_by,
        parameters={"file": original, **task_kwargs},
    )  # fmt: skip
    job_enqueue(job=job, task=task, path=str(target), name=original, **task_kwargs)
    return job


class JobReporter:
    """The progress callback a running job hands to the service doing its work.

    Outside a transaction the job row itself is updated; inside one (an import that is all or
    nothing), the row cannot be seen by others until commit, so progress goes to the cache.
    """

    def __init__(self, job_id: uuid.UUID | str) -> None:
        self.job_id = job_id
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if not finished and now - self._last < PROGRESS_INTERVAL_SECONDS:
            return
        self._last = now
        snapshot = {"done": done, "total": total, "message": message[:500]}
        cache.set(live_progress_key(self.job_id), snapshot, timeout=24 * 3600)
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(progress_done=done, progress_total=total, message=message[:500])


def job_run(*, job_id: uuid.UUID | str, work: Callable[[JobReporter], Mapping[str, Any]]) -> Job:
    """Run a job's work in the worker, recording start, progress, result or a readable error.

    A `ServiceError` is the person's to act on and is shown as is; anything else is logged with
    its traceback for the administrator and shown as a short reference, never as a traceback.
    """
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now(), worker=worker_identity())
    reporter = JobReporter(job.pk)
    try:
        result = work(reporter)
    except ServiceError as refusal:
        _job_finish(job, status=JobStatus.FAILED, error=str(refusal))
    except Exception:
        reference = uuid.uuid4().hex[:8]
        logger.error("Job %s (%s) failed, reference %s\n%s", job.pk, job.kind, reference, traceback.format_exc())
        _job_finish(
            job,
            status=JobStatus.FAILED,
            error=f"The job stopped on an internal error (reference {reference}); nothing was changed.",
        )
    else:
        _job_finish(job, status=JobStatus.SUCCEEDED, result=dict(result))
    job.refresh_from_db()
    return job


def jobs_interrupted_fail() -> list[Job]:
    """Fail the jobs left running by a worker of this host that has since stopped (killed, or the machine restarted).

    Called when a worker starts, so a dead job no longer holds its import's buttons. An import that is
    all or nothing left nothing behind; the message says to start it again. Jobs of workers on other
    hosts, or still running, are left alone.
    """
    interrupted = [
        job for job in Job.objects.filter(status=JobStatus.RUNNING).exclude(worker="") if worker_gone(job.worker)
    ]
    for job in interrupted:
        _job_finish(
            job,
            status=JobStatus.FAILED,
            error=_(
                "The worker stopped while this job was running (the server or the machine restarted). "
                "Nothing of an all-or-nothing import was kept: start it again."
            ),
        )
        job.refresh_from_db()
        logger.warning("Job %s (%s) was interrupted when its worker %s stopped", job.pk, job.kind, job.worker)
    return interrupted


def _job_finish(job: Job, *, status: str, result: dict[str, Any] | None = None, error: str = "") -> None:
    live = cache.get(live_progress_key(job.pk)) or {}
    total = live.get("total")
    done = live.get("done", 0)
    if status == JobStatus.SUCCEEDED and total is not None:
        done = total
    Job.objects.filter(pk=job.pk).update(
        status=status,
        finished_at=timezone.now(),
        result=result or {},
        error=error,
        progress_done=done,
        progress_total=total,
        message=live.get("message", "")[:500],
    )
    cache.delete(live_progress_key(job.pk))
