"""Pages of registration imports: upload, follow the check, read the problems, decide duplicates, merge.

Thin: each view parses the request, calls a selector, a service or a task starter, and renders. The check and
the merge run in the worker; the batch page follows the job and reloads itself when it has finished.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh
from django_htmx.middleware import HtmxDetails

from haven.core.context import signed_in_user
from haven.core.models import AuditAction, Job, User
from haven.core.paging import page_of
from haven.core.selectors import job_with_live_progress
from haven.core.services import ServiceError, audit_record
from haven.core.uploads import file_name_safe, upload_to_scratch
from haven.population import selectors, services
from haven.population.forms.imports import BatchUploadForm, DuplicateDecisionForm
from haven.population.models import BatchStatus, ImportBatch, ImportProblem, PossibleDuplicate
from haven.population.reports import problems_workbook_write
from haven.population.tasks import batch_merge_start, batch_stage_start

IMPORT = "population.import_registrations"
PER_PAGE = 50
DUPLICATES_PER_PAGE = 20


def _from_htmx(request: HttpRequest) -> bool:
    details = getattr(request, "htmx", None)
    return isinstance(details, HtmxDetails) and bool(details)


def _job_of(batch: ImportBatch) -> Job | None:
    return job_with_live_progress(batch.job) if batch.job is not None else None


def _busy(batch: ImportBatch) -> bool:
    """A check or a merge of the batch is queued or running: nothing else may start meanwhile."""
    return batch.job is not None and not batch.job.is_finished


def _refuse_while_busy(request: HttpRequest, batch: ImportBatch) -> bool:
    if _busy(batch):
        messages.error(request, _("The batch is being checked or merged; wait until that has finished."))
        return True
    return False


def _batch_context(batch: ImportBatch) -> dict[str, Any]:
    """What the status block, the actions and the duplicates need to know about the batch."""
    busy = _busy(batch)
    return {
        "batch": batch,
        "job": _job_of(batch),
        "busy": busy,
        "can_check": not busy and batch.status in {BatchStatus.STAGING, BatchStatus.INVALID},
        "can_merge": not busy and batch.status == BatchStatus.READY,
        "can_discard": not busy and batch.is_open,
        "can_decide": not busy and batch.status in {BatchStatus.REVIEW, BatchStatus.READY},
        "pending": selectors.batch_duplicates(batch, pending_only=True).count() if batch.possible_duplicates else 0,
    }


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = selectors.batches_visible_to(signed_in_user(request))
    status = request.GET.get("status", "")
    if status in BatchStatus.values:
        batches = batches.filter(status=status)
    return render(
        request,
        "population/imports/batch_list.html",
        {
            **page_of(request, batches, per_page=PER_PAGE),
            "status": status,
            "statuses": BatchStatus.choices,
            "section": "imports",
        },
    )


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def batch_upload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        scratch = upload_to_scratch(upload)
        try:
            # The batch and its check job are committed together: no batch is left without its check.
            with transaction.atomic():
                batch = services.batch_create(
                    path=scratch, file_name=Path(upload.name).name, created_by=user,
                    name=form.cleaned_data["name"], mapping=form.cleaned_data["mapping"],
                )  # fmt: skip
                batch_stage_start(batch=batch, started_by=user)
        except (ServiceError, PermissionDenied) as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.success(request, _("The file was received; it is being checked."))
            return redirect("population:batch-detail", batch_id=batch.pk)
        finally:
            scratch.unlink(missing_ok=True)
    return render(
        request,
        "population/imports/batch_upload.html",
        {
            "form": form,
            "limit_mb": settings.HAVEN_UPLOAD_MAX_BYTES // 2**20,
            "can_map": user.has_perm("population.change_columnmapping"),
            "section": "imports",
        },
    )


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_GET
def batch_detail(request: HttpRequest, batch_id: str) -> HttpResponse:
    user = signed_in_user(request)
    batch = selectors.batch_for_user(user, batch_id)
    severity = request.GET.get("severity", "")
    if severity not in ImportProblem.Severity.values:
        severity = ""
    problems = page_of(request, selectors.batch_problems(batch, severity=severity), per_page=PER_PAGE)
    compared = selectors.batch_duplicates(batch).prefetch_related("existing__documents")
    duplicates = Paginator(compared, DUPLICATES_PER_PAGE).get_page(request.GET.get("duplicates_page"))
    others = request.GET.copy()
    others.pop("duplicates_page", None)
    candidates = list(duplicates)
    shown = _registered_people_shown(user, batch, candidates)
    return render(
        request,
        "population/imports/batch_detail.html",
        {
            **_batch_context(batch),
            **problems,
            "severity": severity,
            "severities": ImportProblem.Severity.choices,
            "duplicates": duplicates,
            "candidates": [(candidate, candidate.existing_id in shown) for candidate in candidates],
            "duplicates_query": others.urlencode(),
            "section": "imports",
        },
    )


def _registered_people_shown(user: User, batch: ImportBatch, candidates: list[PossibleDuplicate]) -> set[int]:
    """Registered people the page may show beside a row: those in the reader's areas; the reading is audited."""
    wanted = {candidate.existing_id for candidate in candidates if candidate.existing_id}
    if not wanted:
        return set()
    shown = set(selectors.individuals_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
    if shown:
        audit_record(
            actor=user, action=AuditAction.VIEW, target=batch,
            detail=_("possible duplicates compared with %(count)s registered people") % {"count": len(shown)},
        )  # fmt: skip
    return shown


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_GET
def batch_status(request: HttpRequest, batch_id: str) -> HttpResponse:
    """The fragment the batch page polls while a job runs; once it has finished, the page reloads in full."""
    user = signed_in_user(request)
    batch = selectors.batch_for_user(user, batch_id)
    if _from_htmx(request) and not _busy(batch):
        return HttpResponseClientRefresh()
    return render(request, "population/imports/_batch_status.html", _batch_context(batch))


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_GET
def batch_report(request: HttpRequest, batch_id: str) -> HttpResponseBase:
    user = signed_in_user(request)
    batch = selectors.batch_for_user(user, batch_id)
    # Spooled to disk: the report of a large file can run to hundreds of thousands of rows.
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    count = problems_workbook_write(batch=batch, out=cast(BinaryIO, out))
    out.seek(0)
    audit_record(
        actor=user, action=AuditAction.EXPORT, target=batch,
        detail=_("validation report: %(count)s problems") % {"count": count},
    )  # fmt: skip
    stem = file_name_safe(Path(batch.file_name).stem)[:80] or "batch"
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"{stem}-problems.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_POST
def batch_check(request: HttpRequest, batch_id: str) -> HttpResponse:
    user = signed_in_user(request)
    batch = selectors.batch_for_user(user, batch_id)
    # The job starter refuses, under a lock, a batch already being checked or merged.
    try:
        batch_stage_start(batch=batch, started_by=user)
    except ServiceError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The batch is being checked again."))
    return redirect("population:batch-detail", batch_id=batch.pk)


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_POST
def batch_merge(request: HttpRequest, batch_id: str) -> HttpResponse:
    user = signed_in_user(request)
    batch = selectors.batch_for_user(user, batch_id)
    try:
        batch_merge_start(batch=batch, started_by=user)
    except ServiceError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The batch is being merged into the registry."))
    return redirect("population:batch-detail", batch_id=batch.pk)


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_POST
def batch_discard(request: HttpRequest, batch_id: str) -> HttpResponse:
    user = signed_in_user(request)
    batch = selectors.batch_for_user(user, batch_id)
    if not _refuse_while_busy(request, batch):
        try:
            services.batch_discard(batch=batch, discarded_by=user)
        except ServiceError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The batch was discarded; its report is kept."))
    return redirect("population:batch-detail", batch_id=batch.pk)


@login_required
@permission_required(IMPORT, raise_exception=True)
@require_POST
def duplicate_decide(request: HttpRequest, batch_id: str, candidate_id: int) -> HttpResponse:
    """Record a decision; to htmx, the candidate's card and (out of band) the batch's status and actions."""
    user = signed_in_user(request)
    batch = selectors.batch_for_user(user, batch_id)
    try:
        candidate = selectors.batch_duplicates(batch).get(pk=candidate_id)
    except PossibleDuplicate.DoesNotExist:
        raise Http404("No such possible duplicate.") from None
    form = DuplicateDecisionForm(request.POST)
    problem = ""
    if not form.is_valid():
        problem = _("Choose “Same person” or “Different people”.")
    elif _busy(batch):
        problem = _("The batch is being checked or merged; wait until that has finished.")
    else:
        try:
            candidate = services.duplicate_decide(
                candidate=candidate, decision=form.cleaned_data["decision"], decided_by=user
            )
        except ServiceError as refusal:
            problem = str(refusal)
    if not _from_htmx(request):
        if problem:
            messages.error(request, problem)
        return redirect(reverse("population:batch-detail", args=[batch.pk]) + f"#duplicate-{candidate.pk}")
    batch.refresh_from_db()
    shown = _registered_people_shown(user, batch, [candidate])
    return render(
        request,
        "population/imports/_duplicate_decided.html",
        {**_batch_context(batch), "candidate": candidate, "shown": candidate.existing_id in shown,
         "problem": problem},
    )  # fmt: skip
