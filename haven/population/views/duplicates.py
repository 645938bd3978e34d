"""Pages of people registered twice: the pairs the registry check found, side by side, to decide.

Thin: the check runs in the worker (`tasks.registry_check_start`); decisions go through
`services.registry_duplicate_decide`, which merges or remembers.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.core.context import signed_in_user
from haven.core.models import AuditAction, User
from haven.core.paging import page_of
from haven.core.services import ServiceError, audit_record
from haven.population import selectors, services
from haven.population.forms.imports import DuplicateDecisionForm
from haven.population.models import DuplicateDecision, RegistryDuplicate
from haven.population.tasks import registry_check_running, registry_check_start

DECIDE = "population.change_household"
CHECK = "population.import_registrations"
PER_PAGE = 20


def _read_logged(user: User, pairs: list[RegistryDuplicate]) -> None:
    if pairs:
        audit_record(
            actor=user, action=AuditAction.VIEW, object_type="registry duplicates",
            detail=_("%(count)s pairs of registered people compared") % {"count": len(pairs)},
        )  # fmt: skip


@login_required
@permission_required(DECIDE, raise_exception=True)
@require_GET
def registry_duplicates(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    decision = request.GET.get("decision", DuplicateDecision.PENDING)
    if decision not in DuplicateDecision.values:
        decision = DuplicateDecision.PENDING
    counts = selectors.registry_duplicate_counts(user)
    listing = page_of(request, selectors.registry_duplicates_visible_to(user, decision=decision), per_page=PER_PAGE)
    _read_logged(user, list(cast(Page[RegistryDuplicate], listing["page"])))
    return render(
        request,
        "population/registry_duplicates.html",
        {
            **listing,
            "decision": decision,
            "decisions": [(value, label, counts[value]) for value, label in DuplicateDecision.choices],
            "running": registry_check_running(),
            "can_check": user.has_perm(CHECK),
            "section": "registry",
        },
    )


@login_required
@permission_required(CHECK, raise_exception=True)
@require_POST
def registry_check(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    try:
        job = registry_check_start(started_by=user)
    except ServiceError as refusal:
        messages.error(request, str(refusal))
        return redirect("population:registry-duplicates")
    return redirect("core:job", job_id=job.pk)


@login_required
@permission_required(DECIDE, raise_exception=True)
@require_POST
def registry_duplicate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision; to htmx, the pair's card as it now stands."""
    user = signed_in_user(request)
    pair = selectors.registry_duplicate_for_user(user, pk)
    form = DuplicateDecisionForm(request.POST)
    problem = ""
    if not form.is_valid():
        problem = _("Choose “Same person” or “Different people”.")
    else:
        try:
            pair = services.registry_duplicate_decide(
                pair=pair, decision=form.cleaned_data["decision"], decided_by=user
            )
        except ServiceError as refusal:
            problem = str(refusal)
    if not request.headers.get("HX-Request"):
        if problem:
            messages.error(request, problem)
        return redirect(reverse("population:registry-duplicates") + f"#pair-{pair.pk}")
    pair = selectors.registry_duplicate_for_user(user, pk)
    return render(request, "population/_registry_duplicate.html", {"pair": pair, "problem": problem,
                                                                     "can_decide": True})  # fmt: skip
