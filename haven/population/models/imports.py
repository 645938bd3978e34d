"""Registration imports: saved column mappings, staged batches, their problems and possible duplicates.

Nothing here is part of the population until a batch is merged: staged rows live in their own tables
so that a crash, a kill or a refusal at any moment leaves households and individuals as they were.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.population.models.individual import PERSONAL_FIELDS
from haven.population.vocabulary import BirthDatePrecision, PopulationGroup, Relationship, Sex, Shelter


class ColumnMapping(models.Model):
    """How another layout (a Kobo or ODK export, a partner's sheet) maps onto the canonical template.

    `columns` maps a header of the source file to a template field; `values` maps, per template field,
    the source's answers to the template's codes (a Kobo form may answer sex with `1` and `2`).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    columns = models.JSONField(_("columns"), default=dict)
    values = models.JSONField(_("values"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BatchStatus(models.TextChoices):
    STAGING = "staging", _("Reading and checking")
    INVALID = "invalid", _("Has errors")
    REVIEW = "review", _("Possible duplicates to review")
    READY = "ready", _("Ready to merge")
    MERGED = "merged", _("Merged")
    DISCARDED = "discarded", _("Discarded")


class ImportBatch(models.Model):
    """One registration file on its way into the population."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    file_name = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(max_length=500)
    fingerprint = models.CharField(_("file fingerprint (SHA-256)"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    mapping = models.ForeignKey(
        ColumnMapping, verbose_name=_("column mapping"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.STAGING, db_index=True
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    households = models.PositiveIntegerField(_("households"), default=0)
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    households_without_consent = models.PositiveIntegerField(_("households without consent"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    possible_duplicates = models.PositiveIntegerField(_("possible duplicates"), default=0)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    staged_at = models.DateTimeField(_("checked"), null=True, blank=True)
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        """Still on its way: it can be checked again, merged or discarded."""
        return self.status in {BatchStatus.STAGING, BatchStatus.INVALID, BatchStatus.REVIEW, BatchStatus.READY}


class ImportProblem(models.Model):
    """A problem found in one cell, row or household of a batch, as the validation report lists it."""

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=200, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    message = models.CharField(_("message"), max_length=500)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    household_ref = models.CharField(_("household reference"), max_length=64, blank=True)

    class Meta:
        ordering = ["batch", "-severity", "row", "id"]

    def __str__(self) -> str:
        return f"row {self.row} {self.column}: {self.message}"


class StagedPerson(models.Model):
    """One valid row of a batch, typed, waiting for the merge; household fields sit on the head's row."""

    audit_personal_fields: ClassVar[frozenset[str]] = PERSONAL_FIELDS

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="staged_people")
    row = models.PositiveIntegerField()
    household_ref = models.CharField(max_length=64)
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    given_name = models.CharField(max_length=100)
    father_name = models.CharField(max_length=100, blank=True)
    grandfather_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    given_key = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    birth_date = models.DateField(null=True, blank=True)
    birth_precision = models.CharField(max_length=10, choices=BirthDatePrecision.choices, blank=True)
    phone = models.CharField(max_length=16, blank=True)
    national_id = models.CharField(max_length=64, blank=True)
    national_id_key = models.CharField(max_length=64, blank=True)
    population_group = models.CharField(max_length=24, choices=PopulationGroup.choices, blank=True)
    location_code = models.CharField(max_length=32, blank=True)
    origin_code = models.CharField(max_length=32, blank=True)
    displaced_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    shelter = models.CharField(max_length=24, choices=Shelter.choices, blank=True)
    vulnerabilities = models.JSONField(default=list, blank=True)
    consent = models.BooleanField(null=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["batch", "household_ref", "row"]
        indexes = [
            models.Index(fields=["batch", "household_ref"]),
            models.Index(fields=["batch", "national_id_key"]),
            models.Index(fields=["batch", "phone"]),
        ]

    def __str__(self) -> str:
        return f"row {self.row}"


class DuplicateReason(models.TextChoices):
    DOCUMENT = "document", _("Same document number")
    PHONE_AND_NAME = "phone_name", _("Same phone and given name")
    MATCHED = "matched", _("Probably the same person")


class DuplicateDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    DISTINCT = "distinct", _("Different people")
    DUPLICATE = "duplicate", _("Same person")


class PossibleDuplicate(models.Model):
    """A staged row that may be someone already registered, or another row of the same batch."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="duplicate_candidates")
    staged = models.ForeignKey(StagedPerson, on_delete=models.CASCADE, related_name="duplicate_candidates")
    existing = models.ForeignKey(
        "population.Individual", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    other_staged = models.ForeignKey(StagedPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=12, choices=DuplicateReason.choices)
    # The matching model's view: how likely the two are one person, and how each field compared.
    probability = models.FloatField(_("match probability"), null=True, blank=True)
    agreements = models.JSONField(_("fields compared"), default=dict, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=DuplicateDecision.choices, default=DuplicateDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["batch", "staged__row", "id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} (row {self.staged_id})"

    @property
    def match_percent(self) -> int | None:
        """The match probability in whole per cent, rounded down: 99.9% is not shown as certain."""
        return None if self.probability is None else int(self.probability * 100)
