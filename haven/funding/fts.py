"""OCHA Financial Tracking Service (FTS) CSV files: plans with requirements, requirements by cluster, and flows.

FTS publishes one set of files per country (https://data.humdata.org, "<country> - Requirements and
Funding Data"). Haven recognises the kind of file by its columns, checks every row before writing,
and keys what it stores by FTS's own ids, so importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

PLANS = "plans"
CLUSTERS = "clusters"
FLOWS = "flows"

_SIGNATURES: dict[str, set[str]] = {
    CLUSTERS: {"id", "name", "code", "year", "clusterCode", "cluster", "requirements", "funding"},
    PLANS: {"id", "name", "code", "typeName", "year", "requirements", "funding", "percentFunded"},
    FLOWS: {"id", "date", "amountUSD", "srcOrganization", "destPlanId", "onBoundary", "status", "flowType"},
}


class FtsFileError(ValueError):
    pass


@dataclass(frozen=True)
class PlanRow:
    row: int
    plan_id: int
    code: str
    name: str
    type_name: str
    country: str
    year: int
    start: dt.date | None
    end: dt.date | None
    requirements: Decimal | None
    funding: Decimal | None
    percent: int | None


@dataclass(frozen=True)
class ClusterRow:
    row: int
    plan_id: int
    plan_code: str
    plan_name: str
    year: int
    cluster_code: str
    cluster: str
    requirements: Decimal | None


@dataclass(frozen=True)
class FlowRow:
    row: int
    flow_id: int
    date: dt.date
    description: str
    amount_usd: Decimal
    donor: str
    donor_kind: str
    plan_id: int | None
    plan_code: str
    plan_name: str
    plan_year: int | None
    recipient: str
    sector: str
    countries: str
    status: str
    flow_type: str
    boundary: str
    in_kind: bool
    amount_original: Decimal | None
    currency: str
    exchange_rate: Decimal | None


@dataclass
class FtsFile:
    kind: str
    plans: list[PlanRow] = field(default_factory=list)
    clusters: list[ClusterRow] = field(default_factory=list)
    flows: list[FlowRow] = field(default_factory=list)
    # Funding FTS reports as given to no plan (its "Not specified" row), to say so after the import.
    unplanned_funding: Decimal | None = None


def _kind(header: list[str], name: str) -> str:
    columns = set(header)
    for kind, needed in _SIGNATURES.items():
        if needed <= columns:
            return kind
    raise FtsFileError(
        f"{name}: not an FTS file Haven knows (expected the columns of requirements, requirements by cluster "
        "or incoming flows, as published on HDX)."
    )


class _Row:
    def __init__(self, name: str, number: int, values: dict[str, str], errors: list[str]) -> None:
        self.name, self.number, self.values, self.errors = name, number, values, errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(f"{self.name}, row {self.number}, column {column!r}: {message}")

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def parse(self, column: str, convert: Callable[[str], Any], *, required: bool = False, what: str = "") -> Any:
        raw = self.text(column)
        if raw == "":
            if required:
                self.fail(column, "a value is required")
            return None
        try:
            return convert(raw)
        except (ValueError, InvalidOperation, ArithmeticError):
            self.fail(column, f"{raw!r} is not {what}")
            return None


def _amount(text: str) -> Decimal:
    value = Decimal(text.replace(",", ""))
    if not value.is_finite() or value < 0:
        raise ValueError(text)
    return value


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


# FTS lists some flows without a source; they are kept under this name rather than refused.
UNREPORTED_SOURCE = "Source not reported"

_STATUSES = {"pledge", "commitment", "paid"}
_FLOW_TYPES = {"standard": "standard", "parked": "parked", "pass through": "pass_through"}


def read(text: str, *, name: str = "FTS file") -> FtsFile:
    """Parse and check a whole file; raises FtsFileError listing every problem by row and column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [column.strip() for column in reader.fieldnames or []]
    kind = _kind(header, name)
    result = FtsFile(kind=kind)
    errors: list[str] = []
    for number, values in enumerate(reader, start=2):
        values = {(key or "").strip(): value for key, value in values.items()}
        row = _Row(name, number, values, errors)
        if kind == FLOWS:
            _flow(row, result)
        elif kind == PLANS:
            _plan(row, result)
        else:
            _cluster(row, result)
    if errors:
        shown = errors[:50]
        more = f"\n… and {len(errors) - 50} more" if len(errors) > 50 else ""
        raise FtsFileError("\n".join(shown) + more)
    return result


