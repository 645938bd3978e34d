"""The registry's people through the matching engine: batch checks, the registry check, adjudication.

The engine (`haven.dedup`) knows records, not households; this module turns staged rows and registered
people into its records, and its pairs into possible duplicates a person decides on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.models import AuditAction, User
from haven.core.progress import Progress, no_progress
from haven.core.services import ServiceError, audit_record
from haven.dedup.engine.link import agreements, people_dedupe_registry, people_link
from haven.dedup.engine.people import PeopleTable
from haven.dedup.engine.run import MIN_TRAINING_RECORDS
from haven.dedup.selectors import match_model_current
from haven.dedup.services import match_model_store
from haven.population.models import (
    DuplicateDecision,
    DuplicateReason,
    IdentityDocument,
    ImportBatch,
    Individual,
    PossibleDuplicate,
    RegistryDuplicate,
    StagedPerson,
)
from haven.population.vocabulary import BirthDatePrecision, DocumentType, PersonStatus

if TYPE_CHECKING:
    from haven.dedup.models import MatchModel

CHUNK = 5000
_PERSON_COLUMNS = (
    "pk", "given_name", "father_name", "grandfather_name", "family_name", "sex", "birth_date", "birth_precision",
    "phone",
)  # fmt: skip


def birth_text(born: date | None, precision: str) -> str:
    """A birth date as the matching reads it: only as much of it as is known."""
    if born is None:
        return ""
    if precision == BirthDatePrecision.DAY:
        return born.isoformat()
    if precision == BirthDatePrecision.MONTH:
        return f"{born.year:04d}-{born.month:02d}"
    return f"{born.year:04d}"


def _governorate(path: str) -> str:
    codes = [code for code in path.split("/") if code]
    return codes[1] if len(codes) > 1 else ""


def _record(table: PeopleTable, record_id: str, values: dict[str, str]) -> None:
    # Values from the database are valid; a record the engine could not read is left out of the table
    # (the callers compare its length before and after), never half-added.
    table.add(record_id, values, row=0, problems=[])


def _national_ids(people: Any) -> dict[int, str]:
    numbers: dict[int, str] = {}
    documents = IdentityDocument.objects.filter(kind=DocumentType.NATIONAL_ID, individual__in=people)
    for individual_id, number in documents.values_list("individual_id", "number").iterator(chunk_size=CHUNK):
        numbers.setdefault(individual_id, number)
    return numbers


def _values(row: tuple[Any, ...], national_ids: dict[int, str]) -> dict[str, str]:
    pk, given, father, grandfather, family, sex, born, precision, phone, path = row[:10]
    return {
        "given_name": given, "father_name": father, "grandfather_name": grandfather, "family_name": family,
        "sex": sex, "birth_date": birth_text(born, precision), "governorate": _governorate(path), "phone": phone,
        "national_id": national_ids.get(pk, ""),
    }  # fmt: skip


def registry_people(*, exclude: Iterable[int] = ()) -> tuple[PeopleTable, list[int]]:
    """Every active registered person as a matching record, and their ids in the same order."""
    people = Individual.objects.filter(status=PersonStatus.ACTIVE).exclude(pk__in=list(exclude)).order_by("pk")
    national_ids = _national_ids(Individual.objects.filter(status=PersonStatus.ACTIVE))
    table, ids = PeopleTable(), []
    for row in people.values_list(*_PERSON_COLUMNS, "household__area__path").iterator(chunk_size=CHUNK):
        before = len(table)
        _record(table, str(row[0]), _values(row, national_ids))
        if len(table) > before:
            ids.append(row[0])
    return table, ids


@dataclass(frozen=True, slots=True)
class RegisteredPerson:
    pk: int
    registration_number: str
    governorate: str
    name: str
    born: str


def registry_record(ids: Sequence[int]) -> tuple[PeopleTable, list[RegisteredPerson]]:
    """Registered people by id as matching records, with what a page shows of each, in one order."""
    people = Individual.objects.filter(pk__in=list(ids)).order_by("pk")
    national_ids = _national_ids(people)
    table, shown = PeopleTable(), []
    columns = ("household__area__path", "household__registration_number")
    for row in people.values_list(*_PERSON_COLUMNS, *columns):
        values = _values(row, national_ids)
        before = len(table)
        _record(table, str(row[0]), values)
        if len(table) > before:
            name = " ".join(part for part in row[1:5] if part)
            shown.append(RegisteredPerson(row[0], row[10], values["governorate"], name, values["birth_date"]))
    return table, shown


def staged_people(batch: ImportBatch, *, governorate_of: Callable[[str], str]) -> tuple[PeopleTable, list[int]]:
    """The staged rows of a batch whose names will be registered (households that consented)."""
    without_consent = StagedPerson.objects.filter(batch=batch, consent=False, relationship="head").values_list(
        "household_ref", flat=True
    )
    rows = StagedPerson.objects.filter(batch=batch).exclude(household_ref__in=list(without_consent)).order_by("pk")
    table, ids = PeopleTable(), []
    heads: dict[str, str] = {}
    for ref, code in rows.filter(relationship="head").values_list("household_ref", "location_code"):
        heads[ref] = governorate_of(code)
    columns = ("household_ref", "national_id")
    for row in rows.values_list(*_PERSON_COLUMNS, *columns).iterator(chunk_size=CHUNK):
        pk, given, father, grandfather, family, sex, born, precision, phone, ref, national_id = row
        values = {
            "given_name": given, "father_name": father, "grandfather_name": grandfather, "family_name": family,
            "sex": sex, "birth_date": birth_text(born, precision or BirthDatePrecision.DAY),
            "governorate": heads.get(ref, ""), "phone": phone, "national_id": national_id,
        }  # fmt: skip
        before = len(table)
        _record(table, f"row-{pk}", values)
        if len(table) > before:
            ids.append(pk)
    return table, ids


def batch_matches_find(
    *, batch: ImportBatch, governorate_of: Callable[[str], str], progress: Progress = no_progress
) -> list[PossibleDuplicate]:
    """Possible duplicates of the batch's people, within the batch and against the registry.

    Scored with the stored model, or the one Haven ships until a model is trained on the registry
    (`match_model_train`).
    """
    new, staged_ids = staged_people(batch, governorate_of=governorate_of)
    if not len(new):
        return []
    existing, individual_ids = registry_people()
    current = match_model_current()
    link = people_link(existing=existing, new=new, model=current.model if current else None, progress=progress)
    cut = len(existing)
    found = []
    for pair in link.pairs:
        compared = agreements(pair.levels, link.model)
        left, right = sorted((pair.left, pair.right))
        candidate = PossibleDuplicate(
            batch=batch, reason=DuplicateReason.MATCHED, probability=round(pair.probability, 4), agreements=compared
        )
        candidate.staged_id = staged_ids[right - cut]
        if left >= cut:
            candidate.other_staged_id = staged_ids[left - cut]
        else:
            candidate.existing_id = individual_ids[left]
        found.append(candidate)
    return found


def match_model_train(*, trained_by: User | None, progress: Progress = no_progress) -> MatchModel:
    """Train the matching model on everyone registered and keep it for every later check.

    Refused when the registry is too small to learn from, or holds no repeated registration at all:
    the model in use stays.
    """
    people, _ids = registry_people()
    if len(people) < MIN_TRAINING_RECORDS:
        raise ServiceError(_("The registry holds %(count)s people; training needs at least %(least)s.")
                           % {"count": len(people), "least": MIN_TRAINING_RECORDS})  # fmt: skip
    result = people_dedupe_registry(people, model=None, progress=progress, train=True)
    if not result.trained:
        raise ServiceError(_("The registry shows no repeated registration to learn from; the model in use stays."))
    return match_model_store(
        model=result.model, frequencies=result.frequencies, records=len(people), trained_by=trained_by
    )


@dataclass(frozen=True, slots=True)
class RegistryCheck:
    people: int
    found: int
    already_decided: int


def registry_duplicates_find(*, checked_by: User | None, progress: Progress = no_progress) -> RegistryCheck:
    """Look for people registered more than once across the whole registry, and list each new pair.

    Pairs already listed, pending or decided, are not listed again: "different people" is final.
    """
    people, ids = registry_people()
    current = match_model_current()
    result = people_dedupe_registry(people, model=current.model if current else None, progress=progress)
    known = set(RegistryDuplicate.objects.values_list("first_id", "second_id"))
    new_pairs, decided = [], 0
    for pair in result.pairs:
        first, second = sorted((ids[pair.left], ids[pair.right]))
        if (first, second) in known:
            decided += 1
            continue
        known.add((first, second))
        new_pairs.append(
            RegistryDuplicate(
                first_id=first, second_id=second, probability=round(pair.probability, 4),
                agreements=agreements(pair.levels, result.model),
            )
        )  # fmt: skip
    RegistryDuplicate.objects.bulk_create(new_pairs, batch_size=1000)
    audit_record(
        actor=checked_by, action=AuditAction.CREATE, object_type="registry duplicate check",
        detail=_("%(people)s people checked, %(found)s new possible duplicates")
        % {"people": len(people), "found": len(new_pairs)},
    )  # fmt: skip
    return RegistryCheck(people=len(people), found=len(new_pairs), already_decided=decided)


@transaction.atomic
def registry_duplicate_decide(*, pair: RegistryDuplicate, decision: str, decided_by: User) -> RegistryDuplicate:
    """Decide a pair of registered people: the same person (the later record is merged into the
    earlier one) or different people (remembered, so the pair never comes back).

    Refused for a pair already decided, and when either record is no longer active.
    """
    if not decided_by.has_perm("population.change_household"):
        raise ServiceError(_("Deciding duplicates needs the right to change households."))
    if decision not in {DuplicateDecision.DISTINCT, DuplicateDecision.DUPLICATE}:
        raise ServiceError(_("Decide “same person” or “different people”."))
    locked = RegistryDuplicate.objects.select_for_update().get(pk=pair.pk)
    if locked.decision != DuplicateDecision.PENDING:
        raise ServiceError(_("This pair was already decided: %(decision)s.")
                           % {"decision": locked.get_decision_display()})  # fmt: skip
    if decision == DuplicateDecision.DUPLICATE:
        first, second = Individual.objects.select_for_update().filter(pk__in=[locked.first_id, locked.second_id])
        keep, repeat = (first, second) if first.pk == locked.first_id else (second, first)
        individual_merge(duplicate=repeat, into=keep, merged_by=decided_by)
    locked.decision = decision
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(actor=decided_by, action=AuditAction.UPDATE, target=locked,
                 changes={"decision": [DuplicateDecision.PENDING, decision]})  # fmt: skip
    return locked


def individual_merge(*, duplicate: Individual, into: Individual, merged_by: User) -> Individual:
    """Mark `duplicate` as a second record of `into`: its documents are added to `into`, it stays in its
    household's history with status "duplicate", and it no longer counts in any figure.

    Runs in the caller's transaction; refused when either record is not active.
    """
    if duplicate.pk == into.pk:
        raise ServiceError(_("A record cannot be a duplicate of itself."))
    for person in (duplicate, into):
        if person.status != PersonStatus.ACTIVE:
            raise ServiceError(_("Record %(id)s is %(status)s; only active records are merged.")
                               % {"id": person.pk, "status": person.get_status_display()})  # fmt: skip
    held = set(into.documents.values_list("kind", "number_key"))
    for document in duplicate.documents.all():
        if (document.kind, document.number_key) not in held:
            IdentityDocument.objects.create(
                individual=into, kind=document.kind, number=document.number, number_key=document.number_key,
                issuer=document.issuer,
            )  # fmt: skip
    duplicate.status = PersonStatus.DUPLICATE
    duplicate.duplicate_of = into
    duplicate.save(update_fields=["status", "duplicate_of", "updated_at"])
    _composition_refresh(duplicate.household_id)
    changes: dict[str, list[Any]] = {
        "status": [PersonStatus.ACTIVE, PersonStatus.DUPLICATE],
        "duplicate_of": [None, into.pk],
    }
    audit_record(actor=merged_by, action=AuditAction.UPDATE, target=duplicate, changes=changes)
    return duplicate


def _composition_refresh(household_id: int) -> None:
    from haven.population.services.households import household_composition_refresh

    household_composition_refresh(household_id=household_id)


def pairs_remember(pairs: Iterable[tuple[int, int]], *, decided_by: User | None) -> None:
    """Record decided "different people" pairs of registered people so no check proposes them again."""
    now = timezone.now()
    rows = {tuple(sorted(pair)) for pair in pairs if pair[0] != pair[1]}
    existing = set(
        RegistryDuplicate.objects.filter(
            Q(first_id__in=[a for a, _b in rows]) & Q(second_id__in=[b for _a, b in rows])
        ).values_list("first_id", "second_id")
    )
    RegistryDuplicate.objects.bulk_create(
        [
            RegistryDuplicate(first_id=a, second_id=b, decision=DuplicateDecision.DISTINCT, decided_by=decided_by,
                              decided_at=now)
            for a, b in sorted(rows) if (a, b) not in existing
        ],
        batch_size=1000,
    )  # fmt: skip
