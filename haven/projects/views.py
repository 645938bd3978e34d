"""Pages of community assistance projects: board, list, project, map, 3W. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.core import selectors as core_selectors
from haven.core.context import signed_in_user
from haven.core.exports import csv_download
from haven.core.models import AuditAction
from haven.core.paging import page_of
from haven.core.services import ServiceError, audit_record, upload_job_start
from haven.geo import selectors as geo_selectors
from haven.geo.maps import area_map
from haven.projects import selectors, services, whowhatwhere
from haven.projects.forms import (
    AdvanceForm,
    DocumentForm,
    FiguresForm,
    ProjectFilterForm,
    ProjectForm,
    WhoWhatWhereUploadForm,
)
from haven.projects.models import BeneficiaryGroup, Sector, Stage
from haven.projects.tasks import whowhatwhere_import_task


def _filters(request: HttpRequest) -> tuple[ProjectFilterForm, dict[str, str]]:
    form = ProjectFilterForm(request.GET or None)
    values: dict[str, str] = {}
    if form.is_valid():
        values = {name: str(value).strip() for name, value in form.cleaned_data.items() if value}
        if values.get("area"):
            area = geo_selectors.area_resolve(values["area"])
            values["area"] = area.pcode if area else values["area"]
    return form, values


@login_required
@permission_required("projects.view_project", raise_exception=True)
@require_GET
def project_board(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form, values = _filters(request)
    columns = selectors.pipeline_board(user, **values)
    return render(
        request,
        "projects/board.html",
        {"form": form, "columns": columns, "query": request.GET.urlencode(), "section": "projects"},
    )


@login_required
@permission_required("projects.view_project", raise_exception=True)
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form, values = _filters(request)
    projects = selectors.projects_visible_to(user, **values)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "total": projects.count(),
            "reach": selectors.beneficiaries_by_group(user, projects),
            "section": "projects",
            **page_of(request, projects, per_page=50),
        },
    )


@login_required
@permission_required("projects.view_project", raise_exception=True)
@require_GET
def project_map(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form, values = _filters(request)
    projects = selectors.projects_visible_to(user, **values)
    counts = selectors.projects_by_governorate(projects)
    roots = list(geo_selectors.area_roots())
    country = roots[0] if len(roots) == 1 else None
    children = list(geo_selectors.area_children(country)) if country else []
    weights = {row.pcode: row.projects for row in counts}
    return render(
        request,
        "projects/map.html",
        {
            "form": form,
            "counts": counts,
            "map": area_map(country, children, weights=weights) if country else None,
            "weights": weights,
            "query": request.GET.urlencode(),
            "section": "projects",
        },
    )


@login_required
@permission_required("projects.view_project", raise_exception=True)
@require_GET
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    project = selectors.project_for_user(user, code)
    figures = {row.population_group: row for row in project.beneficiaries.all()}
    initial: dict[str, Any] = {"spent_usd": project.spent_usd}
    for group in BeneficiaryGroup.values:
        row = figures.get(group)
        initial[f"targeted_{group}"] = row.targeted if row else None
        initial[f"reached_{group}"] = row.reached if row else None
    advance = AdvanceForm(initial={"on": timezone.localdate()})
    allowed = services.next_stages(project)
    advance.fields["stage"].choices = [(stage, Stage(stage).label) for stage in allowed]  # type: ignore[attr-defined]
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "steps": project.stage_changes.all(),
            "beneficiaries": [(label, figures.get(group)) for group, label in BeneficiaryGroup.choices],
            "advance_form": advance if allowed else None,
            "figures_form": FiguresForm(initial=initial),
            "document_form": DocumentForm(),
            "section": "projects",
        },
    )


@login_required
@permission_required("projects.add_project", raise_exception=True)
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(created_by=user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Project %(code)s identified.") % {"code": project.code})
            return redirect("projects:project-detail", code=project.code)
    return render(request, "projects/project_form.html", {"form": form, "section": "projects"})


@login_required
@permission_required("projects.advance_project", raise_exception=True)
@require_POST
def project_advance(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    project = selectors.project_for_user(user, code)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.project_advance(project=project, by=user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Project %(code)s is now %(stage)s.") % {"code": code, "stage": form.cleaned_data["stage"]}
            )
    return redirect("projects:project-detail", code=code)


@login_required
@permission_required("projects.change_project", raise_exception=True)
@require_POST
def project_figures(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    project = selectors.project_for_user(user, code)
    form = FiguresForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("projects:project-detail", code=code)
    data = form.cleaned_data
    figures = {
        group: (data.get(f"targeted_{group}") or 0, data.get(f"reached_{group}") or 0)
        for group in BeneficiaryGroup.values
        if data.get(f"targeted_{group}") is not None or data.get(f"reached_{group}") is not None
    }
    try:
        services.project_spending_set(project=project, spent_usd=data["spent_usd"], by=user)
        services.project_beneficiaries_set(project=project, figures=figures, by=user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Figures saved."))
    return redirect("projects:project-detail", code=code)


@login_required
@permission_required("projects.change_project", raise_exception=True)
@require_POST
def project_document_add(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    project = selectors.project_for_user(user, code)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.project_document_add(project=project, by=user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Document added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("projects:project-detail", code=code)


@login_required
@permission_required("projects.export_project", raise_exception=True)
@require_GET
def whowhatwhere_export(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _form, values = _filters(request)
    projects = selectors.projects_visible_to(user, **values)
    rows = list(whowhatwhere.write(selectors.whowhatwhere_rows(projects)))
    response, count = csv_download(filename="haven-3w.csv", header=[str(cell) for cell in rows[0]], rows=rows[1:])
    audit_record(
        actor=user, action=AuditAction.EXPORT, object_type="projects.project", detail=f"3W: {count - 1} projects"
    )
    return response


@login_required
@permission_required("projects.import_project", raise_exception=True)
@require_http_methods(["GET", "POST"])
def whowhatwhere_import(request: HttpRequest) -> HttpResponse:
    """The upload goes to the worker as a job; its page shows progress and what was imported or refused."""
    user = signed_in_user(request)
    form = WhoWhatWhereUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = upload_job_start(
            upload=form.cleaned_data["file"], kind="projects.whowhatwhere_import", title=_("Import 3W file %(file)s"),
            created_by=user, task=whowhatwhere_import_task,
        )  # fmt: skip
        return redirect("core:job", job.pk)
    recent = core_selectors.jobs_visible_to(user).filter(kind="projects.whowhatwhere_import")[:10]
    return render(
        request,
        "projects/whowhatwhere_import.html",
        {
            "form": form,
            "recent": recent,
            "columns": whowhatwhere.COLUMNS,
            "sectors": Sector.choices,
            "section": "projects",
        },
    )
