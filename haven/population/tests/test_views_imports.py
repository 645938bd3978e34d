"""The import pages: upload, the check's outcome, problems and their report, duplicates, merge and discard."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from haven.core.factories import UserFactory
from haven.core.models import AuditEntry, Job
from haven.geo.selectors import area_get
from haven.geo.services import governorates_load_builtin
from haven.population.factories import household_make, member_make
from haven.population.models import BatchStatus, Household, ImportBatch, Individual, PossibleDuplicate
from haven.population.tasks import batch_merge_task, batch_stage_task

HEADER = (
    "household_ref,relationship,given_name,father_name,family_name,sex,birth_date,phone,national_id,"
    "population_group,location,origin,displaced_on,shelter,consent\n"
)
VALID = HEADER + (
    "H-1,head,Ali,Hassan,al-Jubouri,M,1975,07701234567,,idp,IQG08,IQG01,2006-03-01,rented,yes\n"
    "H-1,spouse,Fatima,Kadhim,,F,1980-05,,,,,,,,\n"
    "H-1,son,Omar,Ali,,M,2005-02-11,,,,,,,,\n"
    "H-2,head,Zainab,Jasim,,F,1968,,,idp,IQG08,IQG01,2006-07-15,camp,yes\n"
)
WITH_ERRORS = HEADER + "".join(
    [
        "H-1,head,Ali,Hassan,,X,1975,,,idp,IQG08,IQG01,,,yes\n",  # sex X
        "H-2,head,Zainab,Jasim,,F,1968,,,idp,NOWHERE,IQG01,,,yes\n",  # an unknown place
    ]
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    governorates_load_builtin()
    iraq, baghdad = area_get("IQ"), area_get("IQG08")
    return {
        "imo": UserFactory.create(username="imo", role="im_officer", areas=[iraq]),
        "officer": UserFactory.create(username="field.baghdad", role="field_officer", areas=[baghdad]),
        "colleague": UserFactory.create(username="field.other", role="field_officer", areas=[baghdad]),
        "viewer": UserFactory.create(username="viewer", role="viewer", areas=[iraq]),
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, text: str, name: str = "registrations.csv", **fields: Any) -> Any:
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("population:batch-upload"), {"file": file, **fields})


def job_run(batch: ImportBatch) -> ImportBatch:
    """Run the batch's queued job as the worker would: the check or the merge it was started for."""
    batch.refresh_from_db()
    assert batch.job is not None
    task = batch_merge_task if batch.job.kind == "population.batch_merge" else batch_stage_task
    task.call(job_id=str(batch.job.pk), batch_id=str(batch.pk))
    job = Job.objects.get(pk=batch.job.pk)
    assert job.status == "succeeded", job.error
    batch.refresh_from_db()
    return batch


