"""Registration imports up to the merge: a file becomes a staged batch, is checked, and waits for decisions.

Staging writes only to the batch's own tables, chunk by chunk, so a kill at any moment leaves the
population untouched and `batch_stage` can simply run again on the stored file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.bulk import rows_insert
from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.selectors import area_path_in_scope
from haven.core.services import ServiceError, audit_record
from haven.dedup.names import name_key
from haven.geo.pcodes import pcode_normalise
from haven.geo.selectors import area_get, location_by_code
from haven.population.identifiers import document_number_key
from haven.population.imports import (
    ColumnMapping as MappingRules,
)
from haven.population.imports import (
    FileRefused,
    HouseholdCheck,
    PersonRecord,
    Problem,
    file_fingerprint,
    person_row_validate,
    registration_file_open,
)
from haven.population.models import (
    BatchStatus,
    ColumnMapping,
    DuplicateDecision,
    DuplicateReason,
    IdentityDocument,
    ImportBatch,
    ImportProblem,
    PossibleDuplicate,
    StagedPerson,
)
from haven.population.services.matching import batch_matches_find
from haven.population.services.numbers import registration_prefix
from haven.population.vocabulary import PersonStatus

CHUNK = 2000


def _require(user: User | None, permission: str) -> None:
    """The command line (no user) acts as the operator of the machine; a person needs the right."""
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(_("Your role cannot import registrations."))


def mapping_rules(mapping: ColumnMapping | None) -> MappingRules | None:
    return MappingRules.from_json({"columns": mapping.columns, "values": mapping.values}) if mapping else None


@transaction.atomic
def batch_create(
    *, path: Path, file_name: str, created_by: User | None, name: str = "", mapping: ColumnMapping | None = None
) -> ImportBatch:
    """Keep an uploaded file as a new batch, ready to be checked.

    Refused when the same file (by content, whatever its name) is already merged or on its way in:
    a spreadsheet sent twice must not register its households twice.
    """
    _require(created_by, "population.import_registrations")
    if not path.is_file():
        raise ServiceError(_("%(file)s: no such file.") % {"file": file_name})
    fingerprint = file_fingerprint(path)
    earlier = (
        ImportBatch.objects.filter(fingerprint=fingerprint)
        .exclude(status__in=[BatchStatus.DISCARDED, BatchStatus.INVALID])
        .first()
    )
    if earlier is not None:
        raise ServiceError(
            _("%(file)s was already imported as batch “%(batch)s” (%(status)s, %(date)s); it is refused.")
            % {
                "file": file_name,
                "batch": earlier.name,
                "status": earlier.get_status_display(),
                "date": timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    batch = ImportBatch(
        name=(name or file_name)[:200], file_name=file_name[:255], fingerprint=fingerprint, mapping=mapping,
        created_by=created_by,
    )  # fmt: skip
    folder = Path(settings.MEDIA_ROOT) / "registrations"
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{batch.id}{Path(file_name).suffix.lower()[:8]}"
    shutil.copyfile(path, stored)
    batch.stored_path = str(stored)
    batch.save()
    audit_record(
        actor=created_by, action=AuditAction.CREATE, target=batch, detail=_("uploaded %(file)s") % {"file": file_name}
    )
    return batch


@dataclass
class _Place:
    area_id: int
    location_id: int | None
    path: str


class PlaceBook:
    """P-codes met in a file, resolved once each: a location code or an area (ADM1–ADM3) P-code."""

    def __init__(self) -> None:
        self.places: dict[str, _Place | None] = {}
        self.origins: dict[str, bool] = {}

    def place(self, code: str) -> _Place | None:
        key = pcode_normalise(code)
        if key not in self.places:
            location = location_by_code(code.strip()) or location_by_code(key)
            if location is not None:
                self.places[key] = _Place(location.area_id, location.pk, location.area.path)
            else:
                area = area_get(key)
                usable = area is not None and area.level >= 1 and area.valid_to is None
                self.places[key] = _Place(area.pk, None, area.path) if area is not None and usable else None
        return self.places[key]

    def place_known(self, code: str) -> bool:
        return self.place(code) is not None

    def origin_known(self, code: str) -> bool:
        key = pcode_normalise(code)
        if key not in self.origins:
            self.origins[key] = (len(key) == 2 and key.isalpha()) or area_get(key) is not None
        return self.origins[key]


STAGED_FIELDS = (
    "batch", "row", "household_ref", "relationship", "given_name", "father_name", "grandfather_name", "family_name",
    "given_key", "sex", "birth_date", "birth_precision", "phone", "national_id", "national_id_key",
    "population_group", "location_code", "origin_code", "displaced_on", "returned_on", "shelter", "vulnerabilities",
    "consent", "extra",
)  # fmt: skip


def _staged(batch: ImportBatch, record: PersonRecord) -> tuple[Any, ...]:
    """A valid row's values in the order of `STAGED_FIELDS`."""
    return (
        batch.pk, record.number, record.household_ref[:64], record.relationship, record.given_name,
        record.father_name, record.grandfather_name, record.family_name, name_key(record.given_name)[:100],
        record.sex, record.birth_date, record.birth_precision, record.phone, record.national_id[:64],
        document_number_key(record.national_id)[:64], record.population_group, record.location, record.origin,
        record.displaced_on, record.returned_on, record.shelter, record.vulnerabilities, record.consent,
        record.extra,
    )  # fmt: skip


