"""Test data for assistance: programmes and distributions made through the real services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from haven.assistance.models import Distribution, Programme
from haven.assistance.services import distribution_create, distribution_list_generate, programme_create
from haven.core.models import User
from haven.geo.selectors import area_get
from haven.population.factories import registrar

_counter = {"programme": 0}


def programme_make(*, pcode: str = "IQ", created_by: User | None = None, **fields: Any) -> Programme:
    """A food programme over an area (the whole country by default), targeting IDPs unless told otherwise."""
    _counter["programme"] += 1
    area = area_get(pcode)
    assert area is not None, f"load the governorates first ({pcode})"
    fields.setdefault("code", f"TEST-{_counter['programme']:03d}")
    fields.setdefault("name", "Emergency food to displaced families")
    fields.setdefault("organisation", "IOM Iraq")
    fields.setdefault("modality", "in_kind")
    fields.setdefault("item", "food")
    fields.setdefault("unit_value", Decimal("45.00"))
    fields.setdefault("starts_on", date(2008, 1, 1))
    fields.setdefault("targeting", {"population_groups": ["idp"]})
    return programme_create(created_by=created_by or registrar(), area=area, **fields)


def distribution_make(
    programme: Programme, *, pcode: str = "IQG08", listed_by: User | None = None, listed: bool = True, **fields: Any
) -> Distribution:
    """A distribution of the programme in an area, with its list generated unless `listed=False`."""
    area = area_get(pcode)
    assert area is not None, f"load the governorates first ({pcode})"
    fields.setdefault("name", f"{programme.code} {pcode}")
    fields.setdefault("place", "Community centre")
    fields.setdefault("planned_on", date(2008, 6, 1))
    fields.setdefault("team", "Team A")
    distribution = distribution_create(programme=programme, created_by=listed_by or registrar(), area=area, **fields)
    if listed:
        distribution_list_generate(distribution=distribution, generated_by=listed_by or registrar())
        distribution.refresh_from_db()
    return distribution
