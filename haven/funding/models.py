"""Appeals, their programme areas and projects, and the donor contributions that fund them.

Amounts are kept in US dollars, the currency appeals are published in; a contribution also keeps
its original currency and the exchange rate the donor or FTS reported, so the USD figure can be
checked against the pledge letter.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealKind(models.TextChoices):
    APPEAL = "appeal", _("Appeal")
    RESPONSE_PLAN = "response_plan", _("Response plan")
    REGIONAL_PLAN = "regional_plan", _("Regional response plan")
    OTHER = "other", _("Other plan")


class Appeal(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=AppealKind.choices, default=AppealKind.APPEAL)
    year = models.PositiveSmallIntegerField(_("year"))
    countries = models.CharField(_("countries (ISO3)"), max_length=200, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    fts_plan_id = models.PositiveIntegerField(_("FTS plan id"), null=True, blank=True, unique=True)
    # Requirements as published for the whole plan; when empty, the sum of the programme areas.
    published_requirements_usd = models.DecimalField(
        _("published requirements (USD)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    # What FTS itself reported as funded, kept to compare with the sum of the flows Haven holds.
    reported_funding_usd = models.DecimalField(
        _("funding reported by FTS (USD)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    reported_coverage_pct = models.IntegerField(_("coverage reported by FTS (%)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appeal")
        ordering = ["-year", "code"]
        permissions = [
            ("import_fts", _("Can import OCHA FTS files")),
            ("export_appeal", _("Can export appeals (CSV, IATI)")),
        ]

    def __str__(self) -> str:
        return self.title


class ProgrammeArea(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="programme_areas")
    code = models.CharField(_("code"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=300)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Set when the appeal publishes requirements by area without listing projects (FTS clusters).
    published_requirements_usd = models.DecimalField(
        _("published requirements (USD)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    # FTS's bucket for funding given to the plan without saying which cluster.
    is_unspecified = models.BooleanField(_("not specified"), default=False)

    class Meta:
        verbose_name = _("programme area")
        ordering = ["appeal", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["appeal", "name"], name="funding_programmearea_unique_name")]

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    NEW = "new", _("New")
    CONTINUING = "continuing", _("Continuing")
    UNSTATED = "", _("Not stated")


class AppealProject(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="projects")
    programme_area = models.ForeignKey(ProgrammeArea, on_delete=models.PROTECT, related_name="projects")
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=400)
    requirements_usd = models.DecimalField(_("requested budget (USD)"), max_digits=16, decimal_places=2)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, blank=True, default=Phase.UNSTATED)
    phase_label = models.CharField(_("phase as published"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    community_projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("community assistance projects"), blank=True, related_name="appeal_projects"
    )

    class Meta:
        verbose_name = _("appeal project")
        ordering = ["appeal", "programme_area__order", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requirements_usd__gte=0), name="funding_project_requirements_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Donor(models.Model):
    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("type"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("donor")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContributionStatus(models.TextChoices):
    PLEDGE = "pledge", _("Pledge")
    COMMITMENT = "commitment", _("Commitment")
    PAID = "paid", _("Paid")


class Boundary(models.TextChoices):
    SINGLE = "single", _("Single destination")
    SHARED = "shared", _("Shared with other destinations")


class FlowType(models.TextChoices):
    STANDARD = "standard", _("Standard")
    PARKED = "parked", _("Parked")
    PASS_THROUGH = "pass_through", _("Pass through")


class Contribution(models.Model):
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions")
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, null=True, blank=True, related_name="contributions")
    programme_area = models.ForeignKey(
        ProgrammeArea, on_delete=models.PROTECT, null=True, blank=True, related_name="contributions"
    )
    appeal_project = models.ForeignKey(
        AppealProject, on_delete=models.PROTECT, null=True, blank=True, related_name="contributions"
    )
    recipient = models.CharField(_("recipient organisation"), max_length=300, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ContributionStatus.choices)
    date = models.DateField(_("date"))
    amount_original = models.DecimalField(
        _("amount (original currency)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    exchange_rate = models.DecimalField(
        _("exchange rate (per USD)"), max_digits=18, decimal_places=8, null=True, blank=True
    )
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=16, decimal_places=2)
    boundary = models.CharField(_("destination"), max_length=8, choices=Boundary.choices, default=Boundary.SINGLE)
    flow_type = models.CharField(_("flow type"), max_length=14, choices=FlowType.choices, default=FlowType.STANDARD)
    in_kind = models.BooleanField(_("in kind"), default=False)
    # The sector the donor or FTS named (FTS's global cluster), used to place a flow in a programme area.
    sector = models.CharField(_("sector as reported"), max_length=200, blank=True)
    destination_countries = models.CharField(_("destination countries"), max_length=200, blank=True)
    fts_flow_id = models.PositiveIntegerField(_("FTS flow id"), null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_usd__gte=0), name="funding_contribution_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.donor} {self.amount_usd} USD ({self.status})"

    @property
    def counted(self) -> bool:
        """Whether the contribution counts as funding of its appeal (see docs/funding.md)."""
        return (
            self.status != ContributionStatus.PLEDGE
            and self.boundary == Boundary.SINGLE
            and self.flow_type != FlowType.PASS_THROUGH
        )
