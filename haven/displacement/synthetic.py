"""Synthetic DTM-style master lists, for the demo and the benchmark: locations followed over reporting dates.

The file is written in the master-list layout field teams receive (one row per location and date,
groups side by side, breakdown and need columns), so that the demo and the benchmark go through
the same import as real files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

from haven.displacement.vocabulary import Sector

SHELTERS = ("Camp", "Host families", "Rented houses", "Informal settlements", "Unfinished/Abandoned building",
            "Religious building", "School building")  # fmt: skip
PERIODS = ("Pre-February 2006", "February 2006 - December 2007", "Post-January 2008")
PRIORITY_SECTORS = [str(sector.value) for sector in Sector]  # the words the importer reads


def _month(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    return dt.date(start.year + index // 12, index % 12 + 1, 1)


def master_list_write(
    path: Path,
    *,
    areas: Sequence[tuple[str, str]],
    origins: Sequence[str],
    locations: int,
    dates: int,
    start: dt.date = dt.date(2008, 1, 1),
    seed: int = 2008,
    with_needs: bool = True,
    level: int = 1,
) -> int:
    """Write a master list of `locations` places in `areas` (P-code, name, all of `level`) over `dates` monthly rounds.

    IDPs decline slowly and returnees grow, place by place; each row carries one area of origin
    (one of `origins`, governorate names), one shelter type and one period of displacement for its
    IDPs, and, with `with_needs`, three priority needs and a key informant. Returns rows written.
    """
    rng = random.Random(seed)  # noqa: S311 (made-up figures, not secrets)
    places = []
    for number in range(locations):
        pcode, name = areas[number % len(areas)]
        families = rng.randint(5, 400)
        places.append(
            (f"{pcode}-L{number:05d}", f"{name} location {number + 1}", pcode, families, rng.choice(origins),
             rng.choice(SHELTERS), rng.choice(PERIODS), rng.sample(PRIORITY_SECTORS, 3), rng.choice((5, 6, 6, 7)))
        )  # fmt: skip
    origin_columns = sorted(set(origins))
    area_column = {1: "Governorate pcode", 2: "District pcode", 3: "Subdistrict pcode"}[level]
    header = ["Location ID", "Location name", area_column, "Reporting date", "Round", "IDP families",
              "IDP individuals", "Returnee families", "Returnee individuals", "Host community families", "Status",
              *(f"Origin {name}" for name in origin_columns), *SHELTERS, *PERIODS]  # fmt: skip
    if with_needs:
        header += ["Priority need 1", "Priority need 2", "Priority need 3", "Assistance food",
                   "Key informant name", "Key informant phone", "Key informant role"]  # fmt: skip
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for step in range(dates):
            reporting_date = _month(start, step)
            for code, name, pcode, families, origin, shelter, period, needs, size in places:
                idp_families = max(0, round(families * (0.985**step)))
                returned = families - idp_families
                # Each breakdown holds the place's IDP families under its one origin, shelter and period.
                breakdowns = [idp_families if origin == column else "" for column in origin_columns]
                breakdowns += [idp_families if shelter == column else "" for column in SHELTERS]
                breakdowns += [idp_families if period == column else "" for column in PERIODS]
                row = [
                    code, name, pcode, reporting_date.isoformat(), step + 1, idp_families, idp_families * size,
                    returned, returned * size, families * 2 + step // 3, "updated" if step else "new",
                    *breakdowns,
                ]  # fmt: skip
                if with_needs:
                    row += [*needs, "yes" if rng.random() < 0.4 else "no", f"Mukhtar {code[-3:]}",
                            f"+964 770 {rng.randint(100, 999)} {rng.randint(1000, 9999)}", "mukhtar"]  # fmt: skip
                writer.writerow(row)
                rows += 1
    return rows
