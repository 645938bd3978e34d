"""The whole pure import run over one file, as the pipeline does it, for tests that look at the outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from haven.population.imports import (
    ColumnMapping,
    FileRefused,
    HouseholdCheck,
    PersonRecord,
    Problem,
    SourceRow,
    person_row_validate,
    registration_file_open,
)

TODAY = dt.date(2008, 6, 30)
PLACES = frozenset({"IQG01", "IQG01Q01", "IQG08", "IQG08Q01", "IQG13"})
COUNTRIES = frozenset({"SY", "IR", "JO", "TR"})
HEADER = (
    "household_ref,relationship,given_name,father_name,family_name,sex,birth_date,phone,"
    "population_group,location,origin,consent"
)
HEAD = "H-1,head,Ali,Hassan,al-Jubouri,M,1975,07701234567,idp,IQG08,IQG01,yes"


def place_known(code: str) -> bool:
    return code in PLACES


def origin_known(code: str) -> bool:
    return code in PLACES or code in COUNTRIES


@dataclass
class ImportRun:
    refusal: str | None = None
    file_warnings: list[Problem] = field(default_factory=list)
    row_problems: list[Problem] = field(default_factory=list)
    household_problems: list[Problem] = field(default_factory=list)
    records: list[PersonRecord] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.file_warnings, *self.row_problems, *self.household_problems]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "warning"]

    def messages(self, severity: str) -> str:
        return "\n".join(problem.message for problem in self.problems if problem.severity == severity)


def import_run(path: Path, *, mapping: ColumnMapping | None = None, today: dt.date = TODAY) -> ImportRun:
    """Open, read, validate every row and check households; a refusal is kept, not raised."""
    run = ImportRun()
    households = HouseholdCheck(mapping=mapping)
    try:
        with registration_file_open(path, mapping=mapping) as registration:
            run.file_warnings = list(registration.warnings)
            for row in registration.rows():
                record, problems = person_row_validate(
                    row, today=today, place_known=place_known, origin_known=origin_known, mapping=mapping
                )
                run.row_problems.extend(problems)
                households.add(record, row)
                if record is not None:
                    run.records.append(record)
    except FileRefused as refusal:
        run.refusal = str(refusal)
        return run
    run.household_problems = households.problems()
    return run


def csv_write(folder: Path, *lines: str, name: str = "registration.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes("".join(line + "\n" for line in lines).encode(encoding))
    return path


def rows_of(path: Path, **options: object) -> list[SourceRow]:
    """Every row of the file, read with `registration_file_open(path, **options)`."""
    with registration_file_open(path, **options) as registration:  # type: ignore[arg-type]
        return list(registration.rows())


def refusal_of(path: Path, **options: object) -> str:
    """The message refusing the file; fails the test when it is opened."""
    with pytest.raises(FileRefused) as refused, registration_file_open(path, **options):  # type: ignore[arg-type]
        pass
    return str(refused.value)
