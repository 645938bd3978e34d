from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.factories import TEST_PASSWORD
from haven.core.models import AuditEntry
from haven.core.services import job_create

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_need_a_signed_in_user(db) -> None:
    for name in ("core:home", "core:job-list", "core:audit-log"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


def test_sign_in_is_audited_and_leads_to_the_overview(field_officer) -> None:
    client = Client()
    response = client.post(reverse("core:login"), {"username": "field.baghdad", "password": TEST_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert b"Overview" in response.content
    assert AuditEntry.objects.filter(action="login", actor=field_officer).exists()


def test_wrong_password_gets_a_clear_message_and_is_audited(field_officer) -> None:
    response = Client().post(reverse("core:login"), {"username": "field.baghdad", "password": "wrong"})
    assert response.status_code == 200
    assert b"do not match an active account" in response.content
    assert AuditEntry.objects.filter(action="login_failed", actor_username="field.baghdad").exists()


def test_five_wrong_passwords_lock_the_account_for_a_while(field_officer) -> None:
    client = Client()
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "field.baghdad", "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": "field.baghdad", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content


def test_overview_names_the_users_areas(field_officer) -> None:
    response = signed_in(field_officer).get(reverse("core:home"))
    assert response.status_code == 200
    assert "Baghdad" in response.content.decode()


def test_overview_shows_administrators_the_people_by_role(administrator, field_officer) -> None:
    content = signed_in(administrator).get(reverse("core:home")).content.decode()
    assert "People using Haven" in content
    assert "Registration / field officer" in content


def test_arabic_pages_run_right_to_left(field_officer) -> None:
    client = signed_in(field_officer)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    response = client.get(reverse("core:home"))
    content = response.content.decode()
    assert 'lang="ar"' in content and 'dir="rtl"' in content
    assert "نظرة عامة" in content


def test_audit_log_is_for_administrators_only(administrator, field_officer) -> None:
    assert signed_in(field_officer).get(reverse("core:audit-log")).status_code == 403
    response = signed_in(administrator).get(reverse("core:audit-log"), {"action": "create"})
    assert response.status_code == 200
    assert "core.user" in response.content.decode()


def test_audit_log_filter_with_dates_in_the_wrong_order_says_so(administrator) -> None:
    response = signed_in(administrator).get(reverse("core:audit-log"), {"since": "2026-02-01", "until": "2026-01-01"})
    assert response.status_code == 200
    assert "The start date is after the end date." in response.content.decode()


def test_job_page_polls_until_the_job_finishes(field_officer) -> None:
    job = job_create(kind="test", title="Load boundaries", created_by=field_officer)
    client = signed_in(field_officer)
    fragment = client.get(reverse("core:job-progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "waits for the background worker" in fragment
    job.status = "succeeded"
    job.result = {"summary": "18 governorates loaded.", "features": 1800, "levels": [1, 2], "dates": list(range(12))}
    job.save()
    fragment = client.get(reverse("core:job-progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment
    # The poll replaces the fragment, so everything that changes with the job's state lives inside it.
    assert "waits for the background worker" not in fragment and 'value="100"' in fragment
    assert '<p class="job-summary" role="status" dir="auto">18 governorates loaded.</p>' in fragment
    assert "<dt>Areas in the file</dt><dd><bdi>1,800</bdi></dd>" in fragment and "<dt>summary</dt>" not in fragment
    assert "<dd><bdi>1</bdi>, <bdi>2</bdi></dd>" in fragment
    assert "<bdi>9</bdi> … (<bdi>12</bdi>)</dd>" in fragment
    arabic = client.get(reverse("core:job-progress", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<dt>المناطق في الملف</dt>" in arabic
    job.status, job.error = "failed", "row 4: no area has the P-code 'IQG99'\nrow 5: unknown sector"
    job.save()
    fragment = client.get(reverse("core:job-progress", args=[job.pk])).content.decode()
    assert "<progress" not in fragment  # an empty bar that never fills would read as still working
    assert "IQG99&#x27;<br>row 5" in fragment


def test_someone_elses_job_is_not_found(field_officer, iraq) -> None:
    from haven.core.factories import UserFactory

    job = job_create(kind="test", title="Private", created_by=field_officer)
    stranger = UserFactory.create(role="field_officer", areas=[iraq])
    assert signed_in(stranger).get(reverse("core:job", args=[job.pk])).status_code == 404


def test_unknown_page_is_a_friendly_404(field_officer) -> None:
    response = signed_in(field_officer).get("/no/such/page/")
    assert response.status_code == 404
    assert "outside your areas" in response.content.decode()


def test_the_chosen_language_follows_the_person_to_their_next_sign_in(field_officer) -> None:
    client = signed_in(field_officer)
    client.post(reverse("core:language"), {"language": "ar", "next": "/"})
    field_officer.refresh_from_db()
    assert field_officer.preferred_language == "ar"
    elsewhere = Client()
    elsewhere.post(reverse("core:login"), {"username": "field.baghdad", "password": TEST_PASSWORD})
    assert 'dir="rtl"' in elsewhere.get(reverse("core:home")).content.decode()


@pytest.mark.urls("haven.core.tests.urls_failing")
def test_an_unexpected_error_shows_a_plain_page_without_a_traceback(field_officer) -> None:
    client = signed_in(field_officer)
    client.raise_request_exception = False
    response = client.get("/broken/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in content
    assert "secret internals" not in content
    assert "Traceback" not in content


def test_a_stale_form_gets_a_clear_message(field_officer) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(field_officer)
    response = client.post(reverse("core:logout"))
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


def test_the_job_list_keeps_its_filter_on_the_next_page(field_officer) -> None:
    for number in range(51):
        job_create(kind="test", title=f"Job {number}", created_by=field_officer)
    content = signed_in(field_officer).get(reverse("core:job-list"), {"status": "queued"}).content.decode()
    assert "?status=queued&amp;page=2" in content


def test_changing_language_is_recorded_like_any_account_change(field_officer) -> None:
    signed_in(field_officer).post(reverse("core:language"), {"language": "ar", "next": "/"})
    entry = AuditEntry.objects.get(action="update", object_id=str(field_officer.pk))
    assert entry.changes == {"preferred_language": ["en", "ar"]}
