"""Merging a checked batch into the population: all of it in one transaction, or nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError, audit_record
from haven.geo.pcodes import pcode_normalise
from haven.population.composition import composition_of
from haven.population.models import (
    BatchStatus,
    DuplicateDecision,
    Household,
    HouseholdEvent,
    HouseholdEventKind,
    IdentityDocument,
    ImportBatch,
    Individual,
    PossibleDuplicate,
    StagedPerson,
)
from haven.population.services.batches import CHUNK, PlaceBook, _require
from haven.population.services.households import individual_names, situation_date
from haven.population.services.numbers import registration_numbers_allocate, registration_prefix
from haven.population.vocabulary import (
    DataSource,
    DocumentType,
    PersonStatus,
    Relationship,
    SharingScope,
    displacement_period_for,
)


def _households_of(batch: ImportBatch) -> Iterator[list[StagedPerson]]:
    """The staged rows of a batch, one household at a time."""
    rows = StagedPerson.objects.filter(batch=batch).order_by("household_ref", "row").iterator(chunk_size=CHUNK)
    current: list[StagedPerson] = []
    for row in rows:
        if current and row.household_ref != current[0].household_ref:
            yield current
            current = []
        current.append(row)
    if current:
        yield current


class _Merger:
    def __init__(self, batch: ImportBatch, merged_by: User | None) -> None:
        self.batch = batch
        self.merged_by = merged_by or batch.created_by
        self.today = timezone.localdate()
        self.places = PlaceBook()
        self.numbers: dict[str, Iterator[str]] = {}
        self.decided: dict[int, PossibleDuplicate] = {
            candidate.staged_id: candidate
            for candidate in PossibleDuplicate.objects.filter(batch=batch, decision=DuplicateDecision.DUPLICATE)
        }
        self.involved = set(self.decided) | {c.other_staged_id for c in self.decided.values() if c.other_staged_id}
        self.individual_of: dict[int, int] = {}
        self.pending: list[tuple[Household, list[StagedPerson]]] = []
        self.households = 0
        self.individuals = 0

    def allocate(self) -> None:
        heads = StagedPerson.objects.filter(batch=self.batch, relationship=Relationship.HEAD)
        prefixes: Counter[str] = Counter()
        for code in heads.values_list("location_code", flat=True).iterator(chunk_size=CHUNK):
            place = self.places.place(code)
            if place is None:
                raise ServiceError(_("The place %(code)s is no longer known; check the batch again.") % {"code": code})
            prefixes[registration_prefix(place.path)] += 1
        for prefix, count in sorted(prefixes.items()):
            self.numbers[prefix] = iter(registration_numbers_allocate(prefix=prefix, count=count))

    def household(self, rows: list[StagedPerson]) -> Household:
        head = next(row for row in rows if row.relationship == Relationship.HEAD)
        place = self.places.place(head.location_code)
        assert place is not None  # every head's place was resolved by allocate()
        origin = pcode_normalise(head.origin_code) if head.origin_code else ""
        origin_place = self.places.place(origin) if len(origin) > 2 else None
        consent = bool(head.consent)
        household = Household(
            registration_number=next(self.numbers[registration_prefix(place.path)]),
            population_group=head.population_group, area_id=place.area_id, location_id=place.location_id,
            origin_area_id=origin_place.area_id if origin_place else None,
            origin_country=origin if len(origin) == 2 else "",
            displaced_on=head.displaced_on, returned_on=head.returned_on,
            displacement_period=displacement_period_for(head.displaced_on), shelter=head.shelter,
            vulnerabilities=sorted(set(head.vulnerabilities)), consent_given=consent,
            consent_date=timezone.localdate(self.batch.created_at) if consent else None,
            consent_recorded_by=self.batch.created_by if consent else None,
            consent_scope=SharingScope.ASSISTANCE if consent else SharingScope.NONE,
            source=DataSource.IMPORT, import_batch=self.batch, source_ref=head.household_ref, extra=head.extra,
            registered_on=self.today, created_by=self.merged_by,
        )  # fmt: skip
        counts = composition_of(((row.sex, row.birth_date) for row in rows), on=self.today)
        for name, value in counts.items():
            setattr(household, name, value)
        household.size = len(rows)
        return household

    def add(self, rows: list[StagedPerson]) -> None:
        self.pending.append((self.household(rows), rows))
        if len(self.pending) >= CHUNK // 4:
            self.flush()

    def individual(self, household: Household, row: StagedPerson) -> Individual:
        decided = self.decided.get(row.pk)
        values: dict[str, Any] = individual_names(
            row.given_name, row.father_name, row.grandfather_name, row.family_name
        )
        return Individual(
            household=household, relationship=row.relationship, sex=row.sex, birth_date=row.birth_date,
            birth_precision=row.birth_precision or "day", phone=row.phone, source_row=row.row,
            status=PersonStatus.DUPLICATE if decided else PersonStatus.ACTIVE,
            duplicate_of_id=decided.existing_id if decided else None, **values,
        )  # fmt: skip

    def flush(self) -> None:
        if not self.pending:
            return
        Household.objects.bulk_create([household for household, _ in self.pending], batch_size=CHUNK)
        people: list[tuple[StagedPerson, Individual]] = []
        events: list[HouseholdEvent] = []
        for household, rows in self.pending:
            events.append(self.event(household))
            if household.consent_given:
                people += [(row, self.individual(household, row)) for row in rows]
        Individual.objects.bulk_create([individual for _, individual in people], batch_size=CHUNK)
        HouseholdEvent.objects.bulk_create(events, batch_size=CHUNK)
        documents = [
            IdentityDocument(individual=individual, kind=DocumentType.NATIONAL_ID, number=row.national_id,
                             number_key=row.national_id_key)
            for row, individual in people
            if row.national_id_key
        ]  # fmt: skip
        IdentityDocument.objects.bulk_create(documents, batch_size=CHUNK)
        for row, individual in people:
            if row.pk in self.involved:
                self.individual_of[row.pk] = individual.pk
        self.households += len(self.pending)
        self.individuals += len(people)
        self.pending.clear()

    def event(self, household: Household) -> HouseholdEvent:
        when: date = situation_date(
            household.population_group, household.displaced_on, household.returned_on, self.today
        )
        return HouseholdEvent(
            household=household, kind=HouseholdEventKind.REGISTERED, occurred_on=when,
            population_group=household.population_group, area_id=household.area_id,
            location_id=household.location_id, recorded_by=self.merged_by,
            note=_("Imported in batch “%(batch)s”") % {"batch": self.batch.name},
        )  # fmt: skip

    def link_duplicates_within(self) -> None:
        """Rows decided to repeat another row of the batch point to that row's new record."""
        for staged_id, candidate in self.decided.items():
            if candidate.other_staged_id and staged_id in self.individual_of:
                target = self.individual_of.get(candidate.other_staged_id)
                Individual.objects.filter(pk=self.individual_of[staged_id]).update(duplicate_of_id=target)


