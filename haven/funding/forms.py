"""Forms of the funding pages: they parse and check input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from haven.funding.models import Appeal, ContributionStatus


class ContributionForm(forms.Form):
    donor = forms.CharField(label=_("Donor"), max_length=300)
    appeal_project = forms.ChoiceField(label=_("Appeal project"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ContributionStatus.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount_original = forms.DecimalField(
        label=_("Amount (original currency)"), min_value=Decimal("0.01"), max_digits=16, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="USD")
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate (units per USD)"),
        required=False,
        min_value=Decimal("0.00000001"),
        max_digits=18,
        decimal_places=8,
        help_text=_("Leave empty for USD."),
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)

    def __init__(self, *args: Any, appeal: Appeal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["appeal_project"].choices = [  # type: ignore[attr-defined]
            ("", _("The appeal as a whole")),
            *((project.code, f"{project.code} {project.title}") for project in appeal.projects.order_by("code")),
        ]


class AdvanceContributionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContributionStatus.choices)


class LinkProjectsForm(forms.Form):
    codes = forms.CharField(
        label=_("Community assistance project codes"),
        max_length=2000,
        help_text=_("Separated by commas or spaces."),
    )

    def clean_codes(self) -> list[str]:
        return [code for code in self.cleaned_data["codes"].replace(",", " ").split() if code]


class FtsUploadForm(forms.Form):
    file = forms.FileField(label=_("FTS CSV file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.HAVEN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload
