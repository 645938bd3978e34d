from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from haven.core.services import ServiceError
from haven.funding import selectors, services
from haven.funding.models import Appeal, AppealProject

SEED_TOTAL = Decimal("61196920")


def test_the_seed_appeal_file_totals_usd_61_196_920_over_five_areas_and_twelve_projects(db: Any) -> None:
    result = services.seed_appeal_load()
    assert (result.projects, result.requirements_usd) == (12, SEED_TOTAL)
    coverage = selectors.appeal_coverage(result.appeal)
    assert coverage.total.requirements_usd == SEED_TOTAL
    assert [(area.label, area.requirements_usd) for area in coverage.areas] == [
        ("Emergency and Post-crisis Migration Management", Decimal(28_500_000)),
        ("Migration Health", Decimal(8_406_920)),
        ("Migration and Development", Decimal(2_120_000)),
        ("Regulating Migration", Decimal(13_500_000)),
        ("Technical Cooperation on Migration Management and Capacity Building", Decimal(8_670_000)),
    ]


def test_the_data_file_cites_its_source_and_states_phases(db: Any) -> None:
    data = json.loads(services.SEED_APPEAL.read_text())
    assert "Migration Initiatives" in data["_comment"] and "seed" in data["_comment"]
    services.seed_appeal_load()
    assert AppealProject.objects.get(code="IRQ-2009-07").phase == "new"
    assert AppealProject.objects.get(code="IRQ-2009-06").phase_label == "Phase III"


def test_loading_the_seed_appeal_again_changes_nothing(db: Any) -> None:
    first = services.seed_appeal_load()
    again = services.seed_appeal_load()
    assert not again.created and again.appeal.pk == first.appeal.pk
    assert Appeal.objects.count() == 1 and AppealProject.objects.count() == 12


def test_coverage_counts_commitments_and_payments_but_not_pledges(make_user: Any) -> None:
    manager = make_user("layla")
    appeal = services.seed_appeal_load().appeal
    project = selectors.appeal_project_by_code(appeal, "IRQ-2009-04")
    donor = services.donor_get_or_create(name="Donor A")
    common = {"by": manager, "donor": donor, "appeal": appeal, "appeal_project": project, "date": dt.date(2009, 2, 1)}
    services.contribution_record(status="paid", amount_original=Decimal(1_000_000), **common)
    services.contribution_record(
        status="commitment", amount_original=Decimal(700_000), currency="eur", exchange_rate=Decimal("0.7"), **common
    )
    pledge = services.contribution_record(status="pledge", amount_original=Decimal(500_000), **common)
    coverage = selectors.appeal_coverage(appeal)
    health = coverage.areas[1]
    assert health.funding_usd == Decimal(2_000_000) and health.pledged_usd == Decimal(500_000)
    assert health.projects[0].funding_usd == Decimal(2_000_000) and health.projects[0].coverage_pct == 30
    assert coverage.total.funding_usd == Decimal(2_000_000) and coverage.total.coverage_pct == 3
    services.contribution_advance(contribution=pledge, status="commitment", by=manager)
    assert selectors.appeal_coverage(appeal).total.funding_usd == Decimal(2_500_000)
    with pytest.raises(ServiceError, match="cannot become pledge"):
        services.contribution_advance(contribution=pledge, status="pledge", by=manager)


def test_a_contribution_in_another_currency_needs_its_rate(make_user: Any) -> None:
    appeal = services.seed_appeal_load().appeal
    with pytest.raises(ServiceError, match="exchange rate"):
        services.contribution_record(
            by=None, donor=services.donor_get_or_create(name="Donor B"), appeal=appeal, status="paid",
            date=dt.date(2009, 1, 1), amount_original=Decimal(100), currency="GBP",
        )  # fmt: skip


def test_coverage_percentages_round_half_up_as_fts_does() -> None:
    assert selectors.coverage_pct(Decimal(18_604_280), Decimal(52_845_731)) == 35
    assert selectors.coverage_pct(Decimal(320_251), Decimal(52_045_731)) == 1
    assert selectors.coverage_pct(Decimal(5), Decimal(10)) == 50
    assert selectors.coverage_pct(Decimal(1), Decimal(0)) is None
