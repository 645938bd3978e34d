"""Merging a checked batch into the population: all of it in one transaction, or nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.bulk import rows_insert
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
    ImportBatch,
    Individual,
    PossibleDuplicate,
    StagedPerson,
)
from haven.population.services.batches import CHUNK, PlaceBook, _require, staged_rows_delete
from haven.population.services.households import individual_names, situation_date
from haven.population.services.matching import pairs_remember
from haven.population.services.numbers import registration_numbers_allocate, registration_prefix
from haven.population.vocabulary import (
    DataSource,
    DocumentType,
    PersonStatus,
    Relationship,
    SharingScope,
    displacement_period_for,
)

INDIVIDUAL_FIELDS = (
    "household", "relationship", "given_name", "father_name", "grandfather_name", "family_name", "name_ar",
    "name_latin", "name_keys", "given_key", "father_key", "sex", "birth_date", "birth_precision", "phone",
    "phone_other", "wg_seeing", "wg_hearing", "wg_walking", "wg_remembering", "wg_self_care", "wg_communicating",
    "status", "duplicate_of", "source_row", "created_at", "updated_at",
)  # fmt: skip
EVENT_FIELDS = (
    "household", "kind", "occurred_on", "population_group", "previous_group", "area", "location", "recorded_by",
    "recorded_at", "note",
)  # fmt: skip
# Portable SQL: the staged row and the person it became meet on the batch, household reference and row.
DOCUMENTS_FROM_STAGING = """
    INSERT INTO population_identitydocument (individual_id, kind, number, number_key, issuer)
    SELECT person.id, %s, staged.national_id, staged.national_id_key, ''
    FROM population_stagedperson staged
    JOIN population_household household
      ON household.import_batch_id = %s AND household.source_ref = staged.household_ref
    JOIN population_individual person
      ON person.household_id = household.id AND person.source_row = staged.row
    WHERE staged.batch_id = %s AND staged.national_id_key <> ''
"""

# A duplicate's documents are added to the person it repeats, unless that person holds them already.
DOCUMENTS_TO_ORIGINAL = """
    INSERT INTO population_identitydocument (individual_id, kind, number, number_key, issuer)
    SELECT person.duplicate_of_id, document.kind, document.number, document.number_key, document.issuer
    FROM population_identitydocument document
    JOIN population_individual person ON person.id = document.individual_id
    JOIN population_household household ON household.id = person.household_id
    WHERE household.import_batch_id = %s AND person.duplicate_of_id IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM population_identitydocument held
        WHERE held.individual_id = person.duplicate_of_id AND held.kind = document.kind
          AND held.number_key = document.number_key
      )
