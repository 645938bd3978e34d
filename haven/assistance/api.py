"""`/api/assistance/`: programmes, distributions and their lists, recording a delivery, the balance report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.assistance import reports, selectors, services
from haven.assistance.models import Delivery, Distribution, Entitlement, IdentifiedBy, Programme
from haven.core.context import signed_in_user
from haven.core.services import ServiceError
from haven.geo.selectors import area_resolve
from haven.population import selectors as population_selectors


class Allowed(permissions.BasePermission):
    """Reading needs `assistance.view_programme`; an action names its own right in `required`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = getattr(view, "required", {}).get(getattr(view, "action", None) or "", "assistance.view_programme")
        return bool(request.user and request.user.has_perm(needed))


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    area = serializers.CharField(source="area.pcode")
    appeal_project = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "organisation", "modality", "item", "unit_value", "currency",
                  "quantity_per_household", "area", "appeal_project", "starts_on", "ends_on", "status",
                  "targeting"]  # fmt: skip


class DistributionSerializer(serializers.ModelSerializer[Distribution]):
    area = serializers.CharField(source="area.pcode")
    programme = serializers.CharField(source="programme.code")
    listed = serializers.IntegerField(read_only=True)
    served = serializers.IntegerField(read_only=True)

    class Meta:
        model = Distribution
        fields = [
            "id",
            "programme",
            "round",
            "name",
            "area",
            "place",
            "planned_on",
            "team",
            "status",
            "listed",
            "served",
        ]


class EntitlementSerializer(serializers.ModelSerializer[Entitlement]):
    registration_number = serializers.CharField(source="household.registration_number")
    area = serializers.CharField(source="area.pcode")

    class Meta:
        model = Entitlement
        fields = ["id", "registration_number", "population_group", "area", "household_size", "quantity", "delivered"]


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    class Meta:
        model = Delivery
        fields = ["id", "entitlement", "household", "received_by", "received_by_name", "identified_by",
                  "document_number", "quantity", "delivered_on", "source", "recorded_at"]  # fmt: skip


class DeliveryWriteSerializer(serializers.Serializer[Any]):
    identified_by = serializers.ChoiceField(choices=IdentifiedBy.choices, default=IdentifiedBy.REGISTRATION_NUMBER)
    registration_number = serializers.CharField(required=False, allow_blank=True)
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    received_by = serializers.IntegerField(required=False, allow_null=True, help_text="a member's id")
    received_by_name = serializers.CharField(required=False, allow_blank=True, default="")
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    delivered_on = serializers.DateField(required=False, allow_null=True)


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet[Programme]):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()  # the schema's types; requests use get_queryset
    permission_classes = [Allowed]
    required = {"preview": "assistance.change_programme"}

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programmes_visible_to(signed_in_user(self.request)).order_by("code")

    @extend_schema(
        request=inline_serializer("TargetingRule", {"population_groups": serializers.ListField(), "host_share":
                                  serializers.IntegerField(required=False)}),
        responses=inline_serializer("TargetingPreview", {"households": serializers.IntegerField(),
                                    "individuals": serializers.IntegerField(), "rows": serializers.ListField()}),
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def preview(self, request: Request, pk: str) -> Response:
        """Who a targeting rule would select, by governorate and group; nothing is saved."""
        from haven.assistance.rules import RuleError, rule_parse

        programme = self.get_object()
        try:
            rule = rule_parse(dict(request.data))
        except RuleError as wrong:
            raise ValidationError(wrong.errors) from None
        preview = selectors.targeting_preview(signed_in_user(request), programme=programme, rule=rule)
        return Response({
            "households": preview.households, "individuals": preview.individuals,
            "host_households": preview.host_households, "unknown_areas": preview.unknown_areas,
            "rows": [{"governorate": code, "name": name, "population_group": group, "households": households,
                      "individuals": people} for code, name, group, households, people in preview.rows],
        })  # fmt: skip


class DistributionViewSet(viewsets.ReadOnlyModelViewSet[Distribution]):
    serializer_class = DistributionSerializer
    queryset = Distribution.objects.none()
    permission_classes = [Allowed]

    def get_queryset(self) -> QuerySet[Distribution]:
        return selectors.distributions_visible_to(signed_in_user(self.request)).order_by("-planned_on", "-id")

    @extend_schema(responses=EntitlementSerializer(many=True), parameters=[OpenApiParameter("q", str)])
    @action(detail=True, methods=["get"])
    def entitlements(self, request: Request, pk: str) -> Response:
        """The distribution's list in the reader's areas; `q` finds a household by number, document or name."""
        distribution = self.get_object()
        found = selectors.entitlements_search(
            signed_in_user(request), distribution, text=request.query_params.get("q", "")
        )
        page = self.paginate_queryset(found)  # type: ignore[arg-type]
        serializer = EntitlementSerializer(page if page is not None else found, many=True)
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)


class EntitlementViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[Entitlement]):
    serializer_class = EntitlementSerializer
    queryset = Entitlement.objects.none()
    permission_classes = [Allowed]
    required = {"deliver": "assistance.deliver_assistance"}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Whatever is asked of an entitlement outside the reader's areas, it does not exist for them.
        if "pk" in self.kwargs:
            self.get_object()

    def get_object(self) -> Entitlement:
        entitlement = selectors.entitlement_for_user(signed_in_user(self.request), self.kwargs["pk"])
        self.check_object_permissions(self.request, entitlement)
        return entitlement

    @extend_schema(request=DeliveryWriteSerializer, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str) -> Response:
        """Record the delivery. 409 when the household, or a record confirmed as the same person, was served
        already in this round (the attempt is logged); 400 when the receipt itself is wrong."""
        entitlement = self.get_object()
        data = DeliveryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        number = values.get("registration_number") or ""
        if number and number.strip().upper() != entitlement.household.registration_number:
            raise ValidationError({"registration_number": "This entitlement is another household's."})
        received_by = None
        if values.get("received_by"):
            members = population_selectors.household_members(entitlement.household)
            received_by = members.filter(pk=values["received_by"]).first()
            if received_by is None:
                raise ValidationError({"received_by": "Not a member of this household."})
        receipt = services.Receipt(
            identified_by=values["identified_by"], received_by=received_by, received_by_name=values["received_by_name"],
            document_number=values["document_number"], quantity=values.get("quantity"),
            delivered_on=values.get("delivered_on"),
        )  # fmt: skip
        try:
            delivery = services.delivery_record(
                entitlement=entitlement, receipt=receipt, recorded_by=signed_in_user(request), source="api"
            )
        except services.DeliveryRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_409_CONFLICT)
        except ServiceError as refusal:
            raise ValidationError({"detail": str(refusal)}) from None
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)


class BalanceView(APIView):
    """Each group's share of assistance against its share of households, per area, with imbalances flagged."""

    permission_classes = [Allowed]
    required = {"": "assistance.view_assistance_report"}

    @extend_schema(
        parameters=[OpenApiParameter("area", str), OpenApiParameter("programme", str, description="code")],
        responses=inline_serializer("Balance", {"area": serializers.CharField(), "group": serializers.CharField()},
                                    many=True),
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        area = None
        if request.query_params.get("area"):
            area = area_resolve(request.query_params["area"])
            if area is None:
                raise ValidationError({"area": "No area matches this."})
        programme = None
        if request.query_params.get("programme"):
            programme = (
                selectors.programmes_visible_to(user).filter(code=request.query_params["programme"].upper()).first()
            )
            if programme is None:
                raise ValidationError({"programme": "No such programme."})
        rows = reports.balance_by_group(user=user, area=area, programme=programme)
        return Response([
            {"area": row.area, "area_name": row.area_name, "group": row.population_group, "households": row.households,
             "population_share": round(row.population_share, 4), "assisted_households": row.assisted_households,
             "assistance_share": round(row.assistance_share, 4), "imbalanced": row.imbalanced}
            for row in rows
        ])  # fmt: skip
