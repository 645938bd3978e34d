"""Forms of the geo pages: they parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from haven.geo.models import Area, LocationType
from haven.geo.selectors import area_get


class LocationForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=LocationType.choices)
    area = forms.CharField(
        label=_("Area P-code"), max_length=32, help_text=_("The P-code of the area it lies in, e.g. IQG08Q01.")
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def clean_area(self) -> Area:
        area = area_get(self.cleaned_data["area"])
        if area is None:
            raise forms.ValidationError(_("No area has this P-code."))
        return area

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return cleaned


class LocationFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any type")), *LocationType.choices])
    area = forms.CharField(label=_("Area P-code"), required=False, max_length=32)


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(label=_("COD-AB file (GeoJSON or CSV)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.HAVEN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.HAVEN_UPLOAD_MAX_BYTES // 2**20}
            )
        if not upload.name.lower().endswith((".geojson", ".json", ".csv")):
            raise forms.ValidationError(_("Choose a .geojson, .json or .csv file."))
        return upload
