"""The Splink model: what is compared and how, how candidate pairs are found, how the model is trained.

Names are compared on their script-independent keys, so "محمد", "Mohammed" and "Muhammad" agree exactly
and common names weigh less than rare ones (term frequencies of the keys in the population). Birth dates
are compared as far as both records know them. Candidate pairs come from blocking rules on the name
chain, birth year, phone and national ID: each block is a family or a namesake cohort, small even where
first names are Zipf-distributed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator

NAME_SIMILARITY = 0.88
RARE_NAME_SHARE = 0.003
FAR_BIRTH_RATE = 0.005
SHARED_PHONE_RATE = 0.0001
SHARED_PHONE_CHANCE = 0.00003

_BIRTH_KNOWN = "birth_year_l IS NULL OR birth_year_r IS NULL"
_DAYS_KNOWN = "birth_day_l IS NOT NULL AND birth_day_r IS NOT NULL"
_SAME_YEAR = "birth_year_l = birth_year_r"


def _exact_level(column: str, *, frequencies: bool) -> Any:
    level = cll.ExactMatchLevel(column, term_frequency_adjustments=frequencies)
    # A name rare in the whole population may be common in its own community (Yazidi, Christian,
    # Turkmen names): its agreement counts as if at least one person in RARE_NAME_SHARE bore it.
    return level.configure(tf_minimum_u_value=RARE_NAME_SHARE) if frequencies else level


def _name(column: str, *, base: str | None = None, frequencies: bool = False) -> cl.CustomComparison:
    levels: list[Any] = [cll.NullLevel(column), _exact_level(column, frequencies=frequencies)]
    if base:
        levels.append(cll.ExactMatchLevel(base).configure(label_for_charts=f"{column} alike (rules)"))
    levels += [cll.JaroWinklerLevel(column, NAME_SIMILARITY), cll.ElseLevel()]
    return cl.CustomComparison(output_column_name=column.removesuffix("_key"), comparison_levels=levels)


def _exact(column: str) -> cl.CustomComparison:
    levels: list[Any] = [cll.NullLevel(column), cll.ExactMatchLevel(column), cll.ElseLevel()]
    return cl.CustomComparison(output_column_name=column, comparison_levels=levels)


def _phone() -> cl.CustomComparison:
    # One mobile often serves a whole household: the same phone under another given name is a
    # brother or a son, so it is a level of its own, with its rate fixed (EM never sees it in the
    # passes that block on the given name, nor random sampling) at what a family phone says of one
    # person: a little more than chance.
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            cll.NullLevel("phone"),
            cll.CustomLevel("phone_l = phone_r AND given_key_l = given_key_r", "same phone, same given name"),
            cll.CustomLevel("phone_l = phone_r", "same phone, another given name").configure(
                m_probability=SHARED_PHONE_RATE,
                fix_m_probability=True,
                u_probability=SHARED_PHONE_CHANCE,
                fix_u_probability=True,
            ),
            cll.ElseLevel(),
        ],
    )


def _birth() -> cl.CustomComparison:
    custom = cll.CustomLevel
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            custom(_BIRTH_KNOWN, "birth date unknown").configure(is_null_level=True),
            custom(
                f"{_DAYS_KNOWN} AND {_SAME_YEAR} AND birth_month_l = birth_month_r AND birth_day_l = birth_day_r",
                "same day",
            ),
            custom(
                f"{_DAYS_KNOWN} AND {_SAME_YEAR} AND birth_month_l = birth_day_r AND birth_day_l = birth_month_r",
                "day and month swapped",
            ),
            custom(
                f"{_SAME_YEAR} AND birth_month_l = birth_month_r AND (birth_day_l IS NULL OR birth_day_r IS NULL)",
                "same year and month, day not known on one side",
            ),
            custom(
                f"{_SAME_YEAR} AND (birth_day_l IS NULL OR birth_day_r IS NULL) "
                "AND (birth_month_l IS NULL OR birth_month_r IS NULL)",
                "same year, month not known on one side",
            ),
            custom(f"{_SAME_YEAR} AND birth_month_l = birth_month_r", "same year and month, different day"),
            custom(_SAME_YEAR, "same year, different month"),
            custom(
                "ABS(birth_year_l - birth_year_r) = 1 AND birth_month_l = birth_month_r "
                "AND (birth_day_l = birth_day_r OR birth_day_l IS NULL OR birth_day_r IS NULL)",
                "a year apart, same month",
            ),
            custom("ABS(birth_year_l - birth_year_r) = 1", "a year apart"),
            custom("ABS(birth_year_l - birth_year_r) <= 3", "two or three years apart"),
            custom("ABS(birth_year_l - birth_year_r) <= 12", "four to twelve years apart"),
            # Further apart is another generation: a father and the son named after him, sharing a
            # phone and family name. EM learns this rate from relatives it cannot tell from repeats,
            # so it is fixed: one registration in 200.
            cll.ElseLevel().configure(m_probability=FAR_BIRTH_RATE, fix_m_probability=True),
        ],
    )


@dataclass(frozen=True, slots=True)
class Block:
    """Records that agree on every column of `columns` (and, with `year_within_one`, birth years at most
    one apart) are compared."""

    columns: tuple[str, ...]
    year_within_one: bool = False

    def usable(self, present: frozenset[str]) -> bool:
        return set(self.columns) <= present and (not self.year_within_one or "birth_year" in present)

    def rule(self) -> str:
        """The rule as SQL both engines read (and a stored model keeps as written)."""
        equal = " AND ".join(f"l.{column} = r.{column}" for column in self.columns)
        return f"{equal} AND ABS(l.birth_year - r.birth_year) <= 1" if self.year_within_one else equal


# With the name chain: each block is a family or a namesake cohort. A birth year is often a year off
# between two registrations of one person.
CHAIN_BLOCKS = (
    Block(("given_key", "father_key", "sex"), year_within_one=True),
    Block(("given_key", "father_key", "grandfather_key")),
    Block(("given_key", "father_key", "family_key")),
    Block(("father_key", "grandfather_key", "birth_year", "sex")),
    Block(("given_key", "birth_year", "sex", "family_key")),
    Block(("given_key", "grandfather_key", "birth_year")),
)
# Without it (a file of given and family names only): name pairs, and a name with the birth date.
SHORT_NAME_BLOCKS = (
    Block(("given_key", "family_key")),
    Block(("family_key", "birth_year", "birth_month")),
    Block(("given_key", "birth_year", "birth_month")),
    Block(("family_key", "birth_year", "birth_day")),
)
IDENTIFIER_BLOCKS = (Block(("phone", "sex")), Block(("phone",)), Block(("national_id",)))
# Pairs on which the share of true matches among all pairs is estimated (with the recall assumed below).
DETERMINISTIC = (
    ("given_key", "father_key", "grandfather_key", "birth_year", "sex"),
    ("given_key", "family_key", "birth_year", "birth_month", "birth_day"),
    ("given_key", "family_key", "birth_year"),
)
DETERMINISTIC_RECALL = 0.6
# Each pass blocks out siblings and cousins (who share the father's and grandfather's names) and
# namesakes, who would otherwise become the class EM learns. A pass is taken when the file has its
# columns and it learns a comparison no earlier pass learnt: with the name chain, the chain learns
# birth date and the rest, the father's names with a full birth date (twins are the only others there)
# learn the given name, and given name, birth year and family name learn the father's and
# grandfather's names; the last two passes serve files without a chain.
EM_BLOCKS = (
    Block(("given_key", "father_key", "grandfather_key")),
    Block(("father_key", "grandfather_key", "birth_year", "birth_month", "birth_day")),
    Block(("given_key", "birth_year", "family_key")),
    Block(("given_key", "family_key")),
    Block(("national_id",)),
)
# The columns each comparison reads: a pass cannot learn a comparison on the columns it blocks on.
COMPARED = {
    "given": ("given_key", "given_base"),
    "father": ("father_key", "father_base"),
    "grandfather": ("grandfather_key",),
    "family": ("family_key",),
    "sex": ("sex",),
    "birth": ("birth_year", "birth_month", "birth_day"),
    "phone": ("phone", "given_key"),
    "national_id": ("national_id",),
    "governorate": ("governorate",),
}


def _comparisons() -> dict[str, cl.CustomComparison]:
    return {
        "given": _name("given_key", base="given_base", frequencies=True),
        "father": _name("father_key", base="father_base", frequencies=True),
        "grandfather": _name("grandfather_key"),
        "family": cl.CustomComparison(
            output_column_name="family",
            comparison_levels=[
                cll.NullLevel("family_key"),
                _exact_level("family_key", frequencies=True),
                cll.JaroWinklerLevel("family_key", NAME_SIMILARITY),
                cll.ElseLevel(),
            ],
        ),
        "sex": _exact("sex"),
        "birth": _birth(),
        "phone": _phone(),
        "national_id": _exact("national_id"),
        "governorate": _exact("governorate"),
    }


def compared(present: frozenset[str]) -> list[str]:
    """The comparisons a file with values in `present` columns supports."""
    return [name for name, columns in COMPARED.items() if columns[0] in present]


def prediction_blocks(present: frozenset[str]) -> list[Block]:
    names = CHAIN_BLOCKS if "father_key" in present else SHORT_NAME_BLOCKS
    blocks = [block for block in (*names, *IDENTIFIER_BLOCKS) if block.usable(present)]
    if "phone" in present and "sex" in present:
        blocks = [block for block in blocks if block.columns != ("phone",)]
    return blocks


def _rule(block: Block) -> Any:
    return block.rule()


def settings(present: frozenset[str]) -> SettingsCreator:
    """The untrained model for records with values in the `present` columns."""
    comparisons = _comparisons()
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[comparisons[name] for name in compared(present)],
        blocking_rules_to_generate_predictions=[_rule(block) for block in prediction_blocks(present)],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def em_blocks(present: frozenset[str]) -> list[Block]:
    """The EM passes for such records: each learns at least one comparison no earlier pass learnt."""
    wanted = set(compared(present))
    learnt: set[str] = set()
    chosen = []
    for block in EM_BLOCKS:
        if not block.usable(present):
            continue
        learns = {name for name in wanted if not set(COMPARED[name]) & set(block.columns)}
        if learns - learnt:
            chosen.append(block)
            learnt |= learns
    return chosen


def deterministic_rules(present: frozenset[str]) -> list[Any]:
    for columns in DETERMINISTIC:
        if set(columns) <= present:
            return [" AND ".join(f"l.{column} = r.{column}" for column in columns)]
    return ["l.given_key = r.given_key AND l.birth_year = r.birth_year"]
