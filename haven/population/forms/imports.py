"""Forms of the import pages: an upload, a column mapping, a duplicate decision. They parse; the services decide."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from haven.population.imports.template import MAPPED_CODES, TEMPLATE_COLUMNS, column_by_hashtag, column_by_header
from haven.population.models import DuplicateDecision
from haven.population.selectors import mappings_all

# What field teams send: spreadsheets saved as CSV or XLSX, Kobo/ODK exports in either. The reader tells the
# format by the content; the name only keeps obvious mistakes (a photo, a Word file) from being uploaded.
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".txt")
# The mapping page sends two fields per column, and Django refuses a request of more than 1,000 fields
# (DATA_UPLOAD_MAX_NUMBER_FIELDS): a sample with more columns is refused with a message instead.
HEADERS_LIMIT = 450


def upload_checked(upload: UploadedFile) -> UploadedFile:
    """The upload when its size and name fit a registration file; ValidationError otherwise."""
    limit = settings.HAVEN_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit // 2**20})
    if not upload.size:
        raise forms.ValidationError(_("The file is empty."))
    if not (upload.name or "").lower().endswith(UPLOAD_SUFFIXES):
        raise forms.ValidationError(_("Choose a .csv or .xlsx file (a Kobo or ODK export in either format)."))
    return upload


class BatchUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registration file (CSV or XLSX)"),
        help_text=_("One row per person, in the Haven template or in a layout a saved column mapping describes."),
    )
    mapping = forms.ModelChoiceField(
        label=_("Column mapping"),
        queryset=mappings_all(),
        required=False,
        empty_label=_("None: the file follows the Haven template"),
    )
    name = forms.CharField(
        label=_("Batch name"), max_length=200, required=False, help_text=_("Optional; the file name is used if empty.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A fresh queryset per form, so a mapping saved a moment ago is offered.
        self.fields["mapping"].queryset = mappings_all()  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        return upload_checked(self.cleaned_data["file"])


class SampleForm(forms.Form):
    """A sample of the layout to map: only its header is read."""

    sample = forms.FileField(
        label=_("Sample file"),
        required=False,
        help_text=_("A CSV or XLSX export of the form (a Kobo export, a partner's sheet); only its header is read."),
    )

    def clean_sample(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("sample")
        return upload_checked(upload) if upload else None


IGNORE = ""
FIELD_CHOICES = [
    (IGNORE, _("— ignore this column —")),
    *[(column.name, f"{column.name}: {column.label}") for column in TEMPLATE_COLUMNS],
]

# Fields whose answers must become one of the template's codes, and those codes, for the mapping page's help.
CODED_FIELDS = [(name, ", ".join(sorted(codes))) for name, codes in MAPPED_CODES.items()]


def field_guess(header: str) -> str:
    """The template field a header most likely means: its own words, a hashtag, or the last part of a Kobo path."""
    for text in (header, header.rsplit("/", 1)[-1]):
        column = column_by_header(text) or column_by_hashtag(text)
        if column is not None:
            return column.name
    return IGNORE


def values_text(answers: Mapping[str, str]) -> str:
    """`{"2": "F", "1": "M"}` as the lines people edit, sorted (PostgreSQL keeps no key order): `1=M`, `2=F`."""
    return "\n".join(f"{answer}={code}" for answer, code in sorted(answers.items()))


def headers_in_template_order(columns: Mapping[str, str]) -> list[str]:
    """A saved mapping's headers in the order of the template fields they fill, the same on either database."""
    order = {column.name: index for index, column in enumerate(TEMPLATE_COLUMNS)}
    return sorted(columns, key=lambda header: (order.get(columns[header], len(order)), header))


class MappingForm(forms.Form):
    """A mapping's name and, per header of the source layout, the template field it fills and its answers' codes.

    The headers travel in one hidden field, so a form of several hundred columns stays within Django's limit
    on the number of fields a request may send.
    """

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. Kobo: MoDM household form v3"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    headers = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        headers: list[str],
        rows: Mapping[str, tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`rows` gives, per header, the field chosen and the answers' text; other headers get a guess."""
        super().__init__(data, **kwargs)
        self.header_list = headers
        self.fields["headers"].initial = json.dumps(headers, ensure_ascii=False)
        rows = rows or {}
        for index, header in enumerate(headers):
            field, answers = rows.get(header, (field_guess(header), ""))
            self.fields[f"field_{index}"] = forms.ChoiceField(
                label=header, choices=FIELD_CHOICES, required=False, initial=field
            )
            self.fields[f"values_{index}"] = forms.CharField(
                label=_("Answers in the file → template codes"),
                required=False,
                initial=answers,
                max_length=5000,
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "cols": 24,
                        "dir": "auto",
                        "placeholder": _("answer=code"),
                        "aria-label": _("Answers of “%(header)s” → template codes") % {"header": header},
                    }
                ),
            )
        self.columns: dict[str, str] = {}
        self.values: dict[str, dict[str, str]] = {}

    @staticmethod
    def headers_posted(data: Mapping[str, Any]) -> list[str]:
        """The headers the page carried; an empty list when the hidden field was tampered with."""
        try:
            headers = json.loads(data.get("headers") or "[]")
        except ValueError:
            return []
        if not isinstance(headers, list) or len(headers) > HEADERS_LIMIT:
            return []
        return [header[:200] for header in headers if isinstance(header, str) and header.strip()]

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """Per header: its text, the field select and the answers box, in the file's order."""
        return [(header, self[f"field_{i}"], self[f"values_{i}"]) for i, header in enumerate(self.header_list)]

    def rows_chosen(self) -> dict[str, tuple[str, str]]:
        """What the person chose so far, read leniently: kept when the page is shown again with more headers."""
        return {
            header: (str(self.data.get(f"field_{i}", "")), str(self.data.get(f"values_{i}", "")))
            for i, header in enumerate(self.header_list)
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen_for: dict[str, str] = {}
        for index, header in enumerate(self.header_list):
            field = cleaned.get(f"field_{index}", IGNORE)
            answers = self._answers(index, cleaned.get(f"values_{index}", ""))
            if not field:
                if answers:
                    self.add_error(f"values_{index}", _("Choose a template field for these answers, or clear them."))
                continue
            if field in chosen_for:
                self.add_error(
                    f"field_{index}",
                    _("%(field)s is already filled by the column “%(header)s”.")
                    % {"field": field, "header": chosen_for[field]},
                )
                continue
            chosen_for[field] = header
            self.columns[header] = field
            if answers:
                self.values[field] = answers
        if not self.columns and not self.errors:
            raise forms.ValidationError(_("Choose a template field for at least one column."))
        return cleaned

    def _answers(self, index: int, text: str) -> dict[str, str]:
        answers: dict[str, str] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            answer, equals, code = line.partition("=")
            if not equals or not answer.strip() or not code.strip():
                self.add_error(
                    f"values_{index}",
                    _("Write one answer per line as answer=code, e.g. 1=M; “%(line)s” is not.") % {"line": line[:60]},
                )
                return {}
            answers[answer.strip()] = code.strip()
        return answers


class DuplicateDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(DuplicateDecision.DUPLICATE, _("Same person")), (DuplicateDecision.DISTINCT, _("Different people"))]
    )
