"""`haven serve`: the web application on a production-grade server, optionally with the worker."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Serve Haven over HTTP (waitress), with --with-worker also the background worker"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--with-worker", action="store_true", help="also run 'haven worker'; Ctrl-C stops both")

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from haven.wsgi import application

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date: run 'haven migrate' first.")
        call_command("check", deploy=False)

        worker: subprocess.Popen[bytes] | None = None
        if options["with_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "haven.cli", "worker"])
            self.stdout.write(f"Background worker started (pid {worker.pid}).")

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Haven is at http://{options['host']}:{options['port']}/  (Ctrl-C stops it)")
        try:
            serve(application, host=options["host"], port=options["port"], threads=options["threads"], ident="Haven")
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
            self.stdout.write("Haven stopped.")
