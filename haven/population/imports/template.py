"""The canonical registration template: its columns, their HXL hashtags, and how a header finds its column.

Pure: no database. The spec is `shared/spec/registration-import.md`; the order of `TEMPLATE_COLUMNS` is the
order of its table, which is also the order of the downloadable template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.population.vocabulary import PopulationGroup, Relationship, Sex, Shelter, Vulnerability

# We match HXL ourselves rather than depend on libhxl: recognising a hashtag row and matching `#tag+attr`
# by tag plus attribute subset is all we need, and libhxl is sdist-only with several dependencies.


class Requirement(StrEnum):
    YES = "yes"  # the column must exist and every row needs a value
    HEAD_ROW = "head_row"  # the column must exist; the head's row needs a value
    ONE_OF = "one_of"  # birth_date or age: one of the two columns must exist, each row needs one value
    BY_GROUP = "by_group"  # origin: needed by households of some population groups only
    NO = "no"


@dataclass(frozen=True)
class TemplateColumn:
    name: str
    hashtag: str
    required: Requirement
    label: Promise
    values: Promise | str = ""  # what the spec's table says a value may be, for the template page and messages
    tag: str = field(init=False)
    attributes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        parsed = hashtag_parse(self.hashtag)
        if parsed is None:
            raise ValueError(f"Bad HXL hashtag in the template: {self.hashtag}")
        object.__setattr__(self, "tag", parsed[0])
        object.__setattr__(self, "attributes", parsed[1])


# HXL: `#tag` then `+attribute`s, letters, digits and underscores, the first character a letter. Spreadsheet
# error values such as `#N/A` or `#REF!` do not match, so a row of errors is never taken for hashtags.
_HASHTAG = re.compile(r"^#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)$", re.IGNORECASE)
_HEADER_NOISE = re.compile(r"[\s_\-]+")


def hashtag_parse(text: str) -> tuple[str, frozenset[str]] | None:
    """`#Beneficiary +Name+given` → ("beneficiary", {"name", "given"}); None when the text is not a hashtag."""
    match = _HASHTAG.match(text.strip())
    if match is None:
        return None
    attributes = frozenset(part.strip().lower() for part in match.group(2).split("+") if part.strip())
    return match.group(1).lower(), attributes


def is_hashtag(text: str) -> bool:
    return _HASHTAG.match(text.strip()) is not None


def header_key(text: str) -> str:
    """`Household Ref`, `household-ref` and `HOUSEHOLD_REF` all give `householdref`."""
    return _HEADER_NOISE.sub("", text).casefold()


def _codes(choices: type[PopulationGroup] | type[Relationship] | type[Shelter] | type[Vulnerability]) -> str:
    return ", ".join(str(value) for value in choices.values)


TEMPLATE_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        "household_ref", "#household+id", Requirement.YES, _("Household reference"),
        _("the sender's household reference, unique per household within the file"),
    ),
    TemplateColumn(
        "relationship", "#beneficiary+relationship", Requirement.YES, _("Relationship to the head"),
        _codes(Relationship),
    ),
    TemplateColumn("given_name", "#beneficiary+name+given", Requirement.YES, _("Given name"),
                   _("Arabic script or Latin")),
    TemplateColumn("father_name", "#beneficiary+name+father", Requirement.NO, _("Father's name")),
    TemplateColumn("grandfather_name", "#beneficiary+name+grandfather", Requirement.NO, _("Grandfather's name")),
    TemplateColumn("family_name", "#beneficiary+name+family", Requirement.NO, _("Family or tribal name")),
    TemplateColumn("sex", "#beneficiary+sex", Requirement.YES, _("Sex"), _("M or F (also male/female, ذكر/أنثى)")),
    TemplateColumn(
        "birth_date", "#beneficiary+birth", Requirement.ONE_OF, _("Birth date"),
        _("YYYY, YYYY-MM or YYYY-MM-DD; not in the future, not before 1900"),
    ),
    TemplateColumn("age", "#beneficiary+age", Requirement.ONE_OF, _("Age"), _("whole years, 0 to 120")),
    TemplateColumn(
        "phone", "#contact+phone", Requirement.NO, _("Phone"),
        _("Iraqi mobile: 07XXXXXXXXX, +9647XXXXXXXXX or 009647XXXXXXXXX"),
    ),
    TemplateColumn("national_id", "#beneficiary+id+national", Requirement.NO, _("National ID number")),
    TemplateColumn(
        "population_group", "#population+group", Requirement.HEAD_ROW, _("Population group"), _codes(PopulationGroup)
    ),
    TemplateColumn(
        "location", "#loc+code", Requirement.HEAD_ROW, _("Current location (P-code)"),
        _("P-code of the current location or of an admin area (ADM1 to ADM3)"),
    ),
    TemplateColumn(
        "origin", "#origin+code", Requirement.BY_GROUP, _("Area of origin (P-code)"),
        _("P-code of the area of origin (a country's ISO code for refugees and migrants)"),
    ),
    TemplateColumn("displaced_on", "#date+displaced", Requirement.NO, _("Date of displacement"), _("YYYY-MM-DD")),
    TemplateColumn("returned_on", "#date+returned", Requirement.NO, _("Date of return"), _("YYYY-MM-DD")),
    TemplateColumn("shelter", "#shelter+type", Requirement.NO, _("Shelter"), _codes(Shelter)),
    TemplateColumn(
        "vulnerabilities", "#beneficiary+vulnerable", Requirement.NO, _("Vulnerabilities"),
        format_lazy("{}: {}", _("separated by semicolons"), _codes(Vulnerability)),
    ),
    TemplateColumn(
        "consent", "#beneficiary+consent", Requirement.HEAD_ROW, _("Consent"),
        _("yes or no: the household agreed to registration and data sharing for assistance"),
    ),
)  # fmt: skip

COLUMNS_BY_NAME: dict[str, TemplateColumn] = {column.name: column for column in TEMPLATE_COLUMNS}
FIELD_NAMES: frozenset[str] = frozenset(COLUMNS_BY_NAME)
_COLUMNS_BY_KEY: dict[str, TemplateColumn] = {header_key(column.name): column for column in TEMPLATE_COLUMNS}


def column_by_header(text: str) -> TemplateColumn | None:
    """The template column a header word names: its name in any case, with spaces, hyphens or underscores."""
    return _COLUMNS_BY_KEY.get(header_key(text))


def column_by_hashtag(text: str) -> TemplateColumn | None:
    """The template column an HXL hashtag names: same tag, the column's attributes all present, in any order.

    `#beneficiary+name+given+i_ar` is given_name. When two columns fit equally well the hashtag names neither.
    """
    parsed = hashtag_parse(text)
    if parsed is None:
        return None
    tag, attributes = parsed
    fitting = [column for column in TEMPLATE_COLUMNS if column.tag == tag and column.attributes <= attributes]
    if not fitting:
        return None
    fitting.sort(key=lambda column: len(column.attributes), reverse=True)
    if len(fitting) > 1 and len(fitting[0].attributes) == len(fitting[1].attributes):
        return None
    return fitting[0]


def required_columns_missing(present: set[str]) -> list[str]:
    """The spec's words for each required column absent from `present` (template field names)."""
    missing = [
        column.name
        for column in TEMPLATE_COLUMNS
        if column.required in (Requirement.YES, Requirement.HEAD_ROW) and column.name not in present
    ]
    either = [column.name for column in TEMPLATE_COLUMNS if column.required is Requirement.ONE_OF]
    if not present.intersection(either):
        missing.append(gettext("%(first)s or %(second)s") % {"first": either[0], "second": either[1]})
    return missing