def _problem(batch: ImportBatch, problem: Problem) -> ImportProblem:
    return ImportProblem(
        batch=batch, row=problem.row, column=problem.column[:200], value=problem.value[:200],
        message=problem.message[:500], severity=problem.severity, household_ref=problem.household_ref[:64],
    )  # fmt: skip


class _Stager:
    """Writes staged rows and problems in chunks, each chunk its own short transaction."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.people: list[tuple[Any, ...]] = []
        self.problems: list[ImportProblem] = []
        self.errors = 0
        self.warnings = 0

    def add_problems(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.problems.append(_problem(self.batch, problem))
            if problem.severity == "error":
                self.errors += 1
            else:
                self.warnings += 1
        if len(self.problems) >= CHUNK:
            self.flush()

    def add_person(self, person: tuple[Any, ...]) -> None:
        self.people.append(person)
        if len(self.people) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        with transaction.atomic():
            rows_insert(StagedPerson, STAGED_FIELDS, self.people)
            ImportProblem.objects.bulk_create(self.problems, batch_size=CHUNK)
        self.people.clear()
        self.problems.clear()


def _scope_problem(user: User | None, record: PersonRecord, place: Any) -> Problem | None:
    if user is None or place is None or area_path_in_scope(user, place.path):
        return None
    return Problem(
        row=record.number, column="location", value=record.location, severity="error",
        message=_("%(pcode)s is outside your areas; only households in your areas can be imported.")
        % {"pcode": record.location},
        household_ref=record.household_ref,
    )  # fmt: skip


def batch_stage(*, batch: ImportBatch, progress: Progress = no_progress) -> ImportBatch:
    """Read, check and stage a batch's file; then look for possible duplicates.

    Starts afresh each time (a batch interrupted while being checked is simply checked again). The
    batch ends `invalid` when any error was found, `review` when possible duplicates wait for a
    decision, `ready` otherwise. The population is not touched.
    """
    if batch.status not in {BatchStatus.STAGING, BatchStatus.INVALID}:
        raise ServiceError(_("Batch “%(batch)s” is %(status)s; it cannot be checked again.")
                           % {"batch": batch.name, "status": batch.get_status_display()})  # fmt: skip
    _stage_clear(batch)
    stager = _Stager(batch)
    places = PlaceBook()
    rules = mapping_rules(batch.mapping)
    households = HouseholdCheck(mapping=rules)
    today = timezone.localdate()
    rows = 0
    try:
        with registration_file_open(Path(batch.stored_path), mapping=rules, display_name=batch.file_name) as source:
            batch.file_format = source.format
            batch.encoding = source.encoding or ""
            stager.add_problems(source.warnings)
            total = source.count_hint()
            for row in source.rows():
                record, problems = person_row_validate(
                    row, today=today, place_known=places.place_known, origin_known=places.origin_known,
                    mapping=rules,
                )  # fmt: skip
                households.add(record, row)
                if record is not None and record.location:
                    outside = _scope_problem(batch.created_by, record, places.place(record.location))
                    problems = [*problems, outside] if outside else problems
                stager.add_problems(problems)
                if record is not None and not any(p.severity == "error" for p in problems):
                    stager.add_person(_staged(batch, record))
                rows += 1
                if rows % 1000 == 0:
                    progress(rows, max(total or 0, rows), _("rows checked"))
    except FileRefused as refusal:
        stager.add_problems([Problem(row=None, column="", value="", message=str(refusal), severity="error")])
    stager.add_problems(households.problems())
    stager.flush()
    progress(rows, rows, _("looking for possible duplicates"))
    batch.rows = rows
    # The household check has seen every row once already; counting staged rows again costs a query over all of them.
    batch.households = households.household_count
    batch.households_without_consent = households.households_without_consent
    batch.errors = stager.errors
    batch.warnings = stager.warnings
    batch.possible_duplicates = 0 if batch.errors else duplicates_find(batch=batch, places=places, progress=progress)
    batch.individuals = _people_to_register(batch)
    batch.status = _status_after_check(batch)
    batch.staged_at = timezone.now()
    with transaction.atomic():
        # A discard may have landed while the file was being read; it wins.
        current = ImportBatch.objects.select_for_update().values_list("status", flat=True).get(pk=batch.pk)
        if current not in {BatchStatus.STAGING, BatchStatus.INVALID}:
            raise ServiceError(_("Batch “%(batch)s” was discarded while it was being checked.") % {"batch": batch.name})
        batch.save()
    progress(rows, rows, batch.get_status_display())
    return batch


def _people_to_register(batch: ImportBatch) -> int:
    """People whose names will be stored: members of households that consented."""
    without = StagedPerson.objects.filter(batch=batch, consent=False, relationship="head").values_list(
        "household_ref", flat=True
    )
    return StagedPerson.objects.filter(batch=batch).exclude(household_ref__in=without).count()


def _status_after_check(batch: ImportBatch) -> str:
    if batch.errors:
        return BatchStatus.INVALID
    if batch.duplicate_candidates.filter(decision=DuplicateDecision.PENDING).exists():
        return BatchStatus.REVIEW
    return BatchStatus.READY


# Django's delete() loads every row to follow cascades; a batch has hundreds of thousands of staged rows,
# so they go in one statement (their possible duplicates first, or kept when `keep_decided`).
_STAGED_DELETE = "DELETE FROM population_stagedperson WHERE batch_id = %s"
_STAGED_DELETE_UNDECIDED = """
    DELETE FROM population_stagedperson WHERE batch_id = %s AND id NOT IN (
        SELECT staged_id FROM population_possibleduplicate WHERE batch_id = %s
        UNION SELECT other_staged_id FROM population_possibleduplicate
        WHERE batch_id = %s AND other_staged_id IS NOT NULL
    )
