"""Rows of a registration file checked and typed, one person per row. Pure: no database.

Every problem names the row, the column as the sender wrote it and the value seen, and says what is wrong and
what is expected; all problems of a row are reported, not just the first. A row with an error gives no record;
warnings keep it. Households are checked across rows by `HouseholdCheck` (households.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.utils.translation import gettext as _

from haven.geo.pcodes import pcode_normalise
from haven.population.imports.layout import Problem, SourceRow, value_shorten
from haven.population.imports.template import COLUMNS_BY_NAME, ColumnMapping
from haven.population.imports.values import (
    CONTROL,
    NAME_LIMIT,
    POPULATION_GROUPS,
    RELATIONSHIPS,
    SEXES,
    SHELTERS,
    Period,
    age_read,
    choice_read,
    consent_read,
    control_message,
    formula_like,
    name_problem,
    period_parse,
    phone_normalise,
    vulnerabilities_read,
)
from haven.population.vocabulary import BirthDatePrecision, Vulnerability

CELL_LIMIT = 1_000
REFERENCE_LIMIT = 64  # household_ref and national_id: the staging table holds 64 characters
EARLIEST_YEAR = 1900
# Most cells are plain: these let them skip the slower checks, which they would pass (a name that starts with a
# letter is no formula, and `\w` holds no control character).
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ '’.\-][^\W\d_]+)*")
_COD_FORM = re.compile(r"[A-Z]{2}[A-Z0-9]*")
_PLAIN_TEXT = re.compile(r"\w[\w/.\-]*(?: [\w/.\-]+)*")
# Extra fields may hold line breaks (Alt+Enter in Excel) but no other control character.
_CONTROL_IN_EXTRA = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(slots=True)
class PersonRecord:
    """One valid row, typed: what the pipeline stages."""

    number: int
    household_ref: str
    relationship: str
    given_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    sex: str
    birth_date: date | None
    birth_precision: str  # a BirthDatePrecision value, "" when there is no birth date
    phone: str  # +9647XXXXXXXXX or ""
    national_id: str
    population_group: str
    location: str  # P-code, normalised
    origin: str  # P-code, or a country's ISO 3166 alpha-2 code
    displaced_on: date | None  # a month or a year is kept as its first day
    returned_on: date | None
    shelter: str
    vulnerabilities: list[str]
    consent: bool | None
    extra: dict[str, str] = field(default_factory=dict)


def person_row_validate(
    row: SourceRow,
    *,
    today: date,
    place_known: Callable[[str], bool],
    origin_known: Callable[[str], bool],
    mapping: ColumnMapping | None = None,
) -> tuple[PersonRecord | None, list[Problem]]:
    """The row as a typed person, or None when it has an error; and every problem of the row, in column order.

    `place_known` says whether a normalised P-code is an area or location Haven knows; `origin_known` the same
    for an origin, which is a P-code or, for refugees and migrants, a country's ISO 3166 alpha-2 code. Dates
    in the future are those after `today`, and an age gives a birth year counted back from it.
    """
    check = _RowCheck(row, mapping=mapping, today=today)
    return check.record(place_known=place_known, origin_known=origin_known), check.problems


class _RowCheck:
    def __init__(self, row: SourceRow, *, mapping: ColumnMapping | None, today: date) -> None:
        self.row = row
        self.mapping = mapping
        self.today = today
        self.problems = list(row.problems)
        self.failed = any(problem.severity == "error" for problem in row.problems)
        self.reference = " ".join(row.values.get("household_ref", "")[:CELL_LIMIT].split())[:REFERENCE_LIMIT]
        self.values = row.values
        self.long: set[str] = set()  # fields whose cell was too long: reported once, then taken as unreadable
        if max(map(len, row.values.values()), default=0) > CELL_LIMIT:
            long = [name for name, text in row.values.items() if len(text) > CELL_LIMIT]
            self.long = set(long)
            self.values = {name: text for name, text in row.values.items() if name not in self.long}
            for name in long:
                self.add(name, row.values[name], _too_long(row.values[name]))
        for header, text in row.extra.items():
            control = _CONTROL_IN_EXTRA.search(text)
            if len(text) > CELL_LIMIT:
                self.report(header, text, _too_long(text))
            elif control:
                message = _("This holds a control character (U+%(code)04X): remove it.") % {"code": ord(control[0])}
                self.report(header, text, message)

    def report(self, column: str, value: str, message: str, severity: Literal["error", "warning"] = "error") -> None:
        self.failed = self.failed or severity == "error"
        self.problems.append(Problem(self.row.number, column, value_shorten(value), message, severity, self.reference))

    def add(self, name: str, value: str, message: str, severity: Literal["error", "warning"] = "error") -> None:
        self.report(self.row.headers.get(name, name), value, message, severity)

    def required(self, name: str) -> bool:
        if self.values.get(name) or name in self.long:
            return True
        expected = COLUMNS_BY_NAME[name].values or COLUMNS_BY_NAME[name].label
        self.add(name, "", _("Empty, but every row needs a value here: %(expected)s.") % {"expected": expected})
        return False

    def text(self, name: str) -> str:
        raw = self.values.get(name, "")
        if len(raw) <= REFERENCE_LIMIT and _PLAIN_TEXT.fullmatch(raw):
            return raw
        text = " ".join(raw.split())
        if formula_like(text):
            self.add(name, text, _("This looks like a spreadsheet formula: type the value itself."))
        elif (message := control_message(raw.strip())) is not None:
            self.add(name, text, message)
        elif len(text) > REFERENCE_LIMIT:
            self.add(name, text, _("At most %(limit)d characters are accepted here.") % {"limit": REFERENCE_LIMIT})
        return text

    def name(self, name: str) -> str:
        raw = self.values.get(name, "")
        if len(raw) <= NAME_LIMIT and _PLAIN_NAME.fullmatch(raw) and unicodedata.is_normalized("NFC", raw):
            return raw
        # Control characters are looked for before spaces are tidied, which would hide a tab or a line break.
        text = raw if CONTROL.search(raw) else " ".join(unicodedata.normalize("NFC", raw).split())
        if text and (message := name_problem(text)) is not None:
            self.add(name, raw, message)
        return text

    def choice(self, name: str, table: dict[str, str]) -> str:
        text = self.values.get(name, "")
        code = choice_read(table, text, name=name, mapping=self.mapping) if text else ""
        if code is None:
            message = _("“%(value)s” is not one of the accepted values. Expected %(expected)s.")
            self.add(name, text, message % {"value": value_shorten(text), "expected": COLUMNS_BY_NAME[name].values})
        return code or ""

    def period(self, name: str) -> Period | None:
        text = self.values.get(name, "")
        period = period_parse(text) if text else None
        if isinstance(period, str):
            self.add(name, text, period)
        elif period is not None and period.first.year < EARLIEST_YEAR:
            message = _("%(value)s is before %(year)d: check the year.")
            self.add(name, text, message % {"value": text, "year": EARLIEST_YEAR})
        elif period is not None and period.first > self.today:
            message = _("%(value)s is in the future (today is %(today)s).")
            self.add(name, text, message % {"value": text, "today": self.today.isoformat()})
        else:
            return period
        return None

    def age(self) -> int | None:
        text = self.values.get("age", "")
        age = age_read(text) if text else None
        if text and age is None:
            message = _("“%(value)s” is not an age. Expected whole years, 0 to 120.")
            self.add("age", text, message % {"value": value_shorten(text)})
        return age

    def birth(self) -> tuple[date | None, str]:
        period = self.period("birth_date")
        age = self.age()
        if period is not None:
            born = period.first
            lived = self.today.year - born.year - ((self.today.month, self.today.day) < (born.month, born.day))
            slack = 1 if period.precision == BirthDatePrecision.DAY else 2
            if age is not None and abs(lived - age) > slack:
                message = _(
                    "The age (%(age)d) does not match the birth date %(birth)s, which gives %(lived)d on %(today)s; "
                    "the birth date was kept."
                )
                values = {"age": age, "birth": self.values["birth_date"], "lived": lived, "today": self.today}
                self.add("age", self.values["age"], message % values, "warning")
            return born, period.precision
        if age is not None:
            # A registration officer's estimate: the year the person was born if the birthday has passed.
            return date(self.today.year - age, 1, 1), BirthDatePrecision.ESTIMATED.value
        if not ({"birth_date", "age"} & (self.values.keys() | self.long)):
            name = "age" if "age" in self.row.headers and "birth_date" not in self.row.headers else "birth_date"
            self.add(name, "", _("Neither a birth date nor an age is given: one of them is needed."))
        return None, ""

    def place(self, name: str, known: Callable[[str], bool]) -> str:
        text = self.values.get(name, "")
        if not text:
            return ""
        answer = self.mapping.value_for(name, text) if self.mapping is not None else text
        # A code already in COD form (and not a bare ISO3 code, which normalises to ISO2) is left as it is.
        code = answer if len(answer) != 3 and _COD_FORM.fullmatch(answer) else pcode_normalise(answer)
        if code and known(code):
            return code
        message = _("“%(value)s” is not a code Haven knows. Expected the %(expected)s.")
        self.add(name, text, message % {"value": value_shorten(text), "expected": COLUMNS_BY_NAME[name].values})
        return ""

    def phone(self) -> str:
        text = self.values.get("phone", "")
        phone = phone_normalise(text) if text else ""
        if phone is None:
            message = _("“%(value)s” is not an Iraqi mobile number. Expected %(expected)s.")
            self.add(
                "phone", text, message % {"value": value_shorten(text), "expected": COLUMNS_BY_NAME["phone"].values}
            )
        return phone or ""

    def vulnerabilities(self) -> list[str]:
        text = self.values.get("vulnerabilities", "")
        found, unknown = vulnerabilities_read(text, mapping=self.mapping) if text else ([], [])
        if unknown:
            message = _("%(values)s: not a vulnerability Haven knows. Expected, separated by semicolons: %(codes)s.")
            values = {"values": value_shorten(", ".join(unknown)), "codes": ", ".join(Vulnerability.values)}
            self.add("vulnerabilities", text, message % values)
        return found

    def consent(self) -> bool | None:
        text = self.values.get("consent", "")
        consent = consent_read(text, mapping=self.mapping) if text else None
        if text and consent is None:
            message = _("“%(value)s” is not an answer to consent. Expected yes or no (also y/n, 1/0, نعم/لا).")
            self.add("consent", text, message % {"value": value_shorten(text)})
        return consent

    def record(self, *, place_known: Callable[[str], bool], origin_known: Callable[[str], bool]) -> PersonRecord | None:
        household_ref = self.text("household_ref") if self.required("household_ref") else ""
        relationship = self.choice("relationship", RELATIONSHIPS) if self.required("relationship") else ""
        given_name = self.name("given_name") if self.required("given_name") else ""
        father_name, grandfather_name, family_name = (
            self.name(name) for name in ("father_name", "grandfather_name", "family_name")
        )
        sex = self.choice("sex", SEXES) if self.required("sex") else ""
        birth_date, birth_precision = self.birth()
        phone = self.phone()
        national_id = self.text("national_id")
        population_group = self.choice("population_group", POPULATION_GROUPS)
        location = self.place("location", place_known)
        origin = self.place("origin", origin_known)
        displaced, returned = self.period("displaced_on"), self.period("returned_on")
        if displaced is not None and returned is not None and returned.last < displaced.first:
            message = _("The date of return (%(returned)s) is before the date of displacement (%(displaced)s).")
            values = {"returned": self.values["returned_on"], "displaced": self.values["displaced_on"]}
            self.add("returned_on", self.values["returned_on"], message % values)
        shelter = self.choice("shelter", SHELTERS)
        vulnerabilities = self.vulnerabilities()
        consent = self.consent()
        if self.failed:
            return None
        return PersonRecord(
            number=self.row.number,
            household_ref=household_ref,
            relationship=relationship,
            given_name=given_name,
            father_name=father_name,
            grandfather_name=grandfather_name,
            family_name=family_name,
            sex=sex,
            birth_date=birth_date,
            birth_precision=birth_precision,
            phone=phone,
            national_id=national_id,
            population_group=population_group,
            location=location,
            origin=origin,
            displaced_on=displaced.first if displaced else None,
            returned_on=returned.first if returned else None,
            shelter=shelter,
            vulnerabilities=vulnerabilities,
            consent=consent,
            extra=self.row.extra,
        )


def _too_long(text: str) -> str:
    values = {"count": f"{len(text):,}", "limit": f"{CELL_LIMIT:,}"}
    return _("This cell holds %(count)s characters; at most %(limit)s are accepted.") % values
