"""REST endpoints of displacement tracking: the master list, rounds and location assessments (read-only, scoped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from haven.core.context import signed_in_user
from haven.displacement import exports, selectors
from haven.displacement.models import AreaFigure, Assessment, Round
from haven.displacement.vocabulary import Group


class AreaFigureSerializer(serializers.ModelSerializer[AreaFigure]):
    pcode = serializers.CharField(source="area.pcode")
    name = serializers.CharField(source="area.name_en")

    class Meta:
        model = AreaFigure
        fields = [
            "reporting_date", "round_number", "assessment_type", "pcode", "name", "level", "group", "families",
            "individuals", "individuals_estimated", "places", "is_direct",
        ]  # fmt: skip


class RoundSerializer(serializers.ModelSerializer[Round]):
    class Meta:
        model = Round
        fields = ["id", "operation", "assessment_type", "number"]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    """A location assessment without its key informant: contact details are read on the page, audited."""

    area = serializers.CharField(source="area.pcode")
    area_name = serializers.CharField(source="area.name_en")
    location = serializers.CharField(source="location.code", allow_null=True, default=None)
    round = serializers.IntegerField(source="round.number", allow_null=True, default=None)

    class Meta:
        model = Assessment
        fields = [
            "id", "reporting_date", "round", "assessment_type", "area", "area_name", "location", "place_name", "group",
            "families", "individuals", "individuals_estimated", "status", "is_current",
        ]  # fmt: skip


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: ["Give a date as YYYY-MM-DD."]}) from None


def _int(value: str | None, name: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: ["Give a whole number."]}) from None


_FILTERS = [
    OpenApiParameter("date", OpenApiTypes.DATE, description="one reporting date"),
    OpenApiParameter("round", OpenApiTypes.INT),
    OpenApiParameter("level", OpenApiTypes.INT, description="0 country … 3 sub-district"),
    OpenApiParameter("group", OpenApiTypes.STR, enum=Group.values),
    OpenApiParameter("area", OpenApiTypes.STR, description="P-code: this area and the areas below it"),
]


def _rows(request: Request) -> Any:
    user = signed_in_user(request)
    if not user.has_perm("displacement.view_figures"):
        raise ApiPermissionDenied
    params = request.query_params
    group = params.get("group") or None
    if group is not None and group not in Group.values:
        raise ValidationError({"group": [f"One of {', '.join(Group.values)}."]})
    area = selectors.area_for(user, params["area"]) if params.get("area") else None
    return selectors.figures_rows(
        user,
        reporting_date=_date(params.get("date"), "date"),
        round_number=_int(params.get("round"), "round"),
        level=_int(params.get("level"), "level"),
        group=group,
        area=area,
    )


@extend_schema_view(list=extend_schema(parameters=_FILTERS))
class AreaFigureViewSet(viewsets.ReadOnlyModelViewSet[AreaFigure]):
    """The master list: current figures per area, reporting date and group, rolled up the area tree."""

    serializer_class = AreaFigureSerializer
    queryset = AreaFigure.objects.none()  # the schema's model; requests read `get_queryset`

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _rows(self.request)

    @extend_schema(parameters=_FILTERS, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def dtm(self, request: Request) -> Response:
        """IDP figures shaped as the DTM API (v2) answers, so tools written for DTM read Haven."""
        records = exports.dtm_records(_rows(request))
        return Response({"result": records, "statusCode": 200, "isSuccess": True, "errorMessages": [],
                         "totalRecordsCount": len(records)})  # fmt: skip


class RoundViewSet(viewsets.ReadOnlyModelViewSet[Round]):
    """Assessment rounds."""

    serializer_class = RoundSerializer
    queryset = Round.objects.all()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if not self.request.user.has_perm("displacement.view_figures"):
            raise ApiPermissionDenied
        return Round.objects.all()


@extend_schema_view(list=extend_schema(parameters=_FILTERS[:1] + _FILTERS[3:]))
class AssessmentViewSet(viewsets.ReadOnlyModelViewSet[Assessment]):
    """Current location assessments in the caller's areas."""

    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        user = signed_in_user(self.request)
        if not user.has_perm("displacement.view_figures"):
            raise ApiPermissionDenied
        params = self.request.query_params
        assessments = selectors.assessments_visible_to(user).filter(is_current=True)
        day = _date(params.get("date"), "date")
        if day is not None:
            assessments = assessments.filter(reporting_date=day)
        if params.get("group"):
            assessments = assessments.filter(group=params["group"])
        if params.get("area"):
            area = selectors.area_for(user, params["area"])
            assessments = assessments.filter(area__path__startswith=area.path)
        return assessments.order_by("-reporting_date", "place_key", "group")
