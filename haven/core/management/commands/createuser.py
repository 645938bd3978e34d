"""`haven createuser`: an account with a role and its areas, from the command line."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.roles import Role
from haven.core.services import ServiceError, user_create


class Command(BaseCommand):
    help = "Create a user with a role and the areas (P-codes) they are scoped to"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--area", action="append", default=[], metavar="PCODE", help="repeat for several areas")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--organisation", default="")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        # Areas are looked up by model name: core sits below geo and does not import it.
        area_model = apps.get_model("geo", "Area")
        codes = [code.strip().upper() for code in options["area"]]
        areas = list(area_model.objects.filter(pcode__in=codes))
        missing = sorted(set(codes) - {area.pcode for area in areas})
        if missing:
            raise CommandError(f"Unknown P-code(s): {', '.join(missing)}. Load areas first ('haven geo load').")
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password)
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from invalid
        try:
            user = user_create(
                username=options["username"],
                password=password,
                role=options["role"],
                areas=areas,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
                organisation=options["organisation"],
            )
        except ServiceError as refusal:
            raise CommandError(str(refusal)) from refusal
        scope = ", ".join(area.pcode for area in areas) or "no areas (sees nothing until given some)"
        self.stdout.write(f"Created {user.username} ({user.get_role_display()}), scoped to {scope}.")
