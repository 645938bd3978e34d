"""Targeting rules as a programme manager types them: parsed, checked field by field, kept as JSON."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.assistance.rules import MAX_HOST_SHARE, RuleError, host_count, rule_parse, split_cap
from haven.population.vocabulary import PopulationGroup, Vulnerability

rules = st.fixed_dictionaries(
    {},
    optional={
        "population_groups": st.lists(st.sampled_from(PopulationGroup.values), unique=True),
        "vulnerabilities": st.lists(st.sampled_from(Vulnerability.values), unique=True),
        "min_size": st.integers(1, 10),
        "max_months_since": st.integers(0, 1200),
        "host_share": st.integers(0, MAX_HOST_SHARE),
        "max_households": st.integers(1, 100_000),
        "areas": st.lists(st.from_regex(r"IQG[0-9]{2}", fullmatch=True), unique=True),
    },
)


@given(rules)
def test_a_saved_rule_reads_back_the_same(data: dict[str, object]) -> None:
    if data.get("host_share") and data.get("population_groups") == ["host_community"]:
        with pytest.raises(RuleError, match="host_share"):
            rule_parse(data)
        return
    rule = rule_parse(data)
    assert rule_parse(rule.as_json()) == rule


@given(st.one_of(st.text(max_size=8), st.floats(allow_nan=True), st.booleans()))
def test_any_wrong_number_is_named_by_its_field_never_a_crash(value: object) -> None:
    errors: dict[str, str] = {}
    try:
        rule = rule_parse({"min_size": value})
    except RuleError as wrong:
        errors = wrong.errors
    else:
        assert rule.min_size is None or 1 <= rule.min_size <= 100
    assert set(errors) <= {"min_size"}


def test_sizes_and_times_that_contradict_each_other_are_refused() -> None:
    with pytest.raises(RuleError) as wrong:
        rule_parse({"min_size": 6, "max_size": 2, "min_months_since": 24, "max_months_since": 6})
    assert set(wrong.value.errors) == {"max_size", "max_months_since"}


def test_unknown_groups_and_vulnerabilities_are_named() -> None:
    with pytest.raises(RuleError, match="Unknown value: nomad"):
        rule_parse({"population_groups": ["idp", "nomad"]})


def test_groups_may_be_typed_as_comma_separated_text() -> None:
    assert rule_parse({"population_groups": "idp, returnee"}).population_groups == ("idp", "returnee")


@given(st.integers(1, 1_000_000), st.integers(1, MAX_HOST_SHARE))
def test_host_households_make_up_the_share_asked_for(targeted: int, share: int) -> None:
    hosts = host_count(targeted=targeted, host_share=share)
    assert abs(hosts - share / 100 * (targeted + hosts)) <= 1


@given(st.integers(1, 1_000_000), st.integers(0, MAX_HOST_SHARE))
def test_a_capped_list_never_exceeds_its_cap(cap: int, share: int) -> None:
    targeted, hosts = split_cap(cap=cap, host_share=share)
    assert targeted + hosts == cap and targeted >= 0
