"""PEOPLE.csv in, CLUSTERS.csv out: the file exchange format of `../shared/spec/dedup.md`.

A file is read whole or refused: every problem names its row and column, and nothing is matched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from haven.dedup.engine.keys import birth_read, document_key, key_base, part_key, phone_key

NAME_COLUMNS = ("given_name", "father_name", "grandfather_name", "family_name")
OPTIONAL_COLUMNS = (*NAME_COLUMNS, "sex", "birth_date", "governorate", "phone", "national_id")
# Columns of the prepared table, in the order every engine receives them.
PREPARED_COLUMNS = (
    "unique_id", "given_key", "given_base", "father_key", "father_base", "grandfather_key", "family_key", "sex",
    "birth_year", "birth_month", "birth_day", "governorate", "phone", "national_id",
)  # fmt: skip
_SEXES = {"m": "M", "male": "M", "f": "F", "female": "F", "ذكر": "M", "انثى": "F", "أنثى": "F"}
PROBLEMS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class FileProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row else _("header")
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


class PeopleFileRefused(Exception):
    """The file cannot be matched; `problems` says where and why."""

    def __init__(self, path: str, problems: list[FileProblem], total: int | None = None) -> None:
        self.path = path
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(f"{path}: {self.total} problem(s)")


@dataclass(slots=True)
class PeopleTable:
    """Prepared records as columns; `record_ids[i]` is the file's id of `unique_id` i."""

    record_ids: list[str] = field(default_factory=list)
    columns: dict[str, list[object]] = field(default_factory=lambda: {name: [] for name in PREPARED_COLUMNS})

    def __len__(self) -> int:
        return len(self.record_ids)

    def concat(self, other: PeopleTable) -> PeopleTable:
        """This table's records followed by `other`'s, renumbered (ids need not be unique across them)."""
        joined = PeopleTable(record_ids=[*self.record_ids, *other.record_ids])
        for name in PREPARED_COLUMNS:
            joined.columns[name] = [*self.columns[name], *other.columns[name]]
        joined.columns["unique_id"] = list(range(len(joined.record_ids)))
        return joined

    def present(self) -> frozenset[str]:
        """The prepared columns that hold a value in at least one record."""
        return frozenset(name for name, values in self.columns.items() if any(value is not None for value in values))

    def add(self, record_id: str, values: Mapping[str, str], *, row: int, problems: list[FileProblem]) -> None:
        birth = birth_read(values.get("birth_date") or "")
        if birth is None:
            problems.append(
                FileProblem(row, "birth_date", _("“%(value)s” is not a date (YYYY, YYYY-MM or YYYY-MM-DD).")
                            % {"value": values["birth_date"]})
            )  # fmt: skip
            return
        sex_text = (values.get("sex") or "").strip()
        sex = _SEXES.get(sex_text.lower(), "") if sex_text else ""
        if sex_text and not sex:
            problems.append(FileProblem(row, "sex", _("“%(value)s” is not M or F.") % {"value": sex_text}))
            return
        given, father = part_key(_cell(values, "given_name")), part_key(_cell(values, "father_name"))
        column = self.columns
        column["unique_id"].append(len(self.record_ids))
        column["given_key"].append(given or None)
        column["given_base"].append(key_base(given) or None)
        column["father_key"].append(father or None)
        column["father_base"].append(key_base(father) or None)
        column["grandfather_key"].append(part_key(_cell(values, "grandfather_name")) or None)
        column["family_key"].append(part_key(_cell(values, "family_name")) or None)
        column["sex"].append(sex or None)
        column["birth_year"].append(birth.year)
        column["birth_month"].append(birth.month)
        column["birth_day"].append(birth.day)
        column["governorate"].append(_cell(values, "governorate").upper() or None)
        column["phone"].append(phone_key(_cell(values, "phone")) or None)
        column["national_id"].append(document_key(_cell(values, "national_id")) or None)
        self.record_ids.append(record_id)


