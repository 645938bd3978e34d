from __future__ import annotations

from typing import Any

import pytest

from conftest import users_by_pcode


@pytest.fixture
def make_user(governorates: None) -> Any:
    """A person with a role (default programme_manager) and areas by P-code, as `conftest.users_by_pcode` makes them."""
    return users_by_pcode("programme_manager")
