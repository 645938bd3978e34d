from __future__ import annotations

import pytest
from django.test import Client

from haven.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_opening_a_persons_record_is_logged_as_a_read(administrator, field_officer) -> None:
    response = admin_client(administrator).get(f"/admin/core/user/{field_officer.pk}/change/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="view", object_id=str(field_officer.pk))
    assert entry.actor == administrator


def test_the_audit_log_cannot_be_edited_or_deleted_in_the_admin_site(administrator) -> None:
    client = admin_client(administrator)
    entry = AuditEntry.objects.first()
    assert entry is not None
    assert client.get(f"/admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"detail": "rewritten"})
    entry.refresh_from_db()
    assert entry.detail == ""


def test_changing_a_role_in_the_admin_site_sets_staff_and_is_logged(administrator, field_officer, baghdad) -> None:
    response = admin_client(administrator).post(
        f"/admin/core/user/{field_officer.pk}/change/",
        {
            "username": "field.baghdad",
            "role": "administrator",
            "areas": [baghdad.pk],
            "is_active": "on",
            "preferred_language": "en",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    field_officer.refresh_from_db()
    assert field_officer.is_staff
    assert not field_officer.is_superuser
    entry = AuditEntry.objects.filter(action="update", object_id=str(field_officer.pk)).get()
    assert entry.changes["role"] == ["field_officer", "administrator"]


def test_people_are_never_deleted_from_the_admin_site(administrator, field_officer) -> None:
    response = admin_client(administrator).get(f"/admin/core/user/{field_officer.pk}/delete/")
    assert response.status_code == 403


def test_a_field_officer_cannot_open_the_admin_site(field_officer) -> None:
    response = admin_client(field_officer).get("/admin/")
    assert response.status_code == 302
