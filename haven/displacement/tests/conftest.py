from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import users_by_pcode
from haven.geo.factories import AreaFactory
from haven.geo.selectors import area_get


@pytest.fixture
def districts(governorates: None) -> dict[str, Any]:
    """Two districts of Baghdad and one of Al-Anbar, below the built-in governorates."""
    baghdad, anbar = area_get("IQG08"), area_get("IQG01")
    return {
        "karkh": AreaFactory(pcode="IQG08Q01", name_en="Al-Karkh", parent=baghdad),  # type: ignore[no-untyped-call]
        "rusafa": AreaFactory(pcode="IQG08Q02", name_en="Al-Resafa", parent=baghdad),  # type: ignore[no-untyped-call]
        "falluja": AreaFactory(pcode="IQG01Q02", name_en="Al-Falluja", parent=anbar),  # type: ignore[no-untyped-call]
    }


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
def write(tmp_path: Path) -> Any:
    """Writes text (or JSON for a list or dict) to a file in the test's folder and returns its path."""

    def make(name: str, content: Any) -> Path:
        path = tmp_path / name
        if isinstance(content, list | dict):
            content = json.dumps(content)
        path.write_text(content, encoding="utf-8")
        return path

    return make


def dtm_record(pcode: str, date: str, idps: Any, *, round_number: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "operation": "Iraq conflict", "admin0Pcode": "IRQ", "admin1Pcode": pcode, "numPresentIdpInd": idps,
        "reportingDate": f"{date}T00:00:00", "roundNumber": round_number, "assessmentType": "BA", **extra,
    }  # fmt: skip