"""

_STAGED_READ = (
    "id", "row", "household_ref", "relationship", "given_name", "father_name", "grandfather_name", "family_name",
    "sex", "birth_date", "birth_precision", "phone", "population_group", "location_code", "origin_code",
    "displaced_on", "returned_on", "shelter", "vulnerabilities", "consent", "extra",
)  # fmt: skip
_HOUSEHOLD_COLUMNS = [field for field in Household._meta.concrete_fields if not field.primary_key]
_HOUSEHOLD_FIELDS = tuple(field.name for field in _HOUSEHOLD_COLUMNS)


def _households_of(batch: ImportBatch) -> Iterator[list[Any]]:
    """The staged rows of a batch (light named tuples, not model instances), one household at a time."""
    staged = StagedPerson.objects.filter(batch=batch).order_by("household_ref", "row")
    rows = staged.values_list(*_STAGED_READ, named=True).iterator(chunk_size=CHUNK)
    current: list[Any] = []
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
        self.now = timezone.now()
        self.batch_key = ImportBatch._meta.pk.get_db_prep_value(batch.pk, connection)
        self.pending: list[tuple[Household, list[Any]]] = []
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

    def household(self, rows: list[Any]) -> Household:
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

    def add(self, rows: list[Any]) -> None:
        self.pending.append((self.household(rows), rows))
        if len(self.pending) >= CHUNK // 4:
            self.flush()

    def individual(self, household: Household, row: Any) -> tuple[Any, ...]:
        """A person's values in the order of `INDIVIDUAL_FIELDS`."""
        decided = self.decided.get(row.id)
        names = individual_names(row.given_name, row.father_name, row.grandfather_name, row.family_name)
        return (
            household.pk, row.relationship, names["given_name"], names["father_name"], names["grandfather_name"],
            names["family_name"], names["name_ar"], names["name_latin"], names["name_keys"], names["given_key"],
            names["father_key"], row.sex, row.birth_date,
            row.birth_precision or "day", row.phone, "", "", "", "", "", "", "",
            PersonStatus.DUPLICATE if decided else PersonStatus.ACTIVE,
            decided.existing_id if decided else None, row.row, self.now, self.now,
        )  # fmt: skip

    def flush(self) -> None:
        if not self.pending:
            return
        households = [household for household, _ in self.pending]
        for household in households:
            household.created_at = household.updated_at = self.now
        rows_insert(
            Household,
            _HOUSEHOLD_FIELDS,
            ([getattr(household, field.attname) for field in _HOUSEHOLD_COLUMNS] for household in households),
        )
        # The new rows' ids, by the sender's reference (unique within a batch): one query per chunk.
        refs = [household.source_ref for household in households]
        ids = dict(
            Household.objects.filter(import_batch=self.batch, source_ref__in=refs).values_list("source_ref", "pk")
        )
        for household in households:
            household.pk = ids[household.source_ref]
        people = [
            self.individual(household, row)
            for household, rows in self.pending
            if household.consent_given
            for row in rows
        ]
        rows_insert(Individual, INDIVIDUAL_FIELDS, people)
        rows_insert(HouseholdEvent, EVENT_FIELDS, (self.event(household) for household, _ in self.pending))
        self.households += len(self.pending)
        self.individuals += len(people)
        self.pending.clear()

    def documents(self) -> None:
        """National ID numbers of the batch's people, joined back to them by household reference and row."""
        with connection.cursor() as cursor:
            cursor.execute(DOCUMENTS_FROM_STAGING, [DocumentType.NATIONAL_ID, self.batch_key, self.batch_key])

    def event(self, household: Household) -> tuple[Any, ...]:
        """The household's `registered` event, in the order of `EVENT_FIELDS`."""
        when: date = situation_date(
            household.population_group, household.displaced_on, household.returned_on, self.today
        )
        return (
            household.pk, HouseholdEventKind.REGISTERED, when, household.population_group, "", household.area_id,
            household.location_id, self.merged_by.pk if self.merged_by else None, self.now,
            _("Imported in batch “%(batch)s”") % {"batch": self.batch.name},
        )  # fmt: skip

    def _registered(self, staged_ids: set[int]) -> dict[int, int]:
        """The new records of staged rows: staged row id → individual id (rows of consenting households)."""
        staged = StagedPerson.objects.filter(pk__in=staged_ids).values_list("pk", "household_ref", "row")
        position = {pk: (ref, row) for pk, ref, row in staged}
        registered = Individual.objects.filter(
            household__import_batch=self.batch, source_row__in={row for _ref, row in position.values()}
        ).values_list("pk", "household__source_ref", "source_row")
        by_position = {(ref, row): pk for pk, ref, row in registered}
        return {staged_id: by_position[place] for staged_id, place in position.items() if place in by_position}

    def link_duplicates_within(self) -> None:
        """Rows decided to repeat another row of the batch point to that row's new record."""
        within = {staged: c.other_staged_id for staged, c in self.decided.items() if c.other_staged_id}
        if not within:
            return
        new_record = self._registered({*within, *within.values()})
        for repeat, first in within.items():
            repeat_id, first_id = new_record.get(repeat), new_record.get(first)
            if repeat_id and first_id:
                Individual.objects.filter(pk=repeat_id).update(duplicate_of_id=first_id)

    def carry_decisions(self) -> None:
        """What the reviewers decided outlives the batch: a duplicate's documents join the person it
        repeats, and "different people" is remembered so no later check proposes the pair again."""
        with connection.cursor() as cursor:
            cursor.execute(DOCUMENTS_TO_ORIGINAL, [self.batch_key])
        distinct = list(
            PossibleDuplicate.objects.filter(batch=self.batch, decision=DuplicateDecision.DISTINCT).values_list(
                "staged_id", "other_staged_id", "existing_id"
            )
        )
        if not distinct:
            return
        new_record = self._registered({staged for staged, other, _existing in distinct} | {
            other for _staged, other, _existing in distinct if other
        })  # fmt: skip
        pairs = []
        for staged, other, existing in distinct:
            first = new_record.get(other) if other else existing
            second = new_record.get(staged)
            if first and second:
                pairs.append((first, second))
        pairs_remember(pairs, decided_by=self.merged_by)


def batch_merge_check(batch: ImportBatch) -> None:
    """Refuse (ServiceError, saying why) a batch that is not ready to merge."""
    if batch.status == BatchStatus.READY:
        return
    reasons = {
        BatchStatus.INVALID: _("it has %(errors)s error(s); correct the file and import it again."),
        BatchStatus.REVIEW: _("possible duplicates wait for a decision."),
        BatchStatus.STAGING: _("it has not been checked yet."),
    }
    reason = reasons.get(batch.status, _("it is %(status)s."))  # type: ignore[call-overload]
    raise ServiceError(
        _("Batch “%(batch)s” cannot be merged: ") % {"batch": batch.name}
        + reason % {"errors": batch.errors, "status": batch.get_status_display()}
    )


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
        batch_merge_check(locked)
        merger = _Merger(locked, merged_by)
        merger.allocate()
        total = locked.households
        for rows in _households_of(locked):
            merger.add(rows)
            if merger.households % 1000 == 0:
                progress(merger.households + len(merger.pending), total, _("households merged"))
        merger.flush()
        merger.documents()
        merger.link_duplicates_within()
        merger.carry_decisions()
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
    staged_rows_delete(batch=locked, keep_decided=True)
    return locked
