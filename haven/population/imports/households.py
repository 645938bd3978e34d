"""Households checked across the rows of a file: one head, one population group, what the head's row must say.

The rows of a household need not be next to each other, so the check keeps a small summary per household while
the rows stream past and reports once every row has been seen. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from haven.population.imports.layout import Problem, SourceRow
from haven.population.imports.template import COLUMNS_BY_NAME, ColumnMapping
from haven.population.imports.validation import CELL_LIMIT, REFERENCE_LIMIT, PersonRecord
from haven.population.imports.values import POPULATION_GROUPS, RELATIONSHIPS, choice_read, consent_read
from haven.population.vocabulary import GROUPS_WITH_ORIGIN, PopulationGroup, Relationship

_ROWS_NAMED = 10  # rows a message lists before "…"; the report's message field holds 500 characters
_RETURNING = frozenset({PopulationGroup.RETURNEE, PopulationGroup.REFUGEE_RETURNEE})
_MISSING, _AGREED, _REFUSED, _UNREADABLE = range(4)


class _Household:
    # Slots and plain ints: 100,000 households must stay well under 100 MB.
    __slots__ = (
        "agreement", "first_row", "group", "group_row", "head_group", "head_location", "head_row", "more_groups",
        "more_heads", "origin", "returned_row", "rows",
    )  # fmt: skip

    def __init__(self, first_row: int) -> None:
        self.first_row = first_row
        self.rows: list[int] | None = None  # further rows, kept only until a head is seen, to name them if none is
        self.head_row = 0  # the first head's row; 0 while no row is the head's
        self.more_heads: list[int] | None = None
        self.group = ""  # the first population group a row gives
        self.group_row = 0
        self.more_groups: dict[str, int] | None = None  # other groups, with the first row giving each
        self.head_group = ""
        self.head_location = False
        self.agreement = _MISSING  # the head's consent
        self.origin = False
        self.returned_row = 0


class HouseholdCheck:
    """Feed it every row, valid or not, in any order; then `problems()` lists what is wrong with households."""

    def __init__(self, *, mapping: ColumnMapping | None = None) -> None:
        self._mapping = mapping
        self._households: dict[str, _Household] = {}
        self._headers: dict[str, str] = {}

    def add(self, record: PersonRecord | None, row: SourceRow) -> None:
        """Count the row in its household; a row with errors (no record) still counts by what it says."""
        if not self._headers:
            self._headers = dict(row.headers)
        values = row.values
        if record is not None:
            reference, relationship, group = record.household_ref, record.relationship, record.population_group
            location, origin, returned = bool(record.location), bool(record.origin), record.returned_on is not None
            agreement = _MISSING if record.consent is None else _AGREED if record.consent else _REFUSED
        else:
            reference = " ".join(values.get("household_ref", "")[:CELL_LIMIT].split())
            if len(reference) > REFERENCE_LIMIT:
                return
            relationship = self._code(RELATIONSHIPS, "relationship", values)
            group = self._code(POPULATION_GROUPS, "population_group", values)
            location, origin, returned = "location" in values, "origin" in values, "returned_on" in values
            agreement = _MISSING
            if "consent" in values:
                consent = consent_read(values["consent"][:CELL_LIMIT], mapping=self._mapping)
                agreement = _UNREADABLE if consent is None else _AGREED if consent else _REFUSED
        if not reference:
            return
        household = self._households.get(reference)
        if household is None:
            household = self._households[reference] = _Household(row.number)
        elif not household.head_row:
            household.rows = household.rows or []
            if len(household.rows) < _ROWS_NAMED:
                household.rows.append(row.number)
        if relationship == Relationship.HEAD:
            if not household.head_row:
                household.head_row, household.rows = row.number, None
                household.head_group, household.head_location, household.agreement = group, location, agreement
            elif household.more_heads is None:
                household.more_heads = [row.number]
            elif len(household.more_heads) < _ROWS_NAMED:
                household.more_heads.append(row.number)
        if group and not household.group:
            household.group, household.group_row = group, row.number
        elif group and group != household.group and group not in (household.more_groups or {}):
            household.more_groups = {**(household.more_groups or {}), group: row.number}
        household.origin = household.origin or origin
        if returned and not household.returned_row:
            household.returned_row = row.number

    def _code(self, table: dict[str, str], name: str, values: dict[str, str]) -> str:
        text = values.get(name, "")[:CELL_LIMIT]
        return (choice_read(table, text, name=name, mapping=self._mapping) or "") if text else ""

    @property
    def household_count(self) -> int:
        return len(self._households)

    @property
    def households_without_consent(self) -> int:
        return sum(1 for household in self._households.values() if household.agreement == _REFUSED)

    def household_consent(self, household_ref: str) -> bool | None:
        """What the head's row answered to consent; None when there is no such household or no answer."""
        household = self._households.get(household_ref)
        if household is None or household.agreement not in (_AGREED, _REFUSED):
            return None
        return household.agreement == _AGREED

    def problems(self) -> list[Problem]:
        """Every household problem, households in the order the file first names them."""
        return [
            problem for reference, household in self._households.items() for problem in self._of(reference, household)
        ]

    def _problem(
        self, reference: str, row: int, name: str, message: str, severity: Literal["error", "warning"] = "error"
    ) -> Problem:
        return Problem(row, self._headers.get(name, name) if name else "", "", message, severity, reference)

    def _of(self, reference: str, household: _Household) -> Iterator[Problem]:
        shown = {"household": reference}
        if not household.head_row:
            listed = [household.first_row, *(household.rows or [])]
            rows = _rows_listed(listed)
            message = ngettext(
                "Household %(household)s has no head: its only row (row %(rows)s) must have relationship head.",
                "Household %(household)s has no head: one of its rows (rows %(rows)s) must have relationship head.",
                len(listed),
            )
            yield self._problem(reference, household.first_row, "relationship", message % {**shown, "rows": rows})
            head_row = household.first_row
        else:
            head_row = household.head_row
            if household.more_heads:
                message = _("Household %(household)s has more than one head (rows %(rows)s); it must have exactly one.")
                rows = _rows_listed([head_row, *household.more_heads])
                message %= {**shown, "rows": rows}
                yield self._problem(reference, household.more_heads[0], "relationship", message)
            yield from self._head_row(reference, household, head_row)
        group = household.head_group or household.group
        if household.more_groups:
            groups = ", ".join(
                _("%(group)s (row %(row)d)") % {"group": name, "row": row}
                for name, row in {household.group: household.group_row, **household.more_groups}.items()
            )
            message = _("Household %(household)s has more than one population group: %(groups)s. It must have one.")
            first_other = min(household.more_groups.values())
            yield self._problem(reference, first_other, "population_group", message % {**shown, "groups": groups})
        if group in GROUPS_WITH_ORIGIN and not household.origin:
            message = _(
                "Household %(household)s is %(group)s, but none of its rows gives an origin: the %(expected)s is "
                "needed."
            )
            values = {**shown, "group": group, "expected": COLUMNS_BY_NAME["origin"].values}
            yield self._problem(reference, head_row, "origin", message % values)
        if group and group not in _RETURNING and household.returned_row:
            message = _(
                "Household %(household)s is %(group)s: a date of return is expected only for returnees and refugee "
                "returnees."
            )
            message %= {**shown, "group": group}
            yield self._problem(reference, household.returned_row, "returned_on", message, "warning")

    def _head_row(self, reference: str, household: _Household, head_row: int) -> Iterator[Problem]:
        shown = {"household": reference, "row": head_row}
        if not household.head_group:
            message = _(
                "The head's row (row %(row)d) of household %(household)s needs the population group: %(codes)s."
            )
            values = {**shown, "codes": ", ".join(PopulationGroup.values)}
            yield self._problem(reference, head_row, "population_group", message % values)
        if not household.head_location:
            message = _(
                "The head's row (row %(row)d) of household %(household)s needs the location: the P-code of the "
                "current location or of an admin area."
            )
            yield self._problem(reference, head_row, "location", message % shown)
        if household.agreement == _MISSING:
            message = _(
                "The head's row (row %(row)d) of household %(household)s needs consent: yes or no, whether the "
                "household agreed to registration and data sharing for assistance."
            )
            yield self._problem(reference, head_row, "consent", message % shown)
        elif household.agreement == _REFUSED:
            message = _("Household %(household)s did not consent: it is kept as counts only, names are not stored.")
            yield self._problem(reference, head_row, "consent", message % shown, "warning")


def _rows_listed(rows: list[int]) -> str:
    listed = ", ".join(str(row) for row in rows[:_ROWS_NAMED])
    return listed + (", …" if len(rows) > _ROWS_NAMED else "")
