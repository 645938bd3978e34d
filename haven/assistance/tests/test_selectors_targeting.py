"""Who a targeting rule selects: groups, vulnerabilities, size, time, what was received, and the hosts' share."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from haven.assistance.factories import distribution_make, programme_make
from haven.assistance.rules import rule_parse
from haven.assistance.selectors import targeting_preview, targeting_select
from haven.assistance.services import Receipt, deliveries_record_many
from haven.population.factories import household_make, member_make

pytestmark = pytest.mark.django_db


def _groups(chosen: list[Any]) -> list[str]:
    return sorted(row.population_group for row in chosen)


def test_host_households_are_added_to_make_up_the_host_share(manager: Any) -> None:
    for _ in range(6):
        household_make(population_group="idp")
    for _ in range(5):
        household_make(population_group="host_community")
    programme = programme_make()
    chosen, _unknown = targeting_select(
        manager, programme=programme, rule=rule_parse({"population_groups": ["idp"], "host_share": 25})
    )
    assert _groups(chosen) == ["host_community"] * 2 + ["idp"] * 6


def test_a_budget_cap_keeps_the_host_share_and_the_largest_households(manager: Any) -> None:
    for size in (1, 2, 3, 4, 5, 6):
        household_make(
            population_group="idp",
            members=[member_make(f"P{i}", relationship="head" if i == 0 else "son") for i in range(size)],
        )
    for _ in range(3):
        household_make(population_group="host_community")
    rule = rule_parse({"population_groups": ["idp"], "host_share": 50, "max_households": 4})
    chosen, _unknown = targeting_select(manager, programme=programme_make(), rule=rule)
    idps = [row.size for row in chosen if row.population_group == "idp"]
    assert len(chosen) == 4 and idps == [6, 5]


def test_vulnerabilities_size_and_time_since_return_narrow_the_list(manager: Any) -> None:
    household_make(population_group="returnee", returned_on=date(2008, 1, 1), vulnerabilities=["female_headed"])
    household_make(
        population_group="returnee",
        displaced_on=date(2004, 1, 1),
        returned_on=date(2005, 1, 1),
        vulnerabilities=["female_headed"],
    )
    household_make(population_group="returnee", returned_on=date(2008, 1, 1), vulnerabilities=["disability"])
    rule = rule_parse({"population_groups": ["returnee"], "vulnerabilities": ["female_headed"], "max_months_since": 12})
    chosen, _unknown = targeting_select(manager, programme=programme_make(), rule=rule, today=date(2008, 6, 1))
    assert len(chosen) == 1


def test_households_served_by_a_named_programme_are_left_out(manager: Any) -> None:
    household_make()
    household_make()
    first = programme_make(code="FOOD-1")
    distribution = distribution_make(first)
    served = distribution.entitlements.first()
    assert served is not None
    deliveries_record_many(
        distribution=distribution, recorded_by=manager, receipts=[(served.pk, Receipt(delivered_on=date(2008, 6, 1)))]
    )
    rule = rule_parse({"population_groups": ["idp"], "exclude_programmes": ["FOOD-1"]})
    chosen, _unknown = targeting_select(manager, programme=programme_make(), rule=rule)
    assert [row.household_id for row in chosen] != [served.household_id] and len(chosen) == 1


def test_the_preview_counts_by_governorate_and_group_and_names_unknown_areas(manager: Any) -> None:
    household_make("IQG08", population_group="idp")
    household_make("IQG01", population_group="idp")
    household_make("IQG01", population_group="host_community")
    preview = targeting_preview(
        manager,
        programme=programme_make(),
        rule=rule_parse({"population_groups": ["idp"], "host_share": 50, "areas": ["IQG01", "IQG99"]}),
    )
    assert [(code, group, households) for code, _name, group, households, _people in preview.rows] == [
        ("IQG01", "host_community", 1),
        ("IQG01", "idp", 1),
    ]
    assert preview.unknown_areas == ["IQG99"] and preview.host_households == 1


def test_an_officer_lists_only_the_households_of_their_areas(officer_baghdad: Any) -> None:
    household_make("IQG08")
    household_make("IQG01")
    chosen, _unknown = targeting_select(officer_baghdad, programme=programme_make(), rule=rule_parse({}))
    assert len(chosen) == 1
