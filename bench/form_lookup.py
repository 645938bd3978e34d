"""Run inside `haven shell`: fill the registry with PEOPLE.csv's records, then time the registration
form's lookup of one person against all of them. Prints one JSON line of timings.

Usage (as bench/test_dedup.py does): haven shell -v0 -c "exec(open('bench/form_lookup.py').read())"
with HAVEN_BENCH_PEOPLE=people.csv HAVEN_BENCH_REGISTERED=1000000 HAVEN_BENCH_LOOKUPS=200.
"""

import csv
import json
import os
import random
import secrets
import statistics
import time
from datetime import date

from django.db import transaction
from django.utils import timezone

from haven.core.models import User
from haven.core.services import user_create
from haven.dedup.engine.keys import birth_read, part_key, phone_key
from haven.geo.models import Area
from haven.population.alike import PersonTyped, people_alike
from haven.population.models import Household, Individual

PEOPLE = os.environ["HAVEN_BENCH_PEOPLE"]
REGISTERED = int(os.environ.get("HAVEN_BENCH_REGISTERED", "1000000"))
LOOKUPS = int(os.environ.get("HAVEN_BENCH_LOOKUPS", "200"))
PER_HOUSEHOLD = 6

with open(PEOPLE, encoding="utf-8") as handle:
    rows = list(csv.DictReader(handle))
registered, typed_rows = rows[:REGISTERED], rows[REGISTERED:]
areas = {area.pcode: area for area in Area.objects.filter(level=1)}
now = timezone.now()
started = time.perf_counter()
with transaction.atomic():
    households = [
        Household(
            registration_number=f"HH-BENCH-{number:07d}",
            population_group="idp",
            area=areas.get(registered[number * PER_HOUSEHOLD]["governorate"], next(iter(areas.values()))),
            consent_given=True,
            source="import",
            created_at=now,
            updated_at=now,
        )
        for number in range((len(registered) + PER_HOUSEHOLD - 1) // PER_HOUSEHOLD)
    ]
    Household.objects.bulk_create(households, batch_size=5000)
    ids = list(
        Household.objects.filter(registration_number__startswith="HH-BENCH-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    people = []
    for index, row in enumerate(registered):
        birth = birth_read(row["birth_date"])
        born = date(birth.year, birth.month or 1, birth.day or 1) if birth and birth.year else None
        people.append(
            Individual(
                household_id=ids[index // PER_HOUSEHOLD],
                relationship="head" if index % PER_HOUSEHOLD == 0 else "son",
                given_name=row["given_name"],
                father_name=row["father_name"],
                grandfather_name=row["grandfather_name"],
                family_name=row["family_name"],
                given_key=part_key(row["given_name"])[:100],
                father_key=part_key(row["father_name"])[:100],
                sex=row["sex"] or "M",
                birth_date=born,
                birth_precision=birth.precision if birth and birth.year else "day",
                phone=("+964" + phone_key(row["phone"])) if phone_key(row["phone"]) else "",
                created_at=now,
                updated_at=now,
            )
        )
        if len(people) >= 20000:
            Individual.objects.bulk_create(people)
            people = []
    Individual.objects.bulk_create(people)
filled = time.perf_counter() - started

officer = User.objects.filter(username="bench.imo").first() or user_create(
    username="bench.imo", password=secrets.token_urlsafe(16), role="im_officer", areas=[Area.objects.get(pcode="IQ")]
)
random.seed(1)
sample = random.sample(typed_rows, min(LOOKUPS + 1, len(typed_rows)))
timings, found, first_ms = [], 0, 0.0
for number, row in enumerate(sample):
    birth = birth_read(row["birth_date"])
    person = PersonTyped(
        given_name=row["given_name"],
        father_name=row["father_name"],
        grandfather_name=row["grandfather_name"],
        family_name=row["family_name"],
        sex=row["sex"],
        birth_date=date(birth.year, birth.month or 1, birth.day or 1) if birth and birth.year else None,
        birth_precision=birth.precision if birth and birth.year else "day",
        phone=row["phone"],
    )
    start = time.perf_counter()
    alike = people_alike(officer, [person])
    if number == 0:  # the process's first lookup compiles the scoring SQL once
        first_ms = (time.perf_counter() - start) * 1000
        continue
    timings.append(time.perf_counter() - start)
    found += bool(alike)
timings.sort()
print(
    json.dumps(
        {
            "registered": Individual.objects.count(),
            "fill_seconds": round(filled, 1),
            "lookups": len(timings),
            "first_ms": round(first_ms, 1),
            "with_a_match": found,
            "median_ms": round(statistics.median(timings) * 1000, 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1] * 1000, 1),
            "max_ms": round(timings[-1] * 1000, 1),
        }
    )
)
