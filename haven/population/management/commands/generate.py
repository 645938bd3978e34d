"""`haven generate`: invented registration files, with ground truth, for tests, demos and benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.progress import TerminalProgress
from haven.core.services import ServiceError
from haven.population.synthetic import population_generate


def _count(text: str) -> int:
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _share(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number such as 0.2") from None


class Command(BaseCommand):
    help = (
        "Generate realistic synthetic registration files for tests, demos and benchmarks\n"
        "(registrations, dedup input and the truth about who is who)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        population = sub.add_parser(
            "population",
            help="invented households in the registration template, with duplicates and their truth",
            description=(
                "Writes registrations.csv (the registration template), people.csv (the dedup input), "
                "truth.csv (which records are one person) and README.txt into DIR."
            ),
        )
        population.add_argument("--households", type=_count, required=True, metavar="N", help="households to write")
        population.add_argument(
            "--duplicates",
            type=_share,
            default=0.2,
            metavar="SHARE",
            help="share of person records that register someone again, 0 to 0.9 (default 0.2)",
        )
        population.add_argument("--out", required=True, metavar="DIR", help="folder to write into (made if missing)")
        population.add_argument("--seed", type=int, default=1, help="the same seed gives the same files (default 1)")
        population.add_argument(
            "--pcodes", metavar="FILE", help="location P-codes to place households in, instead of the governorates"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = TerminalProgress(sys.stderr)
        try:
            result = population_generate(
                households=options["households"],
                duplicates=options["duplicates"],
                out=Path(options["out"]),
                seed=options["seed"],
                pcodes=Path(options["pcodes"]) if options["pcodes"] else None,
                progress=bar,
            )
        except ServiceError as refusal:
            raise CommandError(str(refusal)) from None
        finally:
            bar.close()
        self.stdout.write(result.summary())
