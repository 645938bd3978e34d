"""Forms of the assistance pages. They parse what was typed; the services and the rule parser decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.assistance.models import IdentifiedBy, Item, Modality, VerificationOutcome
from haven.assistance.reports import REACHED_BY
from haven.assistance.rules import MAX_HOST_SHARE
from haven.funding import selectors as funding_selectors
from haven.geo.selectors import area_resolve
from haven.population.vocabulary import PopulationGroup, Vulnerability

_DATE = {"type": "date"}


class AreaField(forms.CharField):
    """An area typed as a P-code in any form or a name in Arabic or English."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", _("P-code or name, e.g. IQG08 or Baghdad."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        area = area_resolve(text)
        if area is None:
            raise forms.ValidationError(_("No area matches “%(text)s”."), params={"text": text})
        return area


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("A short reference, e.g. EFD-2008."))
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Implementing organisation"), max_length=200)
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    item = forms.ChoiceField(label=_("What is handed over"), choices=Item.choices)
    unit_value = forms.DecimalField(label=_("Unit value"), min_value=0, max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    quantity_per_household = forms.DecimalField(
        label=_("Quantity per household"), min_value=0, max_digits=10, decimal_places=2, initial=1
    )
    area = AreaField(label=_("Programme area"))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs=_DATE))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs=_DATE))
    appeal_project_code = forms.ChoiceField(
        label=_("Appeal project"), required=False, help_text=_("The appeal project that funds this programme.")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = funding_selectors.appeal_projects().order_by("appeal__code", "code")
        field = self.fields["appeal_project_code"]
        assert isinstance(field, forms.ChoiceField)
        labelled = [(project.code, f"{project.code} · {project.title}"[:120]) for project in projects]
        field.choices = [("", "—"), *labelled]


class TargetingForm(forms.Form):
    """The targeting rule as fields; every empty field leaves that condition out."""

    population_groups = forms.MultipleChoiceField(
        label=_("Population groups"),
        choices=PopulationGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every group."),
    )
    areas = forms.CharField(
        label=_("Areas"),
        required=False,
        max_length=500,
        help_text=_("P-codes separated by commas, e.g. IQG08, IQG01; empty: the whole programme area."),
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities (any of)"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_size = forms.IntegerField(label=_("Household size from"), required=False, min_value=1, max_value=100)
    max_size = forms.IntegerField(label=_("Household size up to"), required=False, min_value=1, max_value=100)
    min_months_since = forms.IntegerField(
        label=_("Displaced or returned at least (months)"), required=False, min_value=0, max_value=1200
    )
    max_months_since = forms.IntegerField(
        label=_("Displaced or returned at most (months)"), required=False, min_value=0, max_value=1200
    )
    exclude_assisted_days = forms.IntegerField(
        label=_("Leave out households assisted in the last (days)"), required=False, min_value=1, max_value=3650
    )
    exclude_programmes = forms.CharField(
        label=_("Leave out households served by programmes"),
        required=False,
        max_length=500,
        help_text=_("Programme codes separated by commas."),
    )
    host_share = forms.IntegerField(
        label=_("Host-community share (%)"),
        required=False,
        min_value=0,
        max_value=MAX_HOST_SHARE,
        help_text=_("Host households in the same areas, meeting the same conditions, make up this share of the list."),
    )
    max_households = forms.IntegerField(
        label=_("At most (households)"), required=False, min_value=1, help_text=_("The budget's limit, if any.")
    )

    @classmethod
    def initial_of(cls, rule: dict[str, Any]) -> dict[str, Any]:
        initial = dict(rule)
        for name in ("areas", "exclude_programmes"):
            initial[name] = ", ".join(rule.get(name) or [])
        return initial


class DistributionForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Empty: made up from the place and date.")
    )
    area = AreaField(label=_("Area served"))
    place = forms.CharField(label=_("Place"), max_length=200)
    planned_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=_DATE))
    team = forms.CharField(label=_("Team"), max_length=200, required=False)
    round = forms.IntegerField(label=_("Round"), min_value=1, max_value=999, initial=1)


class DeliveryForm(forms.Form):
    received_by = forms.ChoiceField(label=_("Received by"), required=False)
    received_by_name = forms.CharField(
        label=_("Or the name of the person who received"), max_length=200, required=False
    )
    identified_by = forms.ChoiceField(label=_("Identified by"), choices=IdentifiedBy.choices)
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=10, decimal_places=2)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_by"].choices = [("", "—"), *members]  # type: ignore[attr-defined]
        self.fields["delivered_on"].initial = timezone.localdate()


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in list (XLSX)"))


class SampleForm(forms.Form):
    size = forms.IntegerField(label=_("Households to visit"), min_value=1, max_value=10_000, initial=10)


class VerificationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in VerificationOutcome.choices if c[0] != VerificationOutcome.PENDING]
    )
    quantity_reported = forms.DecimalField(label=_("Quantity reported"), required=False, min_value=0)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReportForm(forms.Form):
    by = forms.ChoiceField(label=_("By"), choices=list(REACHED_BY.items()), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    area = AreaField(label=_("Area"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs=_DATE))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args: Any, programmes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("All programmes")), *programmes]  # type: ignore[attr-defined]
