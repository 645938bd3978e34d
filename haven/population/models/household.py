"""Households, their population group history, and the counter behind registration numbers."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.population.vocabulary import (
    DataSource,
    DisplacementPeriod,
    Need,
    PopulationGroup,
    SharingScope,
    Shelter,
    Vulnerability,
)

# Sex and age bands of the humanitarian convention (DTM, HNO): the composition every report sums.
AGE_BANDS = ((0, 4), (5, 17), (18, 59), (60, None))
COMPOSITION_FIELDS = tuple(
    f"{sex}_{low}_{high}" if high is not None else f"{sex}_{low}_plus"
    for sex in ("males", "females")
    for low, high in AGE_BANDS
)


class Household(models.Model):
    """A household as registered: where it is, where it came from, and who is in it.

    The current population group, area and dates are kept here for fast reads; every change to them
    is an `HouseholdEvent`, so the household's history is never overwritten. A household without
    consent keeps its counts and composition only: it has no `Individual` rows.
    """

    audit_personal_fields: ClassVar[frozenset[str]] = frozenset({"extra"})

    registration_number = models.CharField(_("registration number"), max_length=32, unique=True)
    population_group = models.CharField(
        _("population group"), max_length=24, choices=PopulationGroup.choices, db_index=True
    )
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("current area"), on_delete=models.PROTECT, related_name="households"
    )
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("current location"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
    )
    origin_area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area of origin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households_from",
    )
    origin_country = models.CharField(_("country of origin"), max_length=2, blank=True)
    displaced_on = models.DateField(_("displaced on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    displacement_period = models.CharField(
        _("displacement period"), max_length=16, choices=DisplacementPeriod.choices, blank=True
    )
    shelter = models.CharField(_("shelter"), max_length=24, choices=Shelter.choices, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_scope = models.CharField(
        _("scope of sharing"), max_length=16, choices=SharingScope.choices, default=SharingScope.NONE
    )
    source = models.CharField(_("data source"), max_length=8, choices=DataSource.choices)
    import_batch = models.ForeignKey(
        "population.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_households",
    )
    source_ref = models.CharField(_("sender's reference"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("household size"), default=0)
    males_0_4 = models.PositiveIntegerField(_("males 0–4"), default=0)
    males_5_17 = models.PositiveIntegerField(_("males 5–17"), default=0)
    males_18_59 = models.PositiveIntegerField(_("males 18–59"), default=0)
    males_60_plus = models.PositiveIntegerField(_("males 60+"), default=0)
    females_0_4 = models.PositiveIntegerField(_("females 0–4"), default=0)
    females_5_17 = models.PositiveIntegerField(_("females 5–17"), default=0)
    females_18_59 = models.PositiveIntegerField(_("females 18–59"), default=0)
    females_60_plus = models.PositiveIntegerField(_("females 60+"), default=0)
    extra = models.JSONField(_("extra fields"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["registration_number"]
        indexes = [
            models.Index(fields=["import_batch", "source_ref"]),
            models.Index(fields=["area", "population_group"]),
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def composition(self) -> dict[str, int]:
        return {field: getattr(self, field) for field in COMPOSITION_FIELDS}

    @property
    def need_labels(self) -> list[str]:
        return [str(Need(value).label) if value in Need.values else value for value in self.needs]

    @property
    def vulnerability_labels(self) -> list[str]:
        return [str(Vulnerability(v).label) if v in Vulnerability.values else v for v in self.vulnerabilities]


class HouseholdEventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    GROUP_CHANGED = "group_changed", _("Population group changed")
    MOVED = "moved", _("Moved")
    RETURNED = "returned", _("Returned")
    SPLIT = "split", _("Split")
    MERGED = "merged", _("Merged")
    CONSENT_CHANGED = "consent_changed", _("Consent changed")


class HouseholdEvent(models.Model):
    """One dated change in a household's situation, with the place and who recorded it.

    Population figures over time are read from these rows: the group a household had on a date is the
    group of its latest event on or before that date.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=HouseholdEventKind.choices)
    occurred_on = models.DateField(_("date"))
    population_group = models.CharField(_("population group"), max_length=24, choices=PopulationGroup.choices)
    previous_group = models.CharField(
        _("previous population group"), max_length=24, choices=PopulationGroup.choices, blank=True
    )
    area = models.ForeignKey("geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    previous_area = models.ForeignKey(
        "geo.Area", verbose_name=_("previous area"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    location = models.ForeignKey(
        "geo.Location", verbose_name=_("location"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_household = models.ForeignKey(
        Household,
        verbose_name=_("related household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("household event")
        verbose_name_plural = _("household events")
        ordering = ["household", "occurred_on", "id"]
        indexes = [models.Index(fields=["occurred_on", "population_group"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class RegistrationCounter(models.Model):
    """The last registration number given in a governorate; locked while numbers are handed out."""

    prefix = models.CharField(max_length=16, unique=True)
    last_number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last_number}"
