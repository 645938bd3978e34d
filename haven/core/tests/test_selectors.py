from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from haven.core import selectors
from haven.core.factories import UserFactory, area_make


@pytest.mark.django_db
def test_scope_covers_the_area_and_everything_below_it(baghdad, anbar, field_officer) -> None:
    karkh = area_make("IQG08Q01", "Al-Karkh", parent=baghdad)
    ramadi = area_make("IQG01Q01", "Al-Ramadi", parent=anbar)
    area_model = apps.get_model("geo", "Area")
    visible = set(area_model.objects.filter(selectors.scope_q(field_officer, "parent")))
    assert karkh in visible
    assert ramadi not in visible


@pytest.mark.django_db
def test_a_user_without_areas_sees_nothing(iraq) -> None:
    nobody = UserFactory.create(role="field_officer", areas=[])
    area_model = apps.get_model("geo", "Area")
    area_make("IQG08", "Baghdad", parent=iraq)
    assert not area_model.objects.filter(selectors.scope_q(nobody, "parent")).exists()


def test_anonymous_has_no_scope() -> None:
    assert selectors.user_area_paths(AnonymousUser()) == []


@pytest.mark.django_db
def test_area_path_in_scope_does_not_match_a_sibling_with_a_longer_code(iraq) -> None:
    g01 = area_make("IQG01", "Al-Anbar", parent=iraq)
    area_make("IQG010", "Fictional", parent=iraq)
    officer = UserFactory.create(role="field_officer", areas=[g01])
    assert selectors.area_path_in_scope(officer, "IQ/IQG01/IQG01Q01/")
    assert not selectors.area_path_in_scope(officer, "IQ/IQG010/")


@pytest.mark.django_db
def test_jobs_are_private_to_their_owner_except_for_administrators(administrator, field_officer, iraq) -> None:
    from haven.core.services import job_create

    other = UserFactory.create(role="field_officer", areas=[iraq])
    job = job_create(kind="test", title="Mine", created_by=field_officer)
    assert list(selectors.jobs_visible_to(field_officer)) == [job]
    assert list(selectors.jobs_visible_to(other)) == []
    assert list(selectors.jobs_visible_to(administrator)) == [job]


@pytest.mark.django_db
def test_only_administrators_read_the_audit_log(administrator, field_officer) -> None:
    assert selectors.audit_entries_visible_to(administrator).exists()
    assert not selectors.audit_entries_visible_to(field_officer).exists()
