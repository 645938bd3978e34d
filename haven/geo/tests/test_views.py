from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEntry, Job
from haven.geo.factories import LocationFactory
from haven.geo.models import Location
from haven.geo.selectors import area_get
from haven.geo.tests.conftest import cod_file


@pytest.fixture
def scene(districts: Any, make_user: Any) -> dict[str, Any]:
    baghdad, anbar = area_get("IQG08"), area_get("IQG01")
    officer = make_user("officer", areas=[baghdad])
    client = Client()
    client.force_login(officer)
    return {
        "client": client,
        "officer": officer,
        "here": LocationFactory.create(area=baghdad, name_en="Camp Here"),
        "there": LocationFactory.create(area=anbar, name_en="Camp There"),
    }


def test_pages_require_login(db: Any) -> None:
    response = Client().get(reverse("geo:area-list"))
    assert response.status_code == 302


def test_area_pages_render_with_a_map(scene: dict[str, Any]) -> None:
    client = scene["client"]
    listing = client.get(reverse("geo:area-list"))
    assert listing.status_code == 200
    assert b"<svg" in listing.content and b"Al-Anbar" in listing.content
    page = client.get(reverse("geo:area-detail", args=["IQG01"]))
    assert page.status_code == 200
    assert "الانبار" in page.content.decode()
    assert b"<path" in page.content  # districts are loaded with boundaries
    assert b"Camp There" not in page.content  # out of the officer's scope
    assert client.get(reverse("geo:area-detail", args=["iqg01"])).status_code == 302
    assert client.get(reverse("geo:area-detail", args=["NOPE"])).status_code == 404


def test_area_page_in_arabic_shows_arabic_names(scene: dict[str, Any]) -> None:
    client = scene["client"]
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    page = client.get(reverse("geo:area-detail", args=["IQ"]), HTTP_ACCEPT_LANGUAGE="ar")
    assert "<h1>الانبار" not in page.content.decode()
    assert "بغداد" in page.content.decode()


def test_location_pages_are_scoped(scene: dict[str, Any]) -> None:
    client, here, there = scene["client"], scene["here"], scene["there"]
    listing = client.get(reverse("geo:location-list"))
    assert b"Camp Here" in listing.content and b"Camp There" not in listing.content
    assert client.get(reverse("geo:location-detail", args=[here.pk])).status_code == 200
    assert client.get(reverse("geo:location-detail", args=[there.pk])).status_code == 404
    assert client.get(reverse("geo:location-edit", args=[there.pk])).status_code == 404
    response = client.post(
        reverse("geo:location-edit", args=[there.pk]),
        {"code": "X", "name_en": "Taken", "type": "camp", "area": "IQG08"},
    )
    assert response.status_code == 404
    assert Location.objects.get(pk=there.pk).name_en == "Camp There"


def test_location_form_creates_in_scope_and_refuses_out_of_scope(scene: dict[str, Any]) -> None:
    client = scene["client"]
    url = reverse("geo:location-create")
    assert client.get(url).status_code == 200
    created = client.post(url, {"code": "BGD-9", "name_en": "New Camp", "type": "camp", "area": "irq-g08"})
    assert created.status_code == 302
    assert Location.objects.get(code="BGD-9").area.pcode == "IQG08"
    refused = client.post(url, {"code": "ANB-9", "name_en": "Far Camp", "type": "camp", "area": "IQG01"})
    assert refused.status_code == 200 and b"outside your areas" in refused.content
    unknown = client.post(url, {"code": "ANB-9", "name_en": "Far Camp", "type": "camp", "area": "ZZ99"})
    assert b"No area has this P-code" in unknown.content
    assert not Location.objects.filter(code="ANB-9").exists()


def test_export_is_scoped_and_audited(scene: dict[str, Any]) -> None:
    response = scene["client"].get(reverse("geo:location-export"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "Camp Here" in body and "Camp There" not in body
    entry = AuditEntry.objects.get(action="export", object_type="geo.location")
    assert entry.actor == scene["officer"]


def test_boundary_upload_needs_the_permission(scene: dict[str, Any]) -> None:
    assert scene["client"].get(reverse("geo:boundaries-load")).status_code == 403


def test_boundary_upload_creates_a_job(districts: Any, make_user: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(make_user("imo", role="im_officer", areas=[area_get("IQ")]))
    upload = SimpleUploadedFile("adm1 file.geojson", cod_file(1).read_bytes(), content_type="application/geo+json")
    response = client.post(reverse("geo:boundaries-load"), {"file": upload})
    job = Job.objects.get(kind="geo.cod_load")
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    assert len(list((tmp_path / "uploads").iterdir())) == 1
    settings.HAVEN_UPLOAD_MAX_BYTES = 10
    too_big = client.post(reverse("geo:boundaries-load"), {"file": SimpleUploadedFile("a.csv", b"x" * 100)})
    assert too_big.status_code == 200 and b"larger than" in too_big.content


@pytest.mark.django_db
def test_coordinates_keep_a_decimal_point_in_arabic(client) -> None:
    from haven.core.factories import UserFactory
    from haven.geo.factories import AreaFactory, LocationFactory

    iraq = AreaFactory.create(pcode="IQ", name_en="Iraq", centroid_lat=33.2789, centroid_lon=44.3869)
    location = LocationFactory.create(area=iraq, latitude=33.39, longitude=44.46)
    client.force_login(UserFactory.create(role="field_officer", areas=[iraq]))
    client.cookies["django_language"] = "ar"
    area_page = client.get(f"/areas/{iraq.pcode}/").content.decode()
    location_page = client.get(f"/areas/locations/{location.pk}/").content.decode()
    assert "33.2789, 44.3869" in area_page
    assert "33.39, 44.46" in location_page


@pytest.mark.django_db
def test_form_help_is_tied_to_its_field_for_screen_readers(client) -> None:
    from haven.core.factories import UserFactory
    from haven.geo.factories import AreaFactory

    client.force_login(UserFactory.create(role="field_officer", areas=[AreaFactory.create(pcode="IQ")]))
    content = client.get("/areas/locations/new/").content.decode()
    assert 'aria-describedby="id_area_helptext"' in content
    assert 'id="id_area_helptext"' in content
