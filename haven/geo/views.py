"""Pages of geo: the area browser, locations and the boundary upload. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.core.context import signed_in_user
from haven.core.exports import csv_download
from haven.core.models import AuditAction
from haven.core.paging import page_of
from haven.core.services import ServiceError, audit_record, upload_job_start
from haven.geo import selectors, services
from haven.geo.forms import BoundaryUploadForm, LocationFilterForm, LocationForm
from haven.geo.maps import area_map
from haven.geo.models import Location
from haven.geo.tasks import cod_load_task


@login_required
@permission_required("geo.view_area", raise_exception=True)
@require_GET
def area_list(request: HttpRequest) -> HttpResponse:
    roots = list(selectors.area_roots())
    country = roots[0] if len(roots) == 1 else None
    children = list(selectors.area_children(country)) if country else []
    return render(
        request,
        "geo/area_list.html",
        {
            "roots": roots,
            "country": country,
            "children": children,
            "counts": selectors.areas_count_by_level(),
            "map": area_map(country, children, weights=_weights(children)) if country else None,
            "section": "areas",
        },
    )


def _weights(children: list[Any]) -> dict[str, int]:
    return {child.pcode: getattr(child, "locations_count", 0) for child in children}


@login_required
@permission_required("geo.view_area", raise_exception=True)
@require_GET
def area_detail(request: HttpRequest, pcode: str) -> HttpResponse:
    area = selectors.area_get(pcode)
    if area is None:
        raise Http404(_("No area has this P-code."))
    if area.pcode != pcode:
        return redirect("geo:area-detail", pcode=area.pcode)
    children = list(selectors.area_children(area, include_retired=True))
    locations = selectors.locations_visible_to(signed_in_user(request), area=area)
    return render(
        request,
        "geo/area_detail.html",
        {
            "area": area,
            "ancestors": selectors.area_ancestors(area),
            "children": children,
            "locations": locations[:50],
            "locations_total": locations.count(),
            "map": area_map(area, [c for c in children if c.valid_to is None], weights=_weights(children)),
            "section": "areas",
        },
    )


def _filtered_locations(request: HttpRequest) -> tuple[LocationFilterForm, Any]:
    form = LocationFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    area = selectors.area_get(params["area"]) if params.get("area") else None
    locations = selectors.locations_visible_to(
        signed_in_user(request), area=area, type=params.get("type") or None, search=params.get("search", "")
    )
    if params.get("area") and area is None:
        locations = locations.none()
    return form, locations


@login_required
@permission_required("geo.view_location", raise_exception=True)
@require_GET
def location_list(request: HttpRequest) -> HttpResponse:
    form, locations = _filtered_locations(request)
    return render(
        request,
        "geo/location_list.html",
        {"form": form, **page_of(request, locations, per_page=50), "section": "locations"},
    )


@login_required
@permission_required("geo.export_location", raise_exception=True)
@require_GET
def location_export(request: HttpRequest) -> HttpResponse:
    _form, locations = _filtered_locations(request)
    response, count = csv_download(
        filename=f"haven-locations-{timezone.localdate().isoformat()}.csv",
        header=["code", "name_en", "name_ar", "type", "area_pcode", "area_name_en", "latitude", "longitude"],
        rows=(
            [
                location.code, location.name_en, location.name_ar, location.type, location.area.pcode,
                location.area.name_en, location.latitude, location.longitude,
            ]
            for location in locations.iterator()
        ),
    )  # fmt: skip
    audit_record(
        actor=signed_in_user(request),
        action=AuditAction.EXPORT,
        object_type="geo.location",
        object_label=_("Locations"),
        detail=f"{count} locations; filters: {request.GET.urlencode()}"[:500],
    )
    return response


@login_required
@permission_required("geo.view_location", raise_exception=True)
@require_GET
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = selectors.location_for_user(signed_in_user(request), pk)
    return render(
        request,
        "geo/location_detail.html",
        {"location": location, "ancestors": [*selectors.area_ancestors(location.area), location.area],
         "section": "locations"},
    )  # fmt: skip


def _location_form_page(request: HttpRequest, location: Location | None) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "POST":
        form = LocationForm(request.POST)
        if form.is_valid():
            values = form.cleaned_data
            try:
                if location is None:
                    saved = services.location_create(created_by=user, **values)
                else:
                    saved = services.location_update(location=location, updated_by=user, **values)
            except (ServiceError, PermissionDenied) as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The location was saved."))
                return redirect("geo:location-detail", pk=saved.pk)
    elif location is not None:
        form = LocationForm(initial={
            "code": location.code, "name_en": location.name_en, "name_ar": location.name_ar, "type": location.type,
            "area": location.area.pcode, "latitude": location.latitude, "longitude": location.longitude,
        })  # fmt: skip
    else:
        form = LocationForm(initial={"area": request.GET.get("area", "")})
    return render(request, "geo/location_form.html", {"form": form, "location": location, "section": "locations"})


@login_required
@permission_required("geo.add_location", raise_exception=True)
@require_http_methods(["GET", "POST"])
def location_create(request: HttpRequest) -> HttpResponse:
    return _location_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = selectors.location_for_user(signed_in_user(request), pk)
    if not request.user.has_perm("geo.change_location"):
        raise PermissionDenied
    return _location_form_page(request, location)


@login_required
@permission_required("geo.load_boundaries", raise_exception=True)
@require_http_methods(["GET", "POST"])
def boundaries_load(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = upload_job_start(
            upload=form.cleaned_data["file"], kind="geo.cod_load", title=_("Load areas from %(file)s"),
            created_by=user, task=cod_load_task,
        )  # fmt: skip
        return HttpResponseRedirect(reverse("core:job", args=[job.pk]))
    return render(
        request,
        "geo/boundaries_load.html",
        {"form": form, "limit_mb": settings.HAVEN_UPLOAD_MAX_BYTES // 2**20, "section": "areas"},
    )
