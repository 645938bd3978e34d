"""The values records are compared on: birth dates with their precision, phones, document numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.dedup.engine.keys import Birth, birth_read, document_key, key_base, part_key, phone_key


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("1980", Birth(1980), "year"),
        ("1980-04", Birth(1980, 4), "month"),
        ("1980-04-13", Birth(1980, 4, 13), "day"),
        ("١٩٨٠-٠٤-١٣", Birth(1980, 4, 13), "day"),
        (" 1980-4-3 ", Birth(1980, 4, 3), "day"),
        # Default birthdays say no more than the year.
        ("1975-01-01", Birth(1975), "year"),
        ("1975-07-01", Birth(1975), "year"),
        ("", Birth(), ""),
    ],
)
def test_birth_dates_are_read_as_far_as_they_are_known(text: str, expected: Birth, precision: str) -> None:
    birth = birth_read(text)
    assert birth == expected and birth is not None and birth.precision == precision


@pytest.mark.parametrize("text", ["13/04/1980", "1980-13", "1980-00-10", "1980-04-32", "80", "1700", "born 1980"])
def test_what_is_not_such_a_date_is_none(text: str) -> None:
    assert birth_read(text) is None


@given(st.text(max_size=24))
def test_reading_any_text_never_raises_and_stays_in_range(text: str) -> None:
    birth = birth_read(text)
    if birth is not None and birth.year is not None:
        assert 1850 <= birth.year <= 2100
        assert birth.month is None or 1 <= birth.month <= 12
        assert birth.day is None or (birth.month is not None and 1 <= birth.day <= 31)


@pytest.mark.parametrize(
    "text", ["07701234567", "0770 123 4567", "+964 770 123 4567", "009647701234567", "٠٧٧٠١٢٣٤٥٦٧", "770-123-4567"]
)
def test_a_mobile_reads_the_same_however_it_is_written(text: str) -> None:
    assert phone_key(text) == "7701234567"


@pytest.mark.parametrize("text", ["", "123", "0770-12", "none"])
def test_too_few_digits_is_no_phone(text: str) -> None:
    assert phone_key(text) == ""


def test_document_numbers_keep_letters_and_digits_only() -> None:
    assert document_key("1998 0012-3456") == "199800123456"
    assert document_key("a-7781/٣") == "A77813"


def test_name_parts_are_keyed_and_ambiguous_keys_have_a_base() -> None:
    assert part_key("محمد") == part_key("Muhammad") != ""
    assert part_key("") == ""
    assert key_base("amr:ammar") == "amr" and key_base("mhmd") == "mhmd"
