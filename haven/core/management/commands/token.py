"""`haven token`: API tokens for scripts and other systems."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from haven.core.models import User
from haven.core.services import audit_record


class Command(BaseCommand):
    help = "Create, show or revoke a user's API token"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as missing:
            raise CommandError(f"No active user {options['username']!r}.") from missing
        if options["action"] == "revoke":
            deleted, _ = Token.objects.filter(user=user).delete()
            audit_record(actor=None, action="delete", target=user, detail="API token revoked")
            self.stdout.write("Token revoked." if deleted else "The user had no token.")
            return
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit_record(actor=None, action="create", target=user, detail="API token created")
        self.stdout.write(token.key)
