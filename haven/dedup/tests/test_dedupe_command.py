"""`haven dedupe` as a person runs it: a generated file, a kept model, pairs, and refusals."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import haven_env, haven_run
from haven.dedup.tests.truth import pairs_of, pairwise_f1


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dedupe")
    haven_run("generate", "population", "--households", "1000", "--duplicates", "0.2", "--out", str(folder),
              "--seed", "5", env=haven_env(folder / "var"))  # fmt: skip
    return folder


def test_a_generated_file_is_deduplicated_trained_kept_and_scored_again(generated: Path) -> None:
    env = haven_env(generated / "var")
    clusters, model, pairs = generated / "clusters.csv", generated / "model.json", generated / "pairs.csv"
    done = haven_run("dedupe", str(generated / "people.csv"), "--out", str(clusters), "--save-model", str(model),
                     "--pairs", str(pairs), env=env)  # fmt: skip
    assert "persons" in done.stdout and "Wrote" in done.stdout
    with clusters.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (generated / "people.csv").open(encoding="utf-8") as handle:
        assert [row["record_id"] for row in rows] == [row["record_id"] for row in csv.DictReader(handle)]
    truth, found = pairs_of(generated / "truth.csv", "entity_id"), pairs_of(clusters, "cluster_id")
    assert pairwise_f1(truth, found) > 0.85
    with pairs.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == ["record_id_1", "record_id_2", "match_probability"] and "given" in header
    again = generated / "again.csv"
    haven_run("dedupe", str(generated / "people.csv"), "--out", str(again), "--model", str(model), env=env)
    assert pairs_of(again, "cluster_id") == found


def test_a_malformed_file_is_refused_with_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    people, out = tmp_path / "people.csv", tmp_path / "clusters.csv"
    people.write_text("record_id,given_name,birth_date\n1,Ali,1980\n1,Omar,1999-02-30x\n", encoding="utf-8")
    refused = haven_run("dedupe", str(people), "--out", str(out), env=haven_env(tmp_path / "var"), check=False)
    assert refused.returncode == 1
    assert "row 3, record_id" in refused.stderr and "Traceback" not in refused.stderr
    assert not out.exists()


def test_bad_options_and_unwritable_outputs_get_clear_messages(tmp_path: Path) -> None:
    env = haven_env(tmp_path / "var")
    people = tmp_path / "people.csv"
    people.write_text("record_id,given_name\n1,Ali\n2,Omar\n", encoding="utf-8")
    wrong = haven_run("dedupe", str(people), "--out", str(tmp_path / "c.csv"), "--threshold", "2", env=env,
                      check=False)  # fmt: skip
    assert wrong.returncode == 2 and "not a probability" in wrong.stderr
    missing = haven_run("dedupe", str(people), "--out", str(tmp_path / "no" / "c.csv"), env=env, check=False)
    assert missing.returncode == 1 and "Cannot write" in missing.stderr and "Traceback" not in missing.stderr
    model = tmp_path / "model.json"
    model.write_text("{not json", encoding="utf-8")
    bad_model = haven_run("dedupe", str(people), "--out", str(tmp_path / "c.csv"), "--model", str(model), env=env,
                          check=False)  # fmt: skip
    assert bad_model.returncode == 1 and "not a readable model file" in bad_model.stderr
