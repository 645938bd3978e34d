"""Pages of the registry: search, a household's record, registering and changing it. Thin: parse, call, render."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.core.context import signed_in_user
from haven.core.exports import csv_download
from haven.core.models import AuditAction, User
from haven.core.paging import page_of
from haven.core.services import ServiceError, audit_record
from haven.geo.selectors import area_resolve, areas_for_user, locations_visible_to
from haven.population import selectors, services
from haven.population.alike import Alike, PersonTyped, lookup_warm, people_alike
from haven.population.forms.households import (
    HouseholdForm,
    HouseholdSearchForm,
    MemberForm,
    MemberFormSet,
    PeopleSearchForm,
    SituationForm,
)
from haven.population.models import COMPOSITION_FIELDS, Household, Individual, field_label
from haven.population.services import HouseholdDetails
from haven.population.vocabulary import DocumentType, Relationship

PER_PAGE = 25


@login_required
@permission_required("population.view_household", raise_exception=True)
@require_GET
def household_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form, households = _searched(request)
    paging = page_of(
        request, selectors.heads_prefetched(households) if households is not None else [], per_page=PER_PAGE
    )
    audit_record(
        actor=user, action=AuditAction.VIEW, object_type="population.household",
        detail=_("household list: %(query)s") % {"query": request.GET.urlencode()[:300] or "-"},
    )  # fmt: skip
    return render(
        request,
        "population/household_list.html",
        {"form": form, **paging, "figures": selectors.registry_figures(user), "section": "registry"},
    )


def _searched(request: HttpRequest) -> tuple[HouseholdSearchForm, QuerySet[Household] | None]:
    """The search form and the households it finds; None when the search itself is wrong."""
    form = HouseholdSearchForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        area_text = form.cleaned_data["area"].strip()
        area = area_resolve(area_text) if area_text else None
        if area_text and area is None:
            form.add_error("area", _("No area matches this."))
        filters = {
            "text": form.cleaned_data["q"], "population_group": form.cleaned_data["population_group"], "area": area,
        }  # fmt: skip
    if form.errors:
        return form, None
    return form, selectors.households_search(signed_in_user(request), **filters)


def _head_name(household: Household, field: str) -> str:
    """A name of the household's head, from `selectors.heads_prefetched`; blank without consent."""
    heads: list[Individual] = getattr(household, "heads", [])
    return str(getattr(heads[0], field)) if heads else ""


@login_required
@permission_required("population.export_household", raise_exception=True)
@require_GET
def household_export(request: HttpRequest) -> HttpResponse:
    """The households the search finds, one row each with the head's name; audited as an export."""
    user = signed_in_user(request)
    _form, households = _searched(request)
    if households is None:
        return HttpResponseRedirect(reverse("population:household-list") + "?" + request.GET.urlencode())
    header = [_("Registration number"), _("Population group"), _("Area P-code"), _("Area"), _("Location"),
              _("Head (Arabic)"), _("Head (Latin)"), _("Size"), *COMPOSITION_FIELDS, _("Displaced on"),
              _("Returned on"), _("Shelter"), _("Registered on")]  # fmt: skip
    rows = (
        [
            h.registration_number,
            h.population_group,
            h.area.pcode,
            h.area.name_en,
            h.location.code if h.location else "",
            _head_name(h, "name_ar"),
            _head_name(h, "name_latin"),
            h.size,
            *(getattr(h, name) for name in COMPOSITION_FIELDS),
            h.displaced_on or "",
            h.returned_on or "",
            h.shelter,
            h.registered_on,
        ]
        for h in selectors.heads_prefetched(households).iterator(chunk_size=2000)
    )
    response, count = csv_download(filename="households.csv", header=header, rows=rows)
    audit_record(
        actor=user, action=AuditAction.EXPORT, object_type="population.household",
        detail=_("%(count)s households exported: %(query)s") % {"count": count, "query": request.GET.urlencode()[:300]},
    )  # fmt: skip
    return response


def _people_query(request: HttpRequest) -> tuple[PeopleSearchForm, str]:
    form = PeopleSearchForm(request.GET or None)
    return form, form.cleaned_data["q"] if form.is_valid() else ""


