"""Invented people and the households they live in, with Iraqi name chains.

A person's name is a chain: given name, father's given name, grandfather's given name, family or tribal
name. Children carry their father's given name and his father's; brothers' children share grandfather
and family name; a wife keeps her own chain (and, when she married a paternal cousin, shares her
husband's grandfather and family name). Names are drawn from the names table by weight, so a few names
are very common and unrelated people share full names.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from haven.dedup.names import name_table
from haven.population.synthetic.places import Weighted
from haven.population.vocabulary import Relationship, Sex

# Plain strings: the vocabulary's values, compared and written millions of times.
MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value
HEAD, SPOUSE, SON, DAUGHTER = (
    Relationship.HEAD.value,
    Relationship.SPOUSE.value,
    Relationship.SON.value,
    Relationship.DAUGHTER.value,
)
FATHER, MOTHER, BROTHER, SISTER = (
    Relationship.FATHER.value,
    Relationship.MOTHER.value,
    Relationship.BROTHER.value,
    Relationship.SISTER.value,
)
GRANDCHILD, OTHER_RELATIVE = Relationship.GRANDCHILD.value, Relationship.OTHER_RELATIVE.value
NON_RELATIVE = Relationship.NON_RELATIVE.value
NO_FAMILY_NAME = -1
_HEAD_AGES = Weighted.of({(21, 29): 14, (30, 39): 31, (40, 49): 28, (50, 59): 17, (60, 78): 10})
# Names Arabs share with Kurds and Turkmen would crowd out the names a minority is known by (Rebwar,
# Youkhana, Khudeda): those weigh more in that community's households.
_OWN_NAME_BOOST = 4


@dataclass(slots=True, eq=False)
class Person:
    """Someone invented: the truth behind every record written about them."""

    entity: int
    sex: str
    given: int
    father: int
    grandfather: int
    family: int
    born: date
    phone: str = ""
    national_id: str = ""
    disability: bool = False
    chronic_illness: bool = False
    records: int = 0


@dataclass(slots=True, eq=False)
class Member:
    person: Person
    relationship: str


@dataclass(slots=True, eq=False)
class Household:
    """One registration of a household: who was in it, and where and when it was registered."""

    community: str
    group: str
    origin: str
    location: str
    registered_on: date
    displaced_on: date | None = None
    returned_on: date | None = None
    members: list[Member] = field(default_factory=list)

    @property
    def head(self) -> Person:
        return self.members[0].person


def age_on(born: date, day: date) -> int:
    """Whole years between a birth date and a day."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class NamePool:
    """Given and family names by sex and community, weighted as the table weighs them."""

    def __init__(self) -> None:
        self.entries = name_table().entries
        given: dict[tuple[str, str], dict[int, float]] = {}
        family: dict[str, dict[int, float]] = {}
        for index, entry in enumerate(self.entries):
            for community in entry.communities:
                weight = entry.weight * (_OWN_NAME_BOOST if entry.communities in ("K", "T", "C", "Y") else 1)
                if entry.kind == "family":
                    family.setdefault(community, {})[index] = weight
                else:
                    given.setdefault((entry.sex, community), {})[index] = weight
        self.given = {key: Weighted.of(weights) for key, weights in given.items()}
        self.family = {key: Weighted.of(weights) for key, weights in family.items()}

    def given_draw(self, sex: str, community: str, rng: random.Random, *, avoid: tuple[int, ...] = ()) -> int:
        pool = self.given[(sex, community)]
        for _ in range(6):
            name = pool.draw(rng)
            if name not in avoid:
                return name
        return name

    def family_draw(self, community: str, rng: random.Random) -> int:
        # Yazidi and many Kurdish registrations carry no tribal name: the chain stops at the grandfather.
        if community in "YK" and rng.random() < (0.55 if community == "Y" else 0.2):
            return NO_FAMILY_NAME
        return self.family[community].draw(rng)


