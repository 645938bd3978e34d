"""Forms of the project pages: they parse and check input; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from haven.geo.selectors import area_resolve
from haven.projects.models import BeneficiaryGroup, Sector, Stage


class ProjectFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices])
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices])
    area = forms.CharField(label=_("Area P-code"), required=False, max_length=32)
    partner = forms.CharField(label=_("Partner"), required=False, max_length=100)


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("For instance CAP-IQG08-0039."))
    title = forms.CharField(label=_("Title"), max_length=300)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    area = forms.CharField(label=_("Area"), max_length=100, help_text=_("A P-code or a name, e.g. IQG08 or Baghdad."))
    partner = forms.CharField(label=_("Implementing partner"), max_length=200, required=False)
    counterpart = forms.CharField(
        label=_("Government counterpart"),
        max_length=200,
        required=False,
        help_text=_("e.g. Ministry of Labour and Social Affairs"),
    )
    budget_usd = forms.DecimalField(label=_("Budget (USD)"), min_value=Decimal(0), max_digits=14, decimal_places=2)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean_area(self) -> object:
        area = area_resolve(self.cleaned_data["area"])
        if area is None:
            raise forms.ValidationError(_("No area has this P-code or name."))
        return area


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FiguresForm(forms.Form):
    spent_usd = forms.DecimalField(label=_("Spent (USD)"), min_value=Decimal(0), max_digits=14, decimal_places=2)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for group, label in BeneficiaryGroup.choices:
            self.fields[f"targeted_{group}"] = forms.IntegerField(
                label=_("%(group)s targeted") % {"group": label}, min_value=0, required=False
            )
            self.fields[f"reached_{group}"] = forms.IntegerField(
                label=_("%(group)s reached") % {"group": label}, min_value=0, required=False
            )


class WhoWhatWhereUploadForm(forms.Form):
    file = forms.FileField(label=_("3W file (CSV with HXL hashtags)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.HAVEN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.HAVEN_UPLOAD_MAX_BYTES // 2**20}
            )
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.HAVEN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
