"""Test data for geo: areas with consistent paths, and locations."""

from __future__ import annotations

from typing import Any

import factory

from haven.geo.models import Area, Location, LocationType


class AreaFactory(factory.django.DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("pcode",)

    pcode = factory.Sequence(lambda n: f"XXG{n:02d}")  # type: ignore[attr-defined,no-untyped-call]
    name_en = factory.Sequence(lambda n: f"Area {n}")  # type: ignore[attr-defined,no-untyped-call]
    parent = None
    level = factory.LazyAttribute(lambda o: o.parent.level + 1 if o.parent else 0)  # type: ignore[attr-defined,no-untyped-call]
    path = factory.LazyAttribute(lambda o: (o.parent.path if o.parent else "") + f"{o.pcode}/")  # type: ignore[attr-defined,no-untyped-call]


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location

    code = factory.Sequence(lambda n: f"LOC-{n:04d}")  # type: ignore[attr-defined,no-untyped-call]
    name_en = factory.Sequence(lambda n: f"Camp {n}")  # type: ignore[attr-defined,no-untyped-call]
    type = LocationType.CAMP
    area: Any = factory.SubFactory(AreaFactory)  # type: ignore[attr-defined,no-untyped-call]
