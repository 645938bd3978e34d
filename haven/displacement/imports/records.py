"""What every figures file is read into, whatever its format: records, and the problems found in them."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from haven.core.services import ServiceError

PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    row: int  # the row (or record) number a person finds in the file; 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class FiguresFileRefused(ServiceError):
    """The file cannot be imported; nothing was changed. Carries every problem found, by row and column."""

    def __init__(self, file_name: str, problems: list[Problem]) -> None:
        self.file_name = file_name
        self.problems = problems[:PROBLEMS_SHOWN]
        self.total = len(problems)
        more = f" (and {self.total - PROBLEMS_SHOWN} more)" if self.total > PROBLEMS_SHOWN else ""
        listing = "; ".join(str(problem) for problem in self.problems)
        super().__init__(f"{file_name} was not imported, nothing was changed. {self.total} problem(s){more}: {listing}")


@dataclass(slots=True)
class BreakdownRecord:
    dimension: str
    category: str
    families: int | None = None
    individuals: int | None = None
    origin_pcode: str = ""


@dataclass(slots=True)
class NeedRecord:
    sector: str
    is_needed: bool | None = None
    priority: int | None = None
    assistance_received: bool | None = None


@dataclass(slots=True)
class FigureRecord:
    """One place, reporting date and group as a file states it, before its areas are resolved."""

    row: int
    reporting_date: dt.date
    group: str
    assessment_type: str
    round_number: int | None = None
    operation: str = ""
    area_text: str = ""  # P-code or name of the smallest area the file gives
    area_level: int | None = None
    location_code: str = ""
    location_name: str = ""
    families: int | None = None
    individuals: int | None = None
    status: str = "new"
    key_informant_name: str = ""
    key_informant_phone: str = ""
    key_informant_role: str = ""
    breakdowns: list[BreakdownRecord] = field(default_factory=list)
    needs: list[NeedRecord] = field(default_factory=list)


@dataclass
class FiguresFile:
    file_format: str
    records: list[FigureRecord]
    ignored_columns: list[str] = field(default_factory=list)


def content_hash(record: FigureRecord, *, area_id: int, location_id: int | None, individuals: int | None) -> str:
    """A fingerprint of everything an assessment says, so that an unchanged row is recognised on re-import."""
    parts = [
        record.assessment_type, str(record.round_number or ""), record.operation, str(area_id), str(location_id or ""),
        record.group, str(record.families), str(individuals), record.status, record.key_informant_name,
        record.key_informant_phone, record.key_informant_role,
    ]  # fmt: skip
    parts += sorted(
        f"{b.dimension}|{b.category}|{b.origin_pcode}|{b.families}|{b.individuals}" for b in record.breakdowns
    )
    parts += sorted(f"{n.sector}|{n.is_needed}|{n.priority}|{n.assistance_received}" for n in record.needs)
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


_THOUSANDS = re.compile(r"(?<=\d)[,\s\u066c\u00a0](?=\d{3}\b)")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def count_read(value: object) -> int | None:
    """A count of families or people: a whole number, zero or more; None for an empty cell.

    Accepts `1,234`, `1 234`, Arabic-Indic digits and `12.0` (what spreadsheets make of integers).
    Raises ValueError with a message for a person otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a count")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value:g} is not a whole number")
        number = int(value)
    else:
        text = _THOUSANDS.sub("", str(value).strip().translate(_ARABIC_DIGITS))
        if text == "":
            return None
        if text.endswith(".0"):
            text = text[:-2]
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"{str(value).strip()!r} is not a number")
        number = int(text)
    if number < 0:
        raise ValueError(f"{number} is negative: counts are zero or more")
    return number


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %Y", "%b %Y")


def date_read(value: object) -> dt.date:
    """A reporting date from ISO text (with or without a time), a spreadsheet date, or day/month/year text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValueError("the reporting date is empty")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?", text):
        text = text[:10]
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (write it as YYYY-MM-DD)")


def flag_read(value: object) -> bool | None:
    """Yes/no cells: yes, y, true, 1, نعم / no, n, false, 0, لا; empty is unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1", "x", "نعم"}:
        return True
    if text in {"no", "n", "false", "0", "لا"}:
        return False
    raise ValueError(f"{value!r} is not yes or no")
