"""`haven geo`: administrative areas from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.progress import TerminalProgress
from haven.core.services import ServiceError
from haven.geo.selectors import area_ancestors, area_resolve, area_resolve_candidates
from haven.geo.services import cod_load, governorates_load_builtin


class Command(BaseCommand):
    help = (
        "Load administrative areas from OCHA COD-AB files (GeoJSON or CSV)\n"
        "or the built-in governorates, and resolve P-codes and names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load COD-AB files (GeoJSON or CSV), any country and level")
        load.add_argument("files", nargs="+", metavar="FILE")
        sub.add_parser("load-builtin", help="load the shipped country and governorates (no boundaries)")
        resolve = sub.add_parser("resolve", help="find the area a P-code or name refers to")
        resolve.add_argument("text")
        resolve.add_argument("--level", type=int, choices=[0, 1, 2, 3], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            self.load([Path(name) for name in options["files"]])
        elif action == "load-builtin":
            result = governorates_load_builtin(progress=TerminalProgress(sys.stderr))
            self.stdout.write(result.summary())
        else:
            self.resolve(options["text"], options["level"])

    def load(self, files: list[Path]) -> None:
        # Files load in the order given so that a country's ADM1 comes before its ADM2.
        for file in files:
            bar = TerminalProgress(sys.stderr)
            try:
                result = cod_load(path=file, progress=bar)
            except ServiceError as refusal:
                bar.close()
                raise CommandError(str(refusal)) from None
            bar.close()
            self.stdout.write(result.summary())

    def resolve(self, text: str, level: int | None) -> None:
        area = area_resolve(text, level=level)
        if area is None:
            candidates = area_resolve_candidates(text, level=level)
            if not candidates:
                raise CommandError(f"No area matches {text!r}.")
            listing = "\n".join(f"  {a.pcode}  ADM{a.level}  {a.name_en}  {a.name_ar}" for a in candidates)
            raise CommandError(f"{text!r} is ambiguous; it may be:\n{listing}")
        chain = " › ".join(a.name_en for a in [*area_ancestors(area), area])
        retired = f"  (retired {area.valid_to})" if area.valid_to else ""
        self.stdout.write(f"{area.pcode}  ADM{area.level}  {area.name_en}  {area.name_ar}  [{chain}]{retired}")
