from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from haven.geo.factories import LocationFactory
from haven.geo.selectors import (
    area_ancestors,
    area_children,
    area_get,
    area_resolve,
    area_resolve_candidates,
    areas_count_by_level,
    location_for_user,
    locations_visible_to,
)


@pytest.mark.parametrize(
    "text", ["IRQ-G01", "iqg01", " IQG01 ", "Al-Anbar", "Anbar", "anbar", "AL ANBAR", "الانبار", "الأنبار", "انبار"]
)
def test_codes_and_names_of_anbar_resolve_to_it(districts: Any, text: str) -> None:
    assert area_resolve(text) == area_get("IQG01")


@pytest.mark.parametrize("text", ["IRQ-G02", "iqg02", " IQG02 ", "Basra", "Al-Basrah", "البصرة"])
def test_codes_and_names_of_basrah_resolve_to_it(districts: Any, text: str) -> None:
    assert area_resolve(text, level=1) == area_get("IQG02")


def test_district_pcodes_resolve_in_every_form(districts: Any) -> None:
    district = area_get("IQG01Q01")
    assert district is not None
    assert area_resolve("IRQ-G01Q01") == district
    assert area_resolve("iqg01q01") == district


def test_a_name_shared_by_several_areas_resolves_to_none_but_lists_them(districts: Any) -> None:
    # Districts named after their governorate's capital share names across levels.
    shared = [name for name in ("Al-Najaf", "Kerbala", "Kirkuk", "Erbil") if len(area_resolve_candidates(name)) > 1]
    assert shared
    assert area_resolve(shared[0]) is None
    assert area_resolve(shared[0], level=1) is not None


def test_unknown_text_resolves_to_none(districts: Any) -> None:
    assert area_resolve("Atlantis") is None
    assert area_resolve("") is None
    assert area_resolve("   ") is None


def test_tree_reads(districts: Any) -> None:
    anbar = area_get("IQG01")
    assert anbar is not None
    children = list(area_children(anbar))
    assert children and all(child.parent_id == anbar.pk for child in children)
    assert [a.pcode for a in area_ancestors(children[0])] == ["IQ", "IQG01"]
    assert areas_count_by_level() == {0: 1, 1: 18, 2: 101, 3: 0}


def test_locations_are_scoped_to_the_users_areas(districts: Any, make_user: Any) -> None:
    baghdad, anbar = area_get("IQG08Q01") or area_get("IQG08"), area_get("IQG01")
    here = LocationFactory.create(area=baghdad)
    there = LocationFactory.create(area=anbar)
    officer = make_user("officer", areas=[area_get("IQG08")])
    assert list(locations_visible_to(officer)) == [here]
    assert location_for_user(officer, here.pk) == here
    with pytest.raises(Http404):
        location_for_user(officer, there.pk)
    with pytest.raises(Http404):
        location_for_user(officer, "not-a-number")
    nobody = make_user("nobody", areas=[])
    assert not locations_visible_to(nobody).exists()
    national = make_user("national", role="im_officer", areas=[area_get("IQ")])
    assert set(locations_visible_to(national)) == {here, there}
    assert list(locations_visible_to(national, area=anbar)) == [there]
