"""Synthetic registration files for tests, demos and benchmarks, with the truth about who is who."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError
from haven.population.synthetic.families import Families, Household, NamePool, Person
from haven.population.synthetic.places import Places, pcodes_read
from haven.population.synthetic.render import PEOPLE_COLUMNS, REGISTRATION_COLUMNS, Registrar
from haven.population.synthetic.stories import Stories

MAX_DUPLICATES = 0.9
# Households kept for registering again later: enough to mix many, few enough to stay small in memory.
RESERVOIR_SIZE = 4096
# When someone is to be registered again, the share of times one person is met again in a new household
# (if the household drawn has someone who fits); otherwise the whole household is registered again.
# Whole households bring five or six records each, so most re-registered records still come from them.
SOMEONE_KNOWN_SHARE = 0.4
_AGENCIES = ("MODM", "IOM", "UNHCR", "IRCS", "NRC", "DRC", "IRC")
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class GeneratedPopulation:
    """What `population_generate` wrote."""

    households: int
    households_again: int
    records: int
    people: int
    duplicate_records: int
    seed: int
    registrations: Path
    truth: Path
    people_file: Path
    readme: Path

    @property
    def duplicate_share(self) -> float:
        return self.duplicate_records / self.records if self.records else 0.0

    def summary(self) -> str:
        return (
            f"Wrote {self.records:,} person records in {self.households:,} households "
            f"({self.households_again:,} registered again) for {self.people:,} people; "
            f"{self.duplicate_records:,} records ({self.duplicate_share:.1%}) are re-registrations.\n"
            f"  {self.registrations}\n  {self.truth}\n  {self.people_file}\n  {self.readme}"
        )


def population_generate(
    *,
    households: int,
    duplicates: float,
    out: Path,
    seed: int = 1,
    pcodes: Path | None = None,
    progress: Progress = no_progress,
) -> GeneratedPopulation:
    """Write an invented population's registrations, with ground truth, into the folder `out`.

    `households` registrations are written (re-registrations included); `duplicates` is the share of
    person records that register again someone already written. Location P-codes come from the file
    `pcodes` when given, else the governorates. The same arguments and seed give the same files.
    Streams to disk, keeping only a bounded sample of earlier households. Refuses fewer than one
    household, a share outside 0–0.9, and an `out` that is an existing file.
    """
    if households < 1:
        raise ServiceError("Generate at least one household.")
    if not 0 <= duplicates <= MAX_DUPLICATES:
        raise ServiceError(f"The duplicate share must be between 0 and {MAX_DUPLICATES}, not {duplicates}.")
    if out.exists() and not out.is_dir():
        raise ServiceError(f"{out} is a file; give a folder to write into.")
    places = Places(locations=pcodes_read(pcodes) if pcodes else None)
    out.mkdir(parents=True, exist_ok=True)
    run = _Run(seed=seed, places=places, duplicates=duplicates, households=households)
    paths = [out / "registrations.csv", out / "truth.csv", out / "people.csv"]
    with (
        paths[0].open("w", encoding="utf-8", newline="") as registrations_file,
        paths[1].open("w", encoding="utf-8", newline="") as truth_file,
        paths[2].open("w", encoding="utf-8", newline="") as people_file,
    ):
        registrations = csv.writer(registrations_file, lineterminator="\n")
        truth = csv.writer(truth_file, lineterminator="\n")
        people = csv.writer(people_file, lineterminator="\n")
        registrations.writerow(REGISTRATION_COLUMNS)
        truth.writerow(("record_id", "entity_id"))
        people.writerow(PEOPLE_COLUMNS)
        for number in range(1, households + 1):
            household = run.household_next()
            ref = f"{_AGENCIES[run.rng.randrange(len(_AGENCIES))]}-{household.registered_on.year}-{number:06d}"
            for person, registration, person_row in run.registrar.rows(household, ref):
                run.count(person)
                registrations.writerow(registration)
                truth.writerow((person_row[0], f"P{person.entity:07d}"))
                people.writerow(person_row)
            if number % _PROGRESS_EVERY == 0:
                progress(number, households, "households")
    progress(households, households, "households")
    readme = out / "README.txt"
    result = GeneratedPopulation(
        households=households,
        households_again=run.again,
        records=run.records,
        people=run.people,
        duplicate_records=run.duplicate_records,
        seed=seed,
        registrations=paths[0],
        truth=paths[1],
        people_file=paths[2],
        readme=readme,
    )
    readme.write_text(readme_text(result, duplicates=duplicates, pcodes=pcodes), encoding="utf-8")
    return result


class _Run:
    """One generation's state: the random source, the households kept for later, and the counts."""

    def __init__(self, *, seed: int, places: Places, duplicates: float, households: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311  (invented people, not secrets: a seeded generator is the point)
        names = NamePool()
        families = Families(rng=self.rng, names=names)
        self.stories = Stories(rng=self.rng, places=places, families=families)
        self.registrar = Registrar(rng=self.rng, names=names, places=places)
        self.duplicates = duplicates
        # Registering again only once a few households exist spreads re-registrations over many of them.
        self.warm_up = max(1, min(200, households // 10))
        self.reservoir: list[Household] = []
        self.first_registrations = self.records = self.duplicate_records = self.people = self.again = 0

    def household_next(self) -> Household:
        """The next household to write: registered again while records fall short of the share asked
        for (which keeps the share exact within a household's size), else a new one."""
        rng = self.rng
        if len(self.reservoir) >= self.warm_up and self.duplicate_records < self.duplicates * self.records:
            base = self.reservoir[rng.randrange(len(self.reservoir))]
            known = self.stories.with_someone_known(base) if rng.random() < SOMEONE_KNOWN_SHARE else None
            if known is not None:
                return known
            self.again += 1
            return self.stories.reregistered(base)
        household = self.stories.household_new()
        # A uniform sample of all first registrations so far, of bounded size (reservoir sampling).
        self.first_registrations += 1
        if len(self.reservoir) < RESERVOIR_SIZE:
            self.reservoir.append(household)
        else:
            slot = rng.randrange(self.first_registrations)
            if slot < RESERVOIR_SIZE:
                self.reservoir[slot] = household
        return household

    def count(self, person: Person) -> None:
        self.records += 1
        if person.records > 1:
            self.duplicate_records += 1
        else:
            self.people += 1


def readme_text(result: GeneratedPopulation, *, duplicates: float, pcodes: Path | None) -> str:
    """The README written beside the files: what each file holds and how the population was made."""
    places = f"the P-codes listed in {pcodes.name}" if pcodes else "the 18 governorates (ADM1 P-codes IQG01-IQG18)"
    return f"""\
Synthetic registrations made by Haven (haven generate population)
================================================================

Seed {result.seed}; {result.households:,} households, of which {result.households_again:,} are whole households
registered again; {result.records:,} person records of {result.people:,} invented people;
{result.duplicate_records:,} records ({result.duplicate_share:.1%}, {duplicates:.0%} asked) register again
someone written earlier. No record describes a real person: names are drawn from Haven's table of common
Iraqi names, by weight, so common names are shared by unrelated people as in real registrations.
The same command with the same seed writes the same files.

registrations.csv
    The canonical registration template (columns and values as Haven's registration import expects),
    UTF-8, one row per person. Rows of a household are contiguous, the head first. Household fields
    (population_group, location, origin, displaced_on, returned_on, shelter, consent) are on the head's
    row only. location is one of {places}; origin is the governorate a household fled
    from (a country's ISO code for refugees and stranded migrants). Households are written in Arabic
    script or in Latin letters, in the spellings met in the field; dates of birth as a full date (often
    the official default 1 January or 1 July), a year, or a year and month; a few registrations give
    ages instead. Ages are counted to the day the files were written, as the importer reads them.

truth.csv
    record_id,entity_id for every person record. record_id is <household_ref>/<n>, where n is the
    1-based position of the person's row within its household in registrations.csv (the head is /1).
    Records of one person share entity_id. Score a deduplication with
    score_dedup.py truth.csv clusters.csv.

people.csv
    The same records, same record_ids, in the file format of `haven dedupe`: record_id, given_name,
    father_name, grandfather_name, family_name, sex (M or F), birth_date, governorate, phone,
    national_id. governorate is the ADM1 P-code of the household's location. birth_date is as
    registered; where the registration gave an age, it is the year estimated from it.

How the people were made
    Households of a head, wife and unmarried children (about six people on average), some with the
    head's parents, a sibling, a married son's family, a nephew or an unrelated person; some headed by
    a widow, an older person alone or a child. Names are chains: a child's father_name is the father's
    given name and grandfather_name the father's father_name; siblings and cousins share them; a wife
    keeps her own chain (a quarter married a paternal cousin and share his grandfather and family name).
    Displacement follows 2006-2008: most fled after the Samarra bombing of 22 February 2006, from
    Baghdad above all, then Diyala, Ninewa, Anbar, Salah al-Din and Kirkuk, within their governorate,
    to Kurdistan or to the south; returnees came back in 2008.

How records of one person differ
    A household registered again (after a move to another governorate, a return home, or by another
    agency where it was) gets a new household_ref and a new clerk: the script and spellings may change,
    members may be missing, a baby may have been born, the wife may register as head. One person may
    also reappear in another household: a daughter now married, a parent living with another son, a
    son heading his own household. Any record may drop the grandfather or family name, write the birth
    date differently, swap day and month, be a year off, change or omit the phone, or mistype a letter.
"""
