"""The validation report of a batch as a spreadsheet: what field teams open to correct their file."""

from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from haven.core.exports import spreadsheet_safe
from haven.population.models import ImportBatch
from haven.population.selectors import batch_problems


def problems_workbook_write(*, batch: ImportBatch, out: BinaryIO) -> int:
    """Write the batch's problems (row, column, value, message) to an XLSX stream; returns how many.

    Written in openpyxl's write-only mode so a report of hundreds of thousands of rows streams.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Problems"))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [_("Row"), _("Column"), _("Value"), _("Problem"), _("Severity"), _("Household reference")]
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for problem in batch_problems(batch).iterator(chunk_size=2000):
        sheet.append([
            problem.row, spreadsheet_safe(problem.column), spreadsheet_safe(problem.value),
            spreadsheet_safe(problem.message), problem.get_severity_display(), spreadsheet_safe(problem.household_ref),
        ])  # fmt: skip
        count += 1
    about = workbook.create_sheet(_("Batch"))
    for label, value in (
        (_("File"), batch.file_name), (_("Batch"), batch.name), (_("Status"), batch.get_status_display()),
        (_("Rows"), batch.rows), (_("Errors"), batch.errors), (_("Warnings"), batch.warnings),
    ):  # fmt: skip
        about.append([label, spreadsheet_safe(value)])
    workbook.save(out)
    return count
