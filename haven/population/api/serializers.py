"""What the registry API reads and writes, and how a payload becomes the services' inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from haven.geo.selectors import area_get, location_by_code
from haven.population import selectors
from haven.population.models import (
    Household,
    HouseholdEvent,
    Individual,
)
from haven.population.services import DocumentDetails, HouseholdDetails, MemberDetails
from haven.population.vocabulary import (
    WASHINGTON_GROUP_DOMAINS,
    BirthDatePrecision,
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


def current_details(household: Household) -> HouseholdDetails:
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


def household_details(data: dict[str, Any], current: HouseholdDetails | None) -> HouseholdDetails:
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


def members_details(entries: list[dict[str, Any]], household: Household | None) -> list[MemberDetails]:
    existing = {member.pk: member for member in selectors.household_members(household)} if household else {}
    members = []
    for entry in entries:
        number = entry.get("id")
        if number is not None and number not in existing:
            raise ValidationError({"members": [_("Member %(id)s is not in this household.") % {"id": number}]})
        members.append(_member_details(entry, existing.get(number) if number is not None else None))
    return members


# Households -------------------------------------------------------------------------------------
