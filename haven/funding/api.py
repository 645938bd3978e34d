"""REST endpoints of funding: appeals with their coverage by programme area (read-only, national figures)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from haven.funding import selectors
from haven.funding.models import Appeal


class CanViewAppeals(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("funding.view_appeal"))


class CoverageSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    requirements_usd = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    funding_usd = serializers.DecimalField(max_digits=16, decimal_places=2)
    pledged_usd = serializers.DecimalField(max_digits=16, decimal_places=2)
    coverage_pct = serializers.IntegerField(allow_null=True)


class AreaCoverageSerializer(CoverageSerializer):
    projects = CoverageSerializer(many=True)


class AppealSerializer(serializers.ModelSerializer[Appeal]):
    class Meta:
        model = Appeal
        fields = [
            "code", "title", "kind", "year", "countries", "start_date", "end_date", "source", "fts_plan_id",
            "published_requirements_usd", "reported_funding_usd", "reported_coverage_pct",
        ]  # fmt: skip


class AppealCoverageSerializer(serializers.Serializer[Any]):
    total = CoverageSerializer()
    areas = AreaCoverageSerializer(many=True)
    shared_usd = serializers.DecimalField(max_digits=16, decimal_places=2)
    shared_count = serializers.IntegerField()


class AppealViewSet(viewsets.ReadOnlyModelViewSet[Appeal]):
    """Appeals and plans; `coverage` gives requirements, funding and coverage by programme area and project."""

    serializer_class = AppealSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewAppeals]
    lookup_field = "code"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.appeals_list()

    @extend_schema(responses=AppealCoverageSerializer)
    def coverage(self, request: Request, code: str) -> Response:
        coverage = selectors.appeal_coverage(selectors.appeal_get(code))
        return Response(AppealCoverageSerializer(coverage).data)
