from __future__ import annotations

from typing import Any

import pytest

from haven.core.factories import UserFactory, area_make


@pytest.fixture
def iraq(db: Any) -> Any:
    return area_make("IQ", "Iraq")


@pytest.fixture
def baghdad(iraq: Any) -> Any:
    return area_make("IQG08", "Baghdad", parent=iraq)


@pytest.fixture
def anbar(iraq: Any) -> Any:
    return area_make("IQG01", "Al-Anbar", parent=iraq)


@pytest.fixture
def administrator(iraq: Any) -> Any:
    return UserFactory.create(username="admin", role="administrator", areas=[iraq])


@pytest.fixture
def field_officer(baghdad: Any) -> Any:
    return UserFactory.create(username="field.baghdad", role="field_officer", areas=[baghdad])
