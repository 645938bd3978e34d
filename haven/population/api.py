"""REST endpoints of the registry: households (scoped, every read audited, writes through the services)
and import batches, for scripts that follow an import.

Households are addressed by registration number; areas by P-code and locations by code, as in the
registration template. A household outside the caller's areas answers 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from haven.core.context import signed_in_user
from haven.core.models import AuditAction
from haven.core.services import audit_record
from haven.geo.selectors import area_get, area_resolve, location_by_code
from haven.population import selectors, services
from haven.population.models import (
    Household,
    HouseholdEvent,
    ImportBatch,
    ImportProblem,
    Individual,
)
from haven.population.services import DocumentDetails, HouseholdDetails, MemberDetails
from haven.population.vocabulary import (
    WASHINGTON_GROUP_DOMAINS,
    BirthDatePrecision,
    DataSource,
    Difficulty,
    DocumentType,
    Need,
    PersonStatus,
    PopulationGroup,
    Relationship,
    Sex,
    SharingScope,
    Shelter,
    Vulnerability,
)

if TYPE_CHECKING:
    from haven.geo.models import Area, Location

_RETURN_GROUPS = frozenset({PopulationGroup.RETURNEE, PopulationGroup.REFUGEE_RETURNEE})


# Serializers ------------------------------------------------------------------------------------


class DocumentSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DocumentType.choices)
    number = serializers.CharField(max_length=64)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# Six domains share one choice set: one named schema component keeps it from being named six ways.
@extend_schema_field({"type": "string", "enum": ["", *Difficulty.values]}, component_name="Difficulty")
class DifficultyField(serializers.ChoiceField):
    def __init__(self, domain: str) -> None:
        super().__init__(choices=Difficulty.choices, source=f"wg_{domain}", required=False, allow_blank=True)


class DisabilitySerializer(serializers.Serializer[Any]):
    """The Washington Group short set: one answer per domain, blank when the question was not asked."""

    seeing = DifficultyField("seeing")
    hearing = DifficultyField("hearing")
    walking = DifficultyField("walking")
    remembering = DifficultyField("remembering")
    self_care = DifficultyField("self_care")
    communicating = DifficultyField("communicating")


class MemberSerializer(serializers.Serializer[Any]):
    """A person of the household; in a change, a member with `id` keeps every field left out."""

    id = serializers.IntegerField(required=False, help_text="An existing member; leave out to add a person.")
    relationship = serializers.ChoiceField(choices=Relationship.choices, required=False)
    given_name = serializers.CharField(max_length=100, required=False)
    father_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    grandfather_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    name_ar = serializers.CharField(read_only=True, help_text="The full name in Arabic script, where it could be.")
    name_latin = serializers.CharField(read_only=True, help_text="The full name in Latin letters.")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_precision = serializers.ChoiceField(choices=BirthDatePrecision.choices, required=False)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, help_text="07XXXXXXXXX")
    phone_other = serializers.CharField(max_length=32, required=False, allow_blank=True)
    documents = DocumentSerializer(many=True, required=False)
    disability = DisabilitySerializer(source="*", required=False)
    has_disability = serializers.BooleanField(read_only=True)
    status = serializers.ChoiceField(choices=PersonStatus.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("id") is None:
            missing = [name for name in ("relationship", "given_name", "sex") if not attrs.get(name)]
            if missing:
                raise ValidationError({name: [_("Required for a new member.")] for name in missing})
        return attrs


class CompositionSerializer(serializers.Serializer[Any]):
    """People by sex and age band; given only for a household without consent, computed otherwise."""

    males_0_4 = serializers.IntegerField(min_value=0, required=False)
    males_5_17 = serializers.IntegerField(min_value=0, required=False)
    males_18_59 = serializers.IntegerField(min_value=0, required=False)
    males_60_plus = serializers.IntegerField(min_value=0, required=False)
    females_0_4 = serializers.IntegerField(min_value=0, required=False)
    females_5_17 = serializers.IntegerField(min_value=0, required=False)
    females_18_59 = serializers.IntegerField(min_value=0, required=False)
    females_60_plus = serializers.IntegerField(min_value=0, required=False)


class HeadSerializer(serializers.Serializer[Any]):
    name_ar = serializers.CharField()
    name_latin = serializers.CharField()


class HouseholdEventSerializer(serializers.ModelSerializer[HouseholdEvent]):
    area = serializers.SlugRelatedField[Any](read_only=True, slug_field="pcode")
    previous_area = serializers.SlugRelatedField[Any](read_only=True, slug_field="pcode")
    location = serializers.SlugRelatedField[Any](read_only=True, slug_field="code")
    related_household = serializers.SlugRelatedField[Any](read_only=True, slug_field="registration_number")
    recorded_by = serializers.SlugRelatedField[Any](read_only=True, slug_field="username")
    previous_group = serializers.CharField(read_only=True, help_text="The population group before; blank for a move.")

    class Meta:
        model = HouseholdEvent
        fields = [
            "kind", "occurred_on", "population_group", "previous_group", "area", "previous_area", "location",
            "related_household", "note", "recorded_by", "recorded_at",
        ]  # fmt: skip


class HouseholdSerializer(serializers.ModelSerializer[Household]):
    """A household as lists show it: no names but the head's, and none when the household did not consent."""

    area = serializers.SlugRelatedField[Any](read_only=True, slug_field="pcode")
    location = serializers.SlugRelatedField[Any](read_only=True, slug_field="code")
    origin = serializers.SlugRelatedField[Any](source="origin_area", read_only=True, slug_field="pcode")
    composition = CompositionSerializer(source="*", read_only=True)
    head = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = [
            "registration_number", "population_group", "area", "location", "origin", "origin_country",
            "displaced_on", "returned_on", "displacement_period", "shelter", "size", "composition",
            "consent_given", "is_active", "registered_on", "head",
        ]  # fmt: skip

    @extend_schema_field(HeadSerializer(allow_null=True))
    def get_head(self, household: Household) -> dict[str, str] | None:
        if not household.consent_given:
            return None
        heads: list[Individual] | None = getattr(household, "heads", None)
        if heads is None:
            heads = list(household.members.filter(relationship=Relationship.HEAD, status=PersonStatus.ACTIVE))
        return {"name_ar": heads[0].name_ar, "name_latin": heads[0].name_latin} if heads else None