def _cell(values: Mapping[str, str], name: str) -> str:
    return (values.get(name) or "").strip()


def people_read(path: Path | str) -> PeopleTable:
    """Read and prepare PEOPLE.csv; PeopleFileRefused names every problem (the first twenty shown)."""
    name = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return people_parse(handle, name=name)
    except UnicodeDecodeError as error:
        raise PeopleFileRefused(
            name, [FileProblem(0, "", _("The file is not UTF-8 text (byte %(at)s).") % {"at": error.start})]
        ) from error
    except OSError as error:
        raise PeopleFileRefused(name, [FileProblem(0, "", error.strerror or str(error))]) from error


CELL_LIMIT = 131_072


def people_parse(handle: IO[str], *, name: str = "PEOPLE.csv") -> PeopleTable:
    """Read PEOPLE.csv from an open text stream (see `people_read`)."""
    # The limit is process-wide and the registry's reader raises it for its own files; a person
    # record never needs a cell this long, so this reader sets its own rather than inherit one.
    csv.field_size_limit(CELL_LIMIT)
    reader = csv.reader(handle)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise PeopleFileRefused(name, [FileProblem(0, "", str(error))]) from error
    if not header:
        raise PeopleFileRefused(name, [FileProblem(0, "", _("The file is empty."))])
    header = [cell.strip().lower() for cell in header]
    if "record_id" not in header:
        raise PeopleFileRefused(name, [FileProblem(0, "record_id", _("The header has no record_id column."))])
    problems: list[FileProblem] = []
    total = 0
    table = PeopleTable()
    seen: dict[str, int] = {}
    for row_number, values in _rows(reader, header, name):
        record_id = values.get("record_id", "").strip()
        before = len(problems)
        if not record_id:
            problems.append(FileProblem(row_number, "record_id", _("The record has no id.")))
        elif record_id in seen:
            problems.append(
                FileProblem(row_number, "record_id", _("“%(id)s” is also the id of row %(first)s.")
                            % {"id": record_id, "first": seen[record_id]})
            )  # fmt: skip
        else:
            seen[record_id] = row_number
            table.add(record_id, values, row=row_number, problems=problems)
        total += len(problems) - before
        del problems[PROBLEMS_SHOWN:]
    if total:
        raise PeopleFileRefused(name, problems, total)
    return table


def _rows(reader: Iterator[list[str]], header: list[str], name: str) -> Iterable[tuple[int, dict[str, str]]]:
    row_number = 1
    try:
        for cells in reader:
            row_number += 1
            if not any(cell.strip() for cell in cells):
                continue
            yield row_number, dict(zip(header, cells, strict=False))
    except csv.Error as error:
        raise PeopleFileRefused(name, [FileProblem(row_number + 1, "", str(error))]) from error


def clusters_write(path: Path | str, record_ids: list[str], cluster_of: list[int]) -> None:
    """CLUSTERS.csv: `record_id,cluster_id`, one row per input record in input order.

    A cluster is named by the first record of it in the file, so the output reads back to the input.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("record_id", "cluster_id"))
    writer.writerows(zip(record_ids, (record_ids[cluster] for cluster in cluster_of), strict=True))
    Path(path).write_text(buffer.getvalue(), encoding="utf-8")


def pairs_write(path: Path | str, record_ids: list[str], pairs: Iterable[Any]) -> None:
    """PAIRS.csv: each matched pair, its probability and the comparison level each field reached
    (0 is "all other", higher agrees more closely, -1 is unknown on one side)."""
    rows = list(pairs)
    fields = sorted({name for pair in rows for name in pair.levels})
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("record_id_1", "record_id_2", "match_probability", *fields))
        for pair in rows:
            writer.writerow(
                (record_ids[pair.left], record_ids[pair.right], f"{pair.probability:.4f}",
                 *(pair.levels.get(name, "") for name in fields))
            )  # fmt: skip
