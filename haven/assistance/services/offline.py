"""The distribution list as a spreadsheet to take where there is no connection, and its return with results.

The list is written with one row per household; the team fills in the last columns (delivered,
quantity, who received, how identified, date). Uploaded again, the file is checked whole: any
mistake is reported by row and column and nothing is recorded until the file is right.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from haven.assistance.models import DeliverySource, Distribution, DistributionStatus, IdentifiedBy
from haven.assistance.services.deliveries import DeliveriesRefused, Receipt, deliveries_record_many
from haven.core.exports import spreadsheet_safe
from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError, audit_record
from haven.population import selectors as population_selectors

# Column order of the list; the first seven are the list itself, the rest are the team's to fill.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("entitlement", gettext_lazy("Entitlement")),
    ("registration_number", gettext_lazy("Registration number")),
    ("head", gettext_lazy("Head of household")),
    ("population_group", gettext_lazy("Population group")),
    ("area", gettext_lazy("Area")),
    ("household_size", gettext_lazy("Household size")),
    ("entitled", gettext_lazy("Entitled quantity")),
    ("delivered", gettext_lazy("Delivered (yes/no)")),
    ("quantity", gettext_lazy("Quantity delivered")),
    ("received_by", gettext_lazy("Received by (name)")),
    ("identified_by", gettext_lazy("Identified by (registration number/document)")),
    ("document_number", gettext_lazy("Document number")),
    ("delivered_on", gettext_lazy("Delivered on (YYYY-MM-DD)")),
)
POSITION = {key: index for index, (key, _title) in enumerate(COLUMNS)}
ABOUT_SHEET = "About"
RECORDED = "recorded"
YES = frozenset({"yes", "y", "1", "true", "x", "نعم", "✓"})
NO = frozenset({"", "no", "n", "0", "false", "لا"})
DOCUMENT = frozenset({"document", "doc", "id", "وثيقة"})
REGISTRATION = frozenset({"", "registration number", "registration_number", "registration", "reg", "رقم التسجيل"})


class OfflineListRefused(ServiceError):
    """An uploaded list that cannot be recorded, with one message per mistake (file, row, column)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(_("The list was not recorded: %(count)s problems.") % {"count": len(messages)})
        self.messages = messages


def distribution_workbook_write(*, distribution: Distribution, exported_by: User, out: BinaryIO) -> int:
    """Write the distribution's list (the households of the officer's areas) as XLSX; returns how many rows."""
    from haven.assistance.selectors import entitlements_visible_to

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Distribution list"))
    sheet.freeze_panes = "C2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    header = []
    for index, (_key, title) in enumerate(COLUMNS):
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        if index >= POSITION["delivered"]:
            cell.fill = fill
        header.append(cell)
    sheet.append(header)
    entitlements = entitlements_visible_to(exported_by, distribution).select_related("delivery")
    count = 0
    last = ""
    # Paged by registration number, not by offset: each page is one index range however far down the list.
    while chunk := list(entitlements.filter(household__registration_number__gt=last)[:5000]):
        last = chunk[-1].household.registration_number
        heads = {
            household.pk: next(iter(getattr(household, "heads", [])), None)
            for household in population_selectors.heads_prefetched(
                population_selectors.households_visible_to(exported_by).filter(
                    pk__in=[entitlement.household_id for entitlement in chunk]
                )
            )
        }
        for entitlement in chunk:
            head = heads.get(entitlement.household_id)
            delivery = getattr(entitlement, "delivery", None) if entitlement.delivered else None
            sheet.append(
                [
                    entitlement.pk,
                    entitlement.household.registration_number,
                    spreadsheet_safe((head.name_ar or head.name_latin) if head else ""),
                    entitlement.population_group,
                    entitlement.area.pcode,
                    entitlement.household_size,
                    float(entitlement.quantity),
                    RECORDED if delivery else "",
                    float(delivery.quantity) if delivery else None,
                    spreadsheet_safe(delivery.received_by_name) if delivery else "",
                    delivery.identified_by if delivery else "",
                    "",
                    delivery.delivered_on if delivery else None,
                ]
            )
            count += 1
    about = workbook.create_sheet(ABOUT_SHEET)
    for row in (
        ("distribution", distribution.pk),
        ("programme", distribution.programme.code),
        ("round", distribution.round),
        ("name", spreadsheet_safe(distribution.name)),
        ("place", spreadsheet_safe(distribution.place)),
        ("date", distribution.planned_on),
        ("households", count),
        (
            "instructions",
            _(
                "Fill in the yellow columns for each household served: 'yes' in Delivered, the "
                "quantity (blank: as entitled), who received, how identified and the date (blank: the "
                "distribution's date). Rows marked 'recorded' were recorded already and are left as they "
                "are. Do not add, remove or reorder columns."
            ),
        ),
    ):
        about.append(list(row))
    workbook.save(out)
    audit_record(
        actor=exported_by,
        action=AuditAction.EXPORT,
        target=distribution,
        detail=_("offline list: %(count)s households") % {"count": count},
    )
    return count