class HouseholdDetailSerializer(HouseholdSerializer):
    """A household with its members, their documents, and the history of its situation."""

    members = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(HouseholdSerializer.Meta):
        fields = [
            *HouseholdSerializer.Meta.fields, "needs", "vulnerabilities", "consent_date", "consent_scope", "source",
            "created_at", "updated_at", "members", "history",
        ]  # fmt: skip

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, household: Household) -> list[dict[str, Any]]:
        if not household.consent_given:
            return []
        return list(MemberSerializer(selectors.household_members(household), many=True).data)

    @extend_schema_field(HouseholdEventSerializer(many=True))
    def get_history(self, household: Household) -> list[dict[str, Any]]:
        return list(HouseholdEventSerializer(selectors.household_history(household), many=True).data)


class HouseholdWriteSerializer(serializers.Serializer[Any]):
    """A registration or a change: places as codes, members nested. Fields left out of a change keep their value."""

    population_group = serializers.ChoiceField(choices=PopulationGroup.choices)
    area = serializers.CharField(
        required=False, help_text="P-code of the current area; may be left out when a location is given."
    )
    location = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text="Location code.")
    origin = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="P-code of the area of origin."
    )
    origin_country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="ISO code, e.g. SY"
    )
    displaced_on = serializers.DateField(required=False, allow_null=True)
    returned_on = serializers.DateField(required=False, allow_null=True)
    shelter = serializers.ChoiceField(choices=Shelter.choices, required=False, allow_blank=True)
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices), required=False)
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False
    )
    consent_given = serializers.BooleanField(required=False)
    consent_date = serializers.DateField(required=False, allow_null=True)
    consent_scope = serializers.ChoiceField(choices=SharingScope.choices, required=False)
    composition = CompositionSerializer(required=False, help_text="Counts of a household without consent.")
    members = MemberSerializer(many=True, required=False)
    occurred_on = serializers.DateField(required=False, help_text="A change only: when the situation changed.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, help_text="A change only.")

    def validate_area(self, value: str) -> Area:
        area = area_get(value)
        if area is None:
            raise ValidationError(_("No area has the P-code %(code)s.") % {"code": value})
        return area

    def validate_origin(self, value: str | None) -> Area | None:
        return self.validate_area(value) if value else None

    def validate_location(self, value: str | None) -> Location | None:
        if not value:
            return None
        location = location_by_code(value)
        if location is None:
            raise ValidationError(_("No active location has the code %(code)s.") % {"code": value})
        return location


# Translating a request into the services' terms ---------------------------------------------------


def _current_details(household: Household) -> HouseholdDetails:
    return HouseholdDetails(
        population_group=household.population_group, area=household.area, location=household.location,
        origin_area=household.origin_area, origin_country=household.origin_country,
        displaced_on=household.displaced_on, returned_on=household.returned_on, shelter=household.shelter,
        needs=list(household.needs), vulnerabilities=list(household.vulnerabilities),
        consent_given=household.consent_given, consent_date=household.consent_date,
        consent_scope=household.consent_scope if household.consent_given else SharingScope.ASSISTANCE,
        composition=household.composition,
    )  # fmt: skip


def _place(data: dict[str, Any], current: HouseholdDetails | None) -> tuple[Area, Location | None]:
    """The area and location a request asks for; an area may be read from its location.

    In a change, a new area without a location drops a location that lies outside it, and a new
    location outside the current area brings its own area.
    """
    location: Location | None = data.get("location", current.location if current else None)
    if "area" in data:
        area: Area = data["area"]
        if "location" not in data and location is not None and not location.area.path.startswith(area.path):
            location = None
        return area, location
    if current is not None and (location is None or location.area.path.startswith(current.area.path)):
        return current.area, location
    if location is not None:
        return location.area, location
    raise ValidationError({"area": [_("Give the P-code of the area, or a location code.")]})


def _household_details(data: dict[str, Any], current: HouseholdDetails | None) -> HouseholdDetails:
    area, location = _place(data, current)
    details = current or HouseholdDetails(population_group=data["population_group"], area=area)
    details.area, details.location = area, location
    if "origin" in data:
        details.origin_area = data["origin"]
    if current is not None and "composition" in data:
        data = {**data, "composition": {**(current.composition or {}), **data["composition"]}}
    for name in (
        "population_group", "origin_country", "displaced_on", "returned_on", "shelter", "needs", "vulnerabilities",
        "consent_given", "consent_date", "consent_scope", "composition",
    ):  # fmt: skip
        if name in data:
            setattr(details, name, data[name])
    return details


_MEMBER_FIELDS = (
    "relationship", "given_name", "father_name", "grandfather_name", "family_name", "sex", "birth_date",
    "birth_precision", "phone", "phone_other", "status",
)  # fmt: skip


def _member_details(entry: dict[str, Any], current: Individual | None) -> MemberDetails:
    """One member as the services take it; an existing member keeps what the entry leaves out."""
    values: dict[str, Any] = {name: getattr(current, name) for name in _MEMBER_FIELDS} if current else {}
    values.update({name: entry[name] for name in _MEMBER_FIELDS if name in entry})
    disability = {domain: getattr(current, f"wg_{domain}") for domain in WASHINGTON_GROUP_DOMAINS} if current else {}
    disability.update({domain: entry[f"wg_{domain}"] for domain in WASHINGTON_GROUP_DOMAINS if f"wg_{domain}" in entry})
    if "documents" in entry:
        documents = [DocumentDetails(**document) for document in entry["documents"]]
    elif current is not None:
        documents = [DocumentDetails(kind=d.kind, number=d.number, issuer=d.issuer) for d in current.documents.all()]
    else:
        documents = []
    answers = {domain: answer for domain, answer in disability.items() if answer}
    return MemberDetails(id=current.pk if current else None, documents=documents, disability=answers, **values)


def _members(entries: list[dict[str, Any]], household: Household | None) -> list[MemberDetails]:
    existing = {member.pk: member for member in selectors.household_members(household)} if household else {}
    members = []
    for entry in entries:
        number = entry.get("id")
        if number is not None and number not in existing:
            raise ValidationError({"members": [_("Member %(id)s is not in this household.") % {"id": number}]})
        members.append(_member_details(entry, existing.get(number) if number is not None else None))
    return members


# Households -------------------------------------------------------------------------------------


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
            details=_household_details(data, None),
            members=_members(data.get("members", []), None),
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
        details = _household_details(data, _current_details(household))
        occurred_on: date | None = data.get("occurred_on")
        # A return is dated by the change unless the caller gives the return date itself.
        returning = (
            details.population_group in _RETURN_GROUPS and household.population_group != details.population_group
        )
        if returning and "returned_on" not in data:
            details.returned_on = occurred_on or timezone.localdate()
        members = _members(data["members"], household) if "members" in data else None
        updated = services.household_update(
            household=household, updated_by=signed_in_user(request), details=details, members=members,
            occurred_on=occurred_on, note=data.get("note", ""),
        )  # fmt: skip
        return Response(HouseholdDetailSerializer(updated).data)


# Import batches ---------------------------------------------------------------------------------


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
