from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from haven.core.models import AuditEntry
from haven.core.services import ServiceError
from haven.geo.selectors import area_get
from haven.projects import selectors, services
from haven.projects.models import Project, Stage


def _create(user: Any, code: str = "CAP-1", pcode: str = "IQG08", **kwargs: Any) -> Project:
    area = area_get(pcode)
    assert area is not None
    return services.project_create(
        created_by=user, code=code, title="Water network", sector="wash", area=area, budget_usd=Decimal(1000), **kwargs
    )


def test_a_new_project_is_identified_dated_and_attributed(make_user: Any) -> None:
    manager = make_user("layla")
    project = _create(manager, identified_on=dt.date(2008, 3, 1))
    step = project.stage_changes.get()
    assert (project.stage, step.stage, step.on, step.by) == (
        Stage.IDENTIFIED,
        Stage.IDENTIFIED,
        dt.date(2008, 3, 1),
        manager,
    )
    assert AuditEntry.objects.filter(
        object_type="projects.project", object_id=str(project.pk), action="create"
    ).exists()


def test_a_project_moves_through_the_pipeline_one_step_at_a_time(make_user: Any) -> None:
    manager = make_user("layla")
    project = _create(manager, identified_on=dt.date(2008, 1, 1))
    with pytest.raises(ServiceError, match="cannot move to approved"):
        services.project_advance(project=project, stage=Stage.APPROVED, by=manager, on=dt.date(2008, 2, 1))
    for day, stage in enumerate(["assessed", "approved", "implementing", "completed"], start=2):
        services.project_advance(project=project, stage=stage, by=manager, on=dt.date(2008, day, 1))
    project.refresh_from_db()
    assert project.stage == Stage.COMPLETED
    assert project.start_date == dt.date(2008, 4, 1) and project.end_date == dt.date(2008, 5, 1)
    assert [s.stage for s in project.stage_changes.all()] == [
        "identified", "assessed", "approved", "implementing", "completed",
    ]  # fmt: skip
    assert services.next_stages(project) == []


def test_a_step_cannot_be_dated_before_the_previous_one(make_user: Any) -> None:
    manager = make_user("layla")
    project = _create(manager, identified_on=dt.date(2008, 5, 1))
    with pytest.raises(ServiceError, match="before the previous one"):
        services.project_advance(project=project, stage="assessed", by=manager, on=dt.date(2008, 4, 1))


def test_cancelling_needs_a_reason_and_ends_the_pipeline(make_user: Any) -> None:
    manager = make_user("layla")
    project = _create(manager)
    with pytest.raises(ServiceError, match="why"):
        services.project_advance(project=project, stage="cancelled", by=manager)
    services.project_advance(project=project, stage="cancelled", by=manager, note="Site no longer accessible")
    project.refresh_from_db()
    assert project.stage == "cancelled" and services.next_stages(project) == []


def test_a_manager_cannot_create_or_move_projects_outside_their_areas(make_user: Any) -> None:
    baghdad_only = make_user("zainab", pcodes=["IQG08"])
    with pytest.raises(ServiceError, match="outside your areas"):
        _create(baghdad_only, pcode="IQG01")
    project = _create(make_user("layla"), pcode="IQG01")
    with pytest.raises(ServiceError, match="outside your areas"):
        services.project_advance(project=project, stage="assessed", by=baghdad_only)


def test_duplicate_codes_and_negative_amounts_are_refused(make_user: Any) -> None:
    manager = make_user("layla")
    project = _create(manager)
    with pytest.raises(ServiceError, match="already in use"):
        _create(manager)
    with pytest.raises(ServiceError, match="negative"):
        services.project_spending_set(project=project, spent_usd=Decimal(-1), by=manager)


def test_beneficiaries_are_kept_by_population_group_with_the_registry_codes(make_user: Any) -> None:
    manager = make_user("layla")
    project = _create(manager)
    services.project_beneficiaries_set(
        project=project, figures={"idp": (300, 120), "returnee": (100, 20), "host_community": (80, 80)}, by=manager
    )
    with pytest.raises(ServiceError, match="Unknown population group"):
        services.project_beneficiaries_set(project=project, figures={"refugee": (1, 1)}, by=manager)
    reach = {row.population_group: (row.targeted, row.reached) for row in selectors.beneficiaries_by_group(manager)}
    assert reach == {"idp": (300, 120), "returnee": (100, 20), "host_community": (80, 80)}


def test_selectors_show_only_projects_in_the_users_areas(make_user: Any) -> None:
    manager = make_user("layla")
    _create(manager, code="CAP-B", pcode="IQG08")
    _create(manager, code="CAP-A", pcode="IQG01")
    baghdad_only = make_user("zainab", pcodes=["IQG08"])
    assert [p.code for p in selectors.projects_visible_to(baghdad_only)] == ["CAP-B"]
    assert [p.code for p in selectors.projects_visible_to(manager, area="IQG01")] == ["CAP-A"]
    board = {column.stage: [p.code for p in column.projects] for column in selectors.pipeline_board(manager)}
    assert board["identified"] == ["CAP-A", "CAP-B"] and board["implementing"] == []
    totals = {column.stage: (column.total, column.budget_usd) for column in selectors.pipeline_board(manager)}
    assert totals["identified"] == (2, Decimal(2000)) and selectors.pipeline_counts(manager)["identified"] == 2
