from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from django.core.management import call_command

from haven.funding import iati, selectors, services


@pytest.fixture(scope="module")
def iati_schema(shared_data: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_data / "iati-2.03" / "iati-activities-schema.xsd"))


@pytest.fixture
def funded_appeal(make_user: Any) -> Any:
    manager = make_user("layla")
    appeal = services.seed_appeal_load().appeal
    project = selectors.appeal_project_by_code(appeal, "IRQ-2009-01")
    donor = services.donor_get_or_create(name="Donor & Partners <A>")
    for status, amount in (("paid", "4000000"), ("commitment", "1000000"), ("pledge", "250000")):
        services.contribution_record(
            by=manager, donor=donor, appeal=appeal, appeal_project=project, status=status,
            date=dt.date(2009, 4, 1), amount_original=Decimal(amount) * Decimal("0.8"), currency="EUR",
            exchange_rate=Decimal("0.8"),
        )  # fmt: skip
    return appeal


def test_iati_export_validates_against_the_2_03_schema(funded_appeal: Any, iati_schema: Any, tmp_path: Path) -> None:
    out = tmp_path / "iati.xml"
    call_command("funding", "export-iati", "--out", str(out), stdout=io.StringIO())
    iati_schema.validate(str(out))
    root = ET.parse(out).getroot()  # noqa: S314  (our own export)
    assert root.get("version") == "2.03"
    activities = root.findall("iati-activity")
    assert len(activities) == 12
    budgets = [Decimal(a.findtext("budget/value") or "0") for a in activities]
    assert sum(budgets) == Decimal(61_196_920)


def test_iati_transactions_carry_each_contribution_by_its_status(funded_appeal: Any) -> None:
    root = ET.fromstring(iati.activities_xml(selectors.appeal_projects(), appeal=funded_appeal))  # noqa: S314
    humanitarian = next(
        a for a in root.findall("iati-activity") if a.findtext("iati-identifier", "").endswith("IRQ-2009-01")
    )
    types = sorted(
        (t.findall("transaction-type")[0].get("code"), t.findtext("value")) for t in humanitarian.findall("transaction")
    )
    assert types == [("1", "4000000.00"), ("11", "1000000.00"), ("13", "250000.00")]
    assert humanitarian.find("activity-status").get("code") == "2"  # type: ignore[union-attr]
    assert humanitarian.find("recipient-country").get("code") == "IQ"  # type: ignore[union-attr]


def test_funding_summary_csv_has_one_row_per_programme_area(funded_appeal: Any) -> None:
    out = io.StringIO()
    call_command("funding", "summary", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["appeal", "programme_area", "requirements_usd", "funding_usd", "coverage_pct"]
    assert rows[1] == ["IOM-IRQ-2009", "Emergency and Post-crisis Migration Management", "28500000", "5000000", "18"]
    assert len(rows) == 6
    assert sum(int(row[2]) for row in rows[1:]) == 61_196_920


def test_import_fts_command_reports_and_refuses_a_bad_file(db: Any, shared_data: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("funding", "import-fts", str(shared_data / "fts" / "fts_requirements_funding_jor.csv"), stdout=out)
    assert "(plans): 2 new" in out.getvalue() and "98,392,138" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,here\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not an FTS file"):
        call_command("funding", "import-fts", str(bad), stdout=io.StringIO())
