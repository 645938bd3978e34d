"""The baseline Haven's engine is measured against: Splink as its documentation sets it up, on the raw columns.

Run as `python bench/splink_default.py PEOPLE.csv CLUSTERS.csv`. Names are compared with Splink's
`NameComparison` (exact, then Jaro-Winkler), birth dates with `DateOfBirthComparison` on the written
date, the rest exactly; blocking on pairs of raw columns; u from random pairs, m by EM, clusters at
0.95 as Splink's tutorials do. No Arabic handling: this is what a competent team gets from Splink
alone. Only the columns present in the file are used, so FEBRL3 and Haven's files run through the
same configuration.
"""

from __future__ import annotations

import csv
import sys
from typing import Any

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

NAMES = ("given_name", "father_name", "grandfather_name", "family_name")
EXACT = ("sex", "phone", "national_id", "governorate")
THRESHOLD = 0.95


def _full_date(text: str) -> str | None:
    # DateOfBirthComparison needs whole dates; year-only and year-month dates stay unknown.
    return text if len(text) == 10 else None


def main(people_path: str, clusters_path: str) -> None:
    with open(people_path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name for name in reader.fieldnames or [] if name]
        rows = list(reader)
    names = [name for name in NAMES if name in header]
    exact = [name for name in EXACT if name in header]
    columns: dict[str, list[Any]] = {"unique_id": list(range(len(rows)))}
    for name in (*names, *exact):
        columns[name] = [row[name].strip() or None for row in rows]
    columns["birth_date"] = [_full_date(row.get("birth_date", "").strip()) for row in rows]
    database = DuckDBAPI(duckdb.connect())
    table = database.register(pa.table(columns), table_name="people")
    blocking: list[Any] = [block_on(names[0], names[1])] if len(names) > 1 else []
    if "family_name" in names:
        blocking += [block_on("given_name", "family_name"), block_on("family_name", "birth_date")]
    blocking.append(block_on("given_name", "birth_date"))
    blocking += [block_on(name) for name in ("phone", "national_id") if name in exact]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            *(cl.NameComparison(name) for name in names),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            *(cl.ExactMatch(name) for name in exact),
        ],
        blocking_rules_to_generate_predictions=blocking,
        retain_matching_columns=False,
    )
    linker = Linker(table, settings)
    deterministic = "l.given_name = r.given_name AND l.birth_date = r.birth_date"
    if "family_name" in names:
        deterministic += " AND l.family_name = r.family_name"
    linker.training.estimate_probability_two_random_records_match([deterministic], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1_000_000, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "birth_date"))
    second = block_on("family_name", "birth_date") if "family_name" in names else block_on("birth_date")
    linker.training.estimate_parameters_using_expectation_maximisation(second)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, THRESHOLD)
    cluster_of = dict(clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall())
    with open(clusters_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("record_id", "cluster_id"))
        for index, row in enumerate(rows):
            writer.writerow((row["record_id"], rows[cluster_of.get(index, index)]["record_id"]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
