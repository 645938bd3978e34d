"""The words of displacement tracking: population groups, assessment types, shelter, needs, and their HXL tags."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    IDP = "idp", _("IDPs")
    RETURNEE = "returnee", _("Returnees")
    HOST = "host", _("Host community")


class AssessmentType(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    LOCATION = "location", _("Location assessment")
    RETURN_INDEX = "return_index", _("Return index")


# DTM's own abbreviations in its API and master lists.
ASSESSMENT_TYPE_CODES: dict[str, str] = {
    "ba": AssessmentType.BASELINE,
    "baseline": AssessmentType.BASELINE,
    "baseline assessment": AssessmentType.BASELINE,
    "la": AssessmentType.LOCATION,
    "sa": AssessmentType.LOCATION,  # site assessment
    "msla": AssessmentType.LOCATION,  # multi-sectoral location assessment
    "location": AssessmentType.LOCATION,
    "location assessment": AssessmentType.LOCATION,
    "ri": AssessmentType.RETURN_INDEX,
    "return index": AssessmentType.RETURN_INDEX,
    "return_index": AssessmentType.RETURN_INDEX,
}
DTM_TYPE_CODE = {AssessmentType.BASELINE: "BA", AssessmentType.LOCATION: "LA", AssessmentType.RETURN_INDEX: "RI"}


class Status(models.TextChoices):
    NEW = "new", _("New")
    UPDATED = "updated", _("Updated")
    NOT_ACCESSIBLE = "not_accessible", _("Not accessible")


class Dimension(models.TextChoices):
    ORIGIN = "origin", _("Area of origin")
    SHELTER = "shelter", _("Shelter type")
    PERIOD = "period", _("Period of displacement")


class ShelterCategory(models.TextChoices):
    CAMP = "camp", _("Camp")
    CRITICAL = "critical", _("Critical shelter")
    PRIVATE = "private", _("Private dwelling")
    UNKNOWN = "unknown", _("Unknown")


# DTM Iraq's detailed shelter types and the four categories its reports add them up to.
# Keys are reduced with `category_key`; add a row when a master list brings a new type.
SHELTER_TYPES: dict[str, str] = {
    "camp": ShelterCategory.CAMP,
    "camps": ShelterCategory.CAMP,
    "formal camp": ShelterCategory.CAMP,
    "transit camp": ShelterCategory.CAMP,
    "informal settlement": ShelterCategory.CRITICAL,
    "informal settlements": ShelterCategory.CRITICAL,
    "religious building": ShelterCategory.CRITICAL,
    "religious buildings": ShelterCategory.CRITICAL,
    "school building": ShelterCategory.CRITICAL,
    "school buildings": ShelterCategory.CRITICAL,
    "unfinished building": ShelterCategory.CRITICAL,
    "unfinished abandoned building": ShelterCategory.CRITICAL,
    "abandoned building": ShelterCategory.CRITICAL,
    "collective centre": ShelterCategory.CRITICAL,
    "collective center": ShelterCategory.CRITICAL,
    "other formal settlement": ShelterCategory.CRITICAL,
    "critical shelter": ShelterCategory.CRITICAL,
    "host families": ShelterCategory.PRIVATE,
    "host family": ShelterCategory.PRIVATE,
    "rented houses": ShelterCategory.PRIVATE,
    "rented housing": ShelterCategory.PRIVATE,
    "rented house": ShelterCategory.PRIVATE,
    "hotel motel": ShelterCategory.PRIVATE,
    "hotel": ShelterCategory.PRIVATE,
    "own property": ShelterCategory.PRIVATE,
    "habitual residence": ShelterCategory.PRIVATE,
    "private dwelling": ShelterCategory.PRIVATE,
    "private settings": ShelterCategory.PRIVATE,
    "unknown": ShelterCategory.UNKNOWN,
    "unknown shelter": ShelterCategory.UNKNOWN,
    "other": ShelterCategory.UNKNOWN,
    "other shelter": ShelterCategory.UNKNOWN,
}


class Sector(models.TextChoices):
    FOOD = "food", _("Food")
    WATER = "water", _("Water")
    NFI = "nfi", _("Non-food items")
    SANITATION = "sanitation", _("Sanitation")
    HEALTH = "health", _("Health")
    SHELTER = "shelter", _("Shelter")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    PROTECTION = "protection", _("Protection")


SECTOR_WORDS: dict[str, str] = {
    "food": Sector.FOOD,
    "water": Sector.WATER,
    "drinking water": Sector.WATER,
    "nfi": Sector.NFI,
    "nfis": Sector.NFI,
    "non food items": Sector.NFI,
    "non food item": Sector.NFI,
    "sanitation": Sector.SANITATION,
    "sanitation and hygiene": Sector.SANITATION,
    "hygiene": Sector.SANITATION,
    "wash": Sector.SANITATION,
    "health": Sector.HEALTH,
    "health care": Sector.HEALTH,
    "healthcare": Sector.HEALTH,
    "shelter": Sector.SHELTER,
    "housing": Sector.SHELTER,
    "livelihoods": Sector.LIVELIHOODS,
    "livelihood": Sector.LIVELIHOODS,
    "employment": Sector.LIVELIHOODS,
    "work": Sector.LIVELIHOODS,
    "protection": Sector.PROTECTION,
    "security": Sector.PROTECTION,
}

GROUP_WORDS: dict[str, str] = {
    "idp": Group.IDP,
    "idps": Group.IDP,
    "internally displaced": Group.IDP,
    "displaced": Group.IDP,
    "returnee": Group.RETURNEE,
    "returnees": Group.RETURNEE,
    "returned": Group.RETURNEE,
    "host": Group.HOST,
    "hosts": Group.HOST,
    "host community": Group.HOST,
    "host communities": Group.HOST,
    "hosting": Group.HOST,
}

STATUS_WORDS: dict[str, str] = {
    "new": Status.NEW,
    "updated": Status.UPDATED,
    "update": Status.UPDATED,
    "not accessible": Status.NOT_ACCESSIBLE,
    "not_accessible": Status.NOT_ACCESSIBLE,
    "inaccessible": Status.NOT_ACCESSIBLE,
}

# HXL attributes of each group in `#affected` columns; `+host` is not core HXL but is what HDX
# datasets of host communities use.
GROUP_HXL: dict[str, str] = {Group.IDP: "idps", Group.RETURNEE: "returnees", Group.HOST: "host"}

_NOT_KEY = re.compile(r"[^0-9a-z\u0621-\u064a]+")


def category_key(text: str) -> str:
    """A header or category reduced for lookup: lower case, words separated by one space."""
    return " ".join(_NOT_KEY.sub(" ", text.lower()).split())


def shelter_category(detailed: str) -> str | None:
    """The category (camp, critical, private, unknown) of a detailed shelter type; None when unknown to Haven."""
    return SHELTER_TYPES.get(category_key(detailed))
