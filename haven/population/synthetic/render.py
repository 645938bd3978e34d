"""Registrations as field teams write them: script and spelling, date forms, phones, blanks and slips.

Each household is written by one clerk: one script, one way of writing sex, phones and dates, and one
spelling per name, so a father's given name reads the same in his children's rows. A later
registration of the same people is written afresh and may differ in all of these.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from haven.dedup.names.table import NameEntry
from haven.population.synthetic.families import (
    FEMALE,
    HEAD,
    MALE,
    NO_FAMILY_NAME,
    NON_RELATIVE,
    OTHER_RELATIVE,
    SPOUSE,
    Household,
    NamePool,
    Person,
    age_on,
)
from haven.population.synthetic.places import Places, Weighted
from haven.population.vocabulary import Vulnerability

REGISTRATION_COLUMNS = (
    "household_ref", "relationship", "given_name", "father_name", "grandfather_name", "family_name", "sex",
    "birth_date", "age", "phone", "national_id", "population_group", "location", "origin", "displaced_on",
    "returned_on", "shelter", "vulnerabilities", "consent",
)  # fmt: skip
PEOPLE_COLUMNS = (
    "record_id", "given_name", "father_name", "grandfather_name", "family_name", "sex", "birth_date",
    "governorate", "phone", "national_id",
)  # fmt: skip
_SEX_WORDS = {
    "letter": {MALE: "M", FEMALE: "F"},
    "english": {MALE: "male", FEMALE: "female"},
    "arabic": {MALE: "ذكر", FEMALE: "أنثى"},
}
_PHONE_PREFIXES = Weighted.of({"0": 60, "+964": 25, "00964": 15})
_CASES = Weighted.of({"title": 75, "upper": 20, "lower": 5})
_HAMZA_SEATS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
_VOWELS = frozenset("aeiouAEIOU")


@dataclass(slots=True)
class Clerk:
    """How one registration is written."""

    arabic: bool
    case: str
    sex_words: dict[str, str]
    phone_prefix: str
    ages_only: bool
    grandfather_asked: bool
    family_asked: bool
    spellings: dict[int, str] = field(default_factory=dict)


class Registrar:
    """Writes households as rows of registrations.csv and people.csv."""

    def __init__(self, *, rng: random.Random, names: NamePool, places: Places) -> None:
        self.rng = rng
        self.entries: tuple[NameEntry, ...] = names.entries
        self.places = places
        # An age is read by the importer as years before the day of the import, so it is written as of today.
        self.today = timezone.localdate()

    def clerk(self) -> Clerk:
        """How the next registration is written, drawn afresh for each household."""
        rng = self.rng
        arabic = rng.random() < 0.55
        if arabic:
            sex_words = _SEX_WORDS["arabic" if rng.random() < 0.4 else "letter"]
        else:
            sex_words = _SEX_WORDS["english" if rng.random() < 0.1 else "letter"]
        return Clerk(
            arabic=arabic,
            case=_CASES.draw(rng),
            sex_words=sex_words,
            phone_prefix=_PHONE_PREFIXES.draw(rng),
            ages_only=rng.random() < 0.07,
            grandfather_asked=rng.random() < 0.8,
            family_asked=rng.random() < 0.85,
        )

    def rows(self, household: Household, ref: str) -> Iterator[tuple[Person, list[str], list[str]]]:
        """Each member's registration row and people.csv row, head first."""
        rng = self.rng
        clerk = self.clerk()
        on = household.registered_on
        governorate = household.location[:5]
        lone_woman = household.head.sex == FEMALE and not any(m.relationship == SPOUSE for m in household.members)
        for position, member in enumerate(household.members, start=1):
            person = member.person
            self._phone_keep(person, member.relationship, governorate, on)
            age = age_on(person.born, on)
            birth_date, age_text = self._birth(clerk, person, on, age)
            given = self._name(clerk, person.given)
            father = self._name(clerk, person.father) if rng.random() >= 0.02 else ""
            grandfather = self._name(clerk, person.grandfather) if clerk.grandfather_asked else ""
            if grandfather and rng.random() < 0.08:
                grandfather = ""
            family = ""
            if clerk.family_asked and person.family != NO_FAMILY_NAME and rng.random() >= 0.08:
                family = self._name(clerk, person.family)
            phone = clerk.phone_prefix + person.phone if person.phone and rng.random() >= 0.15 else ""
            national_id = self._national_id(person)
            vulnerabilities = self._vulnerabilities(member.relationship, person, age, position, household, lone_woman)
            household_fields = ["", "", "", "", "", "", ""]
            if position == 1:
                household_fields = [
                    household.group,
                    household.location,
                    household.origin,
                    household.displaced_on.isoformat() if household.displaced_on else "",
                    household.returned_on.isoformat() if household.returned_on else "",
                    self.places.shelters[household.group].draw(rng) if rng.random() >= 0.05 else "",
                    "yes" if rng.random() < 0.97 else "no",
                ]
            registration = [
                ref, member.relationship, given, father, grandfather, family, clerk.sex_words[person.sex],
                birth_date, age_text, phone, national_id, *household_fields[:6], vulnerabilities, household_fields[6],
            ]  # fmt: skip
            people = [
                f"{ref}/{position}", given, father, grandfather, family, person.sex,
                birth_date or str(self.today.year - int(age_text)), governorate, phone, national_id,
            ]  # fmt: skip
            person.records += 1
            yield person, registration, people

    def _name(self, clerk: Clerk, index: int) -> str:
        spelling = clerk.spellings.get(index)
        if spelling is None:
            entry = self.entries[index]
            spelling = self._arabic(entry) if clerk.arabic else self._latin(entry, clerk.case)
            clerk.spellings[index] = spelling
        return spelling

    def _arabic(self, entry: NameEntry) -> str:
        rng = self.rng
        text = entry.arabic
        if entry.arabic_variants and rng.random() < 0.25:
            text = entry.arabic_variants[int(rng.random() * len(entry.arabic_variants))]
        # How Arabic is typed in a hurry: hamza seats left out, final ta marbuta and alif maqsura
        # written as ha and ya, "Abd al-" run together, the article dropped from a tribal name.
        if rng.random() < 0.5:
            text = text.translate(_HAMZA_SEATS)
        if text.endswith("ة") and rng.random() < 0.15:
            text = text[:-1] + "ه"
        if text.endswith("ى") and rng.random() < 0.25:
            text = text[:-1] + "ي"
        if text.startswith("عبد ال") and rng.random() < 0.35:
            text = "عبدال" + text[6:]
        if entry.kind == "family" and text.startswith("ال") and rng.random() < 0.1:
            text = text[2:]
        return text

    def _latin(self, entry: NameEntry, case: str) -> str:
        rng = self.rng
        spellings = entry.spellings
        text = spellings[0] if len(spellings) == 1 or rng.random() < 0.55 else spellings[rng.randrange(len(spellings))]
        if rng.random() < 0.02:
            text = self._typo(text)
        return text.upper() if case == "upper" else text.lower() if case == "lower" else text

    def _typo(self, text: str) -> str:
        rng = self.rng
        letters = [index for index, char in enumerate(text) if char.isalpha() and index > 0]
        if len(letters) < 3:
            return text
        at = letters[rng.randrange(len(letters))]
        slip = rng.random()
        if slip < 0.4 and text[at] in _VOWELS:
            return text[:at] + text[at + 1 :]
        if slip < 0.7:
            return text[:at] + text[at] + text[at:]
        if at + 1 < len(text) and text[at + 1].isalpha():
            return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        return text

    def _birth(self, clerk: Clerk, person: Person, on: date, age: int) -> tuple[str, str]:
        rng = self.rng
        if clerk.ages_only or (age >= 60 and rng.random() < 0.08):
            return "", str(age_on(person.born, self.today))
        born = person.born
        slip = rng.random()
        if slip < 0.04 and born.day <= 12 and born.day != born.month:
            born = date(born.year, born.day, born.month)  # day and month swapped
        elif slip < 0.09:
            year = born.year + (1 if rng.random() < 0.5 else -1)
            born = _date_safe(year if year <= on.year else born.year - 1, born.month, born.day)
        if born > on:
            born = person.born
        form = rng.random()
        if form < 0.35:
            return str(born.year), ""
        if form < 0.40:
            return f"{born.year:04d}-{born.month:02d}", ""
        if form < 0.45:
            return f"{born.year:04d}-{'01-01' if rng.random() < 0.7 else '07-01'}", ""
        return born.isoformat(), ""

    def _phone_keep(self, person: Person, relationship: str, governorate: str, on: date) -> None:
        """Gives a phone to someone registered for the first time, or a new one to some who moved."""
        rng = self.rng
        if person.records == 0:
            if relationship == HEAD:
                chance = 0.85
            elif relationship == SPOUSE:
                chance = 0.35
            else:
                chance = 0.25 if age_on(person.born, on) >= 18 else 0.0
            if rng.random() >= chance:
                return
        elif not person.phone or rng.random() >= 0.25:
            return
        digits = str(rng.randrange(10**8)).zfill(8)
        person.phone = "7" + self.places.operator(governorate, rng) + digits

    def _national_id(self, person: Person) -> str:
        rng = self.rng
        if not person.national_id or rng.random() < 0.15:
            return ""
        if rng.random() < 0.02:
            at = rng.randrange(1, 12)
            return person.national_id[:at] + str(rng.randrange(10)) + person.national_id[at + 1 :]
        return person.national_id

    def _vulnerabilities(
        self, relationship: str, person: Person, age: int, position: int, household: Household, lone_woman: bool
    ) -> str:
        rng = self.rng
        found = []
        if position == 1:
            if age < 18:
                found.append(Vulnerability.CHILD_HEADED.value)
            elif lone_woman:
                found.append(Vulnerability.FEMALE_HEADED.value)
            if len(household.members) == 1 and age >= 60:
                found.append(Vulnerability.ELDERLY_ALONE.value)
        if person.disability and rng.random() < 0.85:
            found.append(Vulnerability.DISABILITY.value)
        if person.chronic_illness and rng.random() < 0.8:
            found.append(Vulnerability.CHRONIC_ILLNESS.value)
        if person.sex == FEMALE and 18 <= age <= 45 and rng.random() < 0.12:
            found.append(Vulnerability.PREGNANT_LACTATING.value)
        if age < 18 and relationship == NON_RELATIVE:
            found.append(Vulnerability.UNACCOMPANIED_MINOR.value)
        elif age < 18 and relationship == OTHER_RELATIVE:
            found.append(Vulnerability.SEPARATED_CHILD.value)
        return ";".join(found)


def _date_safe(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February moved to a year without one
        return date(year, month, 28)
