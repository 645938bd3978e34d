"""`haven dedupe PEOPLE.csv --out CLUSTERS.csv`: the matching engine on a plain file (spec/dedup.md)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.core.progress import TerminalProgress
from haven.dedup.engine.people import PeopleFileRefused, clusters_write, pairs_write, people_read
from haven.dedup.engine.run import ENGINES, MATCH_THRESHOLD, people_dedupe


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a probability between 0 and 1, such as 0.9")
    return value


class Command(BaseCommand):
    help = (
        "Find the records of one person in a file of person records (Arabic script or Latin spellings)\n"
        "and write which records are the same person."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", metavar="PEOPLE.csv", help="person records (see docs/dedup.md for the columns)")
        parser.add_argument("--out", required=True, metavar="CLUSTERS.csv", help="where to write record_id,cluster_id")
        parser.add_argument(
            "--engine", choices=ENGINES, default="duckdb", help="duckdb in this process (default), or spark"
        )
        parser.add_argument(
            "--threshold",
            type=_probability,
            default=MATCH_THRESHOLD,
            help=f"match probability from which two records are one person (default {MATCH_THRESHOLD})",
        )
        parser.add_argument("--model", metavar="MODEL.json", help="score with this trained model instead of training")
        parser.add_argument("--save-model", metavar="MODEL.json", help="write the trained model here")
        parser.add_argument(
            "--pairs", metavar="PAIRS.csv", help="also write the matched pairs, their probability and agreeing fields"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        model = self._model(options["model"])
        bar = TerminalProgress(sys.stderr)
        try:
            people = people_read(options["people"])
            result = people_dedupe(
                people,
                engine=options["engine"],
                threshold=options["threshold"],
                model=model,
                progress=bar,
                keep_pairs=bool(options["pairs"]),
            )
        except PeopleFileRefused as refusal:
            lines = [f"{refusal.path}: refused, nothing was matched ({refusal.total} problem(s))."]
            lines += [f"  {problem}" for problem in refusal.problems]
            if refusal.total > len(refusal.problems):
                lines.append(f"  … and {refusal.total - len(refusal.problems)} more.")
            raise CommandError("\n".join(lines)) from None
        finally:
            bar.close()
        try:
            clusters_write(options["out"], people.record_ids, result.cluster_of)
            if options["pairs"]:
                pairs_write(options["pairs"], people.record_ids, result.pairs)
            if options["save_model"]:
                Path(options["save_model"]).write_text(json.dumps(result.model, indent=1), encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {error.filename}: {error.strerror}") from None
        in_clusters = len(people) - sum(1 for size in result.sizes() if size == 1)
        self.stdout.write(
            f"{len(people):,} records, {result.clusters:,} persons; {in_clusters:,} records share a person with "
            f"another record. {time.monotonic() - started:.1f} s. Wrote {options['out']}."
        )

    def _model(self, path: str | None) -> dict[str, Any] | None:
        if not path:
            return None
        try:
            model = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: not a readable model file ({error}).") from None
        if not isinstance(model, dict) or "comparisons" not in model:
            raise CommandError(f"{path}: not a model written by 'haven dedupe --save-model'.")
        return model
