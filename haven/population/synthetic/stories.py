"""What happens to households between registrations: displacement, return, marriage, a parent moving in.

A first registration places a household in the displacement of 2006–2008: displaced after the Samarra
bombing of 22 February 2006 (some earlier, after 2003), returned during 2008, hosting, or from abroad.
A later registration of the same people follows a move: displaced again to another governorate,
returned home, or registered again where they were by another agency. Some people reappear alone in
another household: a daughter married, a widowed parent moved to another son, a son set up his own.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from haven.population.synthetic.families import (
    DAUGHTER,
    FATHER,
    FEMALE,
    GRANDCHILD,
    HEAD,
    MALE,
    MOTHER,
    NON_RELATIVE,
    OTHER_RELATIVE,
    SON,
    SPOUSE,
    Families,
    Household,
    Member,
    age_on,
)
from haven.population.synthetic.places import Places

SAMARRA = date(2006, 2, 22)
FIRST_REGISTRATION = (date(2006, 4, 1), date(2008, 6, 30))
LAST_REGISTRATION = date(2008, 12, 31)
_KEEPS_RELATIONSHIP = frozenset({SON, DAUGHTER, GRANDCHILD, OTHER_RELATIVE, NON_RELATIVE})


def _day(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=int(rng.random() * ((last - first).days + 1)))


class Stories:
    """Draws where and when households are registered, and how they are registered again."""

    def __init__(self, *, rng: random.Random, places: Places, families: Families) -> None:
        self.rng = rng
        self.places = places
        self.families = families

    def circumstances(self, *, community: str | None = None) -> Household:
        """A first registration's group, places and dates, without members yet."""
        rng, places = self.rng, self.places
        group = places.groups.draw(rng)
        if group in places.abroad:
            origins, where = places.abroad[group]
            country, from_community = origins.draw(rng)
            location = places.location_in(where[(country, from_community)].draw(rng), rng)
            on = _day(rng, *FIRST_REGISTRATION)
            return Household(community or from_community, group, country, location, on)
        if group == "host_community":
            governorate = places.host.draw(rng)
            on = _day(rng, *FIRST_REGISTRATION)
            community = community or places.community(governorate, rng)
            return Household(community, group, "", places.location_in(governorate, rng), on)
        origin = places.origins.draw(rng)
        community = community or places.community(origin, rng)
        if group == "idp":
            on = _day(rng, *FIRST_REGISTRATION)
            if rng.random() < 0.85:
                displaced = _day(rng, SAMARRA, on)
            else:
                displaced = _day(rng, date(2003, 4, 1), min(on, SAMARRA - timedelta(days=1)))
            location = places.location_in(places.destination(origin, rng), rng)
            return Household(community, group, origin, location, on, displaced if rng.random() >= 0.08 else None)
        if group == "returnee":
            displaced = _day(rng, SAMARRA, date(2007, 9, 30))
            returned = _day(rng, date(2008, 1, 1), date(2008, 10, 31))
        else:  # refugee_returnee: fled abroad, to Syria and Jordan mostly, and came back in 2008
            displaced = _day(rng, date(2003, 6, 1), date(2007, 6, 30))
            returned = _day(rng, date(2008, 1, 1), date(2008, 10, 31))
        on = _day(rng, returned, min(returned + timedelta(days=60), LAST_REGISTRATION))
        return Household(community, group, origin, places.location_in(origin, rng), on, displaced, returned)

    def household_new(self) -> Household:
        """A household registered for the first time."""
        household = self.circumstances()
        household.members = self.families.household(community=household.community, on=household.registered_on)
        return household

    def reregistered(self, base: Household) -> Household:
        """The same household registered again later, usually after a move, by another team."""
        rng, places = self.rng, self.places
        on = min(base.registered_on + timedelta(days=rng.randint(20, 420)), LAST_REGISTRATION)
        on = max(on, base.registered_on)
        again = Household(
            base.community, base.group, base.origin, base.location, on, base.displaced_on, base.returned_on
        )
        here = base.location[:5]
        move = rng.random()
        if base.group == "idp":
            if move < 0.55:
                again.location = places.location_in(places.destination(base.origin, rng, away_from=here), rng)
            elif move < 0.85 and on >= date(2008, 1, 10):
                again.group = "returnee"
                again.location = places.location_in(base.origin, rng)
                again.returned_on = _day(rng, max(date(2008, 1, 1), base.registered_on), on)
        elif base.group in ("returnee", "refugee_returnee"):
            if move < 0.4:
                again.group, again.returned_on = "idp", None
                again.location = places.location_in(places.destination(base.origin, rng, away_from=here), rng)
                again.displaced_on = _day(rng, base.returned_on or base.registered_on, on)
        elif base.group == "host_community":
            if move < 0.5:
                again.group, again.origin = "idp", here
                again.location = places.location_in(places.destination(here, rng, away_from=here), rng)
                again.displaced_on = _day(rng, base.registered_on, on)
        elif move < 0.3:
            again.location = places.location_in(places.host.draw(rng), rng)
        again.members = self._members_again(base, on)
        return again

    def _members_again(self, base: Household, on: date) -> list[Member]:
        rng = self.rng
        members = [base.members[0], *(m for m in base.members[1:] if rng.random() < 0.92)]
        wife = next((m for m in members if m.relationship == SPOUSE), None)
        if wife is not None and base.head.sex == MALE and rng.random() < 0.04:
            # The husband is away (detained, working, missing): his wife registers as head.
            members = [Member(wife.person, HEAD)] + [
                Member(m.person, m.relationship if m.relationship in _KEEPS_RELATIONSHIP else OTHER_RELATIVE)
                for m in members[1:]
                if m is not wife
            ]
        elif (
            wife is not None
            and (on - base.registered_on).days > 270
            and age_on(wife.person.born, on) < 42
            and rng.random() < 0.15
        ):
            # A child born since: a new person, not a duplicate.
            head = base.head
            sex = MALE if rng.random() < 0.51 else FEMALE
            baby = self.families.person(
                sex=sex, age=0, on=on, community=base.community,
                father=head.given, grandfather=head.father, family=head.family,
            )  # fmt: skip
            members.append(Member(baby, SON if sex == MALE else DAUGHTER))
        if len(members) > 2 and rng.random() < 0.2:
            rest = members[1:]
            rng.shuffle(rest)
            members = [members[0], *rest]
        return members

    def with_someone_known(self, base: Household) -> Household | None:
        """A new household in which one member of `base` appears again, or None if nobody fits.

        A daughter of marrying age is now a wife; a parent of the head lives with another son (the
        head's brother, whose name chain is the head's); an adult son heads his own household.
        """
        rng = self.rng
        on = min(base.registered_on + timedelta(days=rng.randint(60, 500)), LAST_REGISTRATION)
        daughters = [m.person for m in base.members if m.relationship == DAUGHTER and age_on(m.person.born, on) >= 16]
        parents = [m for m in base.members if m.relationship in (FATHER, MOTHER)]
        sons = [m.person for m in base.members if m.relationship == SON and 19 <= age_on(m.person.born, on) <= 40]
        choices = [kind for kind, found in (("bride", daughters), ("parent", parents), ("son", sons)) if found]
        if not choices:
            return None
        household = self.circumstances(community=base.community)
        household.registered_on = max(household.registered_on, on)
        if household.displaced_on and household.displaced_on > household.registered_on:
            household.displaced_on = household.registered_on
        families, community = self.families, base.community
        kind = choices[rng.randrange(len(choices))]
        if kind == "bride":
            bride = daughters[rng.randrange(len(daughters))]
            husband_age = age_on(bride.born, on) + rng.randint(2, 10)
            husband = families.person(sex=MALE, age=husband_age, on=on, community=community)
            household.members = families.family_around(
                head=husband, community=community, on=on, spouse=bride, extended=False
            )
        elif kind == "parent":
            parent = parents[rng.randrange(len(parents))]
            head = base.head
            brother = families.person(
                sex=MALE,
                age=max(18, age_on(head.born, on) + rng.randint(-8, 8)),
                on=on,
                community=community,
                father=head.father,
                grandfather=head.grandfather,
                family=head.family,
                avoid=(head.given,),
            )
            household.members = [
                *families.family_around(head=brother, community=community, on=on, extended=False),
                Member(parent.person, parent.relationship),
            ]
        else:
            son = sons[rng.randrange(len(sons))]
            household.members = families.family_around(head=son, community=community, on=on, extended=False)
        return household
