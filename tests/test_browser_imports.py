"""A registration file imported through the pages, in a real headless Chromium, with the worker beside the server."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from tests.test_browser_demo import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser


def registration_file(folder: Path) -> Path:
    # Names unique to this run, and no phone or document number: nothing in the demo registry can match them.
    tag = "".join(chr(ord("a") + int(digit, 16)) for digit in uuid.uuid4().hex[:6])  # letters: names take no digits
    path = folder / f"baghdad-{tag}.csv"
    path.write_text(
        "household_ref,relationship,given_name,father_name,sex,birth_date,population_group,location,origin,consent\n"
        f"B-{tag}-1,head,Hadi {tag},Salim,M,1971,idp,IQG08,IQG01,yes\n"
        f"B-{tag}-1,spouse,Suha {tag},Nasser,F,1975-04,,,,\n"
        f"B-{tag}-1,daughter,Nour {tag},Hadi,F,2003-09-12,,,,\n"
        f"B-{tag}-2,head,Karim {tag},Abbas,M,1960,idp,IQG08,IQG01,yes\n",
        encoding="utf-8",
    )
    return path


def test_an_imo_uploads_a_file_follows_the_check_and_merges_it(page, haven_server, tmp_path) -> None:
    sign_in(page, haven_server, "imo")
    page.locator("nav.modules").get_by_role("link", name="Imports").click()
    page.get_by_role("link", name="Upload a registration file").first.click()
    page.get_by_label("Registration file (CSV or XLSX)").set_input_files(str(registration_file(tmp_path)))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r"/registry/imports/[0-9a-f-]+/$"))

    # The worker checks the file; htmx polls the status and reloads the page once the check is done.
    page.locator('#batch-status[data-status="ready"]').wait_for(timeout=60_000)
    figures = dict(
        zip(
            page.locator("#batch-status .figure dt").all_inner_texts(),
            page.locator("#batch-status .figure .value").all_inner_texts(),
            strict=True,
        )
    )
    assert figures["Rows"] == "4" and figures["Households"] == "2" and figures["Errors"] == "0"
    assert "No problems were found." in page.locator("#problems").inner_text()

    page.get_by_role("button", name="Merge into the registry").click()
    page.locator('#batch-status[data-status="merged"]').wait_for(timeout=60_000)
    assert "Merged: 2 households and 4 people were registered." in page.locator("#batch-status").inner_text()
    assert "Traceback" not in page.content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-merged.png"), full_page=True)

    page.locator("nav.modules").get_by_role("link", name="Imports").click()
    assert page.locator("tbody tr").first.locator(".badge").inner_text() == "Merged"
