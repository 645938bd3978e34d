from __future__ import annotations

from typing import Any

import pytest

from conftest import users_by_pcode


@pytest.fixture
def make_user(governorates: None) -> Any:
    """A person with a role (default field_officer) and areas by P-code, as `conftest.users_by_pcode` makes them."""
    return users_by_pcode("field_officer")


@pytest.fixture
def imo(make_user: Any) -> Any:
    return make_user("omar", "im_officer", ["IQ"])


@pytest.fixture
def officer_baghdad(make_user: Any) -> Any:
    return make_user("zainab", "field_officer", ["IQG08"])


@pytest.fixture
def officer_anbar(make_user: Any) -> Any:
    return make_user("ahmed", "field_officer", ["IQG01"])
