"""Test data for projects: community assistance projects in a given area."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from haven.projects.models import Project, Sector, Stage


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"CAP-T{n:04d}")  # type: ignore[attr-defined,no-untyped-call]
    title = factory.Sequence(lambda n: f"Water network {n}")  # type: ignore[attr-defined,no-untyped-call]
    sector = Sector.WASH
    stage = Stage.IDENTIFIED
    budget_usd = Decimal("100000")
    area: Any = None
