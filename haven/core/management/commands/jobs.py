"""`haven jobs`: background jobs and their progress, from the command line."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.models import Job
from haven.core.progress import TerminalProgress
from haven.core.selectors import job_with_live_progress


class Command(BaseCommand):
    help = "List background jobs, or show one and follow its progress"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="the latest jobs")
        listing.add_argument("--status", default="")
        listing.add_argument("--limit", type=int, default=20)
        show = sub.add_parser("show", help="one job")
        show.add_argument("job_id")
        show.add_argument("--follow", action="store_true", help="show a progress bar until it finishes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            jobs = Job.objects.select_related("created_by")
            if options["status"]:
                jobs = jobs.filter(status=options["status"])
            for job in jobs[: options["limit"]]:
                who = job.created_by.username if job.created_by else "-"
                self.stdout.write(f"{job.pk}  {job.status:<9}  {job.created_at:%Y-%m-%d %H:%M}  {who:<16} {job.title}")
            return
        try:
            job = Job.objects.get(pk=options["job_id"])
        except (Job.DoesNotExist, ValueError) as missing:
            raise CommandError(f"No job {options['job_id']}.") from missing
        if options["follow"]:
            bar = TerminalProgress(sys.stderr)
            while not job.is_finished:
                job = job_with_live_progress(job)
                bar(job.progress_done, job.progress_total, job.message)
                time.sleep(0.5)
                job.refresh_from_db()
            bar.close()
        self.stdout.write(f"{job.title}: {job.get_status_display()}")
        for key, value in job.result.items():
            self.stdout.write(f"  {key}: {value}")
        if job.error:
            raise CommandError(job.error)
