"""Pairwise comparison of clusterings for the engine's tests: the pairs a CSV's groups make, and F1."""

from __future__ import annotations

import csv
from pathlib import Path


def pairs_of(path: Path, column: str) -> set[tuple[str, str]]:
    """Every pair of record ids that share a value of `column` (`entity_id` of a truth file,
    `cluster_id` of CLUSTERS.csv)."""
    groups: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            groups.setdefault(row[column], []).append(row["record_id"])
    return {(a, b) for members in groups.values() for a in members for b in members if a < b}


def pairwise_f1(truth: set[tuple[str, str]], found: set[tuple[str, str]]) -> float:
    correct = len(truth & found)
    return 2 * correct / (len(truth) + len(found)) if truth or found else 1.0
