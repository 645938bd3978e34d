"""REST endpoints of projects: community assistance projects in the caller's areas (read-only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request

from haven.projects import selectors
from haven.projects.models import Beneficiaries, Project, StageChange


class CanViewProjects(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("projects.view_project"))


class BeneficiariesSerializer(serializers.ModelSerializer[Beneficiaries]):
    class Meta:
        model = Beneficiaries
        fields = ["population_group", "targeted", "reached"]


class StageChangeSerializer(serializers.ModelSerializer[StageChange]):
    by = serializers.SlugRelatedField(read_only=True, slug_field="username")  # type: ignore[var-annotated]

    class Meta:
        model = StageChange
        fields = ["stage", "on", "by", "note"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    area = serializers.SlugRelatedField(read_only=True, slug_field="pcode")  # type: ignore[var-annotated]
    locations = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")  # type: ignore[var-annotated]
    beneficiaries = BeneficiariesSerializer(many=True, read_only=True)
    stage_changes = StageChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "code", "title", "description", "sector", "stage", "area", "locations", "partner", "counterpart",
            "budget_usd", "spent_usd", "start_date", "end_date", "beneficiaries", "stage_changes",
        ]  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "stage",
                OpenApiTypes.STR,
                description="identified, assessed, approved, implementing, completed, cancelled",
            ),
            OpenApiParameter("sector", OpenApiTypes.STR, description="sector code, e.g. wash"),
            OpenApiParameter("area", OpenApiTypes.STR, description="P-code; sub-areas included"),
        ]
    )
)
class ProjectViewSet(viewsets.ReadOnlyModelViewSet[Project]):
    """Community assistance projects in the caller's areas; one outside them answers 404."""

    serializer_class = ProjectSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewProjects]
    lookup_field = "code"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return selectors.projects_visible_to(
            self.request.user,
            stage=params.get("stage", ""),
            sector=params.get("sector", ""),
            area=params.get("area", ""),
        ).prefetch_related("locations", "beneficiaries", "stage_changes__by")
