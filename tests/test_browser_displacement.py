"""Displacement figures in a real headless Chromium against Haven started as `make demo` starts it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser_demo import sign_in

pytestmark = pytest.mark.browser


def test_an_officer_imports_dtm_figures_and_reads_them_nationally_and_by_governorate(page, haven_server, shared_data):
    sign_in(page, haven_server, "imo")
    page.get_by_role("link", name="Displacement").first.click()
    expect(page.get_by_role("heading", name="Displacement in Iraq")).to_be_visible()
    expect(page.locator(".chart svg polyline").nth(1)).to_be_attached()  # the demo's IDPs and returnees of 2008

    page.get_by_role("link", name="Rounds and imports").click()
    page.get_by_label("Figures file (DTM API JSON, master list CSV/XLSX, or HXL CSV)").set_input_files(
        str(shared_data / "dtm-iraq" / "dtm-api-v2-admin1-irq.json")
    )
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    page.locator(".job-progress.status-succeeded").wait_for(timeout=60_000)

    page.goto(f"{haven_server}/displacement/?date=2024-04-30")
    headline = page.locator("#headline").locator("xpath=..")
    assert "1,098,913" in headline.inner_text()
    page.goto(f"{haven_server}/displacement/?date=2014-04-01")
    assert "443,124" in page.locator("#headline").locator("xpath=..").inner_text()
    page.get_by_role("link", name="Ninewa", exact=True).click()
    expect(page.get_by_role("heading", name="Displacement in Ninewa")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV with HXL").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "#affected+idps+ind" in text.splitlines()[1]

    page.goto(f"{haven_server}/displacement/flows/?date=2008-12-01")
    expect(page.locator("table.matrix")).to_be_visible()
    page.goto(f"{haven_server}/displacement/places/?date=2008-12-01")
    expect(page.locator("td[class*=severity-]").first).to_be_visible()


def test_a_branch_officer_reads_their_governorate_right_to_left_and_nothing_beyond(page, haven_server) -> None:
    sign_in(page, haven_server, "field.baghdad")
    page.goto(f"{haven_server}/displacement/")
    expect(page.get_by_role("heading", name="Displacement in Baghdad")).to_be_visible()
    english = re.sub(r"\D", "", page.locator(".figure .value").first.inner_text())
    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    arabic = page.locator(".figure .value").first.inner_text().translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    assert re.sub(r"\D", "", arabic) == english
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    response = page.goto(f"{haven_server}/displacement/areas/IQG01/")
    assert response is not None and response.status == 404
    page.get_by_role("button", name="English").click()


def test_a_bad_figures_file_fails_with_the_row_named(page, haven_server, tmp_path) -> None:
    bad = tmp_path / "round.csv"
    bad.write_text("Governorate,Date,Families\nAtlantis,2015-01-01,4\n", encoding="utf-8")
    sign_in(page, haven_server, "imo")
    page.goto(f"{haven_server}/displacement/imports/")
    page.get_by_label("Figures file (DTM API JSON, master list CSV/XLSX, or HXL CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator(".job-progress.status-failed").wait_for(timeout=60_000)
    message = page.get_by_role("alert").inner_text()
    assert "round.csv was not imported" in message and "row 2, area" in message
