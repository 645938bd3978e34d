from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.geo.pcodes import NAME_VARIANTS, SPELLING_VARIANTS, name_key, pcode_normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IRQ-G02", "IQG02"),
        ("IRQ-G01Q01", "IQG01Q01"),
        ("iqg02", "IQG02"),
        (" IQG02 ", "IQG02"),
        ("iq g01-q01", "IQG01Q01"),
        ("IRQ", "IQ"),
        ("SYR-01", "SY01"),
        ("IQG07Q02N02", "IQG07Q02N02"),
    ],
)
def test_pcode_forms_reach_the_cod_form(text: str, expected: str) -> None:
    assert pcode_normalise(text) == expected


def test_a_pcode_starting_with_letters_of_a_country_code_is_left_alone() -> None:
    # IQG is not an ISO3 code, and without a separator nothing is taken for a prefix.
    assert pcode_normalise("IQG18") == "IQG18"


@pytest.mark.parametrize(
    "group",
    [
        ["Al-Anbar", "Anbar", "anbar", "AL ANBAR", "al anbar", "Al Anbār"],
        ["الانبار", "الأنبار", "انبار", "الأنْبار", "الانبـــار"],
        ["Ninewa", "Ninawa", "Nineveh"],
        ["Al-Basrah", "Basra", "Basrah"],
        ["Thi Qar", "Dhi Qar"],
        ["Salah Al-Din", "Salahuddin", "Salah ad-Din"],
        ["Erbil", "Arbil", "Hawler"],
        ["Kerbala", "Karbala"],
        ["كربلاء", "كربلا"],
        ["القادسية", "القادسيه"],
        ["نينوى", "نينوي"],
    ],
)
def test_spellings_of_one_name_meet(group: list[str]) -> None:
    assert {name_key(text) for text in group} == {name_key(group[0])}


def test_different_governorates_keep_different_keys() -> None:
    names = ["Al-Anbar", "Al-Basrah", "Baghdad", "Babil", "Ninewa", "Erbil", "Duhok", "Diyala"]
    assert len({name_key(name) for name in names}) == len(names)


def test_variant_table_maps_to_fixed_points() -> None:
    assert all(name_key(target) == target for target in NAME_VARIANTS.values())
    assert all(name_key(field) == name_key(cod) for field, cod in SPELLING_VARIANTS.items())


@given(st.text())
def test_name_key_never_raises_and_is_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key


@given(st.text())
def test_pcode_normalise_never_raises_and_is_idempotent(text: str) -> None:
    code = pcode_normalise(text)
    assert pcode_normalise(code) == code
