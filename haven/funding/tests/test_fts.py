from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.core.services import ServiceError
from haven.funding import fts, selectors, services
from haven.funding.models import Appeal, Contribution


def _import(folder: Path, name: str) -> services.FtsImportResult:
    return services.fts_import(text=(folder / name).read_text(encoding="utf-8"), name=name, by=None)


@pytest.fixture
def jordan(db: Any, shared_data: Path) -> Path:
    folder = shared_data / "fts"
    for name in (
        "fts_incoming_funding_jor.csv",
        "fts_requirements_funding_jor.csv",
        "fts_requirements_funding_cluster_jor.csv",
    ):
        _import(folder, name)
    return folder


def test_fts_import_reproduces_the_requirements_of_each_plan(jordan: Path) -> None:
    covid = Appeal.objects.get(fts_plan_id=1010)
    regional = Appeal.objects.get(fts_plan_id=943)
    assert selectors.appeal_coverage(covid).total.requirements_usd == Decimal(52_845_731)
    assert selectors.appeal_coverage(regional).total.requirements_usd == Decimal(1_475_421_996)
    assert (covid.code, covid.kind, regional.kind) == ("OJOR20", "other", "regional_plan")
    areas = {area.label: area.requirements_usd for area in selectors.appeal_coverage(covid).areas}
    assert areas["Health COVID-19"] == Decimal(52_045_731) and areas["Education COVID-19"] == Decimal(600_000)


def test_jordan_covid_plan_funding_summed_from_flows_equals_fts_18_604_280_at_35_percent(jordan: Path) -> None:
    covid = selectors.appeal_coverage(Appeal.objects.get(code="OJOR20"))
    assert covid.total.funding_usd == Decimal(18_604_280) == covid.appeal.reported_funding_usd
    assert covid.total.coverage_pct == 35 == covid.appeal.reported_coverage_pct
    by_cluster = {area.label: area.funding_usd for area in covid.areas}
    # FTS's own figures by cluster, from fts_requirements_funding_cluster_jor.csv.
    assert by_cluster["Health COVID-19"] == Decimal(320_251)
    assert by_cluster["Multi-sector COVID-19"] == Decimal(2_148_882)
    assert by_cluster["Not specified"] == Decimal(16_135_147)


def test_flows_shared_with_other_plans_or_countries_are_listed_but_not_counted(jordan: Path) -> None:
    regional = selectors.appeal_coverage(Appeal.objects.get(code="RSYR20"))
    shared = Contribution.objects.filter(appeal__code="RSYR20", boundary="shared").exclude(status="pledge")
    assert regional.shared_count == shared.count() == 46
    assert regional.shared_usd == sum((c.amount_usd for c in shared), Decimal(0))
    single = Contribution.objects.filter(appeal__code="RSYR20", boundary="single").exclude(status="pledge")
    assert regional.total.funding_usd == sum(
        (c.amount_usd for c in single if c.flow_type != "pass_through"), Decimal(0)
    )
    # Without FTS's shares of the shared flows Haven's sum differs a little from FTS's own figure for the plan.
    assert abs(regional.total.funding_usd - Decimal(597_249_843)) < Decimal(300_000)


def test_importing_the_same_fts_files_again_changes_nothing(jordan: Path) -> None:
    before = list(Contribution.objects.order_by("pk").values_list("pk", "updated_at", "programme_area_id"))
    for name in (
        "fts_incoming_funding_jor.csv",
        "fts_requirements_funding_jor.csv",
        "fts_requirements_funding_cluster_jor.csv",
    ):
        result = _import(jordan, name)
        assert (result.created, result.updated) == (0, 0), name
    assert list(Contribution.objects.order_by("pk").values_list("pk", "updated_at", "programme_area_id")) == before
    assert Appeal.objects.count() == 2


def test_a_malformed_fts_file_is_refused_with_row_and_column_and_nothing_changes(db: Any) -> None:
    text = (
        "id,date,amountUSD,srcOrganization,destPlanId,onBoundary,status,flowType\n"
        "1,2020-01-01,100,Donor,,single,paid,Standard\n"
        "2,2020-13-01,abc,Donor,,single,given,Standard\n"
    )
    with pytest.raises(ServiceError) as refusal:
        services.fts_import(text=text, name="flows.csv", by=None)
    message = str(refusal.value)
    assert "flows.csv, row 3, column 'date'" in message and "row 3, column 'amountUSD'" in message
    assert "row 3, column 'status'" in message
    assert not Contribution.objects.exists()
    with pytest.raises(ServiceError, match="not an FTS file"):
        services.fts_import(text="a,b\n1,2\n", name="other.csv", by=None)


@given(st.decimals(min_value=0, max_value=10**12, places=0), st.sampled_from(["paid", "commitment", "pledge"]))
def test_any_well_formed_flow_row_parses_to_its_amount_and_status(amount: Decimal, status: str) -> None:
    text = (
        "id,date,amountUSD,srcOrganization,destPlanId,onBoundary,status,flowType\n"
        f"7,2020-05-01,{amount},Donor,1010,shared,{status},Pass through\n"
    )
    parsed = fts.read(text, name="x.csv")
    flow = parsed.flows[0]
    assert (flow.amount_usd, flow.status, flow.boundary, flow.flow_type) == (amount, status, "shared", "pass_through")
