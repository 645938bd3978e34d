"""The column mapping pages: a mapping made from a sample Kobo export, changed, used by an import, deleted."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from haven.core.factories import UserFactory
from haven.geo.selectors import area_get
from haven.geo.services import governorates_load_builtin
from haven.population.models import BatchStatus, ColumnMapping, Household, ImportBatch
from haven.population.services import mapping_save
from haven.population.tasks import batch_merge_task, batch_stage_task

# A Kobo export: questions inside groups, numeric answer codes, Kobo's own columns around them.
KOBO = (
    "start,end,group_hh/hh_id,group_hh/rel,group_hh/given_name,group_hh/father,group_ind/gender,group_ind/dob,"
    "group_hh/pop_group,group_hh/loc,group_hh/origin_pcode,group_hh/consent_given,_uuid\n"
    "2024-01-01T10:00,2024-01-01T10:20,K-1,1,Ali,Hassan,1,1975-01-01,idp,IQG08,IQG01,1,a1\n"
    "2024-01-01T10:00,2024-01-01T10:20,K-1,2,Fatima,Kadhim,2,1980-05-01,,,,,a2\n"
    "2024-01-01T11:00,2024-01-01T11:15,K-2,1,Zainab,Jasim,2,1968,idp,IQG08,IQG01,1,a3\n"
)
HEADERS = KOBO.splitlines()[0].split(",")
CHOSEN = {
    "group_hh/hh_id": ("household_ref", ""),
    "group_hh/rel": ("relationship", "1=head\n2=spouse\n3=son"),
    "group_hh/given_name": ("given_name", ""),
    "group_hh/father": ("father_name", ""),
    "group_ind/gender": ("sex", "1=M\n2=F"),
    "group_ind/dob": ("birth_date", ""),
    "group_hh/pop_group": ("population_group", ""),
    "group_hh/loc": ("location", ""),
    "group_hh/origin_pcode": ("origin", ""),
    "group_hh/consent_given": ("consent", "1=yes\n0=no"),
}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def imo(db: Any) -> Any:
    governorates_load_builtin()
    return UserFactory.create(username="imo", role="im_officer", areas=[area_get("IQ")])


@pytest.fixture
def client(imo: Any) -> Client:
    signed_in = Client()
    signed_in.force_login(imo)
    return signed_in


def sample(text: str = KOBO, name: str = "kobo-export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def headers_on(page: str) -> list[str]:
    match = re.search(r'name="headers" value="([^"]*)"', page)
    assert match, "the form carries no headers"
    headers: list[str] = json.loads(html.unescape(match.group(1)))
    return headers


def rows_posted(headers: list[str], chosen: dict[str, tuple[str, str]], **fields: str) -> dict[str, str]:
    data = {"action": "save", "headers": json.dumps(headers), "name": "Kobo MoDM v3", "description": "", **fields}
    for index, header in enumerate(headers):
        field, answers = chosen.get(header, ("", ""))
        data[f"field_{index}"] = field
        data[f"values_{index}"] = answers
    return data


def test_a_mapping_is_made_from_a_sample_kobo_export_and_an_import_uses_it(client: Client, imo: Any) -> None:
    url = reverse("population:mapping-create")
    first = client.get(url).content.decode()
    assert "Read the columns" in first and "Save the mapping" not in first
    read = client.post(url, {"action": "read", "name": "Kobo MoDM v3", "headers": "", "sample": sample()})
    page = read.content.decode()
    assert read.status_code == 200
    assert headers_on(page) == HEADERS
    assert 'value="Kobo MoDM v3"' in page  # what was typed stays
    given = HEADERS.index("group_hh/given_name")
    assert re.search(rf'name="field_{given}"[^>]*>.*?<option value="given_name" selected>', page, re.S)

    saved = client.post(url, rows_posted(HEADERS, CHOSEN))
    assert saved.status_code == 302 and saved["Location"] == reverse("population:mapping-list")
    mapping = ColumnMapping.objects.get()
    assert mapping.created_by == imo
    assert mapping.columns["group_ind/gender"] == "sex" and "start" not in mapping.columns
    assert mapping.values == {
        "relationship": {"1": "head", "2": "spouse", "3": "son"},
        "sex": {"1": "M", "2": "F"},
        "consent": {"1": "yes", "0": "no"},
    }
    assert "Kobo MoDM v3" in client.get(reverse("population:mapping-list")).content.decode()

    uploaded = client.post(
        reverse("population:batch-upload"), {"file": sample(name="kobo-round-2.csv"), "mapping": mapping.pk}
    )
    assert uploaded.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.mapping == mapping
    batch_stage_task.call(job_id=str(batch.job_id), batch_id=str(batch.pk))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY, list(batch.problems.values_list("message", flat=True))
    client.post(reverse("population:batch-merge", args=[batch.pk]))
    batch.refresh_from_db()
    batch_merge_task.call(job_id=str(batch.job_id), batch_id=str(batch.pk))
    households = Household.objects.filter(import_batch=batch)
    assert sorted(households.values_list("source_ref", "size")) == [("K-1", 2), ("K-2", 1)]
    head = households.get(source_ref="K-2").members.get()
    assert (head.given_name, head.sex, head.relationship) == ("Zainab", "F", "head")


def test_the_header_of_an_xlsx_sample_is_read_below_a_title_row(client: Client) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["MoDM registration, Kobo export"])
    sheet.append(HEADERS)
    sheet.append(KOBO.splitlines()[1].split(","))
    stream = io.BytesIO()
    workbook.save(stream)
    upload = SimpleUploadedFile("export.xlsx", stream.getvalue())
    read = client.post(reverse("population:mapping-create"), {"action": "read", "name": "x", "sample": upload})
    assert headers_on(read.content.decode()) == HEADERS


def test_a_mapping_with_codes_the_template_does_not_know_is_refused_and_nothing_is_saved(client: Client) -> None:
    url = reverse("population:mapping-create")
    wrong = {**CHOSEN, "group_ind/gender": ("sex", "1=man\n2=F")}
    response = client.post(url, rows_posted(HEADERS, wrong))
    assert response.status_code == 200
    assert "expected one of: F, M" in response.content.decode()
    assert not ColumnMapping.objects.exists()


def test_the_form_refuses_a_field_chosen_twice_and_answers_on_an_ignored_column(client: Client) -> None:
    url = reverse("population:mapping-create")
    twice = {**CHOSEN, "group_hh/father": ("given_name", "")}
    page = client.post(url, rows_posted(HEADERS, twice)).content.decode()
    assert "given_name is already filled by the column" in page
    ignored = {**CHOSEN, "_uuid": ("", "a=b")}
    page = client.post(url, rows_posted(HEADERS, ignored)).content.decode()
    assert "Choose a template field for these answers, or clear them." in page
    badly = {**CHOSEN, "group_ind/gender": ("sex", "1 is M")}
    page = client.post(url, rows_posted(HEADERS, badly)).content.decode()
    assert "Write one answer per line as answer=code" in page
    nothing = client.post(url, rows_posted(HEADERS, {})).content.decode()
    assert "Choose a template field for at least one column." in nothing
    assert not ColumnMapping.objects.exists()


def test_a_sample_that_cannot_be_read_is_refused_with_the_readers_message(client: Client) -> None:
    url = reverse("population:mapping-create")
    binary = client.post(url, {"action": "read", "name": "x", "sample": sample("\x00\x01\x02" * 50, "export.csv")})
    assert "export.csv is not a text file" in binary.content.decode()
    wide = ",".join(f"q{number}" for number in range(460)) + "\n" + ",".join("1" * 460) + "\n"
    too_wide = client.post(url, {"action": "read", "name": "x", "sample": sample(wide, "wide.csv")})
    assert "That makes 460 columns; a mapping can list at most 450." in too_wide.content.decode()
    missing = client.post(url, {"action": "read", "name": "x"})
    assert "Choose the sample file to read." in missing.content.decode()
    assert not ColumnMapping.objects.exists()


def test_editing_shows_the_saved_columns_and_another_sample_adds_its_own(client: Client, imo: Any) -> None:
    mapping = mapping_save(saved_by=imo, name="Partner sheet", columns={"Ref": "household_ref", "Gender": "sex"},
                           values={"sex": {"m": "M", "f": "F"}})  # fmt: skip
    url = reverse("population:mapping-edit", args=[mapping.pk])
    page = client.get(url).content.decode()
    assert headers_on(page) == ["Ref", "Gender"]
    assert "f=F\nm=M" in page
    chosen = {"Ref": ("household_ref", ""), "Gender": ("sex", "f=F\nm=M")}
    data = {**rows_posted(["Ref", "Gender"], chosen, name="Partner sheet"), "action": "read"}
    more = client.post(url, {**data, "sample": sample("Ref,Gender,Phone\nA,m,07701234567\n", "p.csv")})
    page = more.content.decode()
    assert headers_on(page) == ["Ref", "Gender", "Phone"]
    assert re.search(r'name="field_2"[^>]*>.*?<option value="phone" selected>', page, re.S)
    saved = client.post(url, rows_posted(["Ref", "Gender"], chosen, name="Partner sheet v2"))
    assert saved.status_code == 302
    mapping.refresh_from_db()
    assert mapping.name == "Partner sheet v2" and mapping.columns == {"Ref": "household_ref", "Gender": "sex"}
    assert client.get(reverse("population:mapping-edit", args=[mapping.pk + 99])).status_code == 404


def test_a_mapping_no_batch_used_is_deleted_and_a_used_one_is_kept(client: Client, imo: Any) -> None:
    unused = mapping_save(saved_by=imo, name="Unused", columns={"Ref": "household_ref"})
    used = mapping_save(saved_by=imo, name="Used", columns={"Ref": "household_ref"})
    client.post(reverse("population:batch-upload"), {"file": sample(), "mapping": used.pk})
    assert client.get(reverse("population:mapping-delete", args=[unused.pk])).status_code == 405
    gone = client.post(reverse("population:mapping-delete", args=[unused.pk]), follow=True).content.decode()
    assert "was deleted" in gone and not ColumnMapping.objects.filter(pk=unused.pk).exists()
    kept = client.post(reverse("population:mapping-delete", args=[used.pk]), follow=True).content.decode()
    assert "was used by an import and is kept" in kept and ColumnMapping.objects.filter(pk=used.pk).exists()


def test_a_field_officer_sees_mappings_but_cannot_change_them(imo: Any) -> None:
    mapping = mapping_save(saved_by=imo, name="Kobo", columns={"Ref": "household_ref"})
    officer = UserFactory.create(username="field.baghdad", role="field_officer", areas=[area_get("IQG08")])
    client = Client()
    client.force_login(officer)
    listing = client.get(reverse("population:mapping-list")).content.decode()
    assert "Kobo" in listing and reverse("population:mapping-create") not in listing
    assert client.get(reverse("population:mapping-create")).status_code == 403
    assert client.post(reverse("population:mapping-edit", args=[mapping.pk]), {"name": "x"}).status_code == 403
    assert client.post(reverse("population:mapping-delete", args=[mapping.pk])).status_code == 403
    assert ColumnMapping.objects.filter(name="Kobo").exists()
    viewer = UserFactory.create(username="viewer", role="viewer", areas=[area_get("IQ")])
    client.force_login(viewer)
    assert client.get(reverse("population:mapping-list")).status_code == 403
