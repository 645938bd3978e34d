from __future__ import annotations

from decimal import Decimal

import pytest

from haven.core.models import User
from haven.core.roles import Role
from haven.demo.services import DEMO_PASSWORD, DEMO_REGISTERED_AGAIN, demo_load
from haven.funding import selectors as funding_selectors
from haven.geo.selectors import areas_count_by_level, locations_visible_to
from haven.population.selectors import batches_visible_to, households_search, registry_duplicates_visible_to
from haven.projects import selectors as project_selectors

pytestmark = pytest.mark.django_db


def test_demo_has_one_person_per_role_who_can_sign_in() -> None:
    demo_load(households=40, arrivals=30)
    assert {user.role for user in User.objects.all()} == set(Role.values)
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())


def test_demo_carries_the_governorates_and_places_in_the_officers_area() -> None:
    demo_load(households=40, arrivals=30)
    assert areas_count_by_level()[1] == 18
    officer = User.objects.get(username="field.baghdad")
    assert {location.area.pcode for location in locations_visible_to(officer)} == {"IQG08"}


def test_loading_the_demo_again_keeps_what_is_there() -> None:
    demo_load(households=40, arrivals=30)
    admin = User.objects.get(username="admin")
    admin.set_password("changed-by-the-administrator")
    admin.save()
    result = demo_load(households=40, arrivals=30)
    assert result.people_created == []
    assert result.places_created == 0
    assert User.objects.get(username="admin").check_password("changed-by-the-administrator")


def test_demo_registers_a_population_and_leaves_a_batch_for_review() -> None:
    result = demo_load(households=60, arrivals=40)
    officer = User.objects.get(username="field.baghdad")
    assert result.households_registered == 60 and result.individuals_registered > 60
    imo = User.objects.get(username="imo")
    # The imported population, and a few heads registered again through the form for the registry check.
    registered = households_search(imo).count()
    assert 60 < registered <= 60 + DEMO_REGISTERED_AGAIN
    assert {household.area.pcode for household in households_search(officer)} <= {"IQG08"}
    assert {batch.status for batch in batches_visible_to(imo)} == {"merged", "review"}
    assert registry_duplicates_visible_to(imo).count() == registered - 60
    again = demo_load(households=60, arrivals=40)
    assert again.households_registered == 0 and households_search(imo).count() == registered


def test_demo_maps_400_caps_with_38_implementing_and_loads_the_seed_appeal_once() -> None:
    result = demo_load(households=40, arrivals=30)
    manager = User.objects.get(username="programme")
    counts = project_selectors.pipeline_counts(manager)
    assert (result.projects_created, sum(counts.values()), counts["implementing"]) == (400, 400, 38)
    coverage = funding_selectors.appeal_coverage(funding_selectors.appeal_get("IOM-IRQ-2009"))
    assert coverage.total.requirements_usd == Decimal(61_196_920)
    funded = coverage.total.funding_usd
    again = demo_load(households=40, arrivals=30)
    assert (again.projects_created, again.contributions_created) == (0, 0)
    assert funding_selectors.appeal_coverage(coverage.appeal).total.funding_usd == funded
