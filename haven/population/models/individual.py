"""People in households: names as written in both scripts, documents, disability, status."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.dedup.names import name_script
from haven.population.identifiers import phone_display
from haven.population.vocabulary import (
    BirthDatePrecision,
    Difficulty,
    DocumentType,
    PersonStatus,
    Relationship,
    Sex,
)

PERSONAL_FIELDS = frozenset(
    {
        "given_name", "father_name", "grandfather_name", "family_name", "name_ar", "name_latin", "name_keys",
        "birth_date", "phone", "phone_other", "number", "number_key",
    }
)  # fmt: skip


class Individual(models.Model):
    """One person of a household.

    Name parts are kept as they were written (Arabic script or Latin letters); `name_ar` and
    `name_latin` are the full name rendered in each script where it could be, and `name_keys` holds
    the script-independent key of each part so that a search in either script finds the person.
    """

    audit_personal_fields: ClassVar[frozenset[str]] = PERSONAL_FIELDS

    household = models.ForeignKey(
        "population.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    relationship = models.CharField(_("relationship to the head"), max_length=16, choices=Relationship.choices)
    given_name = models.CharField(_("given name"), max_length=100)
    father_name = models.CharField(_("father's name"), max_length=100, blank=True)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=100, blank=True)
    family_name = models.CharField(_("family or tribal name"), max_length=100, blank=True)
    name_ar = models.CharField(_("name in Arabic script"), max_length=400, blank=True)
    name_latin = models.CharField(_("name in Latin letters"), max_length=400, blank=True)
    name_keys = models.CharField(max_length=400, blank=True, db_index=True)
    # The matching keys of the first two names: where the registration form looks for the person
    # being typed among everyone registered (an index lookup, then the trained model scores).
    given_key = models.CharField(max_length=100, blank=True)
    father_key = models.CharField(max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_precision = models.CharField(
        _("birth date precision"), max_length=10, choices=BirthDatePrecision.choices, default=BirthDatePrecision.DAY
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True)
    phone_other = models.CharField(_("other phone"), max_length=16, blank=True, db_index=True)
    wg_seeing = models.CharField(_("difficulty seeing"), max_length=8, choices=Difficulty.choices, blank=True)
    wg_hearing = models.CharField(_("difficulty hearing"), max_length=8, choices=Difficulty.choices, blank=True)
    wg_walking = models.CharField(
        _("difficulty walking or climbing steps"), max_length=8, choices=Difficulty.choices, blank=True
    )
    wg_remembering = models.CharField(
        _("difficulty remembering or concentrating"), max_length=8, choices=Difficulty.choices, blank=True
    )
    wg_self_care = models.CharField(
        _("difficulty with self-care"), max_length=8, choices=Difficulty.choices, blank=True
    )
    wg_communicating = models.CharField(
        _("difficulty communicating"), max_length=8, choices=Difficulty.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_row = models.PositiveIntegerField(_("row in the import file"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("individual")
        verbose_name_plural = _("individuals")
        ordering = ["household", "id"]
        indexes = [models.Index(fields=["given_key", "father_key"], name="individual_name_keys")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def name_in_other_script(self) -> str:
        """The full name in the script it was not written in, where it could be rendered."""
        return self.name_latin if name_script(self.given_name) == "arabic" else self.name_ar

    @property
    def phones_display(self) -> list[str]:
        """The phones as Iraqis read them (`0770 123 4567`)."""
        return [phone_display(number) for number in (self.phone, self.phone_other) if number]

    @property
    def has_disability(self) -> bool:
        """The Washington Group cut-off: a lot of difficulty, or cannot do at all, in any domain."""
        answers = (self.wg_seeing, self.wg_hearing, self.wg_walking, self.wg_remembering, self.wg_self_care,
                   self.wg_communicating)  # fmt: skip
        return any(answer in (Difficulty.A_LOT, Difficulty.CANNOT) for answer in answers)


class IdentityDocument(models.Model):
    """A document a person showed: national ID, civil status ID, PDS ration card or passport."""

    audit_personal_fields: ClassVar[frozenset[str]] = PERSONAL_FIELDS

    individual = models.ForeignKey(Individual, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=64)
    # Numbers are compared without spaces, dashes and case: field teams write them every way.
    number_key = models.CharField(max_length=64, db_index=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
