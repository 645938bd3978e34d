"""The assistance report: families and people reached, the balance between groups, and the 3W/4W export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from haven.assistance import reports, selectors
from haven.assistance.forms import ReportForm
from haven.core.context import signed_in_user
from haven.core.exports import csv_download
from haven.core.models import AuditAction, User
from haven.core.services import audit_record

SECTION = "assistance-report"


def _filters(request: HttpRequest, user: User) -> tuple[ReportForm, dict[str, Any], str]:
    programmes = selectors.programmes_visible_to(user).order_by("code")
    form = ReportForm(request.GET or None, programmes=[(str(p.pk), f"{p.code} {p.name}") for p in programmes])
    filters: dict[str, Any] = {}
    by = "population_group"
    if form.is_valid():
        data = form.cleaned_data
        by = data["by"] or by
        filters = {"area": data["area"], "since": data["since"], "until": data["until"]}
        if data["programme"]:
            filters["programme"] = programmes.get(pk=data["programme"])
    return form, filters, by


@login_required
@permission_required("assistance.view_assistance_report", raise_exception=True)
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form, filters, by = _filters(request, user)
    deliveries = reports.deliveries_visible_to(user, **filters)
    reached = reports.reached(deliveries, by=by)
    balance = reports.balance_by_group(user=user, **filters)
    return render(request, "assistance/report.html", {
        "form": form, "by_label": reports.REACHED_BY[by], "reached": reached, "balance": balance,
        "points": reports.imbalance_points(), "persons_per_family": reports.PERSONS_PER_FAMILY,
        "totals": (sum(r.families for r in reached), sum(r.individuals for r in reached)),
        "query": request.GET.urlencode(), "section": SECTION,
    })  # fmt: skip


@login_required
@permission_required("assistance.view_assistance_report", raise_exception=True)
@require_GET
def report_export(request: HttpRequest, what: str) -> HttpResponse:
    """CSV of the reached figures, the balance, or the 3W/4W with its HXL hashtag row."""
    user = signed_in_user(request)
    _form, filters, by = _filters(request, user)
    stamp = timezone.localdate().isoformat()
    if what == "reached":
        rows = reports.reached(reports.deliveries_visible_to(user, **filters), by=by)
        response, count = csv_download(
            filename=f"assistance-reached-by-{by}-{stamp}.csv",
            header=[by, "label", "families", "individuals", "individuals_estimated"],
            rows=([r.key, r.label, r.families, r.individuals, "yes" if r.estimated else ""] for r in rows),
        )
    elif what == "balance":
        response, count = csv_download(
            filename=f"assistance-balance-{stamp}.csv", header=BALANCE_HEADER,
            rows=(balance_row(b) for b in reports.balance_by_group(user=user, **filters)),
        )  # fmt: skip
    elif what == "3w":
        rows3 = reports.three_w_rows(reports.deliveries_visible_to(user, **filters))
        response, count = csv_download(
            filename=f"assistance-3w-{stamp}.csv", header=[title for title, _tag in reports.THREE_W_COLUMNS],
            rows=[[tag for _title, tag in reports.THREE_W_COLUMNS], *rows3],
        )  # fmt: skip
    else:
        raise Http404("No such export.")
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="assistance.report",
        detail=_("%(what)s: %(count)s rows") % {"what": what, "count": count},
    )
    return response


BALANCE_HEADER = [
    "area", "group", "households", "population_share", "assisted_households", "assistance_share", "imbalanced",
]  # fmt: skip


def balance_row(balance: reports.GroupBalance) -> list[object]:
    """One line of the balance CSV, shares as fractions to three decimals; the command prints the same."""
    return [
        balance.area, balance.population_group, balance.households, f"{balance.population_share:.3f}",
        balance.assisted_households, f"{balance.assistance_share:.3f}", "yes" if balance.imbalanced else "no",
    ]  # fmt: skip
