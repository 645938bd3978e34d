"""Where synthetic households come from and go: governorates, flows of 2006–2008, communities, operators.

Shares are rounded from public descriptions of the period (IOM and UNHCR displacement reports after
the Samarra bombing of 22 February 2006: two thirds of the newly displaced from Baghdad, most of the
rest from Diyala, Ninewa, Anbar, Salah al-Din and Kirkuk; many displaced within their own governorate,
others to Kurdistan or to the south). They give a plausible mix, not statistics.
"""

from __future__ import annotations

import csv
import random
import re
from bisect import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Generic, TypeVar

from haven.core.services import ServiceError

GOVERNORATES_PATH = Path(__file__).resolve().parents[2] / "geo" / "data" / "iraq-governorates.csv"
_PCODE = re.compile(r"IQG\d{2}[A-Z0-9]*")

T = TypeVar("T")


@dataclass(frozen=True)
class Weighted(Generic[T]):
    """Values drawn with given relative weights."""

    values: tuple[T, ...]
    cumulative: tuple[float, ...] = field(repr=False)

    @classmethod
    def of(cls, weights: Mapping[T, float]) -> Weighted[T]:
        kept = {value: weight for value, weight in weights.items() if weight > 0}
        return cls(values=tuple(kept), cumulative=tuple(accumulate(kept.values())))

    def draw(self, rng: random.Random) -> T:
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# Residents in 2008, in thousands (rounded estimates): how host households spread.
POPULATION = {
    "IQG01": 1500, "IQG02": 2500, "IQG03": 700, "IQG04": 1200, "IQG05": 1100, "IQG06": 1800,
    "IQG07": 1700, "IQG08": 7000, "IQG09": 1100, "IQG10": 1400, "IQG11": 1600, "IQG12": 1000,
    "IQG13": 1300, "IQG14": 1000, "IQG15": 3200, "IQG16": 1400, "IQG17": 1800, "IQG18": 1100,
}  # fmt: skip
# Where the displaced of 2006–2008 fled from.
DISPLACED_FROM = {
    "IQG08": 60, "IQG10": 12, "IQG15": 7, "IQG01": 5, "IQG16": 5, "IQG13": 4, "IQG07": 3, "IQG02": 2, "IQG18": 2,
}  # fmt: skip
# Where they went, by origin: within the governorate first, then Kurdistan, the south, or the Sunni west.
DISPLACED_TO = {
    "IQG08": {"IQG08": 45, "IQG11": 6, "IQG09": 3, "IQG06": 5, "IQG04": 6, "IQG12": 5, "IQG07": 5, "IQG05": 4,
              "IQG18": 4, "IQG10": 3, "IQG01": 5, "IQG16": 3, "IQG02": 3, "IQG17": 1, "IQG14": 1, "IQG03": 1,
              "IQG15": 2},
    "IQG10": {"IQG10": 40, "IQG08": 20, "IQG06": 12, "IQG18": 8, "IQG16": 7, "IQG13": 5, "IQG11": 5, "IQG07": 3},
    "IQG15": {"IQG15": 45, "IQG09": 25, "IQG11": 20, "IQG13": 5, "IQG16": 5},
    "IQG01": {"IQG01": 50, "IQG08": 15, "IQG11": 10, "IQG06": 10, "IQG16": 5, "IQG12": 5, "IQG15": 5},
    "IQG16": {"IQG16": 40, "IQG13": 20, "IQG11": 15, "IQG06": 10, "IQG08": 10, "IQG10": 5},
    "IQG13": {"IQG13": 30, "IQG06": 30, "IQG11": 25, "IQG16": 10, "IQG10": 5},
    "IQG07": {"IQG07": 40, "IQG12": 20, "IQG04": 20, "IQG05": 10, "IQG08": 10},
    "IQG02": {"IQG02": 50, "IQG17": 20, "IQG14": 15, "IQG08": 15},
    "IQG18": {"IQG18": 50, "IQG08": 20, "IQG14": 15, "IQG07": 15},
}  # fmt: skip
# Who lives where (A Arab, K Kurdish, T Turkmen, C Christian, Y Yazidi), as the names table tags names.
COMMUNITIES = {
    "IQG08": {"A": 93, "C": 4, "K": 2, "T": 1},
    "IQG15": {"A": 62, "K": 12, "C": 10, "Y": 10, "T": 6},
    "IQG13": {"A": 35, "K": 40, "T": 25},
    "IQG10": {"A": 85, "K": 10, "T": 5},
    "IQG16": {"A": 94, "T": 6},
    "IQG11": {"K": 88, "C": 5, "T": 5, "A": 2},
    "IQG09": {"K": 80, "Y": 10, "C": 8, "A": 2},
    "IQG06": {"K": 95, "A": 5},
}
ARAB_ONLY = {"A": 1}
POPULATION_GROUPS = {
    "idp": 58, "returnee": 14, "refugee_returnee": 4, "host_community": 18, "refugee": 4, "stranded_migrant": 2,
}  # fmt: skip
# Refugees in Iraq in 2008: Palestinians in Baghdad, Iranian and Turkish Kurds, a few Syrians; stranded
# migrants mostly from Egypt and Sudan. Origin country, community, and governorates where they stayed.
REFUGEE_ORIGINS = {
    ("PS", "A"): (35, {"IQG08": 85, "IQG01": 10, "IQG15": 5}),
    ("IR", "K"): (35, {"IQG06": 45, "IQG11": 30, "IQG01": 25}),
    ("TR", "K"): (20, {"IQG11": 60, "IQG09": 30, "IQG15": 10}),
    ("SY", "A"): (6, {"IQG01": 60, "IQG15": 40}),
    ("SY", "K"): (4, {"IQG09": 70, "IQG15": 30}),
}
MIGRANT_ORIGINS = {
    ("EG", "A"): (40, {"IQG08": 60, "IQG02": 30, "IQG11": 10}),
    ("SD", "A"): (30, {"IQG08": 70, "IQG02": 30}),
    ("SY", "A"): (20, {"IQG08": 50, "IQG11": 50}),
    ("YE", "A"): (10, {"IQG08": 100}),
}
SHELTER = {
    "idp": {"rented": 40, "host_family": 25, "camp": 9, "informal_settlement": 10, "unfinished_building": 8,
            "religious_building": 3, "school": 2, "other": 3},
    "returnee": {"own_house": 70, "rented": 15, "host_family": 9, "unfinished_building": 4, "other": 2},
    "refugee_returnee": {"own_house": 55, "rented": 25, "host_family": 15, "unfinished_building": 5},
    "host_community": {"own_house": 75, "rented": 23, "other": 2},
    "refugee": {"camp": 55, "rented": 25, "informal_settlement": 15, "other": 5},
    "stranded_migrant": {"rented": 50, "host_family": 20, "school": 10, "religious_building": 10, "other": 10},
}  # fmt: skip
KURDISTAN = frozenset({"IQG06", "IQG09", "IQG11"})
# The digit after 07 names the operator: 5 Korek, 7 Asiacell, 8 and 9 Zain; Korek is strongest in Kurdistan.
OPERATORS_KURDISTAN = Weighted.of({"5": 50, "7": 35, "8": 10, "9": 5})
OPERATORS_ELSEWHERE = Weighted.of({"8": 35, "9": 15, "7": 40, "5": 10})


