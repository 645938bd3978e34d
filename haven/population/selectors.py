"""Every read of the registry, scoped by the reader's areas: pages, API and exports start here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404

from haven.core.models import User
from haven.core.selectors import scope_q
from haven.dedup.names import name_key
from haven.population.identifiers import document_number_key, phone_normalise
from haven.population.models import (
    ColumnMapping,
    DuplicateDecision,
    Household,
    HouseholdEvent,
    IdentityDocument,
    ImportBatch,
    ImportProblem,
    Individual,
    PossibleDuplicate,
    RegistryDuplicate,
)
from haven.population.vocabulary import PersonStatus, PopulationGroup, Relationship

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from haven.geo.models import Area

_REGISTRATION_NUMBER = re.compile(r"^HH-[A-Z0-9]+(?:-\d{0,6})?$", re.IGNORECASE)


def households_visible_to(user: User | AnonymousUser) -> QuerySet[Household]:
    """Every household in the areas the user is scoped to; the one place that rule is written."""
    if not user.has_perm("population.view_household"):
        return Household.objects.none()
    return Household.objects.filter(scope_q(user, "area")).select_related("area", "location", "origin_area")


def individuals_visible_to(user: User | AnonymousUser) -> QuerySet[Individual]:
    """Every person of a household the user may see."""
    if not user.has_perm("population.view_household"):
        return Individual.objects.none()
    return Individual.objects.filter(scope_q(user, "household__area")).select_related("household")


def households_search(
    user: User | AnonymousUser,
    *,
    text: str = "",
    population_group: str = "",
    area: Area | None = None,
    include_inactive: bool = False,
) -> QuerySet[Household]:
    """Households matching a registration number, a member's document number or phone, or names in either script.

    Each word of a name is compared by its script-independent key, so "Mohammed al-Jubouri" finds
    "محمد الجبوري" and the other way round.
    """
    households = households_visible_to(user)
    if not include_inactive:
        households = households.filter(is_active=True)
    if population_group:
        households = households.filter(population_group=population_group)
    if area is not None:
        households = households.filter(area__path__startswith=area.path)
    query = text.strip()
    if query:
        households = households.filter(pk__in=_households_matching(query))
    return households.order_by("-registered_on", "registration_number")


def individuals_search(
    user: User | AnonymousUser, *, text: str = "", include_inactive: bool = False
) -> QuerySet[Individual]:
    """People matching a document number, a phone, or names in either script, in the user's areas."""
    people = individuals_visible_to(user).select_related("household__area")
    if not include_inactive:
        people = people.filter(status=PersonStatus.ACTIVE)
    query = text.strip()
    if query:
        people = people.filter(_people_matching(query))
    return people.order_by("household__registration_number", "id")


def _people_matching(query: str) -> Q:
    condition = Q(pk__in=[])
    phone = phone_normalise(query)
    if phone:
        condition |= Q(phone=phone) | Q(phone_other=phone)
    number = document_number_key(query)
    if number and any(ch.isdigit() for ch in number):
        condition |= Q(pk__in=IdentityDocument.objects.filter(number_key=number).values("individual"))
    words = [[token for token in name_key(word).split(":") if token] for word in query.split()]
    if any(words) and not phone:
        names = Q()
        for alternatives in filter(None, words):
            # Anchored at the start of a name token: "Moh" finds Mohammed, "Hamid" does not find Muhammad.
            matches_word = Q(pk__in=[])
            for token in alternatives:
                matches_word |= Q(name_keys__contains=f" {token}")
            names &= matches_word
        condition |= names
    return condition


def _households_matching(query: str) -> QuerySet[Any]:
    if _REGISTRATION_NUMBER.match(query):
        return Household.objects.filter(registration_number__istartswith=query.upper()).values("pk")
    condition = Q(pk__in=Individual.objects.filter(_people_matching(query)).values("household"))
    return Household.objects.filter(condition).values("pk")


def heads_prefetched(households: QuerySet[Household]) -> QuerySet[Household]:
    """Households with their heads at hand (`household.heads`), for lists and exports that name them."""
    heads = Individual.objects.filter(relationship=Relationship.HEAD)
    return households.prefetch_related(Prefetch("members", queryset=heads, to_attr="heads"))


def household_for_user(user: User | AnonymousUser, registration_number: str) -> Household:
    """One household the user may see; 404 otherwise, so that its existence elsewhere is not revealed."""
    try:
        return households_visible_to(user).get(registration_number=registration_number)
    except Household.DoesNotExist:
        raise Http404("No such household.") from None


