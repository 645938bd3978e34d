"""The registry's controlled vocabularies, shared by models, imports, forms and the generator.

Values are the codes of the canonical registration template (`shared/spec/registration-import.md`);
labels are what people read. Pure: importing this module touches no database.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationGroup(models.TextChoices):
    IDP = "idp", _("Internally displaced")
    RETURNEE = "returnee", _("Returnee")
    REFUGEE_RETURNEE = "refugee_returnee", _("Refugee returnee")
    HOST_COMMUNITY = "host_community", _("Host community")
    REFUGEE = "refugee", _("Refugee")
    STRANDED_MIGRANT = "stranded_migrant", _("Stranded migrant")


# Groups whose registration must say where the household came from.
GROUPS_WITH_ORIGIN = frozenset({PopulationGroup.IDP, PopulationGroup.RETURNEE, PopulationGroup.REFUGEE_RETURNEE})
# Groups whose origin is a country (ISO code) rather than an Iraqi area.
GROUPS_FROM_ABROAD = frozenset({PopulationGroup.REFUGEE, PopulationGroup.STRANDED_MIGRANT})


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    BROTHER = "brother", _("Brother")
    SISTER = "sister", _("Sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NON_RELATIVE = "non_relative", _("Not related")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class BirthDatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated from age")


class Shelter(models.TextChoices):
    CAMP = "camp", _("Camp")
    INFORMAL_SETTLEMENT = "informal_settlement", _("Informal settlement")
    RENTED = "rented", _("Rented housing")
    HOST_FAMILY = "host_family", _("With a host family")
    OWN_HOUSE = "own_house", _("Own house")
    UNFINISHED_BUILDING = "unfinished_building", _("Unfinished or abandoned building")
    RELIGIOUS_BUILDING = "religious_building", _("Religious building")
    SCHOOL = "school", _("School or public building")
    OTHER = "other", _("Other")


class Vulnerability(models.TextChoices):
    FEMALE_HEADED = "female_headed", _("Female-headed household")
    CHILD_HEADED = "child_headed", _("Child-headed household")
    DISABILITY = "disability", _("Person with a disability")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    ELDERLY_ALONE = "elderly_alone", _("Older person alone")
    PREGNANT_LACTATING = "pregnant_lactating", _("Pregnant or lactating woman")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    SEPARATED_CHILD = "separated_child", _("Separated child")


class Need(models.TextChoices):
    FOOD = "food", _("Food")
    SHELTER = "shelter", _("Shelter")
    NFI = "nfi", _("Non-food items")
    WATER_SANITATION = "wash", _("Water and sanitation")
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education")
    LIVELIHOOD = "livelihood", _("Work and income")
    DOCUMENTATION = "documentation", _("Documents")
    LEGAL = "legal", _("Legal help")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")


class DocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National ID card")
    CIVIL_STATUS_ID = "civil_status_id", _("Civil status ID (jinsiya)")
    PDS_CARD = "pds_card", _("PDS ration card")
    PASSPORT = "passport", _("Passport")


class Difficulty(models.TextChoices):
    """Answers of the Washington Group short set, one per functional domain."""

    NONE = "none", _("No difficulty")
    SOME = "some", _("Some difficulty")
    A_LOT = "a_lot", _("A lot of difficulty")
    CANNOT = "cannot", _("Cannot do at all")


# The six domains of the Washington Group short set, in the order the questions are asked.
WASHINGTON_GROUP_DOMAINS = ("seeing", "hearing", "walking", "remembering", "self_care", "communicating")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECEASED = "deceased", _("Deceased")
    DUPLICATE = "duplicate", _("Duplicate")


class DataSource(models.TextChoices):
    IMPORT = "import", _("Import batch")
    FORM = "form", _("Registration form")
    API = "api", _("API")


class SharingScope(models.TextChoices):
    """What a household agreed its data may be used for."""

    ASSISTANCE = "assistance", _("Assistance by the registering agency")
    PARTNERS = "partners", _("Shared with assistance partners")
    NONE = "none", _("No consent: counts only")


class DisplacementPeriod(models.TextChoices):
    """Periods Iraq's displacement figures are reported by: each wave had its own causes and needs."""

    BEFORE_2003 = "before_2003", _("Before 2003")
    FROM_2003 = "2003_2005", _("2003 to February 2006")
    FROM_2006 = "2006_2007", _("After the Samarra bombing (February 2006 to 2007)")
    FROM_2008 = "2008_later", _("2008 and later")


# The Samarra mosque bombing of 22 February 2006 started the largest wave; DTM and MoDM report by it.
_PERIOD_STARTS = (
    (date(2008, 1, 1), DisplacementPeriod.FROM_2008),
    (date(2006, 2, 22), DisplacementPeriod.FROM_2006),
    (date(2003, 3, 20), DisplacementPeriod.FROM_2003),
)


def displacement_period_for(displaced_on: date | None) -> str:
    """The reporting period a displacement date falls in; blank when the date is unknown."""
    if displaced_on is None:
        return ""
    for start, period in _PERIOD_STARTS:
        if displaced_on >= start:
            return str(period)
    return str(DisplacementPeriod.BEFORE_2003)
