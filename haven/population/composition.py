"""Household size and sex-age composition from its members: pure functions, no database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from haven.population.models.household import AGE_BANDS, COMPOSITION_FIELDS


def age_on(birth_date: date, on: date) -> int:
    """Completed years on a date; a birth date after that date counts as age 0."""
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return max(years, 0)


def composition_field(sex: str, age: int | None) -> str:
    """The composition field a person counts in; an unknown age counts with adults (18–59)."""
    group = "males" if sex == "M" else "females"
    for low, high in AGE_BANDS:
        if age is not None and age >= low and (high is None or age <= high):
            return f"{group}_{low}_{high}" if high is not None else f"{group}_{low}_plus"
    return f"{group}_18_59"


def composition_of(people: Iterable[tuple[str, date | None]], *, on: date) -> dict[str, int]:
    """Counts by sex and age band of (sex, birth date) pairs, every field present."""
    counts = dict.fromkeys(COMPOSITION_FIELDS, 0)
    for sex, birth_date in people:
        counts[composition_field(sex, age_on(birth_date, on) if birth_date else None)] += 1
    return counts
