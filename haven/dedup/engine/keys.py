"""The values records are compared on: name keys per part, birth date with its precision, phone, document.

Every value is reduced to what two registrations of one person share whoever wrote them: names to their
script-independent key (`haven.dedup.names`), phones to the subscriber number, documents to their digits,
birth dates to year, month and day with how much of them is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from haven.dedup.names import name_key

# Days registration offices write when only the year is known; a date on them says no more than its year.
DEFAULT_BIRTHDAYS = frozenset({(1, 1), (7, 1)})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NOT_DIGITS = re.compile(r"\D+")
_BIRTH = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
PRECISION_DAY, PRECISION_MONTH, PRECISION_YEAR = "day", "month", "year"


@dataclass(frozen=True, slots=True)
class Birth:
    """A birth date as far as it is known: year, month and day are None beyond the precision."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.year is None:
            return ""
        if self.day is not None:
            return PRECISION_DAY
        return PRECISION_MONTH if self.month is not None else PRECISION_YEAR


def birth_read(text: str) -> Birth | None:
    """`1980`, `1980-04`, `1980-04-13` (Eastern Arabic digits too) → Birth; Birth() for an empty cell.

    None when the text is not such a date, so that the caller can say where. A default birthday
    (1 January, 1 July) reads as the year alone.
    """
    cleaned = text.strip().translate(_DIGITS)
    if not cleaned:
        return Birth()
    match = _BIRTH.fullmatch(cleaned)
    if match is None:
        return None
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if not 1850 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if month is not None and day is not None and (month, day) in DEFAULT_BIRTHDAYS:
        return Birth(year)
    return Birth(year, month, day)


def phone_key(text: str) -> str:
    """The subscriber number of an Iraqi mobile as written in any form (`0770 123 4567`, `+964770…`,
    `00964770…`): its last ten digits, or empty when fewer than nine digits are written."""
    digits = _NOT_DIGITS.sub("", text.translate(_DIGITS))
    digits = digits.removeprefix("00964").removeprefix("964").lstrip("0")
    return digits[-10:] if len(digits) >= 9 else ""


def document_key(text: str) -> str:
    """A document number's digits and letters, upper-case, without separators."""
    return "".join(char for char in text.translate(_DIGITS).upper() if char.isalnum())


@lru_cache(maxsize=1 << 18)
def part_key(text: str) -> str:
    """The key of one name part, as `name_key` gives it; None-safe and cached for repeated spellings."""
    return name_key(text) if text else ""


def key_base(key: str) -> str:
    """A name key without its disambiguating spelling: "amr:ammar" → "amr" (names the rules cannot part)."""
    return key.split(":", 1)[0]
