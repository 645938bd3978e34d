"""`/api/population/households/`: list, search, retrieve, register and change households."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from haven.core.context import signed_in_user
from haven.core.models import AuditAction
from haven.core.services import audit_record
from haven.geo.selectors import area_resolve
from haven.population import selectors, services
from haven.population.models import (
    Household,
    Individual,
)
from haven.population.vocabulary import (
    DataSource,
    PersonStatus,
    PopulationGroup,
    Relationship,
)

if TYPE_CHECKING:
    pass

from haven.population.api.serializers import (
    HouseholdDetailSerializer,
    HouseholdSerializer,
    HouseholdWriteSerializer,
    current_details,
    household_details,
    members_details,
)


class HouseholdPermission(permissions.BasePermission):
    """Reading, registering and changing households are three rights of the role table."""

    required = {
        "create": "population.add_household",
        "update": "population.change_household",
        "partial_update": "population.change_household",
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        permission = self.required.get(getattr(view, "action", None) or "", "population.view_household")
        return bool(request.user and request.user.has_perm(permission))


def _flag(value: str | None, name: str) -> bool:
    if value is None or value.lower() in {"", "0", "false", "no"}:
        return False
    if value.lower() in {"1", "true", "yes"}:
        return True
    raise ValidationError({name: [_("Give true or false.")]})


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "search", OpenApiTypes.STR,
                description="Registration number, document number, phone, or names in Arabic or Latin letters",
            ),
            OpenApiParameter("population_group", OpenApiTypes.STR, enum=PopulationGroup.values),
            OpenApiParameter("area", OpenApiTypes.STR, description="P-code; the area and everything below it"),
            OpenApiParameter("include_inactive", OpenApiTypes.BOOL),
        ]
    ),
    retrieve=extend_schema(responses=HouseholdDetailSerializer),
    create=extend_schema(request=HouseholdWriteSerializer, responses={201: HouseholdDetailSerializer}),
    update=extend_schema(request=HouseholdWriteSerializer, responses=HouseholdDetailSerializer),
    partial_update=extend_schema(request=HouseholdWriteSerializer, responses=HouseholdDetailSerializer),
)  # fmt: skip
class HouseholdViewSet(viewsets.GenericViewSet[Household]):
    """Households in the caller's areas. Every read is written to the audit log."""

    serializer_class = HouseholdSerializer
    permission_classes = [permissions.IsAuthenticated, HouseholdPermission]
    lookup_field = "registration_number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Household]:
        params = self.request.query_params
        group = params.get("population_group", "")
        if group and group not in PopulationGroup.values:
            raise ValidationError({"population_group": [_("Unknown population group %(value)r.") % {"value": group}]})
        area_text = params.get("area", "").strip()
        area = area_resolve(area_text) if area_text else None
        if area_text and area is None:
            raise ValidationError(
                {"area": [_("No single area matches %(value)r; give its P-code.") % {"value": area_text}]}
            )
        heads = Prefetch(
            "members",
            queryset=Individual.objects.filter(relationship=Relationship.HEAD, status=PersonStatus.ACTIVE),
            to_attr="heads",
        )
        return selectors.households_search(
            self.request.user,
            text=params.get("search", ""),
            population_group=group,
            area=area,
            include_inactive=_flag(params.get("include_inactive"), "include_inactive"),
        ).prefetch_related(heads)

    def get_object(self) -> Household:
        return selectors.household_for_user(self.request.user, self.kwargs["registration_number"])

    def list(self, request: Request) -> Response:
        households = self.get_queryset()
        page = self.paginate_queryset(households)
        audit_record(
            actor=signed_in_user(request), action=AuditAction.VIEW, object_type="population.household",
            detail=_("household list (API): %(query)s") % {"query": request.query_params.urlencode()[:300] or "-"},
        )  # fmt: skip
        if page is not None:
            return self.get_paginated_response(HouseholdSerializer(page, many=True).data)
        return Response(HouseholdSerializer(households, many=True).data)

    def retrieve(self, request: Request, registration_number: str) -> Response:
        household = self.get_object()
        audit_record(actor=signed_in_user(request), action=AuditAction.VIEW, target=household)
        return Response(HouseholdDetailSerializer(household).data)

    def create(self, request: Request) -> Response:
        """Register a household with its members (or, without consent, its composition only)."""
        data = self._validated(request, partial=False)
        if any(entry.get("id") is not None for entry in data.get("members", [])):
            raise ValidationError({"members": [_("A household being registered has no members with an id yet.")]})
        household = services.household_register(
            registered_by=signed_in_user(request),
            details=household_details(data, None),
            members=members_details(data.get("members", []), None),
            source=DataSource.API,
        )
        return Response(HouseholdDetailSerializer(household).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, registration_number: str) -> Response:
        """Change a household's situation or members; a change of group or place becomes a dated event."""
        return self._change(request, partial=False)

    def partial_update(self, request: Request, registration_number: str) -> Response:
        return self._change(request, partial=True)

    def _validated(self, request: Request, *, partial: bool) -> dict[str, Any]:
        serializer = HouseholdWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _change(self, request: Request, *, partial: bool) -> Response:
        household = self.get_object()
        data = self._validated(request, partial=partial)
        details = household_details(data, current_details(household))
        occurred_on: date | None = data.get("occurred_on")
        members = members_details(data["members"], household) if "members" in data else None
        updated = services.household_update(
            household=household, updated_by=signed_in_user(request), details=details, members=members,
            occurred_on=occurred_on, note=data.get("note", ""),
        )  # fmt: skip
        return Response(HouseholdDetailSerializer(updated).data)


# Import batches ---------------------------------------------------------------------------------