@dataclass(frozen=True)
class _Row:
    number: int
    entitlement: int
    receipt: Receipt


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _where(file_name: str, row: int, key: str) -> str:
    column = POSITION[key]
    return _("%(file)s, row %(row)s, column %(letter)s (%(title)s)") % {
        "file": file_name,
        "row": row,
        "letter": get_column_letter(column + 1),
        "title": COLUMNS[column][1],
    }


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(_text(value)[:10])


def _rows(*, source: IO[bytes], file_name: str, distribution: Distribution) -> tuple[list[_Row], list[str]]:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise OfflineListRefused(
            [_("%(file)s is not an XLSX workbook (%(reason)s).") % {"file": file_name, "reason": type(error).__name__}]
        ) from None
    try:
        if ABOUT_SHEET not in workbook.sheetnames:
            raise OfflineListRefused(
                [
                    _("%(file)s is not a Haven distribution list (no '%(sheet)s' sheet).")
                    % {"file": file_name, "sheet": ABOUT_SHEET}
                ]
            )
        about = {_text(row[0]): row[1] for row in workbook[ABOUT_SHEET].iter_rows(values_only=True) if row and row[0]}
        if _text(about.get("distribution")) != str(distribution.pk):
            raise OfflineListRefused(
                [
                    _("%(file)s is the list of another distribution (%(other)s), not of %(name)s.")
                    % {"file": file_name, "other": _text(about.get("name")) or "?", "name": distribution.name}
                ]
            )
        sheet = workbook[workbook.sheetnames[0]]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or len([cell for cell in header if cell is not None]) != len(COLUMNS):
            raise OfflineListRefused(
                [
                    _("%(file)s, row 1: the list must keep its %(count)s columns, in order.")
                    % {"file": file_name, "count": len(COLUMNS)}
                ]
            )
        return _parsed(rows, file_name=file_name, distribution=distribution)
    finally:
        workbook.close()


