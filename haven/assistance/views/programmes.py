"""Pages of programmes: the list, a new programme, its targeting rule with a preview, planning a distribution."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.assistance import selectors, services
from haven.assistance.forms import DistributionForm, ProgrammeForm, TargetingForm
from haven.assistance.rules import RuleError, rule_parse
from haven.core.context import signed_in_user
from haven.core.services import ServiceError
from haven.population.vocabulary import PopulationGroup

SECTION = "assistance"


@login_required
@permission_required("assistance.view_programme", raise_exception=True)
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    programmes = selectors.programmes_visible_to(user).order_by("-starts_on", "code")
    rows = [(programme, selectors.programme_figures(programme)) for programme in programmes]
    return render(request, "assistance/programme_list.html", {"rows": rows, "section": SECTION})


@login_required
@permission_required("assistance.add_programme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(created_by=user, **form.cleaned_data)
        except (ServiceError, RuleError) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Programme %(code)s created; now set who it serves.") % {"code": programme.code}
            )
            return HttpResponseRedirect(reverse("assistance:programme-targeting", args=[programme.pk]))
    return render(request, "assistance/programme_form.html", {"form": form, "section": SECTION})


@login_required
@permission_required("assistance.view_programme", raise_exception=True)
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    programme = selectors.programme_for_user(user, pk)
    distributions = selectors.distributions_visible_to(user).filter(programme=programme)
    return render(request, "assistance/programme_detail.html", {
        "programme": programme, "rule": rule_parse(programme.targeting), "distributions": distributions,
        "figures": selectors.programme_figures(programme), "section": SECTION,
    })  # fmt: skip


@login_required
@permission_required("assistance.change_programme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def programme_targeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the rule; *Preview* counts who it selects by governorate and group, *Save* keeps it."""
    user = signed_in_user(request)
    programme = selectors.programme_for_user(user, pk)
    form = TargetingForm(request.POST or None, initial=TargetingForm.initial_of(programme.targeting))
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            rule = rule_parse(form.cleaned_data)
        except RuleError as wrong:
            for name, message in wrong.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            preview = selectors.targeting_preview(user, programme=programme, rule=rule)
            if preview.unknown_areas:
                form.add_error(
                    "areas", _("No area has the code %(codes)s.") % {"codes": ", ".join(preview.unknown_areas)}
                )
            elif request.POST.get("action") == "save":
                services.programme_targeting_set(programme=programme, rule=rule, changed_by=user)
                messages.success(
                    request,
                    _("Targeting rule saved: %(count)s households match it today.") % {"count": preview.households},
                )
                return HttpResponseRedirect(reverse("assistance:programme-detail", args=[programme.pk]))
    labels = dict(PopulationGroup.choices)
    rows = (
        [(code, name, labels.get(group, group), *counts) for code, name, group, *counts in preview.rows]
        if preview
        else []
    )
    return render(request, "assistance/programme_targeting.html", {
        "programme": programme, "form": form, "preview": preview, "preview_rows": rows, "section": SECTION,
    })  # fmt: skip


@login_required
@permission_required("assistance.add_distribution", raise_exception=True)
@require_http_methods(["GET", "POST"])
def distribution_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    programme = selectors.programme_for_user(user, pk)
    form = DistributionForm(request.POST or None, initial={"area": programme.area.pcode})
    if request.method == "POST" and form.is_valid():
        try:
            distribution = services.distribution_create(programme=programme, created_by=user, **form.cleaned_data)
        except ServiceError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Distribution planned. Generate its list when the rule is right."))
            return HttpResponseRedirect(reverse("assistance:distribution-detail", args=[distribution.pk]))
    return render(
        request, "assistance/distribution_form.html", {"programme": programme, "form": form, "section": SECTION}
    )