class Families:
    """Makes people and households; numbers every person it makes (the entity of truth.csv)."""

    def __init__(self, *, rng: random.Random, names: NamePool) -> None:
        self.rng = rng
        self.names = names
        self.entities = 0

    def person(
        self,
        *,
        sex: str,
        age: int,
        on: date,
        community: str,
        father: int = -1,
        grandfather: int = -1,
        family: int | None = None,
        given: int = -1,
        avoid: tuple[int, ...] = (),
    ) -> Person:
        """A new person of an age on a day; the name chain parts not given are drawn."""
        rng = self.rng
        self.entities += 1
        if given < 0:
            given = self.names.given_draw(sex, community, rng, avoid=avoid)
        if father < 0:
            father = self.names.given_draw(MALE, community, rng)
        if grandfather < 0:
            grandfather = self.names.given_draw(MALE, community, rng, avoid=(father,))
        return Person(
            entity=self.entities,
            sex=sex,
            given=given,
            father=father,
            grandfather=grandfather,
            family=self.names.family_draw(community, rng) if family is None else family,
            born=self.born(age=age, on=on),
            disability=rng.random() < (0.03 if age < 50 else 0.08),
            chronic_illness=rng.random() < (0.02 if age < 40 else 0.15),
            national_id=str(rng.randrange(10**11, 10**12)) if rng.random() < (0.27 if age >= 18 else 0.06) else "",
        )

    def born(self, *, age: int, on: date) -> date:
        """A documented birth date for someone `age` years old on a day.

        Older Iraqis' civil records often carry an official default day, 1 January or 1 July, chosen
        when the real day was unknown; the documented date is what any registration copies.
        """
        rng = self.rng
        latest = _year_shift(on, -age)
        earliest = _year_shift(on, -age - 1) + timedelta(days=1)
        born = earliest + timedelta(days=int(rng.random() * ((latest - earliest).days + 1)))
        default = 0.5 if born.year < 1960 else 0.3 if born.year < 1980 else 0.1
        if rng.random() < default:
            official = date(born.year, 1, 1) if rng.random() < 0.7 else date(born.year, 7, 1)
            born = official if official <= on else born
        return max(born, date(1905, 1, 1))

    def household(self, *, community: str, on: date) -> list[Member]:
        """The members of a new household registered on a day, head first."""
        draw = self.rng.random()
        if draw < 0.08:
            return self._widow_household(community, on)
        if draw < 0.10:
            sex = MALE if self.rng.random() < 0.4 else FEMALE
            alone = self.person(sex=sex, age=self.rng.randint(62, 90), on=on, community=community)
            return [Member(alone, HEAD)]
        if draw < 0.105:
            return self._child_headed_household(community, on)
        low, high = _HEAD_AGES.draw(self.rng)
        head_age = self.rng.randint(low, high)
        head = self.person(sex=MALE, age=head_age, on=on, community=community)
        return self.family_around(head=head, community=community, on=on)

    def family_around(
        self, *, head: Person, community: str, on: date, spouse: Person | None = None, extended: bool = True
    ) -> list[Member]:
        """A male head's household: wife, unmarried children, and sometimes his parents, siblings or
        a married son with wife and children."""
        rng = self.rng
        head_age = age_on(head.born, on)
        members = [Member(head, HEAD)]
        if spouse is None and rng.random() < 0.95:
            spouse = self._wife_for(head, community, on, head_age)
        if spouse is not None:
            members.append(Member(spouse, SPOUSE))
            members += self._children(head.given, head.father, head.family, age_on(spouse.born, on), community, on)
        if not extended:
            return members
        if rng.random() < 0.2 and head_age >= 46:
            members += self._married_son(head, community, on, head_age)
        if rng.random() < 0.15 and head_age <= 58:
            members += self.parents_of(head, community, on, head_age)
        if rng.random() < 0.06:
            sex = MALE if rng.random() < 0.5 else FEMALE
            sibling = self.person(
                sex=sex,
                age=max(14, head_age - rng.randint(-6, 14)),
                on=on,
                community=community,
                father=head.father,
                grandfather=head.grandfather,
                family=head.family,
                avoid=(head.given,),
            )
            members.append(Member(sibling, BROTHER if sex == MALE else SISTER))
        if rng.random() < 0.01:
            nephew = self.person(
                sex=MALE if rng.random() < 0.5 else FEMALE,
                age=rng.randint(4, 16),
                on=on,
                community=community,
                grandfather=head.father,
                family=head.family,
            )
            members.append(Member(nephew, OTHER_RELATIVE))
        if rng.random() < 0.015:
            stranger = self.person(
                sex=MALE if rng.random() < 0.5 else FEMALE, age=rng.randint(8, 60), on=on, community=community
            )
            members.append(Member(stranger, NON_RELATIVE))
        return members

    def parents_of(self, head: Person, community: str, on: date, head_age: int) -> list[Member]:
        """The head's widowed mother, sometimes with his father."""
        rng = self.rng
        mother_age = min(95, head_age + rng.randint(18, 34))
        mother = self.person(sex=FEMALE, age=mother_age, on=on, community=community)
        members = [Member(mother, MOTHER)]
        if rng.random() < 0.3:
            father = self.person(
                sex=MALE,
                age=min(97, mother_age + rng.randint(0, 8)),
                on=on,
                community=community,
                given=head.father,
                father=head.grandfather,
                family=head.family,
            )
            members.insert(0, Member(father, FATHER))
        return members

    def _wife_for(self, head: Person, community: str, on: date, head_age: int) -> Person:
        rng = self.rng
        age = max(17, head_age - rng.randint(0, 10))
        if rng.random() < 0.25:
            # Married her paternal cousin: her father is a brother of his.
            return self.person(
                sex=FEMALE,
                age=age,
                on=on,
                community=community,
                grandfather=head.grandfather,
                family=head.family,
                father=self.names.given_draw(MALE, community, rng, avoid=(head.father,)),
            )
        return self.person(sex=FEMALE, age=age, on=on, community=community)

    def _children(
        self, father: int, grandfather: int, family: int, mother_age: int, community: str, on: date, most: int = 20
    ) -> list[Member]:
        """Unmarried children still at home, named after their father's chain."""
        rng = self.rng
        wanted = min(most, _poisson(rng, 6.0))
        age = mother_age - rng.randint(17, 22)
        members: list[Member] = []
        names: tuple[int, ...] = ()
        while wanted > 0 and age >= 0:
            sex = MALE if rng.random() < 0.51 else FEMALE
            # Married sons and daughters have left; the older, the likelier.
            gone = (age - 25) / 12 if sex == MALE else (age - 19) / 10
            if rng.random() >= gone:
                # The first son is often named after his paternal grandfather.
                given = grandfather if sex == MALE and not members and rng.random() < 0.12 else -1
                child = self.person(
                    sex=sex,
                    age=age,
                    on=on,
                    community=community,
                    given=given,
                    father=father,
                    grandfather=grandfather,
                    family=family,
                    avoid=names,
                )
                names += (child.given,)
                members.append(Member(child, SON if sex == MALE else DAUGHTER))
            wanted -= 1
            age -= rng.randint(1, 3)
        return members

    def _married_son(self, head: Person, community: str, on: date, head_age: int) -> list[Member]:
        rng = self.rng
        son_age = max(20, head_age - rng.randint(20, 28))
        son = self.person(
            sex=MALE,
            age=son_age,
            on=on,
            community=community,
            father=head.given,
            grandfather=head.father,
            family=head.family,
        )
        wife = self._wife_for(son, community, on, son_age)
        members = [Member(son, SON), Member(wife, OTHER_RELATIVE)]
        for child in self._children(son.given, son.father, son.family, age_on(wife.born, on), community, on, most=3):
            members.append(Member(child.person, GRANDCHILD))
        return members

    def _widow_household(self, community: str, on: date) -> list[Member]:
        rng = self.rng
        age = rng.randint(24, 70)
        widow = self.person(sex=FEMALE, age=age, on=on, community=community)
        # Her late husband is not registered; his name chain lives on in his children's.
        husband = self.names.given_draw(MALE, community, rng)
        his_father = self.names.given_draw(MALE, community, rng, avoid=(husband,))
        his_family = self.names.family_draw(community, rng)
        return [Member(widow, HEAD), *self._children(husband, his_father, his_family, age, community, on)]

    def _child_headed_household(self, community: str, on: date) -> list[Member]:
        rng = self.rng
        head = self.person(
            sex=MALE if rng.random() < 0.7 else FEMALE, age=rng.randint(14, 17), on=on, community=community
        )
        members = [Member(head, HEAD)]
        names: tuple[int, ...] = (head.given,)
        for _ in range(rng.randint(1, 4)):
            sex = MALE if rng.random() < 0.5 else FEMALE
            sibling = self.person(
                sex=sex,
                age=rng.randint(2, 13),
                on=on,
                community=community,
                father=head.father,
                grandfather=head.grandfather,
                family=head.family,
                avoid=names,
            )
            names += (sibling.given,)
            members.append(Member(sibling, BROTHER if sex == MALE else SISTER))
        return members


def _year_shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: exact and fast enough for small means.
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count
