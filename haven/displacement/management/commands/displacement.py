"""`haven displacement`: import figures files and print the master list."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.progress import TerminalProgress
from haven.core.services import ServiceError
from haven.displacement import exports, selectors
from haven.displacement.imports import FiguresFileRefused
from haven.displacement.services import figures_import
from haven.displacement.synthetic import master_list_write
from haven.displacement.vocabulary import Group
from haven.geo.selectors import area_get, areas_search


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date {text!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Displacement figures: import DTM API JSON, master lists (CSV/XLSX) and HXL CSV,\n"
        "and print the master list by date, area and population group."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import figures files (DTM API JSON, CSV, XLSX, HXL CSV)")
        load.add_argument("files", nargs="+", metavar="FILE")
        load.add_argument(
            "--group", choices=Group.values, default=Group.IDP, help="group of a master list without a group column"
        )
        figures = sub.add_parser(
            "figures", help="print the master list: date,round,pcode,name,group,families,individuals"
        )
        figures.add_argument("--date", type=_date, default=None, help="one reporting date (default: every date)")
        figures.add_argument("--round", type=int, default=None, dest="round_number")
        figures.add_argument("--admin-level", type=int, choices=[0, 1, 2, 3], default=None, dest="level")
        figures.add_argument("--group", choices=Group.values, default=None)
        figures.add_argument("--area", default="", help="only this area and the areas below it (P-code)")
        figures.add_argument("--format", choices=["csv", "hxl", "json"], default="csv")
        generate = sub.add_parser("generate", help="write a synthetic DTM-style master list (demo, benchmarks)")
        generate.add_argument("--locations", type=int, default=100)
        generate.add_argument("--dates", type=int, default=12)
        generate.add_argument("--level", type=int, choices=[1, 2, 3], default=1, help="areas the locations lie in")
        generate.add_argument("--seed", type=int, default=2008)
        generate.add_argument("--no-needs", action="store_true", help="leave out needs and key informants")
        generate.add_argument("--out", required=True, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.load([Path(name) for name in options["files"]], options["group"])
        elif options["action"] == "generate":
            self.generate(options)
        else:
            self.figures(options)

    def generate(self, options: dict[str, Any]) -> None:
        areas = [
            (area.pcode, area.name_en) for area in areas_search(level=options["level"]).filter(valid_to__isnull=True)
        ]
        origins = [area.name_en for area in areas_search(level=1).filter(valid_to__isnull=True)]
        if not areas or not origins:
            raise CommandError(
                f"No ADM{options['level']} areas are loaded: run `haven geo load` or `haven geo load-builtin`."
            )
        rows = master_list_write(
            Path(options["out"]), areas=areas, origins=origins, locations=options["locations"], dates=options["dates"],
            seed=options["seed"], with_needs=not options["no_needs"], level=options["level"],
        )  # fmt: skip
        self.stdout.write(
            f"{options['out']}: {rows:,} rows ({options['locations']:,} locations × {options['dates']} dates)"
        )

    def load(self, files: list[Path], group: str) -> None:
        for file in files:
            if not file.is_file():
                raise CommandError(f"{file}: no such file")
            bar = TerminalProgress(sys.stderr)
            try:
                result = figures_import(path=file, default_group=group, progress=bar)
            except FiguresFileRefused as refused:
                bar.close()
                listing = "\n".join(f"  {problem}" for problem in refused.problems)
                hidden = refused.total - len(refused.problems)
                more = f"\n  … and {hidden} more" if hidden else ""
                raise CommandError(f"{file} was not imported, nothing was changed:\n{listing}{more}") from None
            except ServiceError as refusal:
                bar.close()
                raise CommandError(str(refusal)) from None
            bar.close()
            self.stdout.write(result.summary())

    def figures(self, options: dict[str, Any]) -> None:
        area = None
        if options["area"]:
            area = area_get(options["area"])
            if area is None:
                raise CommandError(f"--area {options['area']!r}: no area has this P-code")
        rows = selectors.figures_rows(
            None,
            reporting_date=options["date"],
            round_number=options["round_number"],
            level=options["level"],
            group=options["group"],
            area=area,
        )
        if options["format"] == "json":
            exports.dtm_json_write(rows, self.stdout)
        else:
            exports.figures_csv_write(rows, self.stdout, hxl=options["format"] == "hxl")
