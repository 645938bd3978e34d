"""`haven import`: registration files from the command line, with the exit status scripts rely on."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from haven.core.progress import TerminalProgress
from haven.core.services import ServiceError
from haven.population.models import BatchStatus, ColumnMapping, ImportBatch
from haven.population.reports import problems_workbook_write
from haven.population.selectors import batch_duplicates, batch_problems
from haven.population.services import batch_create, batch_discard, batch_merge, batch_stage

# Exit statuses: 0 the batch was merged, 1 it was refused, 3 it waits for duplicate decisions.
EXIT_REFUSED = 1
EXIT_REVIEW = 3
SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = (
        "Import registration files (CSV, XLSX, Kobo/ODK exports) into the population registry\n"
        "through a checked, staged batch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        registrations = sub.add_parser("registrations", help="import a registration file")
        registrations.add_argument("file", metavar="FILE")
        registrations.add_argument("--mapping", metavar="NAME", help="a saved column mapping for another layout")
        registrations.add_argument("--batch-name", metavar="TEXT", default="")
        registrations.add_argument("--report", metavar="XLSX", help="write the validation report here")
        sub.add_parser("list", help="list import batches")
        resume = sub.add_parser("resume", help="check again and merge a batch that was interrupted")
        resume.add_argument("batch")
        discard = sub.add_parser("discard", help="give up a batch that was not merged")
        discard.add_argument("batch")
        report = sub.add_parser("report", help="write a batch's validation report as XLSX")
        report.add_argument("batch")
        report.add_argument("--out", metavar="XLSX", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "registrations":
                self.registrations(Path(options["file"]), options["mapping"], options["batch_name"], options["report"])
            elif options["action"] == "list":
                self.batches()
            elif options["action"] == "resume":
                self.carry_on(self.batch(options["batch"]), report=None)
            elif options["action"] == "discard":
                batch = batch_discard(batch=self.batch(options["batch"]), discarded_by=None)
                self.stdout.write(f"Batch {batch.pk} discarded.")
            else:
                self.report(self.batch(options["batch"]), Path(options["out"]))
        except (ServiceError, PermissionDenied) as refusal:
            raise CommandError(str(refusal), returncode=EXIT_REFUSED) from None

    def batch(self, reference: str) -> ImportBatch:
        matches = [b for b in ImportBatch.objects.all() if str(b.pk).startswith(reference.lower())] if reference else []
        if len(matches) != 1:
            raise CommandError(f"No single batch starts with {reference!r}; see 'haven import list'.")
        return matches[0]

    def registrations(self, path: Path, mapping_name: str | None, name: str, report: str | None) -> None:
        mapping = None
        if mapping_name:
            mapping = ColumnMapping.objects.filter(name__iexact=mapping_name).first()
            if mapping is None:
                known = ", ".join(ColumnMapping.objects.values_list("name", flat=True)) or "none yet"
                raise CommandError(f"No column mapping named {mapping_name!r} (saved mappings: {known}).")
        batch = batch_create(path=path, file_name=path.name, created_by=None, name=name, mapping=mapping)
        self.stdout.write(f"Batch {batch.pk} created from {path.name}.")
        self.carry_on(batch, report=Path(report) if report else None)

    def carry_on(self, batch: ImportBatch, *, report: Path | None) -> None:
        if batch.status == BatchStatus.MERGED:
            self.stdout.write(f"Batch {batch.pk} is already merged.")
            return
        if batch.status in {BatchStatus.STAGING, BatchStatus.INVALID}:
            bar = TerminalProgress(sys.stderr)
            batch = batch_stage(batch=batch, progress=bar)
            bar.close()
        self.stdout.write(
            f"{batch.rows:,} rows, {batch.households:,} households: {batch.errors:,} errors, "
            f"{batch.warnings:,} warnings, {batch.possible_duplicates:,} possible duplicates."
        )
        if report is not None:
            self.report(batch, report)
        if batch.status == BatchStatus.INVALID:
            self.problems(batch)
            raise CommandError(
                f"Batch {batch.pk} refused: {batch.errors:,} error(s); nothing was registered.",
                returncode=EXIT_REFUSED,
            )
        if batch.status == BatchStatus.REVIEW:
            pending = batch_duplicates(batch, pending_only=True).count()
            raise CommandError(
                f"Batch {batch.pk} waits for a decision on {pending:,} possible duplicate(s); decide them on the "
                f"batch's page, then run 'haven import resume {str(batch.pk)[:8]}'.",
                returncode=EXIT_REVIEW,
            )
        bar = TerminalProgress(sys.stderr)
        batch = batch_merge(batch=batch, merged_by=None, progress=bar)
        bar.close()
        self.stdout.write(
            f"Batch {batch.pk} merged: {batch.households:,} households, {batch.individuals:,} individuals registered."
        )

    def problems(self, batch: ImportBatch) -> None:
        for problem in batch_problems(batch, severity="error")[:SHOWN_PROBLEMS]:
            where = f"row {problem.row}" if problem.row else "file"
            column = f", column {problem.column}" if problem.column else ""
            value = f" ({problem.value!r})" if problem.value else ""
            self.stderr.write(f"  {where}{column}{value}: {problem.message}")
        if batch.errors > SHOWN_PROBLEMS:
            self.stderr.write(f"  … and {batch.errors - SHOWN_PROBLEMS:,} more; 'haven import report' writes them all.")

    def report(self, batch: ImportBatch, out: Path) -> None:
        with out.open("wb") as stream:
            count = problems_workbook_write(batch=batch, out=stream)
        self.stdout.write(f"Validation report: {count:,} problem(s) written to {out}.")

    def batches(self) -> None:
        for batch in ImportBatch.objects.order_by("-created_at")[:50]:
            self.stdout.write(
                f"{str(batch.pk)[:8]}  {timezone.localtime(batch.created_at):%Y-%m-%d %H:%M}  "
                f"{batch.get_status_display():<30}  "
                f"{batch.households:>8,} households  {batch.errors:>6,} errors  {batch.file_name}"
            )
