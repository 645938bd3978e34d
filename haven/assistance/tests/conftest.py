from __future__ import annotations

from typing import Any

import pytest

from conftest import users_by_pcode


@pytest.fixture
def make_user(governorates: None) -> Any:
    """A person with a role (default programme_manager) and areas by P-code, as `conftest.users_by_pcode` makes them."""
    return users_by_pcode("programme_manager")


@pytest.fixture
def manager(make_user: Any) -> Any:
    return make_user("layla", "programme_manager", ["IQ"])


@pytest.fixture
def officer_baghdad(make_user: Any) -> Any:
    return make_user("zainab", "field_officer", ["IQG08"])
