"""Reports: families and people reached, estimated where only families are known; balance between groups."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from haven.assistance.factories import distribution_make, programme_make
from haven.assistance.reports import THREE_W_COLUMNS, balance_by_group, deliveries_visible_to, reached, three_w_rows
from haven.assistance.services import Receipt, deliveries_record_many
from haven.population.factories import household_make, member_make

pytestmark = pytest.mark.django_db
ON = date(2008, 6, 1)


def _serve_all(distribution: Any, user: Any) -> None:
    receipts = [(entitlement.pk, Receipt(delivered_on=ON)) for entitlement in distribution.entitlements.all()]
    deliveries_record_many(distribution=distribution, receipts=receipts, recorded_by=user)


def _registry(manager: Any) -> None:
    for _ in range(3):
        household_make(
            "IQG08", population_group="idp", members=[member_make("A"), member_make("B", relationship="son")]
        )
    household_make("IQG08", population_group="host_community", members=[member_make("C")])
    household_make("IQG01", population_group="idp", members=[], consent_given=False, composition={"males_18_59": 1})


def test_balance_flags_a_group_served_beyond_its_share(manager: Any) -> None:
    _registry(manager)
    _serve_all(distribution_make(programme_make(), pcode="IQG08"), manager)
    rows = {(row.area, row.population_group): row for row in balance_by_group(user=manager)}
    idp, host = rows["IQG08", "idp"], rows["IQG08", "host_community"]
    assert (idp.households, idp.assisted_households, idp.population_share, idp.assistance_share) == (3, 3, 0.75, 1.0)
    assert idp.imbalanced and host.imbalanced and host.assistance_share == 0
    # Nothing was handed out in Al-Anbar: nothing to flag there.
    assert not rows["IQG01", "idp"].imbalanced


def test_a_host_share_in_the_rule_keeps_the_balance(manager: Any) -> None:
    _registry(manager)
    programme = programme_make(targeting={"population_groups": ["idp"], "host_share": 25})
    _serve_all(distribution_make(programme, pcode="IQG08"), manager)
    assert not any(row.imbalanced for row in balance_by_group(user=manager) if row.area == "IQG08")


def test_balance_command_prints_the_documented_columns(manager: Any) -> None:
    _registry(manager)
    programme = programme_make()
    _serve_all(distribution_make(programme, pcode="IQG08"), manager)
    out = io.StringIO()
    call_command(
        "assistance",
        "--as",
        manager.username,
        "balance",
        "--area",
        "IQG08",
        "--programme",
        programme.code,
        "--format",
        "csv",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "area,group,households,population_share,assisted_households,assistance_share,imbalanced"
    assert "IQG08,idp,3,0.750,3,1.000,yes" in lines


def test_individuals_are_estimated_where_only_families_are_known(manager: Any) -> None:
    _registry(manager)
    programme = programme_make()
    _serve_all(distribution_make(programme, pcode="IQG08"), manager)
    anbar = distribution_make(programme, pcode="IQG01")
    # A list sent without household sizes (a partner's list of families): only the families are known.
    anbar.entitlements.update(household_size=0)
    _serve_all(anbar, manager)
    rows = {row.key: row for row in reached(deliveries_visible_to(manager), by="area")}
    assert (rows["IQG08"].families, rows["IQG08"].individuals, rows["IQG08"].estimated) == (3, 6, False)
    assert (rows["IQG01"].families, rows["IQG01"].individuals, rows["IQG01"].estimated) == (1, 6, True)
    by_month = reached(deliveries_visible_to(manager, since=date(2008, 6, 1), until=date(2008, 6, 30)), by="month")
    assert [(row.key, row.families) for row in by_month] == [("2008-06", 4)]


def test_three_w_rows_carry_who_what_where_and_when(manager: Any) -> None:
    _registry(manager)
    _serve_all(distribution_make(programme_make(code="EDA-1"), pcode="IQG08"), manager)
    rows = three_w_rows(deliveries_visible_to(manager))
    assert len(THREE_W_COLUMNS[0]) == 2 and THREE_W_COLUMNS[0][1] == "#org+impl"
    assert rows == [
        [
            "IOM Iraq",
            "Food Security",
            "Food parcel",
            "In kind",
            "Emergency food to displaced families",
            "EDA-1",
            "",
            "Baghdad",
            "IQG08",
            "idp",
            3,
            6,
            "",
            ON,
            ON,
            "Active",
        ]
    ]


def test_a_viewer_outside_the_area_sees_no_deliveries(manager: Any, make_user: Any) -> None:
    _registry(manager)
    _serve_all(distribution_make(programme_make(), pcode="IQG08"), manager)
    viewer = make_user("nour", "viewer", ["IQG01"])
    assert not deliveries_visible_to(viewer).exists()
