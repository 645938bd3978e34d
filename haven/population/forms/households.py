"""Forms of the registration pages: one household and its members. They parse; the services decide."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.geo.selectors import area_resolve, location_by_code
from haven.population.identifiers import phone_normalise
from haven.population.imports.values import period_parse
from haven.population.models import COMPOSITION_FIELDS, Household, Individual, field_label
from haven.population.services import DocumentDetails, HouseholdDetails, MemberDetails
from haven.population.vocabulary import (
    WASHINGTON_GROUP_DOMAINS,
    BirthDatePrecision,
    Difficulty,
    DocumentType,
    Need,
    PersonStatus,
    PopulationGroup,
    Relationship,
    Sex,
    SharingScope,
    Shelter,
    Vulnerability,
)

if TYPE_CHECKING:
    from haven.geo.models import Area, Location

_DATE_INPUT = {"type": "date"}


class HouseholdForm(forms.Form):
    """The household's situation. Places are typed as a P-code or a name in either script."""

    population_group = forms.ChoiceField(label=_("Population group"), choices=PopulationGroup.choices)
    area = forms.CharField(
        label=_("Current area"),
        max_length=200,
        help_text=_("P-code or name of the governorate, district or sub-district, e.g. IQG08 or Baghdad."),
        widget=forms.TextInput(attrs={"list": "areas-in-scope", "autocomplete": "off"}),
    )
    location = forms.CharField(
        label=_("Location code"),
        max_length=40,
        required=False,
        help_text=_("The camp, settlement or site, if any."),
        widget=forms.TextInput(attrs={"list": "locations-in-scope", "autocomplete": "off"}),
    )
    origin_area = forms.CharField(
        label=_("Area of origin"),
        max_length=200,
        required=False,
        help_text=_("Required for internally displaced people and returnees."),
    )
    origin_country = forms.CharField(
        label=_("Country of origin"),
        max_length=2,
        required=False,
        help_text=_("Two-letter code, for refugees and migrants, e.g. SY."),
    )
    displaced_on = forms.DateField(label=_("Displaced on"), required=False, widget=forms.DateInput(attrs=_DATE_INPUT))
    returned_on = forms.DateField(label=_("Returned on"), required=False, widget=forms.DateInput(attrs=_DATE_INPUT))
    shelter = forms.ChoiceField(label=_("Shelter"), choices=[("", "—"), *Shelter.choices], required=False)
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"), choices=Vulnerability.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    consent_given = forms.BooleanField(
        label=_("The household agrees to registration and data sharing for assistance"), required=False
    )
    consent_date = forms.DateField(label=_("Consent date"), required=False, widget=forms.DateInput(attrs=_DATE_INPUT))
    consent_scope = forms.ChoiceField(
        label=_("Scope of sharing"),
        choices=[(value, label) for value, label in SharingScope.choices if value != SharingScope.NONE],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in COMPOSITION_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=field_label(Household, name),
                min_value=0,
                max_value=99,
                required=False,
                widget=forms.NumberInput(attrs={"class": "count"}),
            )

    def clean_area(self) -> Area:
        area = area_resolve(self.cleaned_data["area"])
        if area is None or area.level < 1:
            raise forms.ValidationError(_("No governorate, district or sub-district matches this."))
        return area

    def clean_location(self) -> Location | None:
        code = self.cleaned_data["location"].strip()
        if not code:
            return None
        location = location_by_code(code)
        if location is None:
            raise forms.ValidationError(_("No active location has this code."))
        return location

    def clean_origin_area(self) -> Area | None:
        text = self.cleaned_data["origin_area"].strip()
        if not text:
            return None
        area = area_resolve(text)
        if area is None:
            raise forms.ValidationError(_("No area matches this; type its P-code or its name."))
        return area

    def clean_origin_country(self) -> str:
        code = str(self.cleaned_data["origin_country"]).strip().upper()
        if code and not re.fullmatch(r"[A-Z]{2}", code):
            raise forms.ValidationError(_("Give the two-letter ISO code, e.g. SY."))
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for name in ("displaced_on", "returned_on", "consent_date"):
            value = cleaned.get(name)
            if value is not None and value > today:
                self.add_error(name, _("This date is in the future."))
        if cleaned.get("population_group") in {PopulationGroup.IDP, PopulationGroup.RETURNEE,
                                               PopulationGroup.REFUGEE_RETURNEE} and not cleaned.get("origin_area") \
                and "origin_area" not in self.errors:  # fmt: skip
            self.add_error("origin_area", _("Required for internally displaced people and returnees."))
        return cleaned

    def details(self) -> HouseholdDetails:
        data = self.cleaned_data
        composition = {name: data.get(name) or 0 for name in COMPOSITION_FIELDS}
        return HouseholdDetails(
            population_group=data["population_group"], area=data["area"], location=data.get("location"),
            origin_area=data.get("origin_area"), origin_country=data.get("origin_country", ""),
            displaced_on=data.get("displaced_on"), returned_on=data.get("returned_on"), shelter=data.get("shelter", ""),
            needs=list(data.get("needs", [])), vulnerabilities=list(data.get("vulnerabilities", [])),
            consent_given=bool(data.get("consent_given")),
            consent_date=data.get("consent_date") or (timezone.localdate() if data.get("consent_given") else None),
            consent_scope=data.get("consent_scope") or SharingScope.ASSISTANCE, composition=composition,
        )  # fmt: skip

    @classmethod
    def initial_for(cls, household: Household) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "population_group": household.population_group, "area": household.area.pcode,
            "location": household.location.code if household.location else "",
            "origin_area": household.origin_area.pcode if household.origin_area else "",
            "origin_country": household.origin_country, "displaced_on": household.displaced_on,
            "returned_on": household.returned_on, "shelter": household.shelter, "needs": household.needs,
            "vulnerabilities": household.vulnerabilities, "consent_given": household.consent_given,
            "consent_date": household.consent_date, "consent_scope": household.consent_scope,
        }  # fmt: skip
        initial.update(household.composition)
        return initial


