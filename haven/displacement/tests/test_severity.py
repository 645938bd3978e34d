"""Severity: weighted indicators scored 0-100 and classed low, medium, high."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from haven.displacement.severity import INDICATOR_CODES, PlaceFacts, score, weights_with_defaults
from haven.displacement.vocabulary import Sector, ShelterCategory

BOUNDS = (33.3, 66.7)


def facts(**changes) -> PlaceFacts:
    base = {"status": "updated", "individuals": 100, "shelter": {}, "needed": frozenset(), "received": frozenset(),
            "priorities": {}}  # fmt: skip
    return PlaceFacts(**{**base, **changes})


def test_a_place_in_critical_shelter_with_unmet_needs_scores_high() -> None:
    severe = facts(shelter={ShelterCategory.CRITICAL: 90, ShelterCategory.PRIVATE: 10},
                   needed=frozenset(Sector.values), priorities={"food": 1, "water": 2, "shelter": 3})  # fmt: skip
    result = score(severe, {"critical_shelter": 3.0, "unmet_needs": 2.0}, BOUNDS)
    assert result.value == 94.0 and result.severity == "high"
    by_default = score(severe, weights_with_defaults([]), BOUNDS)
    calm = score(facts(shelter={ShelterCategory.PRIVATE: 50}), weights_with_defaults([]), BOUNDS)
    assert by_default.value is not None and calm.value is not None and by_default.value > 50 > calm.value


def test_a_place_in_private_dwellings_without_needs_scores_low() -> None:
    calm = facts(shelter={ShelterCategory.PRIVATE: 50}, needed=frozenset(), priorities={})
    result = score(calm, weights_with_defaults([]), BOUNDS)
    assert result.severity == "low" and result.value == 0.0


def test_a_place_with_nothing_measured_is_unscored() -> None:
    result = score(facts(), {"critical_shelter": 1.0}, BOUNDS)
    assert result.value is None and result.severity == ""


def test_weights_set_by_an_administrator_replace_the_defaults_and_inactive_ones_count_nothing() -> None:
    weights = weights_with_defaults([("critical_shelter", 10.0, True), ("camp_shelter", 5.0, False)])
    assert weights["critical_shelter"] == 10.0 and weights["camp_shelter"] == 0.0
    only_camp = score(facts(shelter={ShelterCategory.CAMP: 10}), {"camp_shelter": 1.0}, BOUNDS)
    assert only_camp.value == 100.0


@given(
    st.dictionaries(st.sampled_from(ShelterCategory.values), st.integers(0, 10_000)),
    st.frozensets(st.sampled_from(Sector.values)),
    st.frozensets(st.sampled_from(Sector.values)),
    st.dictionaries(st.sampled_from(Sector.values), st.integers(1, 5)),
    st.dictionaries(st.sampled_from(INDICATOR_CODES), st.floats(0, 100)),
    st.sampled_from(["new", "updated", "not_accessible"]),
)
def test_every_score_lies_between_0_and_100(shelter, needed, received, priorities, weights, status) -> None:
    result = score(facts(shelter=shelter, needed=needed, received=received, priorities=priorities, status=status),
                   weights, BOUNDS)  # fmt: skip
    assert result.value is None or 0 <= result.value <= 100
    assert (result.value is None) == (result.severity == "")
