from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from haven.core import services
from haven.core.models import AuditEntry, Job, JobStatus, User


def test_mask_value_keeps_only_the_first_character() -> None:
    assert services.mask_value("Fatima") == "F•••"
    assert services.mask_value("A") == "•••"
    assert services.mask_value("") == ""
    assert services.mask_value(None) == ""


def test_audit_changes_lists_only_changed_fields_and_masks_personal_ones() -> None:
    changes = services.audit_changes(
        before={"role": "viewer", "first_name": "Fatima", "email": "f@example.org"},
        after={"role": "field_officer", "first_name": "Fatimah", "email": "f@example.org"},
        personal_fields={"first_name", "email"},
    )
    assert changes == {"first_name": ["F•••", "F•••"], "role": ["viewer", "field_officer"]}


@pytest.mark.django_db
def test_user_create_scopes_the_user_and_logs_without_personal_values(iraq, baghdad) -> None:
    user = services.user_create(
        username="zainab", password="x" * 12, role="field_officer", areas=[baghdad], first_name="Zainab"
    )
    assert list(user.areas.all()) == [baghdad]
    assert not user.is_staff and not user.is_superuser
    entry = AuditEntry.objects.get(object_type="core.user", object_id=str(user.pk))
    assert entry.action == "create"
    assert entry.changes["first_name"] == ["", "Z•••"]
    assert entry.changes["areas"] == [None, ["IQG08"]]
    assert "Zainab" not in entry.object_label


@pytest.mark.django_db
def test_user_create_refuses_a_taken_username_in_any_case(field_officer) -> None:
    with pytest.raises(services.ServiceError, match="already taken"):
        services.user_create(username="FIELD.BAGHDAD", password="x" * 12, role="viewer")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_user_create_refuses_an_unknown_role(db) -> None:
    with pytest.raises(services.ServiceError, match="Unknown role"):
        services.user_create(username="someone", password="x" * 12, role="warlord")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_administrator_is_staff_so_the_admin_site_opens(iraq) -> None:
    admin = services.user_create(username="boss", password="x" * 12, role="administrator", areas=[iraq])
    assert admin.is_staff and not admin.is_superuser


@pytest.mark.django_db
def test_user_update_logs_old_and_new_scope(administrator, field_officer, anbar) -> None:
    services.user_update(user=field_officer, updated_by=administrator, areas=[anbar], role="im_officer")
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.actor == administrator
    assert entry.changes == {"areas": [["IQG08"], ["IQG01"]], "role": ["field_officer", "im_officer"]}


@pytest.mark.django_db
def test_audit_entries_cannot_be_changed_through_the_orm(administrator) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.detail = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(detail="rewritten")


@pytest.mark.django_db
def test_the_database_refuses_to_rewrite_or_remove_audit_entries(administrator) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    for statement in (
        "UPDATE core_auditentry SET detail = 'rewritten' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    entry.refresh_from_db()
    assert entry.detail == ""


@pytest.mark.django_db
def test_job_run_records_the_result_and_the_last_progress(field_officer) -> None:
    job = services.job_create(kind="test.count", title="Count to three", created_by=field_officer)

    def work(progress: services.JobReporter) -> dict[str, int]:
        for done in range(1, 4):
            progress(done, 3, f"counted {done}")
        return {"counted": 3}

    finished = services.job_run(job_id=job.pk, work=work)
    assert finished.status == JobStatus.SUCCEEDED
    assert finished.result == {"counted": 3}
    assert (finished.progress_done, finished.progress_total, finished.percent) == (3, 3, 100)
    assert finished.started_at is not None and finished.finished_at is not None


@pytest.mark.django_db
def test_job_refusal_is_shown_as_is(field_officer) -> None:
    job = services.job_create(kind="test.refuse", title="Refuse", created_by=field_officer)

    def work(progress: services.JobReporter) -> dict[str, int]:
        raise services.ServiceError("The file has no P-code column.")

    assert services.job_run(job_id=job.pk, work=work).error == "The file has no P-code column."


@pytest.mark.django_db
def test_job_crash_shows_a_reference_never_a_traceback(field_officer, caplog) -> None:
    job = services.job_create(kind="test.crash", title="Crash", created_by=field_officer)

    def work(progress: services.JobReporter) -> dict[str, int]:
        raise ZeroDivisionError("secret internals")

    finished = services.job_run(job_id=job.pk, work=work)
    assert finished.status == JobStatus.FAILED
    assert "reference" in finished.error
    assert "secret internals" not in finished.error
    assert "Traceback" not in finished.error
    assert "ZeroDivisionError" in caplog.text


@pytest.mark.django_db(transaction=False)
def test_progress_inside_a_transaction_goes_to_the_cache_not_the_row(field_officer) -> None:
    from django.core.cache import cache

    from haven.core.progress import live_progress_key
    from haven.core.selectors import job_with_live_progress

    job = services.job_create(kind="test.atomic", title="Atomic", created_by=field_officer)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    reporter = services.JobReporter(job.pk)
    with transaction.atomic():
        reporter(5, 10, "half way")
    job.refresh_from_db()
    assert job.progress_done == 0
    assert cache.get(live_progress_key(job.pk))["done"] == 5
    assert job_with_live_progress(job).progress_done == 5


@pytest.mark.django_db
def test_command_line_operations_are_attributed_to_the_operator(db) -> None:
    from haven.core.context import RequestContext, request_context

    token = request_context.set(RequestContext(path="haven geo load", operator="amina (command line)"))
    try:
        entry = services.audit_record(actor=None, action="create", object_type="geo.area", object_label="adm1.geojson")
    finally:
        request_context.reset(token)
    assert entry.actor_username == "amina (command line)"
    assert entry.path == "haven geo load"
