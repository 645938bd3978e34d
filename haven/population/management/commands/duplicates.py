"""`haven duplicates`: people registered twice across the registry, and the model that finds them."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.progress import TerminalProgress
from haven.core.services import ServiceError
from haven.population.services import match_model_train, registry_duplicates_find


class Command(BaseCommand):
    help = (
        "Look for people registered twice across the registry, or train the matching model on it\n"
        "(pairs found wait for a decision on the page 'People registered twice')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser(
            "check",
            help="compare everyone registered and list new possible duplicates",
            description="Pairs already listed or decided are not listed again.",
        )
        sub.add_parser(
            "train",
            help="train the matching model on the registry and use it from now on",
            description=(
                "Until a model is trained on the registry, Haven scores with the model it ships, trained on "
                "286,000 synthetic Iraqi records. Training needs at least 5,000 registered people."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = TerminalProgress(sys.stderr)
        try:
            if options["what"] == "train":
                model = match_model_train(trained_by=None, progress=bar)
                bar.close()
                self.stdout.write(f"Trained on {model.records:,} registered people; checks use it from now on.")
                return
            checked = registry_duplicates_find(checked_by=None, progress=bar)
        except ServiceError as refusal:
            raise CommandError(str(refusal)) from None
        finally:
            bar.close()
        self.stdout.write(
            f"{checked.people:,} people compared: {checked.found:,} new possible duplicates to decide, "
            f"{checked.already_decided:,} pairs found again that were already listed."
        )
