"""Community assistance projects (CAPs): the pipeline from identified to completed, who does what where."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    ASSESSED = "assessed", _("Assessed")
    APPROVED = "approved", _("Approved")
    IMPLEMENTING = "implementing", _("Implementing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The pipeline in order; a project moves one step forward at a time, or is cancelled before completion.
PIPELINE: tuple[str, ...] = (
    Stage.IDENTIFIED,
    Stage.ASSESSED,
    Stage.APPROVED,
    Stage.IMPLEMENTING,
    Stage.COMPLETED,
)


class Sector(models.TextChoices):
    HEALTH = "health", _("Health")
    WASH = "wash", _("Water and sanitation")
    EDUCATION = "education", _("Education")
    SHELTER = "shelter", _("Shelter")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    TRAINING = "training", _("Training and capacity building")
    PROTECTION = "protection", _("Protection")
    INFRASTRUCTURE = "infrastructure", _("Community infrastructure")
    FOOD = "food", _("Food security")
    NFI = "nfi", _("Emergency distribution (non-food items)")


class BeneficiaryGroup(models.TextChoices):
    # The same codes as the registry's population groups, so figures can be set side by side.
    IDP = "idp", _("Internally displaced")
    RETURNEE = "returnee", _("Returnee")
    HOST_COMMUNITY = "host_community", _("Host community")


class Project(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED, db_index=True)
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="community_projects"
    )
    locations = models.ManyToManyField(
        "geo.Location", verbose_name=_("locations"), blank=True, related_name="community_projects"
    )
    partner = models.CharField(_("implementing partner"), max_length=200, blank=True)
    counterpart = models.CharField(_("government counterpart"), max_length=200, blank=True)
    budget_usd = models.DecimalField(_("budget (USD)"), max_digits=14, decimal_places=2, default=Decimal(0))
    spent_usd = models.DecimalField(_("spent (USD)"), max_digits=14, decimal_places=2, default=Decimal(0))
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("community assistance project")
        verbose_name_plural = _("community assistance projects")
        ordering = ["code"]
        permissions = [
            ("advance_project", _("Can move a project along its pipeline")),
            ("export_project", _("Can export who does what where")),
            ("import_project", _("Can import who does what where")),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget_usd__gte=0), name="projects_project_budget_positive"),
            models.CheckConstraint(condition=models.Q(spent_usd__gte=0), name="projects_project_spent_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def spent_pct(self) -> int | None:
        if not self.budget_usd:
            return None
        return int(self.spent_usd * 100 / self.budget_usd)


class StageChange(models.Model):
    """One dated, attributed step of a project's pipeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        ordering = ["on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.stage} {self.on}"


class Beneficiaries(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="beneficiaries")
    population_group = models.CharField(_("population group"), max_length=20, choices=BeneficiaryGroup.choices)
    targeted = models.PositiveIntegerField(_("targeted"), default=0)
    reached = models.PositiveIntegerField(_("reached"), default=0)

    class Meta:
        verbose_name = _("beneficiaries")
        verbose_name_plural = _("beneficiaries")
        constraints = [
            models.UniqueConstraint(fields=["project", "population_group"], name="projects_beneficiaries_one_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.population_group}: {self.reached}/{self.targeted}"


class ProjectDocument(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="projects/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project document")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title
