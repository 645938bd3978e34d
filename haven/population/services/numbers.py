"""Registration numbers: readable, unique, counted per governorate (`HH-IQG08-000123`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from haven.population.models import RegistrationCounter


def registration_prefix(area_path: str) -> str:
    """`HH-<governorate P-code>` for an area anywhere below a governorate; the country code above it."""
    codes = [code for code in area_path.split("/") if code]
    return f"HH-{codes[1] if len(codes) > 1 else codes[0]}"


def registration_numbers_allocate(*, prefix: str, count: int) -> list[str]:
    """Hand out `count` consecutive numbers under a prefix.

    Runs inside the caller's transaction: the counter row is locked until it commits, so two imports or
    two officers never receive the same number, and a rolled-back merge gives its numbers back.
    """
    if count <= 0:
        return []
    with transaction.atomic():
        RegistrationCounter.objects.get_or_create(prefix=prefix)
        RegistrationCounter.objects.filter(prefix=prefix).update(last_number=F("last_number") + count)
        last = RegistrationCounter.objects.select_for_update().values_list("last_number", flat=True).get(prefix=prefix)
    first = last - count + 1
    return [f"{prefix}-{number:06d}" for number in range(first, last + 1)]
