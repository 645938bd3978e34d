"""Pages of column mappings: how a Kobo/ODK export or a partner's sheet is read as the registration template.

A mapping is made from a sample of the layout: its header is read (nothing else), each header gets a template
field or is ignored, and answers can be given their template codes (`1=M`).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.core.context import signed_in_user
from haven.core.services import ServiceError
from haven.core.uploads import upload_to_scratch
from haven.population import selectors, services
from haven.population.forms.imports import (
    CODED_FIELDS,
    HEADERS_LIMIT,
    MappingForm,
    SampleForm,
    headers_in_template_order,
    values_text,
)
from haven.population.imports import FileRefused, registration_headers_read
from haven.population.models import ColumnMapping

CHANGE = "population.change_columnmapping"


def _mapping_get(pk: int) -> ColumnMapping:
    try:
        return selectors.mappings_all().get(pk=pk)
    except ColumnMapping.DoesNotExist:
        raise Http404("No such column mapping.") from None


@login_required
@permission_required("population.import_registrations", raise_exception=True)
@require_GET
def mapping_list(request: HttpRequest) -> HttpResponse:
    mappings = selectors.mappings_all().select_related("created_by").annotate(batches=Count("importbatch"))
    return render(request, "population/imports/mapping_list.html", {"mappings": mappings, "section": "imports"})


def _saved_rows(mapping: ColumnMapping) -> dict[str, tuple[str, str]]:
    return {header: (field, values_text(mapping.values.get(field, {}))) for header, field in mapping.columns.items()}


def _sample_read(sample_form: SampleForm, known: list[str]) -> list[str] | None:
    """`known` headers followed by the sample's new ones; None (and the form says why) when it cannot be read."""
    upload = sample_form.cleaned_data.get("sample")
    if upload is None:
        sample_form.add_error("sample", _("Choose the sample file to read."))
        return None
    scratch = upload_to_scratch(upload)
    try:
        headers = registration_headers_read(scratch, display_name=Path(upload.name).name)
    except FileRefused as refusal:
        sample_form.add_error("sample", str(refusal))
        return None
    finally:
        scratch.unlink(missing_ok=True)
    if not headers:
        sample_form.add_error("sample", _("No header row was found in the sample."))
        return None
    seen = set(known)
    merged = known + [header for header in headers if header not in seen]
    if len(merged) > HEADERS_LIMIT:
        sample_form.add_error(
            "sample",
            _(
                "That makes %(count)s columns; a mapping can list at most %(limit)s. Leave out the groups you do "
                "not import (Kobo's export settings can) and upload it again."
            )
            % {"count": len(merged), "limit": HEADERS_LIMIT},
        )
        return None
    return merged


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def mapping_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Make a mapping from a sample file, or change one; reading another sample adds its headers to the form."""
    user = signed_in_user(request)
    mapping = _mapping_get(pk) if pk is not None else None
    if request.method != "POST":
        form = MappingForm(
            headers=headers_in_template_order(mapping.columns) if mapping else [],
            rows=_saved_rows(mapping) if mapping else None,
            initial={"name": mapping.name, "description": mapping.description} if mapping else None,
        )
        return _form_page(request, mapping, form, SampleForm())
    posted = MappingForm(request.POST, headers=MappingForm.headers_posted(request.POST))
    sample_form = SampleForm(request.POST, request.FILES)
    if request.POST.get("action") == "read":
        headers = _sample_read(sample_form, posted.header_list) if sample_form.is_valid() else None
        if headers is None:
            return _form_page(request, mapping, _unbound_copy(posted, posted.header_list), sample_form)
        return _form_page(request, mapping, _unbound_copy(posted, headers), SampleForm())
    if posted.is_valid():
        try:
            saved = services.mapping_save(
                saved_by=user, name=posted.cleaned_data["name"], description=posted.cleaned_data["description"],
                columns=posted.columns, values=posted.values, mapping=mapping,
            )  # fmt: skip
        except (ServiceError, PermissionDenied) as refusal:
            posted.add_error(None, str(refusal))
        else:
            messages.success(request, _("The column mapping “%(name)s” was saved.") % {"name": saved.name})
            return redirect("population:mapping-list")
    return _form_page(request, mapping, posted, SampleForm())


def _unbound_copy(posted: MappingForm, headers: list[str]) -> MappingForm:
    """The form shown again with more headers: what was chosen stays, new headers get a guess."""
    return MappingForm(
        headers=headers,
        rows=posted.rows_chosen(),
        initial={"name": posted.data.get("name", ""), "description": posted.data.get("description", "")},
    )


def _form_page(
    request: HttpRequest, mapping: ColumnMapping | None, form: MappingForm, sample_form: SampleForm
) -> HttpResponse:
    return render(
        request,
        "population/imports/mapping_form.html",
        {
            "mapping": mapping,
            "form": form,
            "sample_form": sample_form,
            "coded_fields": CODED_FIELDS,
            "section": "imports",
        },
    )


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def mapping_delete(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping_get(pk)
    try:
        services.mapping_delete(mapping=mapping, deleted_by=signed_in_user(request))
    except ServiceError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The column mapping “%(name)s” was deleted.") % {"name": mapping.name})
    return redirect("population:mapping-list")
