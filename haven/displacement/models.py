"""Displacement tracking: assessment rounds, location assessments and the master list of figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.displacement.vocabulary import (
    AssessmentType,
    Dimension,
    Group,
    Sector,
    ShelterCategory,
    Status,
)


class Round(models.Model):
    """One round of an assessment: DTM Iraq ran 132 baseline rounds between 2014 and 2024.

    A round number alone is not a key (DTM publishes round 48 with two reporting dates), so a
    round is only the label that figures carry; figures are keyed by reporting date.
    """

    operation = models.CharField(_("operation"), max_length=120, blank=True)
    assessment_type = models.CharField(_("assessment type"), max_length=20, choices=AssessmentType.choices)
    number = models.PositiveIntegerField(_("round"))

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["assessment_type", "number"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "assessment_type", "number"], name="displacement_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_assessment_type_display()} {self.number}"


class FiguresImport(models.Model):
    """One file of figures brought into Haven, and what it changed."""

    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=20)
    sha256 = models.CharField(max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    records_read = models.PositiveIntegerField(_("records read"), default=0)
    added = models.PositiveIntegerField(_("figures added"), default=0)
    replaced = models.PositiveIntegerField(_("figures replaced"), default=0)
    withdrawn = models.PositiveIntegerField(_("figures withdrawn"), default=0)
    unchanged = models.PositiveIntegerField(_("figures unchanged"), default=0)
    dates = models.JSONField(_("reporting dates changed"), default=list, blank=True)
    ignored_columns = models.JSONField(_("columns ignored"), default=list, blank=True)

    class Meta:
        verbose_name = _("figures import")
        verbose_name_plural = _("figures imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class Assessment(models.Model):
    """What one assessment found at one place on one reporting date for one population group.

    A corrected file does not overwrite a figure: the old row stays, with `replaced_at` set and
    the import that replaced it, so earlier publications can be explained.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    assessment_type = models.CharField(_("assessment type"), max_length=20, choices=AssessmentType.choices)
    reporting_date = models.DateField(_("reporting date"))
    area = models.ForeignKey("geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "geo.Location", verbose_name=_("location"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # `L:<location code>` or `A:<P-code>`: one text key, because NULL locations are never equal in
    # a unique constraint on most databases.
    place_key = models.CharField(max_length=80)
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    group = models.CharField(_("population group"), max_length=12, choices=Group.choices)
    families = models.PositiveIntegerField(_("families"), null=True, blank=True)
    individuals = models.PositiveIntegerField(_("individuals"), null=True, blank=True)
    individuals_estimated = models.BooleanField(_("individuals estimated from families"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    key_informant_name = models.CharField(_("key informant"), max_length=200, blank=True)
    key_informant_phone = models.CharField(_("key informant phone"), max_length=40, blank=True)
    key_informant_role = models.CharField(_("key informant role"), max_length=120, blank=True)
    content_hash = models.CharField(max_length=40)
    source = models.ForeignKey(
        FiguresImport, verbose_name=_("import"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_current = models.BooleanField(_("current"), default=True)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        FiguresImport,
        verbose_name=_("replaced by import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    audit_personal_fields = frozenset({"key_informant_name", "key_informant_phone"})

    class Meta:
        verbose_name = _("location assessment")
        verbose_name_plural = _("location assessments")
        permissions = [
            ("view_figures", _("Can read displacement figures")),
            ("export_figures", _("Can export displacement figures")),
            ("import_figures", _("Can import displacement figures")),
            ("view_key_informant", _("Can read key informants' contact details")),
        ]
        ordering = ["-reporting_date", "place_key", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporting_date", "assessment_type", "place_key", "group"],
                condition=Q(is_current=True),
                name="displacement_assessment_one_current",
            )
        ]
        indexes = [
            models.Index(fields=["reporting_date", "is_current"]),
            models.Index(fields=["area", "reporting_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.place_key[2:]} {self.reporting_date} {self.group}"


class Breakdown(models.Model):
    """Part of an assessment's figure in long form: by area of origin, shelter type or period of displacement."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="breakdowns")
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    category = models.CharField(_("category"), max_length=120)
    origin_area = models.ForeignKey(
        "geo.Area", verbose_name=_("area of origin"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shelter_category = models.CharField(
        _("shelter category"), max_length=10, choices=ShelterCategory.choices, blank=True
    )
    families = models.PositiveIntegerField(_("families"), null=True, blank=True)
    individuals = models.PositiveIntegerField(_("individuals"), null=True, blank=True)

    class Meta:
        verbose_name = _("breakdown")
        verbose_name_plural = _("breakdowns")
        indexes = [models.Index(fields=["dimension", "assessment"])]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.category}"


class Need(models.Model):
    """A sector's need at an assessed place: whether people need it, its priority rank, whether help came."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    is_needed = models.BooleanField(_("needed"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority rank"), null=True, blank=True)
    assistance_received = models.BooleanField(_("assistance received"), null=True, blank=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["priority", "sector"]
        constraints = [models.UniqueConstraint(fields=["assessment", "sector"], name="displacement_need_unique")]

    def __str__(self) -> str:
        return self.sector


class AreaFigure(models.Model):
    """The master list: the current figure of an area, date and group, rolled up the area tree.

    Kept as rows, recomputed for a date whenever that date's assessments change, so that the
    national page reads a few hundred rows however many locations were assessed.
    """

    area = models.ForeignKey("geo.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    reporting_date = models.DateField(_("reporting date"))
    group = models.CharField(_("population group"), max_length=12, choices=Group.choices)
    round_number = models.PositiveIntegerField(_("round"), null=True, blank=True)
    assessment_type = models.CharField(_("assessment type"), max_length=20, choices=AssessmentType.choices)
    families = models.PositiveIntegerField(_("families"), null=True, blank=True)
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    individuals_estimated = models.BooleanField(_("individuals partly estimated"), default=False)
    places = models.PositiveIntegerField(_("places assessed"), default=0)
    is_direct = models.BooleanField(_("reported for the area itself"), default=False)

    class Meta:
        verbose_name = _("area figure")
        verbose_name_plural = _("area figures")
        ordering = ["reporting_date", "area__path", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "reporting_date", "assessment_type", "group"], name="displacement_areafigure_unique"
            )
        ]
        indexes = [
            models.Index(fields=["reporting_date", "level"]),
            models.Index(fields=["area", "group", "reporting_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.reporting_date} {self.group}: {self.individuals}"


class SeverityIndicator(models.Model):
    """A weighted indicator of the return-index style severity score; weights are set in the admin."""

    code = models.CharField(_("indicator"), max_length=40, unique=True)
    weight = models.FloatField(_("weight"), default=1.0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("severity indicator")
        verbose_name_plural = _("severity indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
