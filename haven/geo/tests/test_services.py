from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from haven.core.models import AuditEntry
from haven.core.services import ServiceError
from haven.geo.models import Area, AreaName, Location
from haven.geo.selectors import area_get, area_resolve
from haven.geo.services import (
    cod_load,
    governorates_load_builtin,
    location_create,
    location_deactivate,
    location_update,
)
from haven.geo.tests.conftest import cod_file


def _counts() -> dict[int, int]:
    return {level: Area.objects.filter(level=level).count() for level in range(4)}


@pytest.mark.django_db
def test_real_cod_files_load_every_level_and_a_second_load_changes_nothing() -> None:
    started = time.monotonic()
    for level in range(4):
        cod_load(path=cod_file(level))
    assert time.monotonic() - started < 10
    assert _counts() == {0: 1, 1: 18, 2: 101, 3: 294}
    subdistrict = area_get("IQG07Q02N02")
    assert subdistrict is not None
    assert subdistrict.path == "IQ/IQG07/IQG07Q02/IQG07Q02N02/"
    assert subdistrict.boundary.startswith('{"type":"Polygon"')
    assert 32 < (subdistrict.centroid_lat or 0) < 33
    names = AreaName.objects.count()
    again = cod_load(path=cod_file(3))
    assert (again.created, again.updated, again.unchanged, again.retired) == (0, 0, 294, 0)
    assert AreaName.objects.count() == names


@pytest.mark.django_db
def test_loading_sub_districts_alone_creates_their_parents_from_the_parent_columns() -> None:
    result = cod_load(path=cod_file(3))
    assert result.created == 294
    assert result.parents_created == 1 + 18 + 101
    babil = area_get("IQG07")
    assert babil is not None
    assert (babil.name_en, babil.name_ar, babil.level) == ("Babil", "بابل", 1)


@pytest.mark.django_db
def test_load_is_audited_with_counts_and_file_name() -> None:
    cod_load(path=cod_file(1))
    entry = AuditEntry.objects.get(object_type="geo.area")
    assert entry.action == "create"
    assert entry.object_label == cod_file(1).name
    assert "18 created" in entry.detail


def _newer_version(tmp_path: Path) -> Path:
    document = json.loads(cod_file(1).read_text(encoding="utf-8"))
    features = [f for f in document["features"] if f["properties"]["ADM1_PCODE"] != "IQG18"]
    for feature in features:
        feature["properties"]["validOn"] = "2024-01-01T00:00:00"
        if feature["properties"]["ADM1_PCODE"] == "IQG15":
            feature["properties"]["ADM1_EN"] = "Nineveh Governorate"
    document["features"] = features
    newer = tmp_path / "irq_admbnda_adm1_2024.geojson"
    newer.write_text(json.dumps(document), encoding="utf-8")
    return newer


@pytest.mark.django_db
def test_newer_cod_renames_and_retires_yet_old_codes_and_names_resolve(tmp_path: Path) -> None:
    cod_load(path=cod_file(1))
    result = cod_load(path=_newer_version(tmp_path))
    assert (result.updated, result.retired) == (1, 1)
    ninewa = area_get("IQG15")
    assert ninewa is not None and ninewa.name_en == "Nineveh Governorate"
    assert area_resolve("Ninewa") == ninewa  # the former name still leads there
    wassit = area_get("IQG18")
    assert wassit is not None and str(wassit.valid_to) == "2024-01-01"
    assert area_resolve("IRQ-G18") == wassit
    assert area_resolve("Wassit") == wassit


