"""Pages of displacement tracking. Thin: parse the request, call selectors and services, render."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from haven.core.context import signed_in_user
from haven.core.models import AuditAction
from haven.core.paging import page_of
from haven.core.services import audit_record, upload_job_start
from haven.displacement import exports, selectors
from haven.displacement.charts import bar_chart, line_chart
from haven.displacement.imports import SUFFIXES
from haven.displacement.severity import INDICATORS
from haven.displacement.tasks import figures_import_task
from haven.displacement.vocabulary import Dimension, Group
from haven.geo.maps import area_map
from haven.geo.selectors import area_ancestors


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _group(text: str | None) -> str:
    return text if text in Group.values else Group.IDP


def _start_area(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    if request.GET.get("area"):
        return selectors.area_for(user, request.GET["area"])
    roots = selectors.scope_roots(user)
    if not roots:
        raise Http404(_("No area is assigned to you yet: ask your administrator."))
    return roots[0]


def _page(request: HttpRequest, area: Any) -> HttpResponse:
    user = signed_in_user(request)
    group = _group(request.GET.get("group"))
    view = selectors.overview(user, area=area, reporting_date=_date(request.GET.get("date")))
    series = {
        key: [(point.reporting_date, point.individuals) for point in points]
        for key, points in selectors.trends(user, area=area).items()
    }
    chart = line_chart(series, {key: str(Group(key).label) for key in series})
    weights = {item.area.pcode: item.individuals(group) or 0 for item in view.children}
    children = [item.area for item in view.children]
    return render(
        request,
        "displacement/overview.html",
        {
            "view": view,
            "area": area,
            "ancestors": [a for a in area_ancestors(area) if selectors.area_in_scope(user, a)],
            "roots": selectors.scope_roots(user),
            "group": group,
            "groups": Group.choices,
            "chart": chart,
            "map": area_map(area, children, weights=weights) if children else None,
            "map_caption": _("%(group)s by area, %(date)s")
            % {"group": Group(group).label, "date": view.reporting_date or "—"},
            "section": "displacement",
        },
    )


@login_required
@permission_required("displacement.view_figures", raise_exception=True)
@require_GET
def figures_overview(request: HttpRequest) -> HttpResponse:
    return _page(request, _start_area(request))


@login_required
@permission_required("displacement.view_figures", raise_exception=True)
@require_GET
def area_figures(request: HttpRequest, pcode: str) -> HttpResponse:
    area = selectors.area_for(signed_in_user(request), pcode)
    if area.pcode != pcode:
        return redirect("displacement:area", pcode=area.pcode)
    return _page(request, area)


@login_required
@permission_required("displacement.view_figures", raise_exception=True)
@require_GET
def flows(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    area = _start_area(request)
    chosen, dates = selectors.date_or_latest(user, _date(request.GET.get("date")), area=area)
    matrix = selectors.flows(user, reporting_date=chosen, area=area) if chosen else None
    bars = None
    if matrix is not None and matrix.total:
        bars = bar_chart([(origin.name, matrix.origin_totals[origin.pk]) for origin in matrix.origins][:18])
    return render(
        request,
        "displacement/flows.html",
        {"area": area, "reporting_date": chosen, "dates": dates, "matrix": matrix, "bars": bars,
         "section": "displacement"},
    )  # fmt: skip


@login_required
@permission_required("displacement.view_figures", raise_exception=True)
@require_GET
def changes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    area = _start_area(request)
    dates = selectors.reporting_dates(user, area=area)
    end = _date(request.GET.get("to")) or (dates[-1] if dates else None)
    start = _date(request.GET.get("from")) or (dates[-2] if len(dates) > 1 else end)
    rows = selectors.changes_between(user, area=area, start=start, end=end) if start and end else []
    totals = {
        "new_displacement": sum(row.new_displacement for row in rows),
        "returns": sum(row.returns for row in rows),
        "idp_delta": sum(row.delta(Group.IDP) for row in rows),
        "returnee_delta": sum(row.delta(Group.RETURNEE) for row in rows),
    }
    return render(
        request,
        "displacement/changes.html",
        {"area": area, "dates": dates, "start": start, "end": end, "rows": rows, "totals": totals,
         "section": "displacement"},
    )  # fmt: skip


@login_required
@permission_required("displacement.view_figures", raise_exception=True)
@require_GET
def places(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    area = _start_area(request)
    group = _group(request.GET.get("group"))
    severity = request.GET.get("severity", "")
    severity = severity if severity in {"low", "medium", "high"} else ""
    chosen, dates = selectors.date_or_latest(user, _date(request.GET.get("date")), area=area)
    weights = selectors.severity_weights()
    scored = selectors.severity_of_places(user, reporting_date=chosen, area=area, group=group, severity=severity) if (
        chosen
    ) else []  # fmt: skip
    return render(
        request,
        "displacement/places.html",
        {
            "area": area, "reporting_date": chosen, "dates": dates, "group": group, "groups": Group.choices,
            "severity": severity,
            "indicators": [(indicator.label, weights.get(indicator.code, 0)) for indicator in INDICATORS],
            **page_of(request, scored, per_page=100), "section": "displacement",
        },
    )  # fmt: skip


@login_required
@permission_required("displacement.view_figures", raise_exception=True)
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    assessment = selectors.assessment_for(user, pk)
    shows_informant = user.has_perm("displacement.view_key_informant") and bool(assessment.key_informant_name)
    if shows_informant:
        audit_record(actor=user, action=AuditAction.VIEW, target=assessment, detail="key informant contact read")
    parts = list(assessment.breakdowns.select_related("origin_area"))
    return render(
        request,
        "displacement/assessment_detail.html",
        {
            "assessment": assessment,
            "shows_informant": shows_informant,
            "origins": [part for part in parts if part.dimension == Dimension.ORIGIN],
            "shelters": [part for part in parts if part.dimension == Dimension.SHELTER],
            "periods": [part for part in parts if part.dimension == Dimension.PERIOD],
            "needs": list(assessment.needs.all()),
            "history": selectors.assessment_history(assessment),
            "section": "displacement",
        },
    )


class FiguresUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Figures file (DTM API JSON, master list CSV/XLSX, or HXL CSV)"))
    group = forms.ChoiceField(
        label=gettext_lazy("Population group of a master list without a group column"),
        choices=Group.choices,
        initial=Group.IDP,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.HAVEN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.HAVEN_UPLOAD_MAX_BYTES // 2**20}
            )
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Choose a .json, .csv or .xlsx file."))
        return upload


@login_required
@permission_required("displacement.view_figures", raise_exception=True)
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    can_import = user.has_perm("displacement.import_figures")
    form = FiguresUploadForm(request.POST or None, request.FILES or None) if can_import else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            job = upload_job_start(
                upload=form.cleaned_data["file"], kind="displacement.figures_import",
                title=_("Import figures from %(file)s"), created_by=user, task=figures_import_task,
                group=form.cleaned_data["group"],
            )  # fmt: skip
            return HttpResponseRedirect(reverse("core:job", args=[job.pk]))
    return render(
        request,
        "displacement/imports.html",
        {"form": form, "imports": selectors.imports_recent(), "rounds": selectors.rounds_with_dates(),
         "limit_mb": settings.HAVEN_UPLOAD_MAX_BYTES // 2**20, "section": "displacement"},
    )  # fmt: skip


@login_required
@permission_required("displacement.export_figures", raise_exception=True)
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    area = selectors.area_for(user, request.GET["area"]) if request.GET.get("area") else None
    kind = request.GET.get("format", "csv")
    if kind not in {"csv", "xlsx", "json"}:
        kind = "csv"
    try:
        level = int(request.GET.get("level", ""))
    except ValueError:
        level = (area.level + 1) if area is not None and area.level < 3 else 1
    level = min(3, max(0, level))
    group = request.GET.get("group") if request.GET.get("group") in Group.values else None
    rows = selectors.figures_rows(user, reporting_date=_date(request.GET.get("date")), group=group, area=area)
    stamp = timezone.localdate().isoformat()
    if kind == "xlsx":
        response = HttpResponse(
            exports.figures_xlsx(rows, level=level),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"haven-displacement-adm{level}-{stamp}.xlsx"
    elif kind == "json":
        buffer = io.StringIO()
        exports.dtm_json_write(rows.filter(level=level), buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/json; charset=utf-8")
        filename = f"haven-displacement-dtm-adm{level}-{stamp}.json"
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        exports.figures_csv_write(rows, response, hxl=True, level=level)
        filename = f"haven-displacement-adm{level}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="displacement.areafigure",
        object_label=_("Displacement figures"),
        detail=f"{kind}, ADM{level}; filters: {request.GET.urlencode()}"[:500],
    )
    return response
