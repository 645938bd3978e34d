"""People already registered who look like someone being typed into the registration form.

An index lookup finds the candidates (same given and father's name keys, same phone, same document),
and the matching model scores them as a batch check would: well under a second against a registry
of a million people (bench/test_dedup_form.py).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from haven.core.models import AuditAction, User
from haven.core.selectors import scope_q
from haven.core.services import audit_record
from haven.dedup.engine.keys import part_key
from haven.dedup.engine.link import REVIEW_THRESHOLD, person_score, shipped_frequencies
from haven.dedup.engine.people import PREPARED_COLUMNS, PeopleTable
from haven.dedup.engine.run import shipped_model
from haven.dedup.selectors import match_model_current
from haven.population.identifiers import document_number_key, phone_normalise
from haven.population.models import IdentityDocument, Individual
from haven.population.services.matching import birth_text, registry_record
from haven.population.vocabulary import PersonStatus

CANDIDATES = 200
SHOWN = 3
_warmed: set[str] = set()
_warming = threading.Lock()


@dataclass(frozen=True, slots=True)
class PersonTyped:
    """A member as the form holds them so far."""

    given_name: str
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    sex: str = ""
    birth_date: date | None = None
    birth_precision: str = "day"
    phone: str = ""
    document_numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alike:
    """A registered person who may be the one typed; `name` is blank outside the reader's areas."""

    member: int
    percent: int
    registration_number: str
    governorate: str
    name: str
    born: str
    visible: bool


def _candidates(person: PersonTyped, exclude_household: int | None) -> list[int]:
    given, father = part_key(person.given_name)[:100], part_key(person.father_name)[:100]
    active = Individual.objects.filter(status=PersonStatus.ACTIVE)
    if exclude_household is not None:
        active = active.exclude(household_id=exclude_household)
    found: list[int] = []
    if given and father:
        found += active.filter(given_key=given, father_key=father).values_list("pk", flat=True)[:CANDIDATES]
    phone = phone_normalise(person.phone) if person.phone else None
    if phone:
        found += active.filter(Q(phone=phone) | Q(phone_other=phone)).values_list("pk", flat=True)[:CANDIDATES]
    keys = [key for key in (document_number_key(number) for number in person.document_numbers) if key]
    if keys:
        holders = IdentityDocument.objects.filter(number_key__in=keys).values_list("individual_id", flat=True)
        found += active.filter(pk__in=list(holders[:CANDIDATES])).values_list("pk", flat=True)
    return list(dict.fromkeys(found))[:CANDIDATES]


def lookup_warm() -> None:
    """Have Splink compile the scoring of the model in use, in the background, before the officer types.

    A process's first lookup otherwise takes about two seconds (benchmarked); the registration form
    calls this when it opens. Pure computation on made-up records: nothing is read or written after
    the model itself.
    """
    current = match_model_current()
    model = current.model if current else shipped_model(frozenset(PREPARED_COLUMNS))
    key = str(current.pk) if current else "shipped"
    with _warming:
        if key in _warmed:
            return
        _warmed.add(key)
    typed, other = PeopleTable(), PeopleTable()
    typed.add("a", {"given_name": "Ali", "father_name": "Hassan", "birth_date": "1970"}, row=0, problems=[])
    other.add("b", {"given_name": "علي", "father_name": "حسن", "birth_date": "1971"}, row=0, problems=[])
    frequencies = current.frequencies if current and current.frequencies else shipped_frequencies()
    threading.Thread(
        target=person_score, args=(typed, other), kwargs={"model": model, "frequencies": frequencies}, daemon=True
    ).start()


def people_alike(user: User, people: Sequence[PersonTyped], *, exclude_household: int | None = None) -> list[Alike]:
    """For each person typed, up to three registered people who are probably them, likeliest first.

    People outside the reader's areas are named by registration number and governorate only; the
    names shown are written to the audit log as read.
    """
    current = match_model_current()
    model = current.model if current else None
    frequencies = current.frequencies if current and current.frequencies else shipped_frequencies()
    shown: list[Alike] = []
    visible_ids: set[int] = set()
    for number, person in enumerate(people, start=1):
        if not person.given_name.strip():
            continue
        ids = _candidates(person, exclude_household)
        if not ids:
            continue
        typed = PeopleTable()
        typed.add("typed", {
            "given_name": person.given_name, "father_name": person.father_name,
            "grandfather_name": person.grandfather_name, "family_name": person.family_name, "sex": person.sex,
            "birth_date": birth_text(person.birth_date, person.birth_precision), "phone": person.phone,
            "national_id": person.document_numbers[0] if person.document_numbers else "",
        }, row=0, problems=[])  # fmt: skip
        candidates, records = registry_record(ids)
        if not len(typed) or not len(candidates):
            continue
        scoring = model or shipped_model(candidates.present() | typed.present())
        pairs = [pair for pair in person_score(typed, candidates, model=scoring, frequencies=frequencies)
                 if pair.probability >= REVIEW_THRESHOLD]  # fmt: skip
        pairs.sort(key=lambda pair: -pair.probability)
        in_scope = set(
            Individual.objects.filter(scope_q(user, "household__area"), pk__in=[records[p.right].pk for p in pairs])
            .values_list("pk", flat=True)
        )  # fmt: skip
        for pair in pairs[:SHOWN]:
            record = records[pair.right]
            visible = record.pk in in_scope
            visible_ids |= {record.pk} if visible else set()
            shown.append(
                Alike(
                    member=number, percent=int(pair.probability * 100),
                    registration_number=record.registration_number, governorate=record.governorate,
                    name=record.name if visible else "", born=record.born if visible else "", visible=visible,
                )
            )  # fmt: skip
    if visible_ids:
        audit_record(
            actor=user, action=AuditAction.VIEW, object_type="registration form",
            detail=f"{len(visible_ids)} registered people shown as possibly the person being registered",
        )  # fmt: skip
    return shown