class MemberForm(forms.Form):
    """One person. The birth date may be a year, a month or a day; an age gives an estimated year."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    father_name = forms.CharField(label=_("Father's name"), max_length=100, required=False)
    grandfather_name = forms.CharField(label=_("Grandfather's name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family or tribal name"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices])
    birth = forms.CharField(
        label=_("Birth date"),
        max_length=10,
        required=False,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    age = forms.IntegerField(label=_("or age"), min_value=0, max_value=120, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "07XXXXXXXXX"}),
    )
    phone_other = forms.CharField(label=_("Other phone"), max_length=20, required=False)
    national_id = forms.CharField(label=DocumentType.NATIONAL_ID.label, max_length=64, required=False)
    civil_status_id = forms.CharField(label=DocumentType.CIVIL_STATUS_ID.label, max_length=64, required=False)
    pds_card = forms.CharField(label=DocumentType.PDS_CARD.label, max_length=64, required=False)
    passport = forms.CharField(label=DocumentType.PASSPORT.label, max_length=64, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PersonStatus.choices, initial=PersonStatus.ACTIVE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in WASHINGTON_GROUP_DOMAINS:
            self.fields[f"wg_{domain}"] = forms.ChoiceField(
                label=field_label(Individual, f"wg_{domain}"),
                choices=[("", _("not asked")), *Difficulty.choices],
                required=False,
            )

    def _phone(self, name: str) -> str:
        text = str(self.cleaned_data.get(name, "")).strip()
        if text and phone_normalise(text) is None:
            raise forms.ValidationError(_("Not an Iraqi mobile number; write it as 07XXXXXXXXX."))
        return text

    def clean_phone(self) -> str:
        return self._phone("phone")

    def clean_phone_other(self) -> str:
        return self._phone("phone_other")

    def clean_birth(self) -> tuple[date, str] | None:
        """The same reading of a birth date as imports: YYYY, YYYY-MM, YYYY-MM-DD or an unambiguous DD/MM/YYYY."""
        text = str(self.cleaned_data.get("birth", "")).strip()
        if not text:
            return None
        period = period_parse(text)
        if isinstance(period, str):
            raise forms.ValidationError(period)
        if period.first > timezone.localdate() or period.first.year < 1900:
            raise forms.ValidationError(_("The birth date must be between 1900 and today."))
        return period.first, period.precision

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("given_name", "father_name", "grandfather_name", "family_name"):
            if cleaned.get(name, "")[:1] in {"=", "+", "@"}:
                self.add_error(name, _("A name cannot start with this character."))
        return cleaned

    def member(self) -> MemberDetails:
        data = self.cleaned_data
        birth = data.get("birth")
        if birth is None and data.get("age") is not None:
            birth = (date(timezone.localdate().year - data["age"], 1, 1), str(BirthDatePrecision.ESTIMATED))
        documents = [
            DocumentDetails(kind=kind, number=data[kind]) for kind in DocumentType.values if data.get(kind, "").strip()
        ]
        return MemberDetails(
            id=data.get("id"), relationship=data["relationship"], given_name=data["given_name"],
            father_name=data.get("father_name", ""), grandfather_name=data.get("grandfather_name", ""),
            family_name=data.get("family_name", ""), sex=data["sex"], birth_date=birth[0] if birth else None,
            birth_precision=birth[1] if birth else str(BirthDatePrecision.DAY), phone=data.get("phone", ""),
            phone_other=data.get("phone_other", ""), documents=documents, status=data.get("status") or "active",
            disability={d: data.get(f"wg_{d}", "") for d in WASHINGTON_GROUP_DOMAINS if data.get(f"wg_{d}")},
        )  # fmt: skip

    @classmethod
    def initial_for(cls, individual: Individual) -> dict[str, Any]:
        birth = ""
        if individual.birth_date:
            precision = individual.birth_precision
            birth = (
                str(individual.birth_date.year)
                if precision in {BirthDatePrecision.YEAR, BirthDatePrecision.ESTIMATED}
                else individual.birth_date.strftime("%Y-%m" if precision == BirthDatePrecision.MONTH else "%Y-%m-%d")
            )
        initial: dict[str, Any] = {
            "id": individual.pk, "relationship": individual.relationship, "given_name": individual.given_name,
            "father_name": individual.father_name, "grandfather_name": individual.grandfather_name,
            "family_name": individual.family_name, "sex": individual.sex, "birth": birth,
            "phone": individual.phone, "phone_other": individual.phone_other, "status": individual.status,
        }  # fmt: skip
        for document in individual.documents.all():
            initial[document.kind] = document.number
        for domain in WASHINGTON_GROUP_DOMAINS:
            initial[f"wg_{domain}"] = getattr(individual, f"wg_{domain}")
        return initial


MemberFormSet = formset_factory(MemberForm, extra=0, min_num=0, max_num=40, validate_max=True)


class SituationForm(forms.Form):
    """A change of situation on a date: a return, a move, a change of population group."""

    population_group = forms.ChoiceField(label=_("Population group"), choices=PopulationGroup.choices)
    area = HouseholdForm.base_fields["area"]
    location = HouseholdForm.base_fields["location"]
    occurred_on = forms.DateField(label=_("Date of the change"), widget=forms.DateInput(attrs=_DATE_INPUT))
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    clean_area = HouseholdForm.clean_area
    clean_location = HouseholdForm.clean_location

    def clean_occurred_on(self) -> date:
        value: date = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Registration number, document number, phone, or names in Arabic or Latin letters."),
    )
    population_group = forms.ChoiceField(
        label=_("Population group"), choices=[("", _("All groups")), *PopulationGroup.choices], required=False
    )
    area = forms.CharField(label=_("Area"), required=False, max_length=200)


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search people"),
        required=False,
        max_length=200,
        help_text=_("Names in Arabic or Latin letters, a phone or a document number."),
    )
