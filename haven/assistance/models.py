"""Programmes, their distributions and lists of entitlements, deliveries and what was refused."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.population.vocabulary import PopulationGroup


class Modality(models.TextChoices):
    IN_KIND = "in_kind", _("In kind")
    CASH = "cash", _("Cash")
    VOUCHER = "voucher", _("Voucher")
    SERVICE = "service", _("Service")


class Item(models.TextChoices):
    FOOD = "food", _("Food parcel")
    NON_FOOD_KIT = "non_food_kit", _("Non-food item kit")
    HYGIENE_KIT = "hygiene_kit", _("Hygiene kit")
    SHELTER_KIT = "shelter_kit", _("Shelter kit")
    CASH_GRANT = "cash_grant", _("Cash grant")
    VOUCHER = "voucher", _("Voucher")
    HEALTH = "health", _("Health care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    TRAINING = "training", _("Vocational training")
    EMPLOYMENT_REFERRAL = "employment_referral", _("Employment referral")


# What each modality can hand over; a cash programme does not distribute hygiene kits.
ITEMS_BY_MODALITY: dict[str, frozenset[str]] = {
    Modality.IN_KIND: frozenset({Item.FOOD, Item.NON_FOOD_KIT, Item.HYGIENE_KIT, Item.SHELTER_KIT}),
    Modality.CASH: frozenset({Item.CASH_GRANT}),
    Modality.VOUCHER: frozenset({Item.VOUCHER}),
    Modality.SERVICE: frozenset({Item.HEALTH, Item.PSYCHOSOCIAL, Item.TRAINING, Item.EMPLOYMENT_REFERRAL}),
}

# The sector each item is reported under in who-does-what-where (3W) exports.
SECTOR_OF_ITEM: dict[str, str] = {
    Item.FOOD: "Food Security",
    Item.NON_FOOD_KIT: "Shelter and NFI",
    Item.HYGIENE_KIT: "WASH",
    Item.SHELTER_KIT: "Shelter and NFI",
    Item.CASH_GRANT: "Multi-Purpose Cash",
    Item.VOUCHER: "Food Security",
    Item.HEALTH: "Health",
    Item.PSYCHOSOCIAL: "Protection",
    Item.TRAINING: "Livelihoods",
    Item.EMPLOYMENT_REFERRAL: "Livelihoods",
}


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Programme(models.Model):
    """Assistance of one kind to the households a targeting rule selects, in an area, for a period."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisation = models.CharField(_("implementing organisation"), max_length=200)
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices)
    item = models.CharField(_("what is handed over"), max_length=24, choices=Item.choices)
    unit_value = models.DecimalField(_("unit value"), max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    quantity_per_household = models.DecimalField(
        _("quantity per household"), max_digits=10, decimal_places=2, default=1
    )
    area = models.ForeignKey("geo.Area", verbose_name=_("programme area"), on_delete=models.PROTECT, related_name="+")
    # The appeal project that funds the programme, by its reference, until funding is linked directly.
    appeal_project = models.ForeignKey(
        "funding.AppealProject",
        verbose_name=_("appeal project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    targeting = models.JSONField(_("targeting rule"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "code"]
        permissions = [("deliver_assistance", "Can record deliveries"), ("view_assistance_report", "Can read reports")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def sector(self) -> str:
        return SECTOR_OF_ITEM.get(self.item, "")


class DistributionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    LISTED = "listed", _("List ready")
    CLOSED = "closed", _("Closed")


class Distribution(models.Model):
    """One distribution of a programme: a place, a date, a team and the list of households entitled.

    A household is entitled once per round of its programme: two distributions of the same round
    share one entitlement, so a household listed at both is served at one only.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="distributions"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey("geo.Area", verbose_name=_("area served"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place"), max_length=200)
    planned_on = models.DateField(_("date"))
    team = models.CharField(_("team"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DistributionStatus.choices, default=DistributionStatus.PLANNED
    )
    listed_at = models.DateTimeField(_("list generated"), null=True, blank=True)
    list_job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return self.name


class Entitlement(models.Model):
    """A household's right to one round of a programme, as listed for a distribution."""

    distribution = models.ForeignKey(
        Distribution, verbose_name=_("distribution"), on_delete=models.CASCADE, related_name="entitlements"
    )
    household = models.ForeignKey(
        "population.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    # The household as it was when listed: reports count it where and as what it was served.
    population_group = models.CharField(_("population group"), max_length=24)
    area = models.ForeignKey("geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    household_size = models.PositiveIntegerField(_("household size"), default=0)
    delivered = models.BooleanField(_("delivered"), default=False)

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["distribution", "id"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "household"], name="entitlement_once_per_list"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def population_group_label(self) -> str:
        group = self.population_group
        return str(PopulationGroup(group).label) if group in PopulationGroup.values else group


class IdentifiedBy(models.TextChoices):
    REGISTRATION_NUMBER = "registration_number", _("Registration number")
    DOCUMENT = "document", _("Identity document")


class DeliverySource(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    OFFLINE = "offline", _("Offline list")
    BULK = "bulk", _("Command line")


class Delivery(models.Model):
    """An entitlement handed over: who received it, how they were identified, how much."""

    entitlement = models.OneToOneField(
        Entitlement, verbose_name=_("entitlement"), on_delete=models.PROTECT, related_name="delivery"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="deliveries")
    round = models.PositiveSmallIntegerField(_("round"))
    distribution = models.ForeignKey(Distribution, on_delete=models.PROTECT, related_name="deliveries")
    household = models.ForeignKey("population.Household", on_delete=models.PROTECT, related_name="+")
    received_by = models.ForeignKey(
        "population.Individual",
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_by_name = models.CharField(_("name of the person who received"), max_length=200, blank=True)
    identified_by = models.CharField(_("identified by"), max_length=24, choices=IdentifiedBy.choices)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    delivered_on = models.DateField(_("delivered on"))
    source = models.CharField(_("recorded through"), max_length=8, choices=DeliverySource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "round", "household"], name="delivery_once_per_household"),
        ]
        indexes = [models.Index(fields=["delivered_on"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class DeliveryClaim(models.Model):
    """One person record served in a round: the database refuses the same record served twice,
    whichever household it is listed in, so confirmed duplicates cannot be served again even by
    two officers at the same moment."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="claims")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField()
    individual = models.ForeignKey("population.Individual", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "round", "individual"], name="delivery_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.round}/{self.individual_id}"


class DeliveryRefusal(models.Model):
    """An attempt to deliver again what was already delivered: who tried, when, and why it was refused."""

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="refusals")
    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, null=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    source = models.CharField(_("recorded through"), max_length=8, choices=DeliverySource.choices)
    attempted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    attempted_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("refused delivery")
        verbose_name_plural = _("refused deliveries")
        ordering = ["-attempted_at"]

    def __str__(self) -> str:
        return self.reason


class VerificationOutcome(models.TextChoices):
    PENDING = "pending", _("To visit")
    RECEIVED = "received", _("Received in full")
    PARTLY = "partly", _("Received in part")
    NOT_RECEIVED = "not_received", _("Says nothing was received")
    NOT_FOUND = "not_found", _("Household not found")


class Verification(models.Model):
    """A post-distribution check of one delivery drawn at random: did the household get what was recorded?"""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="verification")
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=VerificationOutcome.choices, default=VerificationOutcome.PENDING
    )
    quantity_reported = models.DecimalField(
        _("quantity the household reports"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["delivery_id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
