"""Each role's rights, stated explicitly: a change to the role table must change this test too."""

from __future__ import annotations

import pytest

from haven.core.factories import UserFactory
from haven.core.roles import ROLE_PERMISSIONS, Role, permissions_of

ALL = [
    "core.view_auditentry",
    "core.view_user",
    "core.add_user",
    "core.change_user",
    "core.view_all_jobs",
    "geo.load_boundaries",
    "geo.add_location",
    "geo.change_location",
    "geo.delete_location",
    "geo.export_location",
    "geo.change_area",
    "population.view_household",
    "population.add_household",
    "population.change_household",
    "population.import_registrations",
    "population.change_columnmapping",
    "population.export_household",
    "displacement.import_figures",
    "displacement.view_key_informant",
    "displacement.view_round",
    "displacement.view_figuresimport",
    "displacement.view_severityindicator",
    "displacement.add_severityindicator",
    "displacement.change_severityindicator",
    "assistance.view_programme",
    "assistance.add_programme",
    "assistance.change_programme",
    "assistance.add_distribution",
    "assistance.change_distribution",
    "assistance.deliver_assistance",
    "assistance.view_assistance_report",
]
# Planning assistance: programmes, their rules and distributions, serving households and the reports.
ASSISTANCE = {permission for permission in ALL if permission.startswith("assistance.")}
READS_ASSISTANCE = {"assistance.view_programme", "assistance.view_assistance_report"}
REGISTRY = {
    "population.view_household",
    "population.add_household",
    "population.change_household",
    "population.import_registrations",
    "population.export_household",
}

EXPECTED = {
    Role.ADMINISTRATOR: set(ALL),
    Role.IM_OFFICER: {
        "geo.load_boundaries",
        "geo.add_location",
        "geo.change_location",
        "geo.delete_location",
        "geo.export_location",
        "population.change_columnmapping",
        "displacement.import_figures",
        "displacement.view_key_informant",
    }
    | REGISTRY
    | ASSISTANCE,
    Role.FIELD_OFFICER: {"geo.add_location", "geo.change_location", "geo.export_location"}
    | REGISTRY
    | READS_ASSISTANCE
    | {"assistance.deliver_assistance"},
    # Lists name households: a programme manager reads them, without changing the registry.
    Role.PROGRAMME_MANAGER: {"geo.export_location", "population.view_household"} | ASSISTANCE,
    Role.CASE_WORKER: {"population.view_household"},
    Role.BORDER_OFFICER: set(),
    Role.VIEWER: READS_ASSISTANCE,
}


def test_every_role_has_an_entry_in_the_permission_table() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", ALL)
def test_role_grants_exactly_the_expected_permissions(role: Role, permission: str) -> None:
    assert (permission in permissions_of(role)) == (permission in EXPECTED[role])


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_reference_data(role: Role) -> None:
    assert {"geo.view_area", "geo.view_location"} <= permissions_of(role)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_and_exports_displacement_figures_of_its_areas(role: Role) -> None:
    assert {"displacement.view_figures", "displacement.export_figures"} <= permissions_of(role)


def test_unknown_role_grants_nothing() -> None:
    assert permissions_of("warlord") == frozenset()


@pytest.mark.django_db
def test_user_has_perm_answers_from_the_role_table(iraq) -> None:
    officer = UserFactory.create(role="field_officer", areas=[iraq])
    assert officer.has_perm("geo.add_location")
    assert not officer.has_perm("core.view_auditentry")


@pytest.mark.django_db
def test_deactivated_user_has_no_permission(iraq) -> None:
    admin = UserFactory.create(role="administrator", areas=[iraq])
    admin.is_active = False
    assert not admin.has_perm("core.view_auditentry")
