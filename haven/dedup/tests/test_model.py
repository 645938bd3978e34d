"""The model adapts to the columns a file fills: comparisons, candidate blocks, EM passes, near-certain pairs."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from splink.internals.comparison_creator import ComparisonCreator

from haven.dedup.engine.model import (
    CHAIN_BLOCKS,
    COMPARED,
    DETERMINISTIC,
    EM_BLOCKS,
    IDENTIFIER_BLOCKS,
    SHORT_NAME_BLOCKS,
    Block,
    compared,
    deterministic_rules,
    em_blocks,
    prediction_blocks,
    settings,
)
from haven.dedup.engine.people import PREPARED_COLUMNS, people_parse


def _present(text: str) -> frozenset[str]:
    return people_parse(io.StringIO(text)).present()


# The columns each kind of file fills, as the engine sees them once the file is read.
IRAQI = _present(
    "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,governorate,phone,national_id\n"
    "1,Saad,Kadhim,Jawad,Al-Saadi,M,1971-03-14,IQG08,07801112233,199800123456\n"
    "2,سعد,كاظم,,الساعدي,M,1971,IQG11,,\n"
)
# FEBRL's columns mapped as the issue maps them: given, surname, date of birth, social security number.
FEBRL = _present(
    "record_id,given_name,family_name,birth_date,national_id\n"
    "rec-1-org,michaela,neumann,1915-01-08,5304218\n"
    "rec-1-dup-0,michaela,neuman,1915-01-08,5304218\n"
)
GIVEN_ONLY = _present("record_id,given_name\n1,Ali\n2,علي\n")
# A registry export that keeps only birth years and holds no document numbers.
IRAQI_YEARS = _present(
    "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,governorate,phone\n"
    "1,Saad,Kadhim,Jawad,Al-Saadi,M,1971,IQG08,07801112233\n"
)
OPTIONAL = sorted(set(PREPARED_COLUMNS) - {"unique_id", "given_key", "given_base"})


def _learnt(present: frozenset[str]) -> set[str]:
    """The comparisons some chosen EM pass can learn: those reading none of the columns it blocks on."""
    return {
        name
        for block in em_blocks(present)
        for name in compared(present)
        if not set(COMPARED[name]) & set(block.columns)
    }


def test_present_columns_are_those_the_file_fills() -> None:
    febrl = {"unique_id", "given_key", "given_base", "family_key", "birth_year", "birth_month", "birth_day",
             "national_id"}  # fmt: skip
    assert frozenset(PREPARED_COLUMNS) == IRAQI and febrl == FEBRL
    assert {"unique_id", "given_key", "given_base"} == GIVEN_ONLY
    assert {"birth_month", "birth_day", "national_id"}.isdisjoint(IRAQI_YEARS)


@pytest.mark.parametrize(
    ("present", "expected"),
    [
        (IRAQI, ["given", "father", "grandfather", "family", "sex", "birth", "phone", "national_id", "governorate"]),
        (FEBRL, ["given", "family", "birth", "national_id"]),
        (GIVEN_ONLY, ["given"]),
    ],
    ids=["iraqi", "febrl", "given-only"],
)
def test_a_file_is_compared_on_the_fields_it_fills(present: frozenset[str], expected: list[str]) -> None:
    assert compared(present) == expected
    comparisons = settings(present).comparisons
    assert all(isinstance(comparison, ComparisonCreator) for comparison in comparisons)
    names = [comparison.get_comparison("duckdb").output_column_name for comparison in comparisons
             if isinstance(comparison, ComparisonCreator)]  # fmt: skip
    assert names == expected


def test_a_file_with_the_name_chain_is_blocked_on_families_and_identifiers() -> None:
    blocks = prediction_blocks(IRAQI)
    assert blocks == [*CHAIN_BLOCKS, Block(("phone", "sex")), Block(("national_id",))]
    # A phone alone would put a whole household in one block; with sex the block halves.
    assert Block(("phone",)) not in blocks


def test_a_file_of_given_and_family_names_is_blocked_on_name_pairs_and_birth_dates() -> None:
    assert prediction_blocks(FEBRL) == [*SHORT_NAME_BLOCKS, Block(("national_id",))]


def test_a_phone_without_sex_is_a_block_of_its_own() -> None:
    present = frozenset({"unique_id", "given_key", "given_base", "family_key", "phone"})
    assert prediction_blocks(present) == [Block(("given_key", "family_key")), Block(("phone",))]


@pytest.mark.xfail(
    strict=True,
    reason="engine: no candidate block for a file of given names only, so Splink compares every pair (quadratic)",
)
def test_a_file_of_given_names_only_still_has_candidate_blocks() -> None:
    assert prediction_blocks(GIVEN_ONLY)


@pytest.mark.parametrize(
    ("present", "expected"),
    [(IRAQI, EM_BLOCKS[:3]), (FEBRL, [EM_BLOCKS[2], EM_BLOCKS[3], EM_BLOCKS[4]]), (GIVEN_ONLY, [])],
    ids=["iraqi", "febrl", "given-only"],
)
def test_em_passes_are_chosen_by_the_columns_present(present: frozenset[str], expected: list[Block]) -> None:
    assert em_blocks(present) == list(expected)


@pytest.mark.parametrize(
    "present",
    [
        IRAQI,
        FEBRL,
        pytest.param(
            IRAQI_YEARS,
            marks=pytest.mark.xfail(
                strict=True,
                reason="engine: without full birth dates or IDs no EM pass learns the given name or the phone",
            ),
        ),
    ],
    ids=["iraqi", "febrl", "iraqi-birth-years-only"],
)
def test_every_compared_field_is_learnt_by_some_em_pass(present: frozenset[str]) -> None:
    assert _learnt(present) == set(compared(present))


def test_a_file_of_given_names_only_has_nothing_em_could_learn() -> None:
    # Any pass would block on the given name, the only field compared: the shipped model scores such files.
    assert compared(GIVEN_ONLY) == ["given"] and em_blocks(GIVEN_ONLY) == []


@st.composite
def _columns(draw: st.DrawFn) -> frozenset[str]:
    return frozenset({"unique_id", "given_key", "given_base", *draw(st.sets(st.sampled_from(OPTIONAL)))})


@given(_columns())
def test_blocks_and_passes_read_only_present_columns(present: frozenset[str]) -> None:
    for block in [*prediction_blocks(present), *em_blocks(present)]:
        assert block.usable(present) and set(block.columns) <= present
    names = {*CHAIN_BLOCKS, *SHORT_NAME_BLOCKS} & set(prediction_blocks(present))
    assert names <= set(CHAIN_BLOCKS if "father_key" in present else SHORT_NAME_BLOCKS)
    assert set(prediction_blocks(present)) - names <= set(IDENTIFIER_BLOCKS)
    assert set(compared(present)) == {name for name, columns in COMPARED.items() if columns[0] in present}


@given(_columns())
def test_each_em_pass_learns_a_field_no_earlier_pass_learnt(present: frozenset[str]) -> None:
    learnt: set[str] = set()
    passes = em_blocks(present)
    assert passes == [block for block in EM_BLOCKS if block in passes]  # in the order written
    for block in passes:
        learns = {name for name in compared(present) if not set(COMPARED[name]) & set(block.columns)}
        assert learns - learnt, block
        learnt |= learns


@pytest.mark.parametrize(
    ("present", "columns"),
    [
        (IRAQI, DETERMINISTIC[0]),
        (IRAQI_YEARS, DETERMINISTIC[0]),
        (FEBRL, DETERMINISTIC[1]),
        (frozenset({"unique_id", "given_key", "given_base", "family_key", "birth_year"}), DETERMINISTIC[2]),
    ],
    ids=["iraqi", "iraqi-birth-years-only", "febrl", "names-and-years"],
)
def test_near_certain_pairs_are_the_closest_agreement_the_columns_allow(
    present: frozenset[str], columns: tuple[str, ...]
) -> None:
    assert deterministic_rules(present) == [" AND ".join(f"l.{column} = r.{column}" for column in columns)]


def test_without_those_columns_near_certain_pairs_fall_back_to_given_name_and_year() -> None:
    assert deterministic_rules(GIVEN_ONLY) == ["l.given_key = r.given_key AND l.birth_year = r.birth_year"]


def test_a_block_is_written_as_sql_both_engines_read() -> None:
    assert Block(("given_key", "father_key")).rule() == "l.given_key = r.given_key AND l.father_key = r.father_key"
    within = Block(("given_key",), year_within_one=True)
    assert within.rule() == "l.given_key = r.given_key AND ABS(l.birth_year - r.birth_year) <= 1"
    assert not within.usable(GIVEN_ONLY) and within.usable(GIVEN_ONLY | {"birth_year"})