@login_required
@permission_required("population.view_household", raise_exception=True)
@require_GET
def individual_list(request: HttpRequest) -> HttpResponse:
    """People rather than households: every member whose name, phone or document matches."""
    user = signed_in_user(request)
    form, text = _people_query(request)
    people = selectors.individuals_search(user, text=text, include_inactive=True) if text else Individual.objects.none()
    audit_record(
        actor=user, action=AuditAction.VIEW, object_type="population.individual",
        detail=_("people search: %(query)s") % {"query": request.GET.urlencode()[:300] or "-"},
    )  # fmt: skip
    return render(
        request,
        "population/individual_list.html",
        {"form": form, **page_of(request, people, per_page=PER_PAGE), "searched": bool(text), "section": "registry"},
    )


@login_required
@permission_required("population.export_household", raise_exception=True)
@require_GET
def individual_export(request: HttpRequest) -> HttpResponse:
    """The people a search finds, with names in both scripts; audited as an export of personal data."""
    user = signed_in_user(request)
    _form, text = _people_query(request)
    people = selectors.individuals_search(user, text=text)
    header = [
        _("Registration number"), _("Relationship"), _("Given name"), _("Father's name"), _("Grandfather's name"),
        _("Family name"), _("Name in Arabic script"), _("Name in Latin letters"), _("Sex"), _("Birth date"),
        _("Birth date precision"), _("Phone"), _("Area P-code"), _("Status"),
    ]  # fmt: skip
    rows = (
        [
            p.household.registration_number,
            p.relationship,
            p.given_name,
            p.father_name,
            p.grandfather_name,
            p.family_name,
            p.name_ar,
            p.name_latin,
            p.sex,
            p.birth_date or "",
            p.birth_precision,
            p.phone,
            p.household.area.pcode,
            p.status,
        ]
        for p in people.iterator(chunk_size=2000)
    )
    response, count = csv_download(filename="people.csv", header=header, rows=rows)
    audit_record(
        actor=user, action=AuditAction.EXPORT, object_type="population.individual",
        detail=_("%(count)s people exported: %(query)s") % {"count": count, "query": request.GET.urlencode()[:300]},
    )  # fmt: skip
    return response


@login_required
@permission_required("population.view_household", raise_exception=True)
@require_GET
def household_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = signed_in_user(request)
    household = selectors.household_for_user(user, number)
    audit_record(actor=user, action=AuditAction.VIEW, target=household)
    return render(
        request,
        "population/household_detail.html",
        {
            "household": household,
            "members": selectors.household_members(household),
            "history": selectors.household_history(household),
            "composition": [(field_label(Household, name), getattr(household, name)) for name in COMPOSITION_FIELDS],
            "section": "registry",
        },
    )


def _form_context(user: User, **context: Any) -> dict[str, Any]:
    return {
        "areas": areas_for_user(user)[:500],
        "locations": locations_visible_to(user)[:500],
        "composition_fields": COMPOSITION_FIELDS,
        "section": "registry",
        **context,
    }


def _bound_forms(request: HttpRequest, household: Household | None) -> tuple[HouseholdForm, Any]:
    if request.method == "POST":
        return HouseholdForm(request.POST), MemberFormSet(request.POST, prefix="members")
    if household is None:
        return HouseholdForm(initial={"consent_given": True}), MemberFormSet(
            prefix="members", initial=[{"relationship": Relationship.HEAD}]
        )
    members = [MemberForm.initial_for(member) for member in selectors.household_members(household)]
    return HouseholdForm(initial=HouseholdForm.initial_for(household)), MemberFormSet(prefix="members", initial=members)


def _members_valid(form: HouseholdForm, members: Any) -> bool:
    """Members are read only when the household consented; without consent only its counts are kept."""
    return not form.cleaned_data.get("consent_given") or bool(members.is_valid())


def _people(form: HouseholdForm, members: Any) -> list[services.MemberDetails]:
    if not form.cleaned_data.get("consent_given"):
        return []
    return [member.member() for member in members if member.has_changed() or member.cleaned_data.get("id")]


def _household_form_page(request: HttpRequest, household: Household | None) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "GET":
        lookup_warm()
    form, members = _bound_forms(request, household)
    if request.method == "POST" and form.is_valid() and _members_valid(form, members):
        people = _people(form, members)
        try:
            if household is None:
                saved = services.household_register(registered_by=user, details=form.details(), members=people)
                messages.success(request, _("Household %(number)s registered.") % {"number": saved.registration_number})
            else:
                saved = services.household_update(
                    household=household, updated_by=user, details=form.details(), members=people
                )
                messages.success(request, _("Household %(number)s saved.") % {"number": saved.registration_number})
        except (ServiceError, PermissionDenied) as refusal:
            form.add_error(None, str(refusal))
        else:
            return HttpResponseRedirect(reverse("population:household-detail", args=[saved.registration_number]))
    return render(
        request,
        "population/household_form.html",
        _form_context(user, form=form, members=members, household=household),
    )


