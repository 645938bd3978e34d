"""REST endpoints of core: who am I, my jobs, the audit log; and the API's error format."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import PermissionDenied
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from haven.core import selectors
from haven.core.models import AuditEntry, Job, User
from haven.core.services import ServiceError

logger = logging.getLogger(__name__)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's answers, plus service refusals as 400 and anything unexpected as a 500 without a traceback."""
    if isinstance(exc, ServiceError):
        return Response({"detail": str(exc)}, status=400)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Not allowed for your role."}, status=403)
    response = drf_exception_handler(exc, context)
    if response is None and not isinstance(exc, APIException):
        reference = uuid.uuid4().hex[:8]
        logger.exception("API error, reference %s", reference)
        return Response({"detail": f"Internal error (reference {reference})."}, status=500)
    return response


class TokenView(ObtainAuthToken):
    """An API token for a username and password; throttled by the same lock-out as sign-in."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            credentials = {"username": str(request.data.get("username", ""))}
            if AxesProxyHandler.is_locked(request._request, credentials):
                return Response(
                    {"detail": "Too many failed attempts for this username from your address; try again later."},
                    status=429,
                )
            raise


class MeSerializer(serializers.ModelSerializer[User]):
    areas = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="pcode")
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "role", "organisation", "areas", "permissions"]

    def get_permissions(self, user: User) -> list[str]:
        return sorted(user.get_all_permissions())


class MeView(APIView):
    """The signed-in person: role, area scope and permissions."""

    serializer_class = MeSerializer

    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        return Response(MeSerializer(user).data)


class JobSerializer(serializers.ModelSerializer[Job]):
    percent = serializers.IntegerField(read_only=True, allow_null=True)
    created_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(read_only=True, slug_field="username")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "message",
            "result",
            "error",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Job]):
    """Background jobs: one's own, or all of them for administrators."""

    serializer_class = JobSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.jobs_visible_to(self.request.user)

    def get_object(self) -> Job:
        return selectors.job_with_live_progress(super().get_object())


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor_username",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "changes",
            "detail",
            "ip_address",
            "path",
        ]


class CanReadAudit(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("core.view_auditentry"))


class AuditEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[AuditEntry]):
    """The audit log, read-only, newest first; filter with ?actor=&action=&object_type=."""

    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, CanReadAudit]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        user = self.request.user
        assert isinstance(user, User)
        return selectors.audit_entries_visible_to(
            user,
            actor=params.get("actor", ""),
            action=params.get("action", ""),
            object_type=params.get("object_type", ""),
        )
