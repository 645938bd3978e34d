"""Every file of the bad-file corpus gives the outcome its manifest line states, and never a traceback."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from haven.population.imports import ColumnMapping
from haven.population.tests.imports.support import import_run

CORPUS = Path(__file__).resolve().parent / "corpus"


def _manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


MANIFEST = _manifest()


def test_every_corpus_file_has_a_manifest_line_and_the_reverse() -> None:
    listed = {line["file"] for line in MANIFEST} | {line["mapping"] for line in MANIFEST if line["mapping"]}
    present = {path.name for path in CORPUS.iterdir() if path.name != "MANIFEST.csv"}
    assert listed == present


def test_corpus_files_stay_small() -> None:
    assert max(path.stat().st_size for path in CORPUS.iterdir()) < 300_000


@pytest.mark.parametrize("line", MANIFEST, ids=[line["file"] for line in MANIFEST])
def test_corpus_file_gives_the_outcome_of_its_manifest_line(line: dict[str, str]) -> None:
    mapping = ColumnMapping.from_json(json.loads((CORPUS / line["mapping"]).read_text())) if line["mapping"] else None
    run = import_run(CORPUS / line["file"], mapping=mapping)
    outcome, expected = line["outcome"], line["expected"]
    if outcome == "refused":
        assert run.refusal is not None, "the file was not refused"
        assert expected in run.refusal
        assert line["file"] in run.refusal
        return
    assert run.refusal is None, run.refusal
    if outcome == "ok":
        assert run.errors == [], run.messages("error")
        assert run.records
    elif outcome == "error":
        assert expected in run.messages("error")
        assert all(problem.row for problem in run.errors), "every error names its row"
    else:
        assert run.errors == [], run.messages("error")
        assert expected in run.messages("warning")