def _plan(row: _Row, result: FtsFile) -> None:
    if not row.text("id"):
        if row.text("name").lower() == "not specified":
            result.unplanned_funding = row.parse("funding", _amount, what="an amount")
        return
    plan_id = row.parse("id", int, required=True, what="a plan id")
    year = row.parse("year", int, required=True, what="a year")
    start = row.parse("startDate", _date, what="a date")
    end = row.parse("endDate", _date, what="a date")
    requirements = row.parse("requirements", _amount, what="an amount")
    funding = row.parse("funding", _amount, what="an amount")
    percent = row.parse("percentFunded", int, what="a whole percentage")
    if not row.text("name"):
        row.fail("name", "a value is required")
    if plan_id is None or year is None:
        return
    result.plans.append(
        PlanRow(row.number, plan_id, row.text("code") or f"FTS-{plan_id}", row.text("name"), row.text("typeName"),
                row.text("countryCode"), year, start, end, requirements, funding, percent)
    )  # fmt: skip


def _cluster(row: _Row, result: FtsFile) -> None:
    plan_id = row.parse("id", int, required=True, what="a plan id")
    year = row.parse("year", int, required=True, what="a year")
    requirements = row.parse("requirements", _amount, what="an amount")
    if not row.text("cluster"):
        row.fail("cluster", "a value is required")
    if plan_id is None or year is None:
        return
    result.clusters.append(
        ClusterRow(row.number, plan_id, row.text("code") or f"FTS-{plan_id}", row.text("name"), year,
                   row.text("clusterCode"), row.text("cluster"), requirements)
    )  # fmt: skip


def _flow(row: _Row, result: FtsFile) -> None:
    flow_id = row.parse("id", int, required=True, what="a flow id")
    date = row.parse("date", _date, required=True, what="a date")
    amount = row.parse("amountUSD", _amount, required=True, what="an amount in USD")
    plan_id = row.parse("destPlanId", int, what="a plan id")
    plan_year = row.parse("destUsageYearStart", int, what="a year")
    original = row.parse("originalAmount", _amount, what="an amount")
    rate = row.parse("exchangeRate", _amount, what="an exchange rate")
    status = row.text("status").lower()
    if status not in _STATUSES:
        row.fail("status", f"{row.text('status')!r} is not pledge, commitment or paid")
    flow_type = _FLOW_TYPES.get(row.text("flowType").lower())
    if flow_type is None:
        row.fail("flowType", f"{row.text('flowType')!r} is not Standard, Parked or Pass through")
    boundary = row.text("onBoundary").lower() or "single"
    if boundary not in {"single", "shared"}:
        row.fail("onBoundary", f"{row.text('onBoundary')!r} is not single or shared")
    if flow_id is None or date is None or amount is None or flow_type is None or status not in _STATUSES:
        return
    currency = row.text("originalCurrency").upper() or "USD"
    result.flows.append(
        FlowRow(
            row=row.number, flow_id=flow_id, date=date, description=row.text("description")[:500], amount_usd=amount,
            donor=row.text("srcOrganization") or UNREPORTED_SOURCE, donor_kind=row.text("srcOrganizationTypes"),
            plan_id=plan_id,
            plan_code=row.text("destPlanCode"), plan_name=row.text("destPlan"), plan_year=plan_year,
            recipient=row.text("destOrganization")[:300], sector=row.text("destGlobalClusters")[:200],
            countries=row.text("destLocations")[:200], status=status, flow_type=flow_type, boundary=boundary,
            in_kind=row.text("contributionType").lower() == "in kind",
            amount_original=original if original is not None else (amount if currency == "USD" else None),
            currency=currency, exchange_rate=rate,
        )
    )  # fmt: skip
