"""A distribution planned, listed, served in the page and offline, and reported, in a real headless Chromium."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from haven.assistance.services.offline import POSITION
from tests.test_browser_demo import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser


def _until_listed(page) -> None:
    deadline = time.monotonic() + 60
    while page.locator("#distribution-status").inner_text() != "List ready":
        assert time.monotonic() < deadline, "the list was not generated within a minute"
        time.sleep(1)
        page.reload()


def test_a_programme_manager_plans_serves_and_reports_a_distribution(page, haven_server, tmp_path: Path) -> None:
    sign_in(page, haven_server, "programme")
    page.locator("nav.modules").get_by_role("link", name="Assistance", exact=True).click()
    page.get_by_role("link", name="NFI-2008").click()

    # The rule, previewed by governorate and group before it is saved.
    page.get_by_role("link", name="Edit the targeting rule").click()
    page.get_by_label("Host-community share (%)").fill("30")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#preview")
    preview.get_by_text("Households this rule selects today").wait_for()
    assert "Host community" in preview.inner_text()
    page.get_by_role("button", name="Save the rule").click()
    page.get_by_text("Targeting rule saved").wait_for()

    # A second round in Baghdad: place, date, team.
    page.get_by_role("link", name="Plan a distribution").click()
    page.get_by_label("Area served").fill("IQG08")
    page.get_by_label("Place").fill("Sadr City distribution point")
    page.get_by_label("Date").fill("2008-12-01")
    page.get_by_label("Team").fill("MoDM Baghdad team 3")
    page.get_by_label("Round").fill("2")
    page.get_by_role("button", name="Plan").click()
    page.get_by_role("button", name="Generate the distribution list").click()
    _until_listed(page)
    distribution_url = page.url

    # One household served in the page; a second attempt is refused with the reason.
    page.get_by_role("link", name="Record delivery").first.click()
    deliver_url = page.url
    page.get_by_label("Identified by").select_option("registration_number")
    page.get_by_label("Delivered on").fill("2008-12-01")
    page.get_by_role("button", name="Record the delivery").click()
    page.get_by_text(re.compile(r"Delivery to HH-[A-Z0-9-]+ recorded")).wait_for()
    page.goto(deliver_url)
    page.get_by_label("Delivered on").fill("2008-12-01")
    page.get_by_role("button", name="Record the delivery").click()
    page.get_by_text("already received this entitlement").wait_for()

    # The rest offline: the list downloaded, two households marked served, uploaded back.
    page.goto(distribution_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the list (XLSX)").click()
    offline = tmp_path / "list.xlsx"
    download.value.save_as(offline)
    workbook = load_workbook(offline)
    sheet = workbook.worksheets[0]
    marked = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=POSITION["delivered"] + 1).value != "recorded" and marked < 2:
            sheet.cell(row=row, column=POSITION["delivered"] + 1, value="yes")
            sheet.cell(row=row, column=POSITION["received_by"] + 1, value="Head of household")
            marked += 1
    workbook.save(offline)
    page.get_by_label("Filled-in list (XLSX)").set_input_files(str(offline))
    page.get_by_role("button", name="Upload the results").click()
    page.get_by_text("2 deliveries recorded from list.xlsx").wait_for()
    assert page.locator("#served").inner_text() == "3"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "distribution.png"), full_page=True)

    # The report: reached by programme, and the balance between groups.
    page.locator("nav.modules").get_by_role("link", name="Assistance report").click()
    page.get_by_label("By").select_option("programme")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"by=programme"))
    expect(page.locator("#reached")).to_contain_text("NFI-2008")
    expect(page.locator("#reached")).to_contain_text("EDA-2008")
    expect(page.locator("#balance tr.imbalanced").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "assistance-report.png"), full_page=True)
