"""`/api/population/duplicates/`: pairs of registered people who are probably one person, to decide.

The same rules as the page: a pair is visible to callers whose areas hold both records, reading it
is audited (it shows two people), and a decision goes through `services.registry_duplicate_decide`.
"""

from __future__ import annotations

from typing import Any

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
from haven.population import selectors, services
from haven.population.models import DuplicateDecision, Individual, RegistryDuplicate


class PairRecordSerializer(serializers.ModelSerializer[Individual]):
    registration_number = serializers.CharField(source="household.registration_number", read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Individual
        fields = [
            "id", "registration_number", "given_name", "father_name", "grandfather_name", "family_name",
            "name_ar", "name_latin", "sex", "birth_date", "birth_precision", "phone", "status", "documents",
        ]  # fmt: skip

    def get_documents(self, individual: Individual) -> list[dict[str, str]]:
        return [{"kind": document.kind, "number": document.number} for document in individual.documents.all()]


class RegistryDuplicateSerializer(serializers.ModelSerializer[RegistryDuplicate]):
    first = PairRecordSerializer(read_only=True)
    second = PairRecordSerializer(read_only=True)
    decided_by = serializers.SlugRelatedField[Any](read_only=True, slug_field="username")

    class Meta:
        model = RegistryDuplicate
        fields = ["id", "probability", "agreements", "decision", "first", "second", "found_at", "decided_by",
                  "decided_at"]  # fmt: skip


class DecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[DuplicateDecision.DUPLICATE, DuplicateDecision.DISTINCT])


class CanDecide(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("population.change_household"))


class RegistryDuplicateViewSet(viewsets.ReadOnlyModelViewSet[RegistryDuplicate]):
    """Possible duplicates in the registry; `agreements` says how each field compared
    (agree, close, differ, unknown). Filter with `?decision=pending|distinct|duplicate`."""

    serializer_class = RegistryDuplicateSerializer
    permission_classes = [permissions.IsAuthenticated, CanDecide]

    def get_queryset(self) -> QuerySet[RegistryDuplicate]:
        decision = self.request.query_params.get("decision", "")
        if decision and decision not in DuplicateDecision.values:
            raise ValidationError({"decision": [_("Give pending, distinct or duplicate.")]})
        return selectors.registry_duplicates_visible_to(self.request.user, decision=decision)

    def get_object(self) -> RegistryDuplicate:
        return selectors.registry_duplicate_for_user(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(parameters=[OpenApiParameter("decision", OpenApiTypes.STR, enum=DuplicateDecision.values)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        data: Any = response.data
        shown = data["results"] if isinstance(data, dict) else data
        audit_record(
            actor=signed_in_user(request), action=AuditAction.VIEW, object_type="registry duplicates",
            detail=_("%(count)s pairs of registered people compared") % {"count": len(shown)},
        )  # fmt: skip
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pair = self.get_object()
        audit_record(actor=signed_in_user(request), action=AuditAction.VIEW, target=pair)
        return Response(self.get_serializer(pair).data)

    @extend_schema(request=DecisionSerializer, responses=RegistryDuplicateSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Same person (`duplicate`: the later record is merged into the earlier) or different people
        (`distinct`: never proposed again)."""
        pair = self.get_object()
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        decided = services.registry_duplicate_decide(
            pair=pair, decision=decision.validated_data["decision"], decided_by=signed_in_user(request)
        )
        return Response(self.get_serializer(selectors.registry_duplicate_for_user(request.user, decided.pk)).data)