@login_required
@permission_required("population.add_household", raise_exception=True)
@require_http_methods(["GET", "POST"])
def household_register(request: HttpRequest) -> HttpResponse:
    return _household_form_page(request, None)


@login_required
@permission_required("population.change_household", raise_exception=True)
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, number: str) -> HttpResponse:
    household = selectors.household_for_user(signed_in_user(request), number)
    return _household_form_page(request, household)


@login_required
@permission_required("population.add_household", raise_exception=True)
@require_POST
def household_check(request: HttpRequest) -> HttpResponse:
    """The registration form's problems as the officer types, without saving anything."""
    form, members = HouseholdForm(request.POST), MemberFormSet(request.POST, prefix="members")
    problems: list[str] = []
    form_ok = form.is_valid()
    members_ok = _members_valid(form, members) if form_ok else members.is_valid()
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems += [f"{label}: {error}" if label else str(error) for error in errors]
    for number, member in enumerate(members if not members_ok else [], start=1):
        for name, errors in member.errors.items():
            label = member.fields[name].label if name in member.fields else ""
            where = {"number": number, "field": label}
            problems += [_("Member %(number)s, %(field)s: %(error)s") % {**where, "error": e} for e in errors]
    problems += [str(error) for error in members.non_form_errors()] if not members_ok else []
    alike = _alike(request, form, members)
    if form_ok and members_ok:
        people = _people(form, members)
        details = form.details()
        try:
            services.household_details_check(details)
            if details.consent_given:
                services.members_check(people)
        except ServiceError as refusal:
            problems.append(str(refusal))
    return render(request, "population/_form_check.html", {"problems": problems, "alike": alike})


def _alike(request: HttpRequest, form: HouseholdForm, members: Any) -> list[Alike]:
    """Registered people who may be the members typed so far (read from whatever fields are valid)."""
    if form.is_bound and form.is_valid() and not form.cleaned_data.get("consent_given"):
        return []
    user = signed_in_user(request)
    editing = None
    if number := request.GET.get("household", ""):
        with suppress(Http404):
            editing = selectors.household_for_user(user, number).pk
    typed = []
    for member in members.forms:
        data = getattr(member, "cleaned_data", {}) or {}
        birth = data.get("birth")
        numbers = tuple(data.get(kind, "") for kind in DocumentType.values if data.get(kind, "").strip())
        typed.append(
            PersonTyped(
                given_name=data.get("given_name", ""), father_name=data.get("father_name", ""),
                grandfather_name=data.get("grandfather_name", ""), family_name=data.get("family_name", ""),
                sex=data.get("sex", ""), birth_date=birth[0] if birth else None,
                birth_precision=birth[1] if birth else "day", phone=data.get("phone", ""), document_numbers=numbers,
            )
        )  # fmt: skip
    return people_alike(user, typed, exclude_household=editing)


@login_required
@permission_required("population.change_household", raise_exception=True)
@require_http_methods(["GET", "POST"])
def household_situation(request: HttpRequest, number: str) -> HttpResponse:
    user = signed_in_user(request)
    household = selectors.household_for_user(user, number)
    initial = {
        "population_group": household.population_group, "area": household.area.pcode,
        "location": household.location.code if household.location else "", "occurred_on": timezone.localdate(),
    }  # fmt: skip
    form = SituationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = HouseholdDetails(
            population_group=data["population_group"], area=data["area"], location=data.get("location"),
            origin_area=household.origin_area, origin_country=household.origin_country,
            displaced_on=household.displaced_on, returned_on=household.returned_on, shelter=household.shelter,
            needs=household.needs, vulnerabilities=household.vulnerabilities, consent_given=household.consent_given,
            consent_date=household.consent_date, consent_scope=household.consent_scope,
            composition=household.composition,
        )  # fmt: skip
        try:
            services.household_update(
                household=household, updated_by=user, details=details, occurred_on=data["occurred_on"],
                note=data.get("note", ""),
            )  # fmt: skip
        except (ServiceError, PermissionDenied) as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The change is recorded in the household's history."))
            return HttpResponseRedirect(reverse("population:household-detail", args=[household.registration_number]))
    return render(
        request,
        "population/household_situation.html",
        _form_context(user, form=form, household=household),
    )
