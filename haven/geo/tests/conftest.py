from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from haven.core.services import user_create
from haven.geo.services import cod_load

COD_DIR = Path(settings.BASE_DIR).parent / "shared" / "data" / "iraq-cod-ab"
PASSWORD = "correct-horse-battery-staple"


def cod_file(level: int) -> Path:
    return next(COD_DIR.glob(f"irq_admbnda_adm{level}_*.geojson"))


@pytest.fixture
def districts(governorates: None) -> None:
    cod_load(path=cod_file(2))


@pytest.fixture
def make_user(db: Any) -> Any:
    def make(username: str, role: str = "field_officer", areas: list[Any] | None = None) -> Any:
        return user_create(username=username, password=PASSWORD, role=role, areas=areas or [])

    return make
