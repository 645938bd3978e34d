"""`haven projects ...`: community assistance projects from who-does-what-where (3W) files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.progress import TerminalProgress
from haven.core.services import ServiceError
from haven.projects import services


class Command(BaseCommand):
    help = "Community assistance projects: import who-does-what-where (3W) files tagged with HXL"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imports = sub.add_parser(
            "import-3w", help="create or update projects from 3W CSV files; each file all or nothing"
        )
        imports.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"]:
            bar = TerminalProgress(sys.stderr)
            try:
                result = services.whowhatwhere_import_file(path=path, filename=path.name, by=None, progress=bar)
            except ServiceError as refusal:
                bar.close()
                raise CommandError(f"{path} was not imported, nothing was changed:\n{refusal}") from None
            bar.close()
            self.stdout.write(f"{path.name}: {result.summary()}")
