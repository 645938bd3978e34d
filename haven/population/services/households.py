"""Registering households and their members, and every later change to their situation.

Pages, the API and imports all register through these functions, so the rules (one head, origin for the
displaced, no names without consent, the person's own areas only) hold whichever way data arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.models import AuditAction, User
from haven.core.selectors import area_path_in_scope
from haven.core.services import ServiceError, audit_changes, audit_record
from haven.dedup.engine.keys import part_key
from haven.dedup.names import name_clean, name_script, name_to_arabic, name_to_latin
from haven.population.composition import composition_of
from haven.population.identifiers import document_number_key, name_tokens_stored, phone_normalise
from haven.population.models import (
    COMPOSITION_FIELDS,
    Household,
    HouseholdEvent,
    HouseholdEventKind,
    IdentityDocument,
    Individual,
)
from haven.population.services.numbers import registration_numbers_allocate, registration_prefix
from haven.population.vocabulary import (
    GROUPS_FROM_ABROAD,
    GROUPS_WITH_ORIGIN,
    WASHINGTON_GROUP_DOMAINS,
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
    displacement_period_for,
)

if TYPE_CHECKING:
    from haven.geo.models import Area, Location

_HOUSEHOLD_FIELDS = (
    "population_group", "area_id", "location_id", "origin_area_id", "origin_country", "displaced_on", "returned_on",
    "displacement_period", "shelter", "needs", "vulnerabilities", "consent_given", "consent_date", "consent_scope",
    "size", *COMPOSITION_FIELDS,
)  # fmt: skip
_MEMBER_FIELDS = (
    "relationship", "given_name", "father_name", "grandfather_name", "family_name", "sex", "birth_date",
    "birth_precision", "phone", "phone_other", "status",
    *(f"wg_{domain}" for domain in WASHINGTON_GROUP_DOMAINS),
)  # fmt: skip


@dataclass
class DocumentDetails:
    kind: str
    number: str
    issuer: str = ""


@dataclass
class MemberDetails:
    """One person as a form, the API or an import describes them; `id` names an existing member."""

    relationship: str
    given_name: str
    sex: str
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    birth_date: date | None = None
    birth_precision: str = "day"
    phone: str = ""
    phone_other: str = ""
    documents: list[DocumentDetails] = field(default_factory=list)
    disability: dict[str, str] = field(default_factory=dict)
    status: str = PersonStatus.ACTIVE
    id: int | None = None


@dataclass
class HouseholdDetails:
    """Where a household is and its situation; `composition` gives the counts of a household without consent."""

    population_group: str
    area: Area
    location: Location | None = None
    origin_area: Area | None = None
    origin_country: str = ""
    displaced_on: date | None = None
    returned_on: date | None = None
    shelter: str = ""
    needs: list[str] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    consent_given: bool = False
    consent_date: date | None = None
    consent_scope: str = SharingScope.ASSISTANCE
    composition: dict[str, int] | None = None


# Rules ------------------------------------------------------------------------------------------


def _check_dates(details: HouseholdDetails, today: date) -> None:
    for label, value in ((_("Displaced on"), details.displaced_on), (_("Returned on"), details.returned_on)):
        if value is not None and value > today:
            raise ServiceError(_("%(field)s: %(date)s is in the future.") % {"field": label, "date": value})
        if value is not None and value.year < 1900:
            raise ServiceError(_("%(field)s: %(date)s is before 1900.") % {"field": label, "date": value})
    if details.displaced_on and details.returned_on and details.returned_on < details.displaced_on:
        raise ServiceError(_("Returned on: the return date is before the displacement date."))


def household_details_check(details: HouseholdDetails, *, today: date | None = None) -> None:
    """Refuse (ServiceError) a household situation that breaks a registration rule."""
    today = today or timezone.localdate()
    if details.population_group not in PopulationGroup.values:
        raise ServiceError(_("Unknown population group %(value)r.") % {"value": details.population_group})
    if details.area.valid_to is not None:
        raise ServiceError(_("The area %(pcode)s is retired; choose a current area.") % {"pcode": details.area.pcode})
    if details.location is not None and not details.location.area.path.startswith(details.area.path):
        raise ServiceError(_("The location %(code)s is not in the area chosen.") % {"code": details.location.code})
    needs_origin = details.population_group in GROUPS_WITH_ORIGIN
    if needs_origin and details.origin_area is None:
        raise ServiceError(_("Area of origin: required for internally displaced people and returnees."))
    if details.population_group in GROUPS_FROM_ABROAD and details.origin_country and len(details.origin_country) != 2:
        raise ServiceError(_("Country of origin: give the two-letter ISO code, e.g. SY."))
    if details.shelter and details.shelter not in Shelter.values:
        raise ServiceError(_("Unknown shelter type %(value)r.") % {"value": details.shelter})
    for value in details.needs:
        if value not in Need.values:
            raise ServiceError(_("Unknown need %(value)r.") % {"value": value})
    for value in details.vulnerabilities:
        if value not in Vulnerability.values:
            raise ServiceError(_("Unknown vulnerability %(value)r.") % {"value": value})
    if details.consent_given and details.consent_scope == SharingScope.NONE:
        raise ServiceError(_("Scope of sharing: say what the household agreed to."))
    _check_dates(details, today)


def situation_date(group: str, displaced_on: date | None, returned_on: date | None, today: date) -> date:
    """The date a household entered its current group: displacement or return when known, else today."""
    if group == PopulationGroup.IDP and displaced_on:
        return displaced_on
    if group in {PopulationGroup.RETURNEE, PopulationGroup.REFUGEE_RETURNEE} and returned_on:
        return returned_on
    return today


def _member_check(member: MemberDetails, number: int, today: date) -> None:
    where = _("Member %(number)s") % {"number": number}
    if not name_clean(member.given_name):
        raise ServiceError(_("%(where)s: the given name is required.") % {"where": where})
    for part in (member.given_name, member.father_name, member.grandfather_name, member.family_name):
        if len(part) > 100:
            raise ServiceError(_("%(where)s: a name part is longer than 100 characters.") % {"where": where})
        if part[:1] in {"=", "+", "@"}:
            raise ServiceError(_("%(where)s: a name cannot start with %(char)s.") % {"where": where, "char": part[0]})
    if member.sex not in Sex.values:
        raise ServiceError(_("%(where)s: sex must be M or F.") % {"where": where})
    if member.relationship not in Relationship.values:
        raise ServiceError(
            _("%(where)s: unknown relationship %(value)r.") % {"where": where, "value": member.relationship}
        )
    if member.birth_date is not None and (member.birth_date > today or member.birth_date.year < 1900):
        raise ServiceError(_("%(where)s: the birth date must be between 1900 and today.") % {"where": where})
    for label, phone in ((_("phone"), member.phone), (_("other phone"), member.phone_other)):
        if phone and phone_normalise(phone) is None:
            raise ServiceError(
                _("%(where)s, %(field)s: %(value)s is not an Iraqi mobile number (07XXXXXXXXX).")
                % {"where": where, "field": label, "value": phone}
            )
    for document in member.documents:
        if document.kind not in DocumentType.values or not document_number_key(document.number):
            raise ServiceError(_("%(where)s: each document needs a type and a number.") % {"where": where})
    for domain, answer in member.disability.items():
        if domain not in WASHINGTON_GROUP_DOMAINS or (answer and answer not in Difficulty.values):
            raise ServiceError(_("%(where)s: unknown disability answer %(value)r.") % {"where": where, "value": answer})
    if member.status not in PersonStatus.values:
        raise ServiceError(_("%(where)s: unknown status %(value)r.") % {"where": where, "value": member.status})


def members_check(members: Sequence[MemberDetails], *, today: date | None = None) -> None:
    """Refuse a member list without exactly one active head, or with a member breaking a rule."""
    today = today or timezone.localdate()
    for number, member in enumerate(members, start=1):
        _member_check(member, number, today)
    heads = [m for m in members if m.relationship == Relationship.HEAD and m.status == PersonStatus.ACTIVE]
    if len(heads) != 1:
        raise ServiceError(_("A household has exactly one head; this one has %(count)s.") % {"count": len(heads)})


def _check_rights(user: User, permission: str, area: Area) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role cannot change the registry."))
    if not area_path_in_scope(user, area.path):
        raise PermissionDenied(_("The area %(pcode)s is outside your areas.") % {"pcode": area.pcode})


# Writing members --------------------------------------------------------------------------------


def _has_mixed_case(text: str) -> bool:
    """Whether a Latin name was written with deliberate capitals ("McDonald", "Al-Jubouri"), to keep as is."""
    return text != text.lower() and text != text.upper()


@lru_cache(maxsize=100_000)
def _part_renderings(part: str) -> tuple[str, str, str]:
    """A name part cleaned, in Arabic script ("" when unknown) and in Latin letters.

    Cached: names follow a Zipf distribution, so an import of 600,000 people renders a few thousand parts.
    """
    cleaned = name_clean(part)
    if not cleaned:
        return "", "", ""
    script = name_script(cleaned)
    arabic = cleaned if script == "arabic" else name_to_arabic(cleaned)
    latin = cleaned if script == "latin" and _has_mixed_case(cleaned) else name_to_latin(cleaned)
    return cleaned, arabic, latin


def individual_names(given: str, father: str, grandfather: str, family: str) -> dict[str, str]:
    """The stored name fields: parts as written (cleaned), full name in each script, search keys."""
    renderings = [_part_renderings(part) for part in (given, father, grandfather, family)]
    parts = [cleaned for cleaned, _arabic, _latin in renderings]
    written = [rendering for rendering in renderings if rendering[0]]
    return {
        "given_name": parts[0],
        "father_name": parts[1],
        "grandfather_name": parts[2],
        "family_name": parts[3],
        # One unknown part leaves the whole rendering blank rather than half a name.
        "name_ar": " ".join(a for _c, a, _l in written) if all(a for _c, a, _l in written) else "",
        "name_latin": " ".join(latin for _c, _a, latin in written),
        "name_keys": name_tokens_stored(parts),
        "given_key": part_key(parts[0])[:100],
        "father_key": part_key(parts[1])[:100],
    }


def _member_values(member: MemberDetails) -> dict[str, Any]:
    values: dict[str, Any] = individual_names(
        member.given_name, member.father_name, member.grandfather_name, member.family_name
    )
    values.update(
        relationship=member.relationship,
        sex=member.sex,
        birth_date=member.birth_date,
        birth_precision=member.birth_precision,
        phone=phone_normalise(member.phone) or "" if member.phone else "",
        phone_other=phone_normalise(member.phone_other) or "" if member.phone_other else "",
        status=member.status,
    )
    for domain in WASHINGTON_GROUP_DOMAINS:
        values[f"wg_{domain}"] = member.disability.get(domain, "")
    return values


def _documents_save(individual: Individual, documents: Sequence[DocumentDetails]) -> None:
    """Replace a person's documents; an issuer already known is kept when the form did not give one."""
    issuers = {(d.kind, d.number_key): d.issuer for d in individual.documents.all()}
    documents = [
        DocumentDetails(kind=d.kind, number=d.number,
                        issuer=d.issuer or issuers.get((d.kind, document_number_key(d.number)), ""))
        for d in documents
    ]  # fmt: skip
    individual.documents.all().delete()
    IdentityDocument.objects.bulk_create(
        IdentityDocument(
            individual=individual,
            kind=document.kind,
            number=document.number.strip(),
            number_key=document_number_key(document.number),
            issuer=document.issuer.strip(),
        )
        for document in documents
    )