def _parsed(rows: Any, *, file_name: str, distribution: Distribution) -> tuple[list[_Row], list[str]]:
    parsed: list[_Row] = []
    messages: list[str] = []
    registration_numbers: dict[int, str] = {}
    for number, values in enumerate(rows, start=2):
        cells = list(values) + [None] * (len(COLUMNS) - len(values))
        if not any(cell not in (None, "") for cell in cells):
            continue
        cell = {key: cells[POSITION[key]] for key, _title in COLUMNS}
        delivered = _text(cell["delivered"]).lower()
        if delivered == RECORDED or delivered in NO:
            continue
        if delivered not in YES:
            messages.append(
                f"{_where(file_name, number, 'delivered')}: "
                + _("write yes or no, not “%(value)s”.") % {"value": _text(cell["delivered"])}
            )
            continue
        errors: list[str] = []
        try:
            entitlement = int(_text(cell["entitlement"]))
        except ValueError:
            errors.append(f"{_where(file_name, number, 'entitlement')}: " + _("the entitlement number was changed."))
            entitlement = 0
        registration_numbers[entitlement] = _text(cell["registration_number"])
        quantity: Decimal | None = None
        if _text(cell["quantity"]):
            try:
                quantity = Decimal(_text(cell["quantity"]).replace(",", "."))
            except InvalidOperation:
                errors.append(
                    f"{_where(file_name, number, 'quantity')}: "
                    + _("“%(value)s” is not a number.") % {"value": _text(cell["quantity"])}
                )
        identified = _text(cell["identified_by"]).lower()
        identified_by = IdentifiedBy.REGISTRATION_NUMBER
        if identified in DOCUMENT:
            identified_by = IdentifiedBy.DOCUMENT
        elif identified not in REGISTRATION:
            errors.append(
                f"{_where(file_name, number, 'identified_by')}: "
                + _("write “registration number” or “document”, not “%(value)s”.")
                % {"value": _text(cell["identified_by"])}
            )
        delivered_on: date | None = distribution.planned_on
        if _text(cell["delivered_on"]):
            try:
                delivered_on = _date(cell["delivered_on"])
            except ValueError:
                errors.append(
                    f"{_where(file_name, number, 'delivered_on')}: "
                    + _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": _text(cell["delivered_on"])}
                )
        if errors:
            messages += errors
            continue
        receipt = Receipt(
            identified_by=identified_by,
            received_by_name=_text(cell["received_by"]),
            document_number=_text(cell["document_number"]),
            quantity=quantity,
            delivered_on=delivered_on,
        )
        parsed.append(_Row(number=number, entitlement=entitlement, receipt=receipt))
    listed: dict[int, str] = {}
    wanted = [row.entitlement for row in parsed]
    for start in range(0, len(wanted), 5000):
        chunk = distribution.entitlements.filter(pk__in=wanted[start : start + 5000])
        listed.update(chunk.values_list("pk", "household__registration_number"))
    for row in parsed:
        written = registration_numbers.get(row.entitlement, "")
        if row.entitlement in listed and written and written != listed[row.entitlement]:
            messages.append(
                f"{_where(file_name, row.number, 'registration_number')}: "
                + _("entitlement %(id)s is household %(listed)s, not %(written)s; rows were mixed up.")
                % {"id": row.entitlement, "listed": listed[row.entitlement], "written": written}
            )
    return parsed, messages


_COLUMN_OF_FIELD = {
    "entitlement": "entitlement",
    "identified_by": "identified_by",
    "document_number": "document_number",
    "received_by": "received_by",
    "quantity": "quantity",
    "delivered_on": "delivered_on",
    "delivered": "delivered",
}


def distribution_workbook_load(
    *,
    distribution: Distribution,
    source: IO[bytes],
    file_name: str,
    recorded_by: User,
    progress: Progress = no_progress,
) -> int:
    """Record the deliveries of a list filled in offline: all of them, or none with every mistake named
    by file, row and column. Returns how many deliveries were recorded."""
    if distribution.status == DistributionStatus.PLANNED:
        raise ServiceError(_("This distribution has no list yet."))
    rows, messages = _rows(source=source, file_name=file_name, distribution=distribution)
    if messages:
        raise OfflineListRefused(messages)
    if not rows:
        raise OfflineListRefused([_("%(file)s: no row is marked delivered.") % {"file": file_name}])
    try:
        return deliveries_record_many(
            distribution=distribution,
            receipts=[(row.entitlement, row.receipt) for row in rows],
            recorded_by=recorded_by,
            source=DeliverySource.OFFLINE,
            progress=progress,
        )
    except DeliveriesRefused as refusal:
        by_entitlement = {row.entitlement: row.number for row in rows}
        raise OfflineListRefused(
            [
                f"{_where(file_name, by_entitlement[pk], _COLUMN_OF_FIELD.get(field, 'delivered'))}: {message}"
                for pk, (field, message) in sorted(refusal.problems.items(), key=lambda item: by_entitlement[item[0]])
            ]
        ) from None
