"""REST endpoints of geo: areas (read-only reference data) and locations (scoped to the caller's areas)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from haven.core.context import signed_in_user
from haven.geo import selectors, services
from haven.geo.models import Area, Location, LocationType


class AreaSerializer(serializers.ModelSerializer[Area]):
    # `parent` shadows Field.parent in the type stubs only; DRF itself keeps declared fields apart.
    parent = serializers.SlugRelatedField(read_only=True, slug_field="pcode")  # type: ignore[assignment,var-annotated]
    is_retired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Area
        fields = [
            "pcode", "level", "parent", "path", "name_en", "name_ar", "alt_names", "valid_from", "valid_to",
            "is_retired", "centroid_lat", "centroid_lon",
        ]  # fmt: skip


class AreaResolveSerializer(serializers.Serializer[Any]):
    query = serializers.CharField()
    area = AreaSerializer(allow_null=True)
    candidates = AreaSerializer(many=True)


def _int_or_none(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: ["Give a whole number."]}) from None


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("level", OpenApiTypes.INT, description="0 country … 3 sub-district"),
            OpenApiParameter("parent", OpenApiTypes.STR, description="P-code of the parent area"),
            OpenApiParameter("search", OpenApiTypes.STR, description="P-code prefix or part of a name"),
        ]
    )
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet[Area]):
    """Administrative areas (ADM0–ADM3); every signed-in person may read them."""

    serializer_class = AreaSerializer
    lookup_field = "pcode"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if not self.request.user.has_perm("geo.view_area"):
            raise ApiPermissionDenied
        params = self.request.query_params
        return selectors.areas_search(
            search=params.get("search", ""),
            level=_int_or_none(params.get("level"), "level"),
            parent=params.get("parent", ""),
        )

    def get_object(self) -> Area:
        if not self.request.user.has_perm("geo.view_area"):
            raise ApiPermissionDenied
        area = selectors.area_get(self.kwargs["pcode"])
        if area is None:
            raise Http404
        return area

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="P-code in any form, or a name"),
            OpenApiParameter("level", OpenApiTypes.INT),
        ],
        responses=AreaResolveSerializer,
    )
    @action(detail=False, methods=["get"])
    def resolve(self, request: Request) -> Response:
        """The one area a P-code or name refers to; `area` is null and `candidates` lists them when ambiguous."""
        if not request.user.has_perm("geo.view_area"):
            raise ApiPermissionDenied
        query = request.query_params.get("q", "")
        if not query.strip():
            raise ValidationError({"q": ["Give a P-code or a name."]})
        level = _int_or_none(request.query_params.get("level"), "level")
        area = selectors.area_resolve(query, level=level)
        candidates = [area] if area else selectors.area_resolve_candidates(query, level=level)
        return Response(AreaResolveSerializer({"query": query, "area": area, "candidates": candidates}).data)


class LocationSerializer(serializers.ModelSerializer[Location]):
    area = serializers.CharField(help_text="P-code of the area the location lies in")
    type = serializers.ChoiceField(choices=LocationType.choices)

    class Meta:
        model = Location
        fields = ["id", "code", "name_en", "name_ar", "type", "area", "latitude", "longitude", "is_active"]
        read_only_fields = ["id", "is_active"]
        extra_kwargs: dict[str, dict[str, Any]] = {"code": {"validators": []}}

    def to_representation(self, instance: Location) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["area"] = instance.area.pcode
        return data

    def validate_area(self, value: str) -> Area:
        area = selectors.area_get(value)
        if area is None:
            raise serializers.ValidationError("No area has this P-code.")
        return area

    def validate_latitude(self, value: float | None) -> float | None:
        if value is not None and not -90 <= value <= 90:
            raise serializers.ValidationError("Latitude is outside -90..90.")
        return value

    def validate_longitude(self, value: float | None) -> float | None:
        if value is not None and not -180 <= value <= 180:
            raise serializers.ValidationError("Longitude is outside -180..180.")
        return value


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("area", OpenApiTypes.STR, description="P-code; the area and everything below it"),
            OpenApiParameter("type", OpenApiTypes.STR, enum=LocationType.values),
            OpenApiParameter("search", OpenApiTypes.STR),
        ]
    )
)
class LocationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Location],
):
    """Locations in the caller's areas; one outside them answers 404, as if it did not exist."""

    serializer_class = LocationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        area = selectors.area_get(params["area"]) if params.get("area") else None
        locations = selectors.locations_visible_to(
            self.request.user, area=area, type=params.get("type") or None, search=params.get("search", "")
        )
        return locations.none() if params.get("area") and area is None else locations

    def get_object(self) -> Location:
        return selectors.location_for_user(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer: serializers.BaseSerializer[Location]) -> None:
        serializer.instance = services.location_create(
            created_by=signed_in_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Location]) -> None:
        assert serializer.instance is not None
        serializer.instance = services.location_update(
            location=serializer.instance, updated_by=signed_in_user(self.request), **serializer.validated_data
        )