def _composition_refresh(household: Household, today: date) -> None:
    """Size and composition follow the active members; a household without consent keeps its counts."""
    if not household.consent_given:
        return
    active = household.members.filter(status=PersonStatus.ACTIVE).values_list("sex", "birth_date")
    counts = composition_of(active, on=today)
    for name, value in counts.items():
        setattr(household, name, value)
    household.size = sum(counts.values())


def household_composition_refresh(*, household_id: int) -> None:
    """Recount a household's size and composition after one of its members changed status elsewhere."""
    household = Household.objects.select_for_update().get(pk=household_id)
    _composition_refresh(household, timezone.localdate())
    household.save(update_fields=["size", *COMPOSITION_FIELDS, "updated_at"])


def _apply_details(household: Household, details: HouseholdDetails) -> None:
    household.population_group = details.population_group
    household.area = details.area
    household.location = details.location
    household.origin_area = details.origin_area
    household.origin_country = details.origin_country.upper()
    household.displaced_on = details.displaced_on
    household.returned_on = details.returned_on
    household.displacement_period = displacement_period_for(details.displaced_on)
    household.shelter = details.shelter
    household.needs = sorted(set(details.needs))
    household.vulnerabilities = sorted(set(details.vulnerabilities))
    household.consent_given = details.consent_given
    household.consent_date = details.consent_date if details.consent_given else None
    household.consent_scope = details.consent_scope if details.consent_given else SharingScope.NONE
    if not details.consent_given:
        counts = {name: max(int((details.composition or {}).get(name, 0)), 0) for name in COMPOSITION_FIELDS}
        for name, value in counts.items():
            setattr(household, name, value)
        household.size = sum(counts.values())


