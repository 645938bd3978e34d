"""The values records are compared on: birth dates with their precision, phones, document numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.dedup.engine.keys import DEFAULT_BIRTHDAYS, Birth, birth_read, document_key, key_base, part_key, phone_key


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
        ("1975-7-1", Birth(1975), "year"),
        ("1975-1-1", Birth(1975), "year"),
        # January alone, or another first of the month, is as written.
        ("1975-01", Birth(1975, 1), "month"),
        ("1975-02-01", Birth(1975, 2, 1), "day"),
        ("۱۹۷۵-۰۳", Birth(1975, 3), "month"),
        ("1850", Birth(1850), "year"),
        ("2100", Birth(2100), "year"),
        ("", Birth(), ""),
        ("   ", Birth(), ""),
    ],
)
def test_birth_dates_are_read_as_far_as_they_are_known(text: str, expected: Birth, precision: str) -> None:
    birth = birth_read(text)
    assert birth == expected and birth is not None and birth.precision == precision


@pytest.mark.parametrize(
    "text",
    ["13/04/1980", "1980/04/13", "1980-13", "1980-0", "1980-00-10", "1980-04-0", "1980-04-32", "1980-04-13T00:00",
     "80", "19800", "1849", "2101", "1700", "born 1980", "1980-", "-"],
)  # fmt: skip
def test_what_is_not_such_a_date_is_none(text: str) -> None:
    assert birth_read(text) is None


@given(st.text(max_size=24))
def test_reading_any_text_never_raises_and_stays_in_range(text: str) -> None:
    birth = birth_read(text)
    if birth is not None and birth.year is not None:
        assert 1850 <= birth.year <= 2100
        assert birth.month is None or 1 <= birth.month <= 12
        assert birth.day is None or (birth.month is not None and 1 <= birth.day <= 31)


_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@given(
    st.integers(1850, 2100),
    st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from(["{y}", "{y}-{m:02d}", "{y}-{m}", "{y}-{m:02d}-{d:02d}", "{y}-{m}-{d}"]),
    st.booleans(),
)
def test_any_date_written_in_the_three_forms_reads_back(
    year: int, month: int, day: int, form: str, eastern: bool
) -> None:
    text = form.format(y=year, m=month, d=day)
    birth = birth_read(text.translate(_EASTERN) if eastern else text)
    if "{d" in form:
        expected = Birth(year) if (month, day) in DEFAULT_BIRTHDAYS else Birth(year, month, day)
    else:
        expected = Birth(year, month) if "{m" in form else Birth(year)
    assert birth == expected


@pytest.mark.parametrize(
    "text",
    [
        "07701234567",
        "0770 123 4567",
        "+964 770 123 4567",
        "009647701234567",
        "٠٧٧٠١٢٣٤٥٦٧",
        "770-123-4567",
        "+964 0770 123 4567",
        "(0770) 123-4567",
        "tel: ٠٧٧٠ ١٢٣ ٤٥٦٧",
        "7701234567",
    ],
)
def test_a_mobile_reads_the_same_however_it_is_written(text: str) -> None:
    assert phone_key(text) == "7701234567"


@pytest.mark.parametrize("text", ["", "123", "0770-12", "none", "07701234", "+964 770 12"])
def test_too_few_digits_is_no_phone(text: str) -> None:
    assert phone_key(text) == ""


@given(
    st.from_regex(r"7[0-9]{9}", fullmatch=True),
    st.sampled_from(["0{n}", "+964{n}", "00964{n}", "964 {n}", "+964 0{n}"]),
    st.booleans(),
    st.booleans(),
)
def test_any_written_form_of_a_mobile_gives_its_subscriber_number(
    number: str, form: str, spaced: bool, eastern: bool
) -> None:
    text = form.format(n=" ".join((number[:3], number[3:6], number[6:])) if spaced else number)
    assert phone_key(text.translate(_EASTERN) if eastern else text) == number


@given(st.text(max_size=30))
def test_a_phone_key_is_empty_or_nine_or_ten_digits(text: str) -> None:
    key = phone_key(text)
    assert key == "" or (key.isdigit() and 9 <= len(key) <= 10)


def test_document_numbers_keep_letters_and_digits_only() -> None:
    assert document_key("1998 0012-3456") == "199800123456"
    assert document_key("a-7781/٣") == "A77813"
    assert document_key("") == document_key(" - / ") == ""


@given(st.text(max_size=30))
def test_a_document_key_is_its_own_key(text: str) -> None:
    key = document_key(text)
    assert document_key(key) == key and all(char.isalnum() for char in key)


def test_name_parts_are_keyed_and_ambiguous_keys_have_a_base() -> None:
    assert part_key("محمد") == part_key("Muhammad") != ""
    assert part_key("") == ""
    assert key_base("amr:ammar") == "amr" and key_base("mhmd") == "mhmd"