def uploaded_and_checked(client: Client, text: str, **fields: Any) -> ImportBatch:
    response = upload(client, text, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return job_run(ImportBatch.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def detail_url(batch: ImportBatch, name: str = "batch-detail") -> str:
    return reverse(f"population:{name}", args=[batch.pk])


def test_a_valid_file_is_checked_then_merged_into_households(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    response = upload(client, VALID, name="baghdad round 1.csv")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(batch)
    assert batch.status == BatchStatus.STAGING and batch.job is not None and batch.job.status == "queued"
    assert not list((Path(batch.stored_path).parent.parent / "uploads").iterdir())  # the scratch copy is gone
    waiting = client.get(detail_url(batch))
    assert b"The job waits for the background worker" in waiting.content
    assert b'hx-trigger="every 1s"' in waiting.content

    batch = job_run(batch)
    assert batch.status == BatchStatus.READY
    page = client.get(detail_url(batch))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ready to merge" in text and "Merge into the registry" in text
    assert 'hx-trigger="every 1s"' not in text
    assert (batch.rows, batch.households, batch.individuals) == (4, 2, 4)
    assert "No problems were found." in text

    merged = client.post(detail_url(batch, "batch-merge"), follow=True)
    assert "being merged" in merged.content.decode()
    batch = job_run(batch)
    assert batch.status == BatchStatus.MERGED and batch.merged_by == people["officer"]
    households = Household.objects.filter(import_batch=batch)
    assert sorted(households.values_list("source_ref", "size")) == [("H-1", 3), ("H-2", 1)]
    assert Individual.objects.filter(household__import_batch=batch).count() == 4
    final = client.get(detail_url(batch)).content.decode()
    assert "Merged: 2 households and 4 people were registered." in final
    assert "Merge into the registry" not in final and "Discard" not in final


def test_the_batch_list_shows_ones_own_batches_and_every_batch_to_the_imo(people: dict[str, Any]) -> None:
    upload(client_for(people["officer"]), VALID, name="mine.csv")
    upload(client_for(people["colleague"]), VALID.replace("Ali", "Ahmed"), name="theirs.csv")
    own = client_for(people["officer"]).get(reverse("population:batch-list")).content.decode()
    assert "mine.csv" in own and "theirs.csv" not in own
    everyone = client_for(people["imo"]).get(reverse("population:batch-list")).content.decode()
    assert "mine.csv" in everyone and "theirs.csv" in everyone
    filtered = client_for(people["imo"]).get(reverse("population:batch-list"), {"status": "merged"})
    assert "mine.csv" not in filtered.content.decode()


def test_the_status_fragment_polls_while_the_job_runs_and_reloads_the_page_once_it_is_done(
    people: dict[str, Any],
) -> None:
    client = client_for(people["officer"])
    upload(client, VALID)
    batch = ImportBatch.objects.get()
    url = detail_url(batch, "batch-status")
    polling = client.get(url, HTTP_HX_REQUEST="true")
    assert polling.status_code == 200 and b'hx-trigger="every 1s"' in polling.content
    job_run(batch)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Refresh"] == "true"


def test_a_file_with_errors_shows_its_problems_and_cannot_be_merged(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    batch = uploaded_and_checked(client, WITH_ERRORS)
    assert batch.status == BatchStatus.INVALID and batch.errors >= 2
    page = client.get(detail_url(batch)).content.decode()
    assert "Has errors" in page and "NOWHERE" in page and "<code>X</code>" in page
    assert "Merge into the registry" not in page and "Check again" in page
    errors_only = client.get(detail_url(batch), {"severity": "error"}).content.decode()
    assert "NOWHERE" in errors_only
    refused = client.post(detail_url(batch, "batch-merge"), follow=True).content.decode()
    assert f"cannot be merged: it has {batch.errors} error(s)" in refused
    assert not Household.objects.exists()
    assert Job.objects.filter(kind="population.batch_merge").count() == 0


def test_the_report_downloads_as_a_spreadsheet_and_the_export_is_audited(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    batch = uploaded_and_checked(client, WITH_ERRORS)
    response = client.get(detail_url(batch, "batch-report"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="registrations-problems.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("Row", "Column", "Value", "Problem")
    assert any(row[1] == "location" and row[2] == "NOWHERE" and row[4] == "Error" for row in rows[1:])
    entry = AuditEntry.objects.get(action="export", object_id=str(batch.pk))
    assert entry.actor == people["officer"]


def test_checking_again_reruns_an_invalid_batch_but_not_a_ready_one(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    invalid = uploaded_and_checked(client, WITH_ERRORS)
    again = client.post(detail_url(invalid, "batch-check"), follow=True)
    assert "being checked again" in again.content.decode()
    assert job_run(invalid).status == BatchStatus.INVALID
    assert Job.objects.filter(kind="population.batch_stage").count() == 2
    ready = uploaded_and_checked(client, VALID)
    refused = client.post(detail_url(ready, "batch-check"), follow=True)
    assert "it cannot be checked again" in refused.content.decode()


def test_nothing_starts_while_a_job_of_the_batch_is_queued(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    upload(client, VALID)
    batch = ImportBatch.objects.get()
    for name in ("batch-check", "batch-merge", "batch-discard"):
        response = client.post(detail_url(batch, name), follow=True)
        assert "wait until that has finished" in response.content.decode()
    assert Job.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.STAGING


def test_the_same_file_uploaded_twice_is_refused_with_a_message(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    uploaded_and_checked(client, VALID)
    again = upload(client, VALID, name="renamed.csv")
    assert again.status_code == 200
    assert "renamed.csv was already imported as batch" in again.content.decode()
    assert ImportBatch.objects.count() == 1 and Job.objects.count() == 1


def test_an_upload_that_is_not_a_spreadsheet_is_refused_by_the_form(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    assert client.get(reverse("population:batch-upload")).status_code == 200
    wrong = client.post(reverse("population:batch-upload"), {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff")})
    assert "Choose a .csv or .xlsx file" in wrong.content.decode()
    empty = client.post(reverse("population:batch-upload"), {"file": SimpleUploadedFile("empty.csv", b"")})
    assert empty.status_code == 200
    assert not ImportBatch.objects.exists()


def test_an_unreadable_file_becomes_an_invalid_batch_with_the_readers_message(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    batch = uploaded_and_checked(client, "name;age\nAli;3\n")
    assert batch.status == BatchStatus.INVALID
    page = client.get(detail_url(batch)).content.decode()
    assert "registrations.csv" in page and "Traceback" not in page


def test_a_possible_duplicate_is_decided_then_the_batch_merges(people: dict[str, Any]) -> None:
    existing = household_make("IQG08", members=[member_make("Ali", national_id="198812345678")])
    person = existing.members.get()
    client = client_for(people["imo"])
    text = VALID.replace("07701234567,,idp", "07701234567,1988-1234-5678,idp")
    batch = uploaded_and_checked(client, text)
    assert batch.status == BatchStatus.REVIEW
    candidate = PossibleDuplicate.objects.get(batch=batch)
    assert candidate.existing == person
    page = client.get(detail_url(batch)).content.decode()
    assert "Same document number" in page and existing.registration_number in page
    assert "1 possible duplicate waits for your decision below." in page
    assert "Merge into the registry" not in page
    assert AuditEntry.objects.filter(action="view", object_id=str(batch.pk)).exists()

    url = reverse("population:duplicate-decide", args=[batch.pk, candidate.pk])
    assert client.post(url, {"decision": "maybe"}, HTTP_HX_REQUEST="true").status_code == 200
    assert PossibleDuplicate.objects.get(pk=candidate.pk).decision == "pending"
    decided = client.post(url, {"decision": "duplicate"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="duplicate-{candidate.pk}"' in decided
    assert 'aria-pressed="true" class="primary">Same person' in decided
    assert 'hx-swap-oob="true"' in decided and "Merge into the registry" in decided
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY

    client.post(detail_url(batch, "batch-merge"))
    batch = job_run(batch)
    assert batch.status == BatchStatus.MERGED
    repeated = Individual.objects.get(household__import_batch=batch, given_name="Ali")
    assert repeated.status == "duplicate" and repeated.duplicate_of == person
    late = client.post(url, {"decision": "distinct"}, follow=True).content.decode()
    assert "can no longer be decided" in late


def test_a_decision_without_htmx_redirects_back_to_the_batch(people: dict[str, Any]) -> None:
    household_make("IQG08", members=[member_make("Ali", national_id="198812345678")])
    client = client_for(people["imo"])
    batch = uploaded_and_checked(client, VALID.replace("07701234567,,idp", "07701234567,198812345678,idp"))
    candidate = PossibleDuplicate.objects.get(batch=batch)
    response = client.post(
        reverse("population:duplicate-decide", args=[batch.pk, candidate.pk]), {"decision": "distinct"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#duplicate-{candidate.pk}")
    assert PossibleDuplicate.objects.get(pk=candidate.pk).decision == "distinct"


def test_a_registered_person_outside_the_officers_areas_is_not_shown(people: dict[str, Any]) -> None:
    elsewhere = household_make("IQG01", members=[member_make("Khalid", national_id="55512345")])
    client = client_for(people["officer"])
    batch = uploaded_and_checked(client, VALID.replace("07701234567,,idp", "07701234567,55512345,idp"))
    assert batch.status == BatchStatus.REVIEW
    page = client.get(detail_url(batch)).content.decode()
    assert "Registered outside your areas" in page
    assert "Khalid" not in page and elsewhere.registration_number not in page


def test_a_field_officer_cannot_reach_another_persons_batch(people: dict[str, Any]) -> None:
    batch = uploaded_and_checked(client_for(people["colleague"]), VALID)
    client = client_for(people["officer"])
    for name in ("batch-detail", "batch-status", "batch-report"):
        assert client.get(detail_url(batch, name)).status_code == 404
    for name in ("batch-check", "batch-merge", "batch-discard"):
        assert client.post(detail_url(batch, name)).status_code == 404
    decide = reverse("population:duplicate-decide", args=[batch.pk, 1])
    assert client.post(decide, {"decision": "distinct"}).status_code == 404
    nowhere = reverse("population:batch-detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(nowhere).status_code == 404
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert client_for(people["imo"]).get(detail_url(batch)).status_code == 200


def test_a_viewer_is_refused_every_import_page(people: dict[str, Any]) -> None:
    batch = uploaded_and_checked(client_for(people["officer"]), VALID)
    client = client_for(people["viewer"])
    assert client.get(reverse("population:batch-list")).status_code == 403
    assert client.get(reverse("population:batch-upload")).status_code == 403
    assert upload(client, VALID.replace("Ali", "Hadi")).status_code == 403
    for name in ("batch-detail", "batch-status", "batch-report"):
        assert client.get(detail_url(batch, name)).status_code == 403
    assert client.post(detail_url(batch, "batch-merge")).status_code == 403
    assert ImportBatch.objects.count() == 1
    assert Client().get(reverse("population:batch-list")).status_code == 302


def test_discarding_a_batch_keeps_its_report_and_registers_nothing(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    batch = uploaded_and_checked(client, VALID)
    page = client.get(detail_url(batch)).content.decode()
    assert "Yes, discard the batch" in page
    assert client.get(detail_url(batch, "batch-discard")).status_code == 405
    done = client.post(detail_url(batch, "batch-discard"), follow=True).content.decode()
    assert "The batch was discarded" in done and "Discarded: nothing from it was registered" in done
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISCARDED and not batch.staged_people.exists()
    again = client.post(detail_url(batch, "batch-discard"), follow=True).content.decode()
    assert "it cannot be discarded" in again
    assert client.get(detail_url(batch, "batch-report")).status_code == 200
    assert not Household.objects.exists()
    # A discarded file may be sent again.
    assert upload(client, VALID).status_code == 302


def test_the_import_pages_render_right_to_left_in_arabic(people: dict[str, Any], settings: Any) -> None:
    client = client_for(people["imo"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    batch = uploaded_and_checked(client, WITH_ERRORS)
    for url in (reverse("population:batch-list"), detail_url(batch), reverse("population:batch-upload")):
        page = client.get(url)
        assert page.status_code == 200
        assert '<html lang="ar" dir="rtl">' in page.content.decode()
