from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from haven.core.services import ServiceError
from haven.geo.selectors import area_get
from haven.projects import selectors, services, whowhatwhere
from haven.projects.models import Project

HEADER = "Code,Partner,Ministry,Cluster,Gov pcode,Status,Start,Budget,IDP target,IDP reached\n"
TAGS = "#activity+code,#org+impl+name,#org+govt+name,#sector+cluster+name,#adm1+code,#status+code,#date+start,#value+budget+usd,#targeted+idp,#reached+idp\n"  # noqa: E501


def _file(*rows: str) -> str:
    return HEADER + TAGS + "".join(row + "\n" for row in rows)


def test_a_cluster_3w_with_its_own_headers_imports_by_hashtag(make_user: Any) -> None:
    manager = make_user("layla")
    text = _file(
        "CAP-9001,IRCS,Ministry of Health,Health,IQG08,implementing,2008-06-01,250000,400,150",
        "CAP-9002,IOM,MoLSA,Early Recovery,IRQ-G01,identified,,90000,,",
    )
    text = text.replace("Code,", "Code,").replace("#activity+code,", "#activity+code,")
    with pytest.raises(ServiceError, match="#activity\\+name"):
        services.whowhatwhere_import(text=text, filename="cluster.csv", by=manager)
    text = text.replace("Code,", "Code,Title,", 1).replace("#activity+code,", "#activity+code,#activity+name,", 1)
    text = text.replace("CAP-9001,", "CAP-9001,Clinic repairs,").replace("CAP-9002,", "CAP-9002,Job placement,")
    result = services.whowhatwhere_import(text=text, filename="cluster.csv", by=manager)
    assert result.created == ["CAP-9001", "CAP-9002"]
    clinic = Project.objects.get(code="CAP-9001")
    assert (clinic.partner, clinic.counterpart, clinic.sector, clinic.stage) == (
        "IRCS", "Ministry of Health", "health", "implementing",
    )  # fmt: skip
    assert clinic.area.pcode == "IQG08" and clinic.budget_usd == Decimal(250000)
    assert "as reported in the 3W file" in clinic.stage_changes.last().note  # type: ignore[union-attr]
    assert Project.objects.get(code="CAP-9002").sector == "livelihoods"
    assert clinic.beneficiaries.get().targeted == 400


def test_importing_the_same_3w_twice_changes_nothing(make_user: Any) -> None:
    manager = make_user("layla")
    text = (
        _file("CAP-9001,IRCS,Ministry of Health,Health,IQG08,implementing,2008-06-01,250000,400,150")
        .replace("Code,", "Code,Title,", 1)
        .replace("#activity+code,", "#activity+code,#activity+name,", 1)
        .replace("CAP-9001,", "CAP-9001,Clinic repairs,")
    )
    services.whowhatwhere_import(text=text, filename="a.csv", by=manager)
    again = services.whowhatwhere_import(text=text, filename="a.csv", by=manager)
    assert (again.created, again.updated, again.unchanged) == ([], [], ["CAP-9001"])


def test_a_bad_row_names_file_row_and_column_and_nothing_is_imported(make_user: Any) -> None:
    manager = make_user("layla")
    text = (
        "Code,Title,Cluster,Gov pcode,Budget\n#activity+code,#activity+name,#sector+name,#adm1+code,#value+budget+usd\n"
        "CAP-1,Fine,Health,IQG08,100\n"
        "CAP-2,Bad place,Health,IQG99,100\n"
        "CAP-3,Bad money,Astrology,IQG08,lots\n"
    )
    with pytest.raises(ServiceError) as refusal:
        services.whowhatwhere_import(text=text, filename="bad.csv", by=manager)
    message = str(refusal.value)
    assert "bad.csv, row 4, column 'Gov pcode'" in message
    assert "bad.csv, row 5, column 'Cluster': unknown sector" in message
    assert "bad.csv, row 5, column 'Budget'" in message
    assert not Project.objects.exists()


def test_haven_export_reimports_to_the_same_projects(make_user: Any) -> None:
    manager = make_user("layla")
    area = area_get("IQG08")
    assert area is not None
    project = services.project_create(
        created_by=manager, code="CAP-7", title="Schools", sector="education", area=area, budget_usd=Decimal("5000.50"),
        partner="IOM", counterpart="Ministry of Education",
    )  # fmt: skip
    services.project_beneficiaries_set(project=project, figures={"returnee": (50, 10)}, by=manager)
    rows = list(whowhatwhere.write(selectors.whowhatwhere_rows(selectors.projects_visible_to(manager))))
    assert rows[1][0] == "#activity+code" and rows[2][:2] == ["CAP-7", "Schools"]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    result = services.whowhatwhere_import(text=out.getvalue(), filename="haven-3w.csv", by=manager)
    assert result.unchanged == ["CAP-7"]


def test_implementing_partner_is_not_read_from_the_government_column() -> None:
    tags = ["#org+govt+name", "#org+impl+name", "#activity+code"]
    assert whowhatwhere._column_for(tags, "#org+name") == 1
    assert whowhatwhere._column_for(tags, "#org+govt+name") == 0


@given(st.permutations(["name", "cluster", "sector"]), st.sampled_from(["", " ", "  "]))
def test_hashtag_attributes_match_in_any_order_and_case(order: list[str], space: str) -> None:
    tag = "#SECTOR" + "".join(f"{space}+{attribute.upper()}" for attribute in order)
    assert whowhatwhere.tag_key(tag) == ("#sector", frozenset({"name", "cluster", "sector"}))


def test_haven_projects_import_3w_imports_a_file_and_refuses_one_that_is_not_utf8(
    make_user: Any, tmp_path: Path
) -> None:
    good = tmp_path / "partners-3w.csv"
    good.write_text(
        _file("CAP-9001,IRCS,Ministry of Health,Health,IQG08,implementing,2008-06-01,250000,400,150")
        .replace("Code,", "Code,Title,", 1)
        .replace("#activity+code,", "#activity+code,#activity+name,", 1)
        .replace("CAP-9001,", "CAP-9001,Clinic repairs,"),
        encoding="utf-8-sig",
    )
    out = io.StringIO()
    call_command("projects", "import-3w", str(good), stdout=out, stderr=io.StringIO())
    assert out.getvalue() == "partners-3w.csv: 1 projects created, 0 updated, 0 unchanged.\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Code,Title\n#activity+code,#activity+name\nCAP-1,Réparation\n".encode("cp1252"))
    with pytest.raises(CommandError, match=r"latin\.csv is not UTF-8 text"):
        call_command("projects", "import-3w", str(latin), stdout=io.StringIO(), stderr=io.StringIO())
    assert list(Project.objects.values_list("code", flat=True)) == ["CAP-9001"]
