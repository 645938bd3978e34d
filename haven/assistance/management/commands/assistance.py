"""`haven assistance`: the balance between groups, distribution lists and their offline spreadsheets."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from haven.assistance import reports, selectors, services
from haven.assistance.views.reports import BALANCE_HEADER, balance_row
from haven.core.models import User
from haven.core.progress import TerminalProgress
from haven.core.roles import Role
from haven.core.services import ServiceError
from haven.geo.selectors import area_resolve


class Command(BaseCommand):
    help = (
        "Assistance: the balance between population groups, distribution lists and their offline spreadsheets\n"
        "(balance, list, export, upload)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="the person whose areas and rights apply (default: the first administrator)",
        )
        sub = parser.add_subparsers(dest="what", required=True)
        balance = sub.add_parser("balance", help="each group's share of assistance against its share of households")
        balance.add_argument("--area", metavar="PCODE", help="rows for the areas one level below this one")
        balance.add_argument("--programme", metavar="ID", help="one programme, by its id or code")
        balance.add_argument("--format", choices=["csv"], default="csv")
        listing = sub.add_parser("list", help="generate a distribution's list from its programme's targeting rule")
        listing.add_argument("distribution", type=int)
        export = sub.add_parser("export", help="write a distribution's list as XLSX, to fill in offline")
        export.add_argument("distribution", type=int)
        export.add_argument("--out", required=True, metavar="XLSX")
        upload = sub.add_parser("upload", help="record the deliveries of a list filled in offline (all or nothing)")
        upload.add_argument("distribution", type=int)
        upload.add_argument("file", metavar="XLSX")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["username"])
        try:
            getattr(self, f"_{options['what']}")(user, options)
        except services.OfflineListRefused as refusal:
            for message in refusal.messages:
                self.stderr.write(message)
            raise CommandError(str(refusal)) from None
        except ServiceError as refusal:
            raise CommandError(str(refusal)) from None
        except Http404 as missing:
            raise CommandError(f"{missing} (or it is outside the areas of {user.username}).") from None

    def _user(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active person is called {username}.")
            return user
        user = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("No administrator exists; name a person with --as USERNAME.")
        return user

    def _programme(self, user: User, text: str | None) -> Any:
        if not text:
            return None
        programmes = selectors.programmes_visible_to(user)
        found = (
            programmes.filter(pk=int(text)).first() if text.isdigit() else programmes.filter(code=text.upper()).first()
        )
        if found is None:
            raise CommandError(f"No programme {text} in your areas.")
        return found

    def _balance(self, user: User, options: dict[str, Any]) -> None:
        area = None
        if options["area"]:
            area = area_resolve(options["area"])
            if area is None:
                raise CommandError(f"No area matches {options['area']}.")
        rows = reports.balance_by_group(user=user, area=area, programme=self._programme(user, options["programme"]))
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(BALANCE_HEADER)
        writer.writerows(balance_row(row) for row in rows)

    def _list(self, user: User, options: dict[str, Any]) -> None:
        distribution = selectors.distribution_for_user(user, options["distribution"])
        count = services.distribution_list_generate(
            distribution=distribution, generated_by=user, progress=TerminalProgress(sys.stderr)
        )
        self.stdout.write(f"{count} households listed for {distribution.name}.")

    def _export(self, user: User, options: dict[str, Any]) -> None:
        distribution = selectors.distribution_for_user(user, options["distribution"])
        with Path(options["out"]).open("wb") as out:
            count = services.distribution_workbook_write(distribution=distribution, exported_by=user, out=out)
        self.stdout.write(f"{count} households written to {options['out']}.")

    def _upload(self, user: User, options: dict[str, Any]) -> None:
        distribution = selectors.distribution_for_user(user, options["distribution"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        with path.open("rb") as source:
            count = services.distribution_workbook_load(
                distribution=distribution,
                source=source,
                file_name=path.name,
                recorded_by=user,
                progress=TerminalProgress(sys.stderr),
            )
        self.stdout.write(f"{count} deliveries recorded from {path.name}.")