"""


def staged_rows_delete(*, batch: ImportBatch, keep_decided: bool = False) -> None:
    """Remove a batch's staged rows; with `keep_decided`, those its duplicate decisions refer to stay."""
    key = ImportBatch._meta.pk.get_db_prep_value(batch.pk, connection)
    with transaction.atomic(), connection.cursor() as cursor:
        if keep_decided:
            cursor.execute(_STAGED_DELETE_UNDECIDED, [key, key, key])
        else:
            PossibleDuplicate.objects.filter(batch=batch).delete()
            cursor.execute(_STAGED_DELETE, [key])


def _stage_clear(batch: ImportBatch) -> None:
    with transaction.atomic():
        PossibleDuplicate.objects.filter(batch=batch).delete()
        ImportProblem.objects.filter(batch=batch).delete()
        staged_rows_delete(batch=batch)


def _pairs_within(batch: ImportBatch, fields: tuple[str, ...], reason: str) -> list[PossibleDuplicate]:
    """Rows of the batch sharing every field: each is paired with the first row of its group."""
    staged = StagedPerson.objects.filter(batch=batch)
    for name in fields:
        staged = staged.exclude(**{name: ""})
    groups = staged.values(*fields).annotate(n=Count("id")).filter(n__gt=1).order_by()
    found: list[PossibleDuplicate] = []
    for group in groups.iterator():
        key = {name: group[name] for name in fields}
        rows = list(staged.filter(**key).order_by("row"))
        found += [PossibleDuplicate(batch=batch, staged=row, other_staged=rows[0], reason=reason) for row in rows[1:]]
    return found


def _pairs_against_population(batch: ImportBatch) -> Iterable[PossibleDuplicate]:
    """Rows naming a document number that a registered person already has."""
    with_documents = StagedPerson.objects.filter(batch=batch).exclude(national_id_key="").order_by("id")
    for chunk in _chunks(with_documents.only("id", "national_id_key").iterator(chunk_size=CHUNK), CHUNK):
        by_key = {row.national_id_key: row for row in chunk}
        documents = IdentityDocument.objects.filter(number_key__in=list(by_key), individual__status=PersonStatus.ACTIVE)
        for number_key, individual_id in documents.values_list("number_key", "individual_id"):
            yield PossibleDuplicate(
                batch=batch, staged=by_key[number_key], existing_id=individual_id, reason=DuplicateReason.DOCUMENT
            )