@pytest.mark.django_db
def test_builtin_governorates_load_once_and_never_overwrite_a_cod_load() -> None:
    first = governorates_load_builtin()
    assert (first.created, _counts()[1]) == (19, 18)
    assert governorates_load_builtin().unchanged == 19
    cod_load(path=cod_file(1))
    anbar = area_get("IQG01")
    assert anbar is not None
    boundary = anbar.boundary
    assert boundary
    governorates_load_builtin()
    anbar.refresh_from_db()
    assert anbar.boundary == boundary


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.geojson", b"", "empty"),
    ("blank.csv", b"   \n", "empty"),
    ("garbage.bin", bytes(range(256)) * 4, "binary"),
    ("latin1.csv", "ADM1_PCODE,ADM1_EN\nIQG01,Anbâr\n".encode("latin-1"), "UTF-8"),
    ("broken.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ("list.geojson", b"[1, 2]", "FeatureCollection"),
    ("nofeatures.geojson", b'{"type": "FeatureCollection", "features": []}', "no features"),
    ("nocode.geojson", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},'
     b'"geometry":null}]}', "P-code"),
    ("nocode.csv", b"name,code\nAnbar,IQG01\n", "P-code"),
    ("emptycode.csv", b"ADM1_PCODE,ADM1_EN,ADM0_PCODE\nIQG01,Anbar,IQ\n,Basra,\n", "row 3, column ADM1_PCODE"),
    ("orphan.csv", b"ADM2_PCODE,ADM2_EN,ADM1_PCODE\nZZG01Q01,Nowhere,ZZG01\n", "row 2"),
    ("noname.csv", b"ADM1_PCODE,ADM1_EN,ADM0_PCODE,ADM0_EN\nIQG01,,IQ,Iraq\n", "ADM1_EN"),
    ("badgeometry.geojson", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
     b'{"ADM0_PCODE":"IQ","ADM0_EN":"Iraq"},"geometry":{"type":"Polygon","coordinates":[[["a",1]]]}}]}',
     "feature 1 (IQ), geometry"),
    ("twice.csv", b"ADM0_PCODE,ADM0_EN\nIQ,Iraq\nIQ,Iraq\n", "row 3"),
    ("baddate.csv", b"ADM0_PCODE,ADM0_EN,validOn\nIQ,Iraq,yesterday\n", "validOn"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_a_bad_file_is_refused_naming_where_and_changes_nothing(
    tmp_path: Path, name: str, content: bytes, message: str, governorates: Any
) -> None:
    before = (_counts(), AreaName.objects.count(), AuditEntry.objects.count())
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(ServiceError) as refusal:
        cod_load(path=bad)
    assert name in str(refusal.value)
    assert message in str(refusal.value)
    assert (_counts(), AreaName.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_a_missing_file_is_refused() -> None:
    with pytest.raises(ServiceError, match="cannot be read"):
        cod_load(path=Path("/nonexistent/file.geojson"))


@pytest.mark.django_db
def test_csv_with_parent_columns_loads(tmp_path: Path, governorates: Any) -> None:
    sheet = tmp_path / "districts.csv"
    sheet.write_text(
        "ADM2_PCODE,ADM2_EN,ADM2_AR,ADM1_PCODE,ADM0_PCODE\nIQG08Q99,New District,قضاء جديد,IQG08,IQ\n",
        encoding="utf-8",
    )
    result = cod_load(path=sheet)
    assert result.created == 1
    assert area_resolve("قضاء جديد") == area_get("IQG08Q99")


def test_location_services_check_permission_scope_and_audit(governorates: Any, make_user: Any) -> None:
    baghdad, anbar = area_get("IQG08"), area_get("IQG01")
    assert baghdad is not None and anbar is not None
    officer = make_user("officer", areas=[baghdad])
    viewer = make_user("viewer", role="viewer", areas=[baghdad])
    location = location_create(created_by=officer, code="BGD-001", name_en="Camp One", type="camp", area=baghdad)
    assert AuditEntry.objects.filter(object_type="geo.location", action="create").count() == 1
    with pytest.raises(PermissionDenied):
        location_create(created_by=officer, code="ANB-001", name_en="Camp", type="camp", area=anbar)
    with pytest.raises(PermissionDenied):
        location_create(created_by=viewer, code="BGD-002", name_en="Camp", type="camp", area=baghdad)
    with pytest.raises(ServiceError, match="already used"):
        location_create(created_by=officer, code="bgd-001", name_en="Camp", type="camp", area=baghdad)
    with pytest.raises(PermissionDenied):
        location_update(location=location, updated_by=officer, area=anbar)
    updated = location_update(location=location, updated_by=officer, name_en="Camp Uno")
    entry = AuditEntry.objects.filter(action="update", object_type="geo.location").get()
    assert entry.changes == {"name_en": ["Camp One", "Camp Uno"]}
    assert Location.objects.get(pk=updated.pk).area == baghdad
    with pytest.raises(PermissionDenied):
        location_deactivate(location=location, deactivated_by=officer)  # field officers cannot close
    manager = make_user("imo", role="im_officer", areas=[baghdad])
    assert not location_deactivate(location=location, deactivated_by=manager).is_active
