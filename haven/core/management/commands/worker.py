"""`haven worker`: runs queued background jobs from the database queue."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from haven.core.services import jobs_interrupted_fail


class Command(BaseCommand):
    help = "Run background jobs (imports, matching, exports) from the database queue"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of the queue")
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many jobs")

    def handle(self, *args: Any, **options: Any) -> None:
        for job in jobs_interrupted_fail():
            self.stderr.write(f"Job {job.pk} ({job.title}) was interrupted when its worker stopped; marked failed.")
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            max_tasks=options["max_tasks"],
            reload=False,
            startup_delay=False,
            verbosity=options["verbosity"],
        )
