"""Pages of core: sign-in, the overview, background jobs, the audit log, error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from haven.core import selectors
from haven.core.context import signed_in_user
from haven.core.dashboard import panels_for
from haven.core.forms import AuditFilterForm, LoginForm
from haven.core.models import AuditAction, Job, JobStatus, User
from haven.core.paging import page_of
from haven.core.services import MASK, audit_record, user_update


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The person's language follows them from one office computer to the next.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.get_user().preferred_language, samesite="Lax")
        return response


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the person's account when signed in."""
    response = set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if isinstance(user, User) and language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user_update(user=user, updated_by=user, preferred_language=language)
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(
            actor=signed_in_user(self.request),
            action=AuditAction.UPDATE,
            target=form.user,
            changes={"password": [MASK, MASK]},
        )
        messages.success(self.request, _("Your password was changed."))
        return response


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "core/home.html",
        {"panels": panels_for(user), "scope_areas": user.areas.all(), "section": "home"},
    )


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "core/account.html",
        {"person": user, "permissions": sorted(user.get_all_permissions()), "section": "account"},
    )


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_visible_to(signed_in_user(request))
    status = request.GET.get("status", "")
    if status in JobStatus.values:
        jobs = jobs.filter(status=status)
    return render(
        request,
        "core/job_list.html",
        {**page_of(request, jobs, per_page=50), "status": status, "statuses": JobStatus.choices, "section": "jobs"},
    )


def _visible_job(request: HttpRequest, job_id: str) -> Job:
    try:
        job = selectors.jobs_visible_to(signed_in_user(request)).get(pk=job_id)
    except (Job.DoesNotExist, ValueError) as missing:
        raise Http404(_("No such job.")) from missing
    return selectors.job_with_live_progress(job)


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    return render(request, "core/job_detail.html", {"job": _visible_job(request, job_id), "section": "jobs"})


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """The progress fragment htmx polls; it stops polling itself once the job has finished."""
    return render(request, "core/_job_progress.html", {"job": _visible_job(request, job_id)})


@login_required
@permission_required("core.view_auditentry", raise_exception=True)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, object_types=selectors.audit_object_types())
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    entries = selectors.audit_entries_visible_to(signed_in_user(request), **filters)
    return render(
        request, "core/audit_log.html", {"form": form, **page_of(request, entries, per_page=100), "section": "audit"}
    )


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("Not allowed"), _("Your role does not allow this. Ask your administrator."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Not found"), _("There is no such page, or it is outside your areas."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form has expired"),
        _("The page was open too long or your session ended. Go back, reload the page and send it again."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: the error may come from a context processor or the database.
    return HttpResponse(loader.get_template("core/500.html").render({}), status=500)
