"""`haven dedupe` as a person runs it: a generated file, a kept model, pairs, and refusals."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import haven_env, haven_run
from haven.dedup.tests.truth import pairs_of, pairwise_f1


@dataclass(frozen=True)
class Deduplicated:
    folder: Path
    env: dict[str, str]
    done: subprocess.CompletedProcess[str]

    @property
    def people(self) -> Path:
        return self.folder / "people.csv"

    @property
    def clusters(self) -> Path:
        return self.folder / "clusters.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def deduplicated(tmp_path_factory: pytest.TempPathFactory) -> Deduplicated:
    """A generated file of 1,000 households, deduplicated once with its model and pairs kept."""
    folder = tmp_path_factory.mktemp("dedupe")
    env = haven_env(folder / "var")
    haven_run("generate", "population", "--households", "1000", "--duplicates", "0.2", "--out", str(folder),
              "--seed", "5", env=env)  # fmt: skip
    done = haven_run("dedupe", str(folder / "people.csv"), "--out", str(folder / "clusters.csv"), "--save-model",
                     str(folder / "model.json"), "--pairs", str(folder / "pairs.csv"), env=env)  # fmt: skip
    return Deduplicated(folder, env, done)


def test_a_generated_file_is_deduplicated_one_row_per_record_in_input_order(deduplicated: Deduplicated) -> None:
    assert "persons" in deduplicated.done.stdout and "Wrote" in deduplicated.done.stdout
    with deduplicated.clusters.open(encoding="utf-8") as handle:
        assert handle.readline() == "record_id,cluster_id\n"
    rows = _rows(deduplicated.clusters)
    assert [row["record_id"] for row in rows] == [row["record_id"] for row in _rows(deduplicated.people)]
    truth, found = (
        pairs_of(deduplicated.folder / "truth.csv", "entity_id"),
        pairs_of(deduplicated.clusters, "cluster_id"),
    )
    assert pairwise_f1(truth, found) > 0.85


def test_a_cluster_is_named_by_its_first_record_in_the_file(deduplicated: Deduplicated) -> None:
    first: dict[str, str] = {}
    for row in _rows(deduplicated.clusters):
        first.setdefault(row["cluster_id"], row["record_id"])
    assert all(cluster == record_id for cluster, record_id in first.items())
    assert len(first) < len(_rows(deduplicated.people))  # some records were found to be one person


def test_the_pairs_file_lists_the_pairs_that_joined_the_clusters(deduplicated: Deduplicated) -> None:
    pairs = _rows(deduplicated.folder / "pairs.csv")
    assert list(pairs[0])[:3] == ["record_id_1", "record_id_2", "match_probability"]
    assert {"given", "father", "birth", "phone"} <= set(pairs[0])
    cluster = {row["record_id"]: row["cluster_id"] for row in _rows(deduplicated.clusters)}
    for pair in pairs:
        assert cluster[pair["record_id_1"]] == cluster[pair["record_id_2"]]
        assert float(pair["match_probability"]) >= 0.9
    joined = {record for pair in pairs for record in (pair["record_id_1"], pair["record_id_2"])}
    assert joined == {record for pair in pairs_of(deduplicated.clusters, "cluster_id") for record in pair}


def test_a_saved_model_scores_the_file_again_alike_and_a_higher_threshold_only_splits(
    deduplicated: Deduplicated,
) -> None:
    model, folder = deduplicated.folder / "model.json", deduplicated.folder
    assert '"comparisons"' in model.read_text(encoding="utf-8")
    again, strict = folder / "again.csv", folder / "strict.csv"
    haven_run("dedupe", str(deduplicated.people), "--out", str(again), "--model", str(model), env=deduplicated.env)
    assert pairs_of(again, "cluster_id") == pairs_of(deduplicated.clusters, "cluster_id")
    haven_run("dedupe", str(deduplicated.people), "--out", str(strict), "--model", str(model), "--threshold", "0.999",
              env=deduplicated.env)  # fmt: skip
    assert pairs_of(strict, "cluster_id") < pairs_of(deduplicated.clusters, "cluster_id")


def test_a_malformed_file_is_refused_with_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    people, out = tmp_path / "people.csv", tmp_path / "clusters.csv"
    people.write_text("record_id,given_name,birth_date\n1,Ali,1980\n1,Omar,1999-02-30x\n", encoding="utf-8")
    refused = haven_run("dedupe", str(people), "--out", str(out), env=haven_env(tmp_path / "var"), check=False)
    assert refused.returncode == 1
    assert "row 3, record_id" in refused.stderr and "Traceback" not in refused.stderr
    assert not out.exists()


def test_a_file_with_many_problems_lists_twenty_and_counts_the_rest(tmp_path: Path) -> None:
    people, out = tmp_path / "people.csv", tmp_path / "clusters.csv"
    people.write_text("record_id,sex\n" + "".join(f"r{n},X\n" for n in range(25)), encoding="utf-8")
    refused = haven_run("dedupe", str(people), "--out", str(out), env=haven_env(tmp_path / "var"), check=False)
    assert refused.returncode == 1 and not out.exists()
    assert "(25 problem(s))" in refused.stderr and "… and 5 more." in refused.stderr
    assert sum(", sex: " in line for line in refused.stderr.splitlines()) == 20
    assert "row 2, sex" in refused.stderr and "row 21, sex" in refused.stderr and "row 22," not in refused.stderr


def test_bad_options_and_unwritable_outputs_get_clear_messages(tmp_path: Path) -> None:
    env = haven_env(tmp_path / "var")
    people = tmp_path / "people.csv"
    people.write_text("record_id,given_name\n1,Ali\n2,Omar\n", encoding="utf-8")
    for threshold in ("2", "abc"):
        wrong = haven_run("dedupe", str(people), "--out", str(tmp_path / "c.csv"), "--threshold", threshold, env=env,
                          check=False)  # fmt: skip
        assert wrong.returncode == 2 and "not a probability" in wrong.stderr
    missing = haven_run("dedupe", str(people), "--out", str(tmp_path / "no" / "c.csv"), env=env, check=False)
    assert missing.returncode == 1 and "Cannot write" in missing.stderr and "Traceback" not in missing.stderr
    model = tmp_path / "model.json"
    model.write_text("{not json", encoding="utf-8")
    bad_model = haven_run("dedupe", str(people), "--out", str(tmp_path / "c.csv"), "--model", str(model), env=env,
                          check=False)  # fmt: skip
    assert bad_model.returncode == 1 and "not a readable model file" in bad_model.stderr
    model.write_text("[]", encoding="utf-8")
    not_a_model = haven_run("dedupe", str(people), "--out", str(tmp_path / "c.csv"), "--model", str(model), env=env,
                            check=False)  # fmt: skip
    assert not_a_model.returncode == 1 and "not a model written by" in not_a_model.stderr


def test_a_missing_input_file_is_refused_without_a_traceback(tmp_path: Path) -> None:
    out = tmp_path / "clusters.csv"
    refused = haven_run("dedupe", str(tmp_path / "nowhere.csv"), "--out", str(out), env=haven_env(tmp_path / "var"),
                        check=False)  # fmt: skip
    assert refused.returncode == 1 and "No such file" in refused.stderr and "Traceback" not in refused.stderr
    assert not out.exists()
