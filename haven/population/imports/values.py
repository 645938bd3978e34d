"""One cell's text read as a template value: codes, dates, ages, phone numbers, names. Pure: no database.

Readers return the value, or None (or a message) when the text is not one; the row check turns that into a
problem naming the row and column.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from typing import NamedTuple

from django.utils.translation import gettext as _

from haven.population.imports.layout import value_shorten
from haven.population.imports.template import ColumnMapping
from haven.population.vocabulary import BirthDatePrecision, PopulationGroup, Relationship, Shelter, Vulnerability

NAME_LIMIT = 100
AGE_LIMIT = 120

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)  # Arabic-Indic and Persian digits
_CHOICE_NOISE = re.compile(r"[\s\-]+")
_LIST_SEPARATOR = re.compile(r"[;,،]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NAME_FAST = re.compile(r"(?:[^\W\d_]|[ '’ʼ.\-])+")
_LETTER = re.compile(r"[^\W\d_]")
_NAME_PUNCTUATION = frozenset(" '’ʼ.-\u200c\u200d")  # ZWNJ and ZWJ shape Kurdish and Persian words
_FORMULA_AFTER_SIGN = re.compile(r"[(|!]|^\s*[A-Za-z]{1,3}\d")
_PHONE_NOISE = re.compile(r"[\s\-().]")
# An Excel number cell drops the leading 0 (7701234567) or the + (9647701234567); `+964 0770…` is common too.
_PHONE = re.compile(r"(?:(?:\+|00)?9640?|0)?(7\d{9})")
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_YEAR_FIRST = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2})" + _TIME + r")?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_AGE = re.compile(r"(\d{1,3})(?:\.0+)?")
_DAY, _MONTH, _YEAR = BirthDatePrecision.DAY.value, BirthDatePrecision.MONTH.value, BirthDatePrecision.YEAR.value


def _choice_key(text: str) -> str:
    return _CHOICE_NOISE.sub("_", text.strip().casefold())


def _codes(values: list[str]) -> dict[str, str]:
    return {_choice_key(value): value for value in values}


RELATIONSHIPS = _codes(Relationship.values)
POPULATION_GROUPS = _codes(PopulationGroup.values)
SHELTERS = _codes(Shelter.values)
VULNERABILITIES = _codes(Vulnerability.values)
SEXES = {"m": "M", "male": "M", "ذكر": "M", "f": "F", "female": "F", "أنثى": "F", "انثى": "F", "انثي": "F"}
CONSENTS = {
    "yes": True, "y": True, "true": True, "1": True, "نعم": True,
    "no": False, "n": False, "false": False, "0": False, "لا": False,
}  # fmt: skip


class Period(NamedTuple):
    """What a date cell says: a day, a month or a year, as its first and last day."""

    first: date
    last: date
    precision: str


def choice_read(table: dict[str, str], text: str, *, name: str, mapping: ColumnMapping | None) -> str | None:
    """The code an answer stands for (through the mapping's answers first), in any case, with spaces or hyphens
    for underscores; None when it stands for none."""
    if mapping is not None:
        text = mapping.value_for(name, text)
    code = table.get(text)
    return code if code is not None else table.get(_choice_key(text))


def consent_read(text: str, *, mapping: ColumnMapping | None) -> bool | None:
    if mapping is not None:
        text = mapping.value_for("consent", text)
    return CONSENTS.get(text.strip().casefold())


def vulnerabilities_read(text: str, *, mapping: ColumnMapping | None) -> tuple[list[str], list[str]]:
    """The codes a vulnerabilities cell lists, each once, and the items that are not codes."""
    found: list[str] = []
    unknown: list[str] = []
    for item in (part.strip() for part in _LIST_SEPARATOR.split(text)):
        # Kobo writes the answers of a multiple choice separated by spaces.
        whole = choice_read(VULNERABILITIES, item, name="vulnerabilities", mapping=mapping)
        for piece in [item] if whole else item.split():
            code = choice_read(VULNERABILITIES, piece, name="vulnerabilities", mapping=mapping)
            if code is None:
                unknown.append(piece)
            elif code not in found:
                found.append(code)
    return found, unknown


def phone_normalise(text: str) -> str | None:
    """`0770 123 4567`, `+964 770 123 4567`, `009647701234567`, `7701234567` → `+9647701234567`; None if not one."""
    match = _PHONE.fullmatch(_PHONE_NOISE.sub("", text.translate(_DIGITS)))
    return "+964" + match.group(1) if match else None


def age_read(text: str) -> int | None:
    """Whole years, 0 to 120 (`35`, `35.0`, `٣٥`); None otherwise."""
    match = _AGE.fullmatch(text.strip().translate(_DIGITS))
    age = int(match.group(1)) if match else None
    return age if age is not None and age <= AGE_LIMIT else None


def period_parse(text: str) -> Period | str:
    """The period a date cell names, or the message saying why it names none.

    YYYY, YYYY-MM, YYYY-MM-DD (also with / or . and the trailing time exports add), and DD/MM/YYYY only when it
    cannot be read the other way round (13/04/1980, 04/04/1980): 03/04/1980 is refused as ambiguous.
    """
    digits = text.strip().translate(_DIGITS)
    if len(digits) == 10 and digits[4] == digits[7] == "-":
        # The common case, at C speed; anything it rejects is read again below for the message.
        try:
            exact = date.fromisoformat(digits)
        except ValueError:
            pass
        else:
            return Period(exact, exact, _DAY)
    month: int | None
    day: int | None
    if match := _YEAR_FIRST.fullmatch(digits):
        year, month, day = (int(part) if part else None for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(digits):
        day, month, year = (int(part) for part in match.groups())
        if day != month and day <= 12 and month <= 12:
            one, other = f"{year}-{month:02d}-{day:02d}", f"{year}-{day:02d}-{month:02d}"
            return _("%(value)s could be %(one)s or %(other)s: write it as YYYY-MM-DD.") % {
                "value": text.strip(),
                "one": one,
                "other": other,
            }
    else:
        return _date_expected(text)
    try:
        assert year is not None
        if month is None:
            return Period(date(year, 1, 1), date(year, 12, 31), _YEAR)
        if day is None:
            last_day = calendar.monthrange(year, month)[1]
            return Period(date(year, month, 1), date(year, month, last_day), _MONTH)
        exact = date(year, month, day)
    except ValueError:
        return _date_expected(text)
    return Period(exact, exact, _DAY)


def _date_expected(text: str) -> str:
    return _("“%(value)s” is not a date. Expected YYYY-MM-DD, YYYY-MM or YYYY (also DD/MM/YYYY).") % {
        "value": value_shorten(text.strip())
    }


def formula_like(text: str) -> bool:
    """A spreadsheet would run it: `=…`, or `+`, `-`, `@` followed by a call, a pipe or a cell reference."""
    stripped = text.lstrip()
    if len(stripped) < 2:
        return False
    if stripped[0] == "=":
        return True
    return stripped[0] in "+-@" and _FORMULA_AFTER_SIGN.search(stripped[1:]) is not None


def control_message(text: str) -> str | None:
    control = CONTROL.search(text)
    if control is None:
        return None
    return _("This holds a control character (U+%(code)04X): remove it.") % {"code": ord(control.group())}


def name_problem(text: str) -> str | None:
    """Why a name part cannot be stored as written, or None when it can."""
    if formula_like(text):
        return _("This looks like a spreadsheet formula, not a name: type the name itself.")
    control = control_message(text)
    if control is not None:
        return control
    if len(text) > NAME_LIMIT:
        return _("A name part may have at most %(limit)d characters; this one has %(count)d.") % {
            "limit": NAME_LIMIT,
            "count": len(text),
        }
    if not _NAME_FAST.fullmatch(text):
        for character in text:
            if unicodedata.category(character)[0] not in "LM" and character not in _NAME_PUNCTUATION:
                message = _(
                    "A name may hold letters (Arabic or Latin), spaces, hyphens, apostrophes and dots, "
                    "not “%(character)s” (U+%(code)04X)."
                )
                return message % {"character": character, "code": ord(character)}
    if not _LETTER.search(text):
        return _("A name must hold at least one letter.")
    return None
