"""`haven funding ...`: appeal coverage summary, FTS import, IATI export, the seed appeal."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.exports import spreadsheet_safe
from haven.core.progress import TerminalProgress
from haven.core.services import ServiceError
from haven.funding import iati, selectors, services
from haven.funding.views import SUMMARY_HEADER, summary_cells


class Command(BaseCommand):
    help = "Appeals and funding: coverage summary, OCHA FTS import, IATI export, the seed appeal"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        summary = sub.add_parser("summary", help="requirements, funding and coverage by programme area of each appeal")
        summary.add_argument("--format", choices=["csv", "table"], default="table")
        fts = sub.add_parser("import-fts", help="import OCHA FTS CSV files (plans, clusters, flows); idempotent")
        fts.add_argument("files", nargs="+", type=Path)
        export = sub.add_parser("export-iati", help="write IATI 2.03 activities XML, one activity per appeal project")
        export.add_argument("--out", type=Path, required=True)
        export.add_argument("--appeal", default="", help="only this appeal (its code)")
        sub.add_parser("load-seed", help="load the appeal of the seed text (IOM Iraq 2009)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "summary":
            self.summary(options["format"])
        elif action == "import-fts":
            self.import_fts(options["files"])
        elif action == "export-iati":
            self.export_iati(options["out"], options["appeal"])
        else:
            result = services.seed_appeal_load()
            self.stdout.write(
                f"{result.appeal.code}: {result.projects} projects, USD {result.requirements_usd:,.0f} "
                + ("loaded." if result.created else "already loaded, brought up to date.")
            )

    def summary(self, fmt: str) -> None:
        rows = [summary_cells(row) for row in selectors.funding_summary_rows()]
        if fmt == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(SUMMARY_HEADER)
            writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
            return
        self.stdout.write(f"{'appeal':<14} {'programme area':<50} {'requirements':>15} {'funding':>15} {'cov.':>6}")
        for appeal, area, requirements, funding, pct in rows:
            shown = f"{pct}%" if pct != "" else "—"
            self.stdout.write(f"{appeal!s:<14} {str(area)[:50]:<50} {requirements!s:>15} {funding!s:>15} {shown:>6}")

    def import_fts(self, files: list[Path]) -> None:
        for path in files:
            bar = TerminalProgress(sys.stderr)
            try:
                result = services.fts_import_file(path=path, name=path.name, by=None, progress=bar)
            except ServiceError as error:
                bar.close()
                raise CommandError(str(error)) from None
            bar.close()
            counts = f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged"
            self.stdout.write(f"{path.name} ({result.kind}): {counts}.")
            if result.unplanned_funding:
                self.stdout.write(
                    f"  FTS reports USD {result.unplanned_funding:,.0f} given to no plan in this country."
                )

    def export_iati(self, out: Path, appeal_code: str) -> None:
        projects = selectors.appeal_projects()
        appeal = None
        if appeal_code:
            appeal = selectors.appeals_list().filter(code=appeal_code).first()
            if appeal is None:
                raise CommandError(f"No appeal has the code {appeal_code!r}.")
        document = iati.activities_xml(projects, appeal=appeal)
        try:
            out.write_bytes(document)
        except OSError as error:
            raise CommandError(f"{out}: cannot be written ({error}).") from None
        count = (projects.filter(appeal=appeal) if appeal else projects).count()
        self.stdout.write(f"{count} activities written to {out}.")
