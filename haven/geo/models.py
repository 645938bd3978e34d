"""Administrative areas (ADM0–ADM3) with their P-codes, and locations below them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AdminLevel(models.IntegerChoices):
    COUNTRY = 0, _("ADM0 country")
    ADM1 = 1, _("ADM1 governorate")
    ADM2 = 2, _("ADM2 district")
    ADM3 = 3, _("ADM3 sub-district")


class Area(models.Model):
    """One administrative area of the common operational dataset (COD-AB).

    `path` holds the P-codes from the country down to this area (`IQ/IQG01/IQG01Q01/`), so that
    "this area and everything below it", the rule of user scope, is one indexed prefix match.
    An area a newer COD no longer lists is kept with `valid_to` set, so old records still resolve.
    """

    pcode = models.CharField(_("P-code"), max_length=32, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=AdminLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(_("path"), max_length=255, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    alt_names = models.JSONField(_("alternative names"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    boundary = models.TextField(_("boundary (GeoJSON geometry)"), blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "name_en"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.pcode})"

    @property
    def name(self) -> str:
        """The name in the language of the page, falling back to English."""
        if (get_language() or "en").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name_en

    @property
    def is_retired(self) -> bool:
        return self.valid_to is not None


class AreaName(models.Model):
    """A name or code by which an area is known, normalised for lookup.

    Holds English and Arabic names, alternative spellings and retired or foreign P-code forms,
    so an import can resolve "Al-Anbar", "Anbar", "الانبار" or "IRQ-G01" to the same area.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="known_names")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)
    is_code = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "key"], name="geo_areaname_unique_key")]

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    CAMP = "camp", _("Camp")
    INFORMAL_SETTLEMENT = "informal_settlement", _("Informal settlement")
    COLLECTIVE_CENTRE = "collective_centre", _("Collective centre")
    VILLAGE = "village", _("Village")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    TOWN = "town", _("Town")


class Location(models.Model):
    """A place below the smallest administrative area: a camp, a settlement, a neighbourhood."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=LocationType.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="locations")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        if (get_language() or "en").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name_en