def _snapshot(household: Household) -> dict[str, Any]:
    return {name: getattr(household, name) for name in _HOUSEHOLD_FIELDS}


# Services ---------------------------------------------------------------------------------------


@transaction.atomic
def household_register(
    *,
    registered_by: User,
    details: HouseholdDetails,
    members: Sequence[MemberDetails],
    source: str = DataSource.FORM,
) -> Household:
    """Register a household and its members, with its first event.

    Refused (PermissionDenied) without `population.add_household` or outside the person's areas.
    Refused (ServiceError) when a rule breaks: one active head, origin for the displaced, dates not
    in the future, and no members at all when the household did not consent (its counts are kept).
    """
    _check_rights(registered_by, "population.add_household", details.area)
    today = timezone.localdate()
    household_details_check(details, today=today)
    if details.consent_given:
        members_check(members, today=today)
    elif members:
        raise ServiceError(_("A household without consent is registered with counts only, without names."))
    elif not any((details.composition or {}).values()):
        raise ServiceError(_("Give the household's composition: how many males and females of each age."))
    (number,) = registration_numbers_allocate(prefix=registration_prefix(details.area.path), count=1)
    household = Household(
        registration_number=number,
        source=source,
        created_by=registered_by,
        registered_on=today,
        consent_recorded_by=registered_by if details.consent_given else None,
    )
    _apply_details(household, details)
    household.save()
    for member in members:
        individual = Individual.objects.create(household=household, **_member_values(member))
        _documents_save(individual, member.documents)
    _composition_refresh(household, today)
    household.save()
    HouseholdEvent.objects.create(
        household=household,
        kind=HouseholdEventKind.REGISTERED,
        occurred_on=situation_date(details.population_group, details.displaced_on, details.returned_on, today),
        population_group=household.population_group,
        area=household.area,
        location=household.location,
        recorded_by=registered_by,
    )
    audit_record(
        actor=registered_by,
        action=AuditAction.CREATE,
        target=household,
        changes=audit_changes(before={}, after={**_snapshot(household), "members": len(members)}),
        detail=str(DataSource(source).label),
    )
    return household


