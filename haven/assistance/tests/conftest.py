from __future__ import annotations

from typing import Any

import pytest

from haven.core.services import user_create
from haven.geo.selectors import area_get
from haven.geo.services import governorates_load_builtin

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def governorates(db: Any) -> None:
    governorates_load_builtin()


@pytest.fixture
def make_user(governorates: None) -> Any:
    """A person with a role and areas given by P-code: `make_user("layla", "programme_manager", ["IQ"])`."""

    def make(username: str, role: str = "programme_manager", pcodes: list[str] | None = None) -> Any:
        areas = [area for area in (area_get(pcode) for pcode in (pcodes if pcodes is not None else ["IQ"])) if area]
        return user_create(username=username, password=PASSWORD, role=role, areas=areas)

    return make


@pytest.fixture
def manager(make_user: Any) -> Any:
    return make_user("layla", "programme_manager", ["IQ"])


@pytest.fixture
def officer_baghdad(make_user: Any) -> Any:
    return make_user("zainab", "field_officer", ["IQG08"])