# The codes a value mapping may send an answer to, per field; other fields take any text (a Kobo choice
# name → a P-code, for instance).
MAPPED_CODES: dict[str, frozenset[str]] = {
    "relationship": frozenset(Relationship.values),
    "sex": frozenset(Sex.values),
    "population_group": frozenset(PopulationGroup.values),
    "shelter": frozenset(Shelter.values),
    "vulnerabilities": frozenset(Vulnerability.values),
    "consent": frozenset({"yes", "no"}),
}


@dataclass(frozen=True)
class ColumnMapping:
    """How another layout maps onto the template: source header → field, and per field source answer → code.

    Made in a page and stored as JSON; `from_json` refuses anything that does not name template fields.
    """

    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _columns_by_key: dict[str, str] = field(init=False, repr=False, compare=False)
    _values_by_key: dict[str, dict[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for header, name in self.columns.items():
            if name not in FIELD_NAMES:
                raise ValueError(
                    gettext(
                        "The mapping sends column “%(header)s” to “%(field)s”, which is not a column of the "
                        "registration template. Template columns: %(fields)s."
                    )
                    % {"header": header, "field": name, "fields": ", ".join(COLUMNS_BY_NAME)}
                )
        for name, answers in self.values.items():
            if name not in FIELD_NAMES:
                raise ValueError(
                    gettext("The mapping gives values for “%(field)s”, which is not a column of the template.")
                    % {"field": name}
                )
            codes = MAPPED_CODES.get(name)
            for answer, code in answers.items():
                if codes is not None and code not in codes:
                    raise ValueError(
                        gettext(
                            "The mapping sends the %(field)s answer “%(answer)s” to “%(code)s”; "
                            "expected one of: %(codes)s."
                        )
                        % {"field": name, "answer": answer, "code": code, "codes": ", ".join(sorted(codes))}
                    )
        # A mapping is made from one export and applied to the next; headers and answers are matched loosely.
        object.__setattr__(self, "_columns_by_key", {header_key(h): name for h, name in self.columns.items()})
        answers_by_key = {
            name: {answer.strip().casefold(): code for answer, code in answers.items()}
            for name, answers in self.values.items()
        }
        object.__setattr__(self, "_values_by_key", answers_by_key)

    def field_for(self, header: str) -> str | None:
        """The template field the mapping sends this header to, if any."""
        name = self.columns.get(header.strip())
        return name if name is not None else self._columns_by_key.get(header_key(header))

    def value_for(self, name: str, answer: str) -> str:
        """The code the mapping gives an answer of field `name`, or the answer itself when it gives none."""
        answers = self._values_by_key.get(name)
        if not answers:
            return answer
        return answers.get(answer.strip().casefold(), answer)

    @classmethod
    def from_json(cls, data: object) -> ColumnMapping:
        """A mapping from its stored JSON form `{"columns": {...}, "values": {...}}`; ValueError says what is wrong."""
        if not isinstance(data, dict):
            raise ValueError(gettext("A column mapping must be an object with “columns” and “values”."))
        columns = data.get("columns", {})
        values = data.get("values", {})
        if not isinstance(columns, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in columns.items()
        ):
            raise ValueError(gettext("The mapping's “columns” must map each source header to a template column."))
        if not isinstance(values, dict) or not all(
            isinstance(name, str)
            and isinstance(answers, dict)
            and all(isinstance(key, str) and isinstance(value, str) for key, value in answers.items())
            for name, answers in values.items()
        ):
            raise ValueError(gettext("The mapping's “values” must map, per template column, each answer to a code."))
        return cls(columns=dict(columns), values={name: dict(answers) for name, answers in values.items()})

    def to_json(self) -> dict[str, Any]:
        return {"columns": dict(self.columns), "values": {name: dict(answers) for name, answers in self.values.items()}}
