"""Community assistance projects and the seed appeal in a real headless Chromium, on the demo `make demo` loads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser_demo import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser


def test_a_programme_manager_reads_the_cap_pipeline_and_moves_a_project_on(page, haven_server) -> None:
    sign_in(page, haven_server, "programme")
    page.locator("nav.modules").get_by_role("link", name="Projects").click()
    page.get_by_role("heading", name="Community assistance projects: pipeline").wait_for()
    implementing = page.locator("section.stage-implementing")
    assert implementing.locator("h2 .count").inner_text() == "38"
    counts = [int(text.replace(",", "")) for text in page.locator("section.board-column h2 .count").all_inner_texts()]
    assert sum(counts) == 400
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "cap-pipeline.png"), full_page=True)

    page.locator("section.stage-approved li.project-card a").first.click()
    page.wait_for_url(re.compile(r"/projects/CAP-\d{4}/$"))
    page.get_by_label("Move to").select_option("implementing")
    page.get_by_role("button", name="Record this step").click()
    page.get_by_text("is now implementing").wait_for()
    assert page.locator("dd.stage").inner_text() == "Implementing"


def test_the_appeal_overview_shows_the_seed_appeal_exactly_with_its_chart(page, haven_server) -> None:
    sign_in(page, haven_server, "viewer")
    page.locator("nav.modules").get_by_role("link", name="Funding").click()
    page.get_by_role("link", name="IOM Migration Initiatives 2009: Iraq").click()
    assert page.locator("#appeal-requirements").inner_text() == "61,196,920"
    expect(page.locator("table.coverage tr.programme-area")).to_have_count(5)
    expect(page.locator("table.coverage tr.appeal-project")).to_have_count(12)
    chart = page.locator("figure.coverage-bar svg")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.requirement")).to_have_count(5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "appeal-overview.png"), full_page=True)
