"""`/api/population/batches/`: import batches and their problems, for scripts following an import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from haven.core.context import signed_in_user
from haven.core.models import AuditAction
from haven.core.services import audit_record
from haven.population import selectors
from haven.population.models import (
    ImportBatch,
    ImportProblem,
)

if TYPE_CHECKING:
    pass


class ImportProblemSerializer(serializers.ModelSerializer[ImportProblem]):
    class Meta:
        model = ImportProblem
        fields = ["row", "column", "value", "message", "severity", "household_ref"]


class ImportBatchSerializer(serializers.ModelSerializer[ImportBatch]):
    is_open = serializers.BooleanField(read_only=True)
    created_by = serializers.SlugRelatedField[Any](read_only=True, slug_field="username")
    merged_by = serializers.SlugRelatedField[Any](read_only=True, slug_field="username")

    class Meta:
        model = ImportBatch
        fields = [
            "id", "name", "file_name", "file_format", "status", "is_open", "rows", "households", "individuals",
            "households_without_consent", "errors", "warnings", "possible_duplicates", "job", "created_by",
            "created_at", "staged_at", "merged_at", "merged_by",
        ]  # fmt: skip


class CanFollowImports(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("population.import_registrations"))


class ImportBatchViewSet(viewsets.ReadOnlyModelViewSet[ImportBatch]):
    """Registration imports one may follow: status and counts; `job` is the background job at /api/jobs/."""

    serializer_class = ImportBatchSerializer
    permission_classes = [permissions.IsAuthenticated, CanFollowImports]
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"

    def get_queryset(self) -> QuerySet[ImportBatch]:
        return selectors.batches_visible_to(self.request.user)

    def get_object(self) -> ImportBatch:
        return selectors.batch_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        parameters=[OpenApiParameter("severity", OpenApiTypes.STR, enum=ImportProblem.Severity.values)],
        responses=ImportProblemSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def problems(self, request: Request, pk: str) -> Response:
        """The batch's validation report; a problem may quote a cell, so reading it is audited."""
        batch = self.get_object()
        severity = request.query_params.get("severity", "")
        if severity and severity not in ImportProblem.Severity.values:
            raise ValidationError({"severity": [_("Give error or warning.")]})
        problems = selectors.batch_problems(batch, severity=severity)
        audit_record(actor=signed_in_user(request), action=AuditAction.VIEW, target=batch, detail=_("problems"))
        paginator = self.paginator
        page = paginator.paginate_queryset(problems, request, view=self) if paginator else None
        if paginator is None or page is None:
            return Response(ImportProblemSerializer(problems, many=True).data)
        return paginator.get_paginated_response(ImportProblemSerializer(page, many=True).data)
