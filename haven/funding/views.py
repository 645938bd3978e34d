"""Pages of funding: appeals and their coverage, donors, appeal projects, exports. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.core import selectors as core_selectors
from haven.core.context import signed_in_user
from haven.core.exports import csv_download
from haven.core.models import AuditAction
from haven.core.paging import page_of
from haven.core.services import ServiceError, audit_record, upload_job_start
from haven.funding import iati, selectors, services
from haven.funding.charts import coverage_chart
from haven.funding.forms import AdvanceContributionForm, ContributionForm, FtsUploadForm, LinkProjectsForm
from haven.funding.tasks import fts_import_task

SUMMARY_HEADER = ["appeal", "programme_area", "requirements_usd", "funding_usd", "coverage_pct"]


def summary_cells(row: tuple[object, ...]) -> list[object]:
    appeal, area, requirements, funding, pct = row
    return [
        appeal,
        area,
        "" if requirements is None else f"{requirements:.0f}",
        f"{funding:.0f}",
        "" if pct is None else pct,
    ]


@login_required
@permission_required("funding.view_appeal", raise_exception=True)
@require_GET
def appeal_list(request: HttpRequest) -> HttpResponse:
    return render(request, "funding/appeal_list.html", {"appeals": selectors.appeals_totals(), "section": "funding"})


@login_required
@permission_required("funding.view_appeal", raise_exception=True)
@require_GET
def appeal_detail(request: HttpRequest, code: str) -> HttpResponse:
    appeal = selectors.appeal_get(code)
    coverage = selectors.appeal_coverage(appeal)
    contributions = selectors.contributions_of(appeal=appeal)
    return render(
        request,
        "funding/appeal_detail.html",
        {
            "appeal": appeal,
            "coverage": coverage,
            "chart": coverage_chart(coverage.areas),
            "donors": selectors.donors_summary(appeal=appeal)[:10],
            "contribution_form": ContributionForm(appeal=appeal)
            if request.user.has_perm("funding.add_contribution")
            else None,
            "difference": (
                coverage.total.funding_usd - appeal.reported_funding_usd
                if appeal.reported_funding_usd is not None
                else None
            ),
            "section": "funding",
            **page_of(request, contributions, per_page=50),
        },
    )


@login_required
@permission_required("funding.add_contribution", raise_exception=True)
@require_POST
def contribution_add(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    appeal = selectors.appeal_get(code)
    form = ContributionForm(request.POST, appeal=appeal)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                f"{form.fields[name].label if name in form.fields else ''}: {error}"
                for name, errors in form.errors.items()
                for error in errors
            ),
        )
        return redirect("funding:appeal-detail", code=code)
    data = form.cleaned_data
    try:
        services.contribution_record(
            by=user,
            donor=services.donor_get_or_create(name=data["donor"]),
            appeal=appeal,
            appeal_project=selectors.appeal_project_by_code(appeal, data["appeal_project"])
            if data["appeal_project"]
            else None,
            status=data["status"],
            date=data["date"],
            amount_original=data["amount_original"],
            currency=data["currency"],
            exchange_rate=data["exchange_rate"],
            description=data["description"],
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Contribution recorded."))
    return redirect("funding:appeal-detail", code=code)


@login_required
@permission_required("funding.change_contribution", raise_exception=True)
@require_POST
def contribution_advance(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    contribution = selectors.contribution_get(pk)
    form = AdvanceContributionForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_advance(contribution=contribution, status=form.cleaned_data["status"], by=user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Contribution updated."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("funding:appeal-list")


@login_required
@permission_required("funding.view_appeal", raise_exception=True)
@require_GET
def appeal_project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = selectors.appeal_project_get(code)
    return render(
        request,
        "funding/appeal_project_detail.html",
        {
            "project": project,
            "coverage": selectors.appeal_project_coverage(project),
            "contributions": selectors.contributions_of(project=project),
            "caps": project.community_projects.all(),
            "link_form": LinkProjectsForm() if request.user.has_perm("funding.change_appeal") else None,
            "section": "funding",
        },
    )


@login_required
@permission_required("funding.change_appeal", raise_exception=True)
@require_POST
def appeal_project_link(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    project = selectors.appeal_project_get(code)
    form = LinkProjectsForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_project_link_caps(appeal_project=project, codes=form.cleaned_data["codes"], by=user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Projects linked."))
    else:
        messages.error(request, _("Give at least one project code."))
    return redirect("funding:appeal-project-detail", code=code)


@login_required
@permission_required("funding.view_contribution", raise_exception=True)
@require_GET
def donor_list(request: HttpRequest) -> HttpResponse:
    return render(request, "funding/donor_list.html", {"donors": selectors.donors_summary(), "section": "funding"})


@login_required
@permission_required("funding.view_contribution", raise_exception=True)
@require_GET
def donor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donor = selectors.donor_get(pk)
    return render(
        request,
        "funding/donor_detail.html",
        {
            "donor": donor,
            "section": "funding",
            **page_of(request, selectors.contributions_of(donor=donor), per_page=50),
        },
    )


@login_required
@permission_required("funding.export_appeal", raise_exception=True)
@require_GET
def summary_export(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    response, count = csv_download(
        filename="haven-funding-summary.csv",
        header=SUMMARY_HEADER,
        rows=(summary_cells(row) for row in selectors.funding_summary_rows()),
    )
    audit_record(actor=user, action=AuditAction.EXPORT, object_type="funding.appeal", detail=f"summary: {count} rows")
    return response


@login_required
@permission_required("funding.export_appeal", raise_exception=True)
@require_GET
def iati_export(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    appeal = selectors.appeal_get(code)
    response = HttpResponse(iati.activities_xml(appeal.projects.all()), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{appeal.code}-iati.xml"'
    audit_record(actor=user, action=AuditAction.EXPORT, target=appeal, detail="IATI 2.03")
    return response


@login_required
@permission_required("funding.import_fts", raise_exception=True)
@require_http_methods(["GET", "POST"])
def fts_import(request: HttpRequest) -> HttpResponse:
    """The upload goes to the worker as a job; its page shows progress and what was imported or refused."""
    user = signed_in_user(request)
    form = FtsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = upload_job_start(
            upload=form.cleaned_data["file"], kind="funding.fts_import", title=_("Import FTS file %(file)s"),
            created_by=user, task=fts_import_task,
        )  # fmt: skip
        return redirect("core:job", job.pk)
    recent = core_selectors.jobs_visible_to(user).filter(kind="funding.fts_import").order_by("-created_at")[:10]
    return render(request, "funding/fts_import.html", {"form": form, "recent": recent, "section": "funding"})