def governorates_read(path: Path = GOVERNORATES_PATH) -> list[str]:
    """The ADM1 P-codes (IQG01…IQG18) listed in the shipped governorates file."""
    with path.open(encoding="utf-8-sig", newline="") as governorates_file:
        return [row["ADM1_PCODE"].strip() for row in csv.DictReader(governorates_file) if row["ADM1_PCODE"].strip()]


def pcodes_read(path: Path) -> list[str]:
    """The location P-codes in a file: one per line, or a CSV column whose header contains "pcode".

    Refuses a file without P-codes and any P-code that does not start with a governorate (IQGnn),
    since the governorate is what people.csv needs.
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ServiceError(f"Cannot read the P-code file {path}: {error}") from None
    rows = list(csv.reader(lines, delimiter=";" if lines and ";" in lines[0] and "," not in lines[0] else ","))
    column = start = 0
    if rows and rows[0] and not _PCODE.fullmatch(rows[0][0].strip().upper()):
        header = [cell.strip().lower() for cell in rows[0]]
        column = next((index for index, cell in enumerate(header) if "pcode" in cell), 0)
        start = 1
    pcodes = []
    for number, row in enumerate(rows[start:], start=start + 1):
        cell = row[column].strip().upper() if len(row) > column else ""
        if not cell:
            continue
        if not _PCODE.fullmatch(cell):
            raise ServiceError(f"{path}: {cell!r} (line {number}) is not an Iraqi P-code such as IQG08 or IQG08Q01.")
        pcodes.append(cell)
    if not pcodes:
        raise ServiceError(f"{path} lists no P-codes.")
    return sorted(set(pcodes))


class Places:
    """The locations households are placed in, and the draws of origin, destination and community."""

    def __init__(self, *, locations: list[str] | None = None) -> None:
        governorates = governorates_read()
        self.governorates = governorates
        known = set(governorates)
        self.by_governorate: dict[str, list[str]] = {}
        for pcode in locations or governorates:
            self.by_governorate.setdefault(pcode[:5], []).append(pcode)
        self.present = frozenset(self.by_governorate)
        self.groups = Weighted.of(POPULATION_GROUPS)
        self.host = Weighted.of({gov: weight for gov, weight in POPULATION.items() if gov in self.present})
        self.origins = Weighted.of({gov: weight for gov, weight in DISPLACED_FROM.items() if gov in known})
        self.destinations = {
            origin: Weighted.of({gov: weight for gov, weight in flows.items() if gov in self.present})
            for origin, flows in DISPLACED_TO.items()
        }
        self.communities = {gov: Weighted.of(mix) for gov, mix in COMMUNITIES.items()}
        self.arab = Weighted.of(ARAB_ONLY)
        self.shelters = {group: Weighted.of(weights) for group, weights in SHELTER.items()}
        self.abroad = {
            "refugee": self._abroad(REFUGEE_ORIGINS),
            "stranded_migrant": self._abroad(MIGRANT_ORIGINS),
        }

    def _abroad(
        self, origins: dict[tuple[str, str], tuple[int, dict[str, int]]]
    ) -> tuple[Weighted[tuple[str, str]], dict[tuple[str, str], Weighted[str]]]:
        """Origins abroad by share, each with the governorates its people stayed in (any listed
        governorate when the P-code list has none of those)."""
        where = {}
        for origin, (_, governorates) in origins.items():
            listed = Weighted.of({gov: weight for gov, weight in governorates.items() if gov in self.present})
            where[origin] = listed if listed.values else self.host
        return Weighted.of({origin: share for origin, (share, _) in origins.items()}), where

    def location_in(self, governorate: str, rng: random.Random) -> str:
        """A location P-code in the governorate, or anywhere listed if the list has none there."""
        pcodes = self.by_governorate.get(governorate)
        if not pcodes:
            pcodes = self.by_governorate[self.host.draw(rng)]
        return pcodes[0] if len(pcodes) == 1 else pcodes[int(rng.random() * len(pcodes))]

    def destination(self, origin: str, rng: random.Random, *, away_from: str = "") -> str:
        """Where a household displaced from `origin` goes; different from `away_from` when possible."""
        flows = self.destinations.get(origin)
        for _ in range(4):
            governorate = flows.draw(rng) if flows and flows.values else self.host.draw(rng)
            if governorate != away_from:
                return governorate
        return governorate

    def community(self, governorate: str, rng: random.Random) -> str:
        return self.communities.get(governorate, self.arab).draw(rng)

    def operator(self, governorate: str, rng: random.Random) -> str:
        return (OPERATORS_KURDISTAN if governorate in KURDISTAN else OPERATORS_ELSEWHERE).draw(rng)