def _situation_event(
    household: Household, before: dict[str, Any], *, recorded_by: User, occurred_on: date, note: str
) -> HouseholdEvent | None:
    """The event a change of group or place is, or None when neither changed."""
    group_changed = before["population_group"] != household.population_group
    moved = before["area_id"] != household.area_id or before["location_id"] != household.location_id
    if not group_changed and not moved:
        return None
    if household.population_group in {PopulationGroup.RETURNEE, PopulationGroup.REFUGEE_RETURNEE} and group_changed:
        kind = HouseholdEventKind.RETURNED
    elif group_changed:
        kind = HouseholdEventKind.GROUP_CHANGED
    else:
        kind = HouseholdEventKind.MOVED
    return HouseholdEvent.objects.create(
        household=household,
        kind=kind,
        occurred_on=occurred_on,
        population_group=household.population_group,
        previous_group=before["population_group"] if group_changed else "",
        area=household.area,
        previous_area_id=before["area_id"] if moved else None,
        location=household.location,
        note=note,
        recorded_by=recorded_by,
    )


@transaction.atomic
def household_update(
    *,
    household: Household,
    updated_by: User,
    details: HouseholdDetails,
    members: Sequence[MemberDetails] | None = None,
    occurred_on: date | None = None,
    note: str = "",
) -> Household:
    """Change a household's situation and members.

    A change of population group or place is recorded as a dated event (a return, a move, a change of
    group), never as a silent overwrite. Members given with an `id` are updated, those without are added;
    a member leaves through their status (withdrawn, deceased), so their record stays. Refused like
    `household_register`, and for a household the person cannot see in both its old and new area.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    _check_rights(updated_by, "population.change_household", locked.area)
    _check_rights(updated_by, "population.change_household", details.area)
    today = timezone.localdate()
    when = occurred_on or today
    if when > today:
        raise ServiceError(_("The date of the change is in the future."))
    household_details_check(details, today=today)
    if not details.consent_given and locked.members.exists():
        raise ServiceError(
            _("Consent cannot be withdrawn here while members are registered; withdraw the members first.")
        )
    if members and not details.consent_given:
        raise ServiceError(_("A household without consent is registered with counts only, without names."))
    if details.population_group in {PopulationGroup.RETURNEE, PopulationGroup.REFUGEE_RETURNEE} and (
        locked.population_group != details.population_group and details.returned_on is None
    ):
        details.returned_on = when
    before = _snapshot(locked)
    existing = {member.pk: member for member in locked.members.all()}
    member_changes = 0
    if members is not None:
        if details.consent_given:
            kept = [m for m in members if m.id is not None]
            untouched = [
                MemberDetails(relationship=i.relationship, given_name=i.given_name, sex=i.sex, status=i.status)
                for pk, i in existing.items()
                if pk not in {m.id for m in kept}
            ]
            members_check([*members, *untouched], today=today)
        for member in members:
            if member.id is not None and member.id not in existing:
                raise ServiceError(_("Member %(id)s is not in this household.") % {"id": member.id})
            values = _member_values(member)
            if member.id is None:
                individual = Individual.objects.create(household=locked, **values)
                member_changes += 1
            else:
                individual = existing[member.id]
                old = {name: getattr(individual, name) for name in _MEMBER_FIELDS}
                for name, value in values.items():
                    setattr(individual, name, value)
                individual.save()
                changes = audit_changes(
                    before=old,
                    after={name: getattr(individual, name) for name in _MEMBER_FIELDS},
                    personal_fields=Individual.audit_personal_fields,
                )
                if changes:
                    member_changes += 1
                    audit_record(actor=updated_by, action=AuditAction.UPDATE, target=individual, changes=changes)
            _documents_save(individual, member.documents)
    if details.consent_given and not locked.consent_given:
        locked.consent_recorded_by = updated_by
    _apply_details(locked, details)
    _composition_refresh(locked, today)
    locked.save()
    event = _situation_event(locked, before, recorded_by=updated_by, occurred_on=when, note=note)
    if before["consent_given"] != locked.consent_given:
        HouseholdEvent.objects.create(
            household=locked, kind=HouseholdEventKind.CONSENT_CHANGED, occurred_on=when,
            population_group=locked.population_group, area=locked.area, location=locked.location,
            note=note, recorded_by=updated_by,
        )  # fmt: skip
    changes = audit_changes(before=before, after=_snapshot(locked))
    if changes or member_changes:
        audit_record(
            actor=updated_by,
            action=AuditAction.UPDATE,
            target=locked,
            changes=changes,
            detail=(event.get_kind_display() if event else "")
            + (f" ({member_changes} member(s) changed)" if member_changes else ""),
        )
    return locked
