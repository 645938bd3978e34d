"""The issue's acceptance path in a real headless Chromium against Haven started as `make demo` starts it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def sign_in(page, base_url: str, username: str, password: str = "haven-demo") -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def figures_on(page) -> list[int]:
    values = page.locator(".figure .value").all_inner_texts()
    return [int(re.sub(r"[^\d]", "", value.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))) for value in values]


def test_demo_user_signs_in_switches_to_arabic_and_reads_figures_right_to_left(page, haven_server) -> None:
    sign_in(page, haven_server, "field.baghdad")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    english_figures = figures_on(page)
    assert english_figures, "the overview shows no figures"
    assert any(value > 0 for value in english_figures)

    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state()
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.get_by_role("heading", name="نظرة عامة")).to_be_visible()
    assert figures_on(page) == english_figures
    # Right to left means the brand sits at the right edge of the bar.
    brand = page.locator(".brand").bounding_box()
    assert brand is not None and brand["x"] > page.viewport_size["width"] / 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "overview-ar.png"), full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_wrong_password_is_refused_with_a_clear_message(page, haven_server) -> None:
    page.goto(f"{haven_server}/login/")
    page.get_by_label("Username").fill("viewer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert (
        page.get_by_role("alert").inner_text().strip() == "That username and password do not match an active account."
    )


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_overview_fits_an_office_screen_and_a_phone(browser, haven_server, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, haven_server, "imo")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"overview-{width}.png"), full_page=True)
    context.close()


def test_boundaries_upload_runs_as_a_background_job_with_visible_progress(page, haven_server, shared_data) -> None:
    sign_in(page, haven_server, "imo")
    page.goto(f"{haven_server}/areas/load/")
    page.get_by_label("COD-AB file (GeoJSON or CSV)").set_input_files(
        str(next((shared_data / "iraq-cod-ab").glob("irq_admbnda_adm2_*.geojson")))
    )
    page.get_by_role("button", name="Load", exact=True).click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert page.locator(".job-progress progress").count() == 1
    # The worker started beside the server picks the job up; htmx polls the progress fragment.
    page.locator(".job-progress.status-succeeded").wait_for(timeout=60_000)
    assert "101" in page.locator(".job-result").inner_text()
    page.goto(f"{haven_server}/areas/IQG08/")
    assert page.locator(".map svg path").count() > 1


def test_a_bad_boundary_file_fails_the_job_with_a_clear_message(page, haven_server, tmp_path) -> None:
    bad = tmp_path / "districts.geojson"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not geojson at all")
    sign_in(page, haven_server, "imo")
    page.goto(f"{haven_server}/areas/load/")
    page.get_by_label("COD-AB file (GeoJSON or CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Load", exact=True).click()
    page.locator(".job-progress.status-failed").wait_for(timeout=60_000)
    message = page.get_by_role("alert").inner_text()
    assert "districts.geojson" in message
    assert "Traceback" not in page.content()