def household_members(household: Household) -> QuerySet[Individual]:
    documents = Prefetch("documents", queryset=IdentityDocument.objects.order_by("kind", "id"))
    head_first = Case(
        When(relationship=Relationship.HEAD, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return household.members.prefetch_related(documents).annotate(rank=head_first).order_by("rank", "id")


def household_history(household: Household) -> QuerySet[HouseholdEvent]:
    return household.events.select_related("area", "previous_area", "location", "recorded_by", "related_household")


@dataclass(frozen=True)
class GroupFigure:
    population_group: str
    households: int
    individuals: int

    @property
    def label(self) -> str:
        return str(PopulationGroup(self.population_group).label)


def registry_figures(user: User | AnonymousUser) -> list[GroupFigure]:
    """Active households and people by population group, in the user's areas."""
    rows = (
        households_visible_to(user)
        .filter(is_active=True)
        .order_by()
        .values("population_group")
        .annotate(households=Count("id"), individuals=Sum("size"))
        .order_by("population_group")
    )
    return [GroupFigure(r["population_group"], r["households"], r["individuals"] or 0) for r in rows]


# Imports ----------------------------------------------------------------------------------------


def batches_visible_to(user: User | AnonymousUser) -> QuerySet[ImportBatch]:
    """Batches a person may follow: everyone's for those who see the whole country, else their own."""
    if not user.has_perm("population.import_registrations"):
        return ImportBatch.objects.none()
    batches = ImportBatch.objects.select_related("created_by", "mapping", "job")
    if user.has_perm("population.change_columnmapping"):
        return batches
    return batches.filter(created_by=user) if isinstance(user, User) else batches.none()


def batch_for_user(user: User | AnonymousUser, batch_id: str) -> ImportBatch:
    try:
        return batches_visible_to(user).get(pk=batch_id)
    except (ImportBatch.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such batch.") from None


def batch_problems(batch: ImportBatch, *, severity: str = "") -> QuerySet[ImportProblem]:
    problems = batch.problems.all()
    return problems.filter(severity=severity) if severity else problems


def batch_duplicates(batch: ImportBatch, *, pending_only: bool = False) -> QuerySet[PossibleDuplicate]:
    candidates = batch.duplicate_candidates.select_related("staged", "other_staged", "existing__household")
    return candidates.filter(decision=DuplicateDecision.PENDING) if pending_only else candidates


def registry_duplicates_visible_to(
    user: User | AnonymousUser, *, decision: str = DuplicateDecision.PENDING
) -> QuerySet[RegistryDuplicate]:
    """Pairs of registered people whose two records are both in the reader's areas."""
    if not user.has_perm("population.view_household"):
        return RegistryDuplicate.objects.none()
    pairs = RegistryDuplicate.objects.filter(
        scope_q(user, "first__household__area"), scope_q(user, "second__household__area")
    )
    if decision:
        pairs = pairs.filter(decision=decision)
    ordered = IdentityDocument.objects.order_by("kind", "id")
    return pairs.select_related("first__household__area", "second__household__area").prefetch_related(
        Prefetch("first__documents", queryset=ordered), Prefetch("second__documents", queryset=ordered)
    )


def registry_duplicate_for_user(user: User | AnonymousUser, pk: int) -> RegistryDuplicate:
    try:
        return registry_duplicates_visible_to(user, decision="").get(pk=pk)
    except RegistryDuplicate.DoesNotExist:
        raise Http404("No such pair.") from None


def registry_duplicate_counts(user: User | AnonymousUser) -> dict[str, int]:
    """How many pairs the reader can see, by decision."""
    rows = registry_duplicates_visible_to(user, decision="").values("decision").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(DuplicateDecision.values, 0)
    counts.update({row["decision"]: row["n"] for row in rows})
    return counts


def person_records(individual: Individual) -> set[int]:
    """Every record of the one person `individual` is: the original and all records confirmed as its
    duplicates, whichever of them is given. Assistance keys entitlements on this set, so that a person
    registered twice is never served twice."""
    original = individual
    seen = {original.pk}
    while original.duplicate_of_id is not None and original.duplicate_of_id not in seen:
        seen.add(original.duplicate_of_id)
        original = Individual.objects.only("pk", "duplicate_of").get(pk=original.duplicate_of_id)
    records, frontier = {original.pk}, {original.pk}
    while frontier:
        frontier = set(Individual.objects.filter(duplicate_of__in=frontier).values_list("pk", flat=True)) - records
        records |= frontier
    return records


def mappings_all() -> QuerySet[ColumnMapping]:
    return ColumnMapping.objects.all()


def person_records_by_household(household_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each household, every record of every person in it: its members' records and all records
    confirmed as the same people (`person_records` of each member, for many households at once).

    Assistance claims these records when a household is served, so that a household whose member was
    registered again elsewhere cannot be served a second time through the other record."""
    ids = list(household_ids)
    parent = dict(Individual.objects.filter(duplicate_of__isnull=False).values_list("pk", "duplicate_of_id"))

    def root(pk: int) -> int:
        seen = {pk}
        while pk in parent and parent[pk] not in seen:
            pk = parent[pk]
            seen.add(pk)
        return pk

    same_person: dict[int, set[int]] = {}
    for record in parent:
        same_person.setdefault(root(record), set()).add(record)
    records: dict[int, set[int]] = {pk: set() for pk in ids}
    for start in range(0, len(ids), 5000):
        members = Individual.objects.filter(household_id__in=ids[start : start + 5000]).values_list(
            "pk", "household_id"
        )
        for pk, household_id in members:
            original = root(pk)
            records[household_id] |= {original, pk} | same_person.get(original, set())
    return records


def document_keys_by_household(household_ids: Iterable[int]) -> dict[int, set[str]]:
    """The comparison keys (`identifiers.document_number_key`) of every document of each household's members."""
    ids = list(household_ids)
    keys: dict[int, set[str]] = {pk: set() for pk in ids}
    for start in range(0, len(ids), 5000):
        documents = IdentityDocument.objects.filter(individual__household_id__in=ids[start : start + 5000])
        for household_id, key in documents.values_list("individual__household_id", "number_key"):
            keys[household_id].add(key)
    return keys
