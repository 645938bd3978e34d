"""How a job's result reads on its page: the person's words for each figure, lists shortened."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

# Results are stored as JSON with stable keys; their labels are translated when shown. Counts take the
# context "how many" because the same English words head date columns elsewhere.
RESULT_LABELS = {
    "file": _("File"),
    "file_name": _("File"),
    "file_format": _("Format"),
    "levels": _("Levels"),
    "features": _("Areas in the file"),
    "created": pgettext_lazy("how many", "Created"),
    "updated": pgettext_lazy("how many", "Updated"),
    "unchanged": pgettext_lazy("how many", "Unchanged"),
    "retired": pgettext_lazy("how many", "Retired"),
    "parents_created": _("Parent areas created"),
    "names_added": _("Names added"),
    "records": _("Figures read"),
    "added": pgettext_lazy("how many", "Added"),
    "replaced": pgettext_lazy("how many", "Replaced"),
    "withdrawn": pgettext_lazy("how many", "Withdrawn"),
    "dates": _("Reporting dates"),
    "ignored_columns": _("Columns not read"),
    "import_id": pgettext_lazy("record of a file imported", "Import"),
    "batch": _("Batch"),
    "status": _("Status"),
    "rows": _("Rows"),
    "households": _("Households"),
    "individuals": _("Individuals"),
    "errors": _("Errors"),
    "warnings": _("Warnings"),
    "possible_duplicates": _("Possible duplicates"),
    "distribution": _("Distribution"),
    "people": _("People checked"),
    "found": _("Pairs found"),
    "already_decided": _("Already decided"),
    "unplanned_funding_usd": _("Funding to no plan (USD)"),
}

LIST_SHOWN = 10


@register.filter
def result_label(key: str) -> str:
    return str(RESULT_LABELS.get(key, key.replace("_", " ").capitalize()))


@register.filter
def result_value(value: Any) -> SafeString:
    """The value for the page; each item isolated in <bdi> so dates and file names keep their order in Arabic."""
    if value is None or value == []:
        return format_html("—")
    if isinstance(value, int) and not isinstance(value, bool):
        return format_html("<bdi>{}</bdi>", intcomma(value))
    if isinstance(value, list):
        shown = format_html_join(", ", "<bdi>{}</bdi>", ((item,) for item in value[:LIST_SHOWN]))
        if len(value) <= LIST_SHOWN:
            return shown
        return format_html("{} … (<bdi>{}</bdi>)", shown, intcomma(len(value)))
    return format_html("<bdi>{}</bdi>", value)