def _chunks(items: Iterable[StagedPerson], size: int) -> Iterable[list[StagedPerson]]:
    chunk: list[StagedPerson] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def duplicates_find(*, batch: ImportBatch, places: PlaceBook | None = None, progress: Progress = no_progress) -> int:
    """Record the possible duplicates of a staged batch, within it and against the registry.

    Two records with one document number are always put to a person; the matching engine finds the
    rest across scripts and spellings (`services.matching`).
    """
    book = places or PlaceBook()

    def governorate_of(code: str) -> str:
        place = book.place(code) if code else None
        return registration_prefix(place.path).removeprefix("HH-") if place else ""

    found = _pairs_within(batch, ("national_id_key",), DuplicateReason.DOCUMENT)
    found += list(_pairs_against_population(batch))
    matched = batch_matches_find(batch=batch, governorate_of=governorate_of, progress=progress)
    by_pair: dict[tuple[int | None, int | None, int | None], PossibleDuplicate] = {
        (c.staged_id, c.existing_id, c.other_staged_id): c for c in matched
    }
    for candidate in found:
        # Same document and alike in the model: one item, with the model's view of the fields.
        twin = by_pair.pop((candidate.staged_id, candidate.existing_id, candidate.other_staged_id), None)
        twin = twin or by_pair.pop((candidate.other_staged_id, None, candidate.staged_id), None)
        if twin is not None:
            candidate.probability, candidate.agreements = twin.probability, twin.agreements
    PossibleDuplicate.objects.bulk_create(_unique([*found, *by_pair.values()]), batch_size=CHUNK)
    return PossibleDuplicate.objects.filter(batch=batch).count()


def _unique(candidates: Iterable[PossibleDuplicate]) -> list[PossibleDuplicate]:
    kept: dict[tuple[Any, Any, Any], PossibleDuplicate] = {}
    for candidate in candidates:
        kept.setdefault((candidate.staged_id, candidate.existing_id, candidate.other_staged_id), candidate)
    return list(kept.values())


@transaction.atomic
def duplicate_decide(*, candidate: PossibleDuplicate, decision: str, decided_by: User | None) -> PossibleDuplicate:
    """Say whether a possible duplicate is the same person; the batch is ready once none is pending."""
    _require(decided_by, "population.import_registrations")
    if decision not in {DuplicateDecision.DISTINCT, DuplicateDecision.DUPLICATE}:
        raise ServiceError(_("Decide “same person” or “different people”."))
    batch = ImportBatch.objects.select_for_update().get(pk=candidate.batch_id)
    if batch.status not in {BatchStatus.REVIEW, BatchStatus.READY}:
        raise ServiceError(_("Batch “%(batch)s” is %(status)s; its duplicates can no longer be decided.")
                           % {"batch": batch.name, "status": batch.get_status_display()})  # fmt: skip
    before = candidate.decision
    candidate.decision = decision
    candidate.decided_by = decided_by
    candidate.decided_at = timezone.now()
    candidate.save()
    batch.status = _status_after_check(batch)
    batch.save(update_fields=["status"])
    audit_record(
        actor=decided_by, action=AuditAction.UPDATE, target=batch,
        changes={f"duplicate row {candidate.staged.row}": [before, decision]},
    )  # fmt: skip
    return candidate


@transaction.atomic
def batch_discard(*, batch: ImportBatch, discarded_by: User | None) -> ImportBatch:
    """Give up a batch that was not merged: its staged rows go, its report stays for the record."""
    _require(discarded_by, "population.import_registrations")
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not locked.is_open:
        raise ServiceError(_("Batch “%(batch)s” is %(status)s; it cannot be discarded.")
                           % {"batch": locked.name, "status": locked.get_status_display()})  # fmt: skip
    PossibleDuplicate.objects.filter(batch=locked).delete()
    staged_rows_delete(batch=locked)
    locked.status = BatchStatus.DISCARDED
    locked.save(update_fields=["status"])
    audit_record(actor=discarded_by, action=AuditAction.DELETE, target=locked, detail=_("batch discarded"))
    return locked
