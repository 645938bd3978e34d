"""Test data for the registry: households registered through the real service."""

from __future__ import annotations

from datetime import date
from typing import Any

from haven.core.models import User
from haven.core.roles import Role
from haven.core.services import user_create
from haven.geo.selectors import area_get
from haven.population.models import Household, Individual, RegistryDuplicate
from haven.population.services import (
    DocumentDetails,
    HouseholdDetails,
    MemberDetails,
    household_register,
    registry_duplicate_decide,
)


def registrar() -> User:
    """A whole-country information management officer who registers test households."""
    existing = User.objects.filter(username="test.registrar").first()
    if existing is not None:
        return existing
    country = area_get("IQ")
    assert country is not None, "load the governorates first"
    return user_create(username="test.registrar", password=None, role=Role.IM_OFFICER, areas=[country])


def member_make(given: str = "Ali", relationship: str = "head", sex: str = "M", **fields: Any) -> MemberDetails:
    documents = (
        [DocumentDetails(kind="national_id", number=fields.pop("national_id"))] if "national_id" in fields else []
    )
    fields.setdefault("birth_date", date(1970, 1, 1))
    fields.setdefault("birth_precision", "year")
    return MemberDetails(relationship=relationship, given_name=given, sex=sex, documents=documents, **fields)


def household_make(
    pcode: str = "IQG08",
    *,
    members: list[MemberDetails] | None = None,
    registered_by: User | None = None,
    **details: Any,
) -> Household:
    """A household in an area (by P-code), IDP from Al-Anbar unless told otherwise, with a head by default."""
    area = area_get(pcode)
    assert area is not None, f"load the governorates first ({pcode})"
    details.setdefault("population_group", "idp")
    if details["population_group"] in {"idp", "returnee", "refugee_returnee"}:
        details.setdefault("origin_area", area_get("IQG01"))
    details.setdefault("consent_given", True)
    details.setdefault("displaced_on", date(2006, 3, 1))
    return household_register(
        registered_by=registered_by or registrar(),
        details=HouseholdDetails(area=area, **details),
        members=members if members is not None else [member_make()],
    )


def same_person_confirm(first: Individual, second: Individual, *, decided_by: User | None = None) -> None:
    """Two registered records confirmed as one person, through the registry's own decision."""
    low, high = sorted((first, second), key=lambda person: person.pk)
    pair = RegistryDuplicate.objects.create(first=low, second=high, probability=0.99)
    registry_duplicate_decide(pair=pair, decision="duplicate", decided_by=decided_by or registrar())