def batch_merge(*, batch: ImportBatch, merged_by: User | None, progress: Progress = no_progress) -> ImportBatch:
    """Register every household of a checked batch, in one transaction.

    Refused while the batch has errors or possible duplicates without a decision, and for a batch
    already merged or discarded. Rows decided to be someone already registered are kept with status
    `duplicate`, pointing to that person. A failure or a kill at any moment rolls everything back: the
    batch stays ready and can be merged again.
    """
    _require(merged_by, "population.import_registrations")
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.READY:
            reasons = {
                BatchStatus.INVALID: _("it has %(errors)s error(s); correct the file and import it again."),
                BatchStatus.REVIEW: _("possible duplicates wait for a decision."),
                BatchStatus.STAGING: _("it has not been checked yet."),
            }
            reason = reasons.get(locked.status, _("it is %(status)s."))  # type: ignore[call-overload]
            raise ServiceError(
                _("Batch “%(batch)s” cannot be merged: ") % {"batch": locked.name}
                + reason % {"errors": locked.errors, "status": locked.get_status_display()}
            )
        merger = _Merger(locked, merged_by)
        merger.allocate()
        total = locked.households
        for rows in _households_of(locked):
            merger.add(rows)
            if merger.households % 1000 == 0:
                progress(merger.households + len(merger.pending), total, _("households merged"))
        merger.flush()
        merger.link_duplicates_within()
        locked.status = BatchStatus.MERGED
        locked.merged_at = timezone.now()
        locked.merged_by = merged_by
        locked.households = merger.households
        locked.individuals = merger.individuals
        locked.save()
        audit_record(
            actor=merged_by, action=AuditAction.CREATE, target=locked,
            detail=_("merged: %(households)s households, %(individuals)s individuals")
            % {"households": merger.households, "individuals": merger.individuals},
        )  # fmt: skip
    progress(merger.households, merger.households, _("households merged"))
    # Staged rows are a copy of what is now registered; the report and decisions stay.
    StagedPerson.objects.filter(batch=locked).exclude(duplicate_candidates__isnull=False).delete()
    return locked
