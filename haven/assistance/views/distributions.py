"""Pages of a distribution: its list, serving a household, the offline list and the verification sample."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.assistance import selectors, services
from haven.assistance.forms import DeliveryForm, SampleForm, UploadForm, VerificationForm
from haven.assistance.tasks import distribution_list_start
from haven.core.context import signed_in_user
from haven.core.models import AuditAction
from haven.core.paging import page_of
from haven.core.services import ServiceError, audit_record
from haven.population import selectors as population_selectors

SECTION = "assistance"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _back(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("assistance:distribution-detail", args=[pk]))


@login_required
@permission_required("assistance.view_programme", raise_exception=True)
@require_GET
def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    distribution = selectors.distribution_for_user(user, pk)
    text, state = request.GET.get("q", "").strip(), request.GET.get("state", "")
    entitlements = selectors.entitlements_search(user, distribution, text=text, state=state)
    paging = page_of(request, entitlements, per_page=50)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=distribution,
        detail=_("distribution list: %(query)s") % {"query": request.GET.urlencode()[:300] or "-"},
    )
    return render(request, "assistance/distribution_detail.html", {
        **paging, "distribution": distribution, "q": text, "state": state, "upload_form": UploadForm(),
        "sample_form": SampleForm(), "verifications": selectors.verifications_of(distribution)[:200],
        "verification_summary": selectors.verification_summary(distribution), "verification_form": VerificationForm(),
        "refusals": selectors.refusals_of(distribution)[:50], "section": SECTION,
    })  # fmt: skip


@login_required
@permission_required("assistance.add_distribution", raise_exception=True)
@require_POST
def distribution_list_generate(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    distribution = selectors.distribution_for_user(user, pk)
    try:
        distribution_list_start(distribution=distribution, started_by=user)
    except ServiceError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, _("The list is being generated; this page shows its progress."))
    return _back(distribution.pk)


@login_required
@permission_required("assistance.deliver_assistance", raise_exception=True)
@require_GET
def distribution_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    distribution = selectors.distribution_for_user(user, pk)
    stream = io.BytesIO()
    services.distribution_workbook_write(distribution=distribution, exported_by=user, out=stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="distribution-{distribution.pk}.xlsx"'
    return response


@login_required
@permission_required("assistance.deliver_assistance", raise_exception=True)
@require_POST
def distribution_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    distribution = selectors.distribution_for_user(user, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the filled-in list to upload."))
        return _back(distribution.pk)
    upload = form.cleaned_data["file"]
    if upload.size > settings.HAVEN_UPLOAD_MAX_BYTES:
        messages.error(request, _("%(file)s is larger than this server accepts.") % {"file": upload.name})
        return _back(distribution.pk)
    try:
        count = services.distribution_workbook_load(
            distribution=distribution, source=upload, file_name=upload.name, recorded_by=user
        )
    except services.OfflineListRefused as refusal:
        messages.error(request, str(refusal))
        for message in refusal.messages[:50]:
            messages.error(request, message)
    except ServiceError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("%(count)s deliveries recorded from %(file)s.") % {"count": count, "file": upload.name}
        )
    return _back(distribution.pk)


@login_required
@permission_required("assistance.deliver_assistance", raise_exception=True)
@require_http_methods(["GET", "POST"])
def entitlement_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    entitlement = selectors.entitlement_for_user(user, pk)
    members = list(population_selectors.household_members(entitlement.household))
    choices = [(str(member.pk), member.name_ar or member.name_latin or str(member)) for member in members]
    form = DeliveryForm(request.POST or None, members=choices, initial={"quantity": entitlement.quantity})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_by = next((member for member in members if str(member.pk) == data["received_by"]), None)
        receipt = services.Receipt(
            identified_by=data["identified_by"], received_by=received_by, received_by_name=data["received_by_name"]
            or (choices[members.index(received_by)][1] if received_by else ""), document_number=data["document_number"],
            quantity=data["quantity"], delivered_on=data["delivered_on"],
        )  # fmt: skip
        try:
            services.delivery_record(entitlement=entitlement, receipt=receipt, recorded_by=user)
        except ServiceError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Delivery to %(number)s recorded.") % {"number": entitlement.household.registration_number}
            )
            return _back(entitlement.distribution_id)
    return render(request, "assistance/entitlement_deliver.html", {
        "entitlement": entitlement, "members": members, "form": form, "section": SECTION,
    })  # fmt: skip


@login_required
@permission_required("assistance.change_distribution", raise_exception=True)
@require_POST
def distribution_sample(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    distribution = selectors.distribution_for_user(user, pk)
    form = SampleForm(request.POST)
    if form.is_valid():
        try:
            count = services.verification_sample_draw(
                distribution=distribution, size=form.cleaned_data["size"], drawn_by=user
            )
        except ServiceError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("%(count)s households drawn for a verification visit.") % {"count": count})
    return _back(distribution.pk)


@login_required
@permission_required("assistance.deliver_assistance", raise_exception=True)
@require_POST
def verification_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    verification = selectors.verification_for_user(user, pk)
    distribution = verification.delivery.distribution
    form = VerificationForm(request.POST)
    if form.is_valid():
        try:
            services.verification_record(verification=verification, verified_by=user, **form.cleaned_data)
        except ServiceError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Verification recorded."))
    else:
        messages.error(request, _("Choose what the visit found."))
    return _back(distribution.pk)


@login_required
@permission_required("assistance.change_distribution", raise_exception=True)
@require_POST
def distribution_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    distribution = selectors.distribution_for_user(user, pk)
    try:
        services.distribution_close(distribution=distribution, closed_by=user)
    except ServiceError as refusal:
        messages.error(request, str(refusal))
    return _back(distribution.pk)
