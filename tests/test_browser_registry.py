"""Registering a household with its members in a real headless Chromium, then finding it in the other script."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser_demo import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser


def test_an_officer_registers_a_household_sees_problems_as_they_type_and_finds_it_again(page, haven_server) -> None:
    sign_in(page, haven_server, "field.baghdad")
    page.locator("nav.modules").get_by_role("link", name="Registry").click()
    page.get_by_role("link", name="Register a household").click()

    page.get_by_label("Population group").select_option("idp")
    page.get_by_label("Current area").fill("Baghdad")
    page.get_by_label("Area of origin").fill("IQG01")
    page.get_by_label("Displaced on").fill("2006-03-14")
    head = page.locator("#members .member").nth(0)
    head.get_by_label(re.compile(r"^Given name( \*)?$")).fill("مصطفى")
    head.get_by_label(re.compile(r"^Father's name( \*)?$")).fill("كريم")
    head.get_by_label("Family or tribal name").fill("الدليمي")
    head.get_by_label(re.compile(r"^Sex( \*)?$")).select_option("M")
    # A phone the form cannot read is reported while typing, before anything is saved.
    head.get_by_label(re.compile(r"^Phone( \*)?$")).fill("12345")
    head.get_by_label(re.compile(r"^Phone( \*)?$")).blur()
    check = page.locator("#form-check")
    check.get_by_text("Not an Iraqi mobile number").wait_for(timeout=10_000)
    head.get_by_label(re.compile(r"^Phone( \*)?$")).fill("0771 234 5678")
    head.get_by_label(re.compile(r"^Birth date( \*)?$")).fill("1966")
    head.get_by_label(re.compile(r"^Birth date( \*)?$")).blur()
    check.get_by_text("No problem found so far").wait_for(timeout=10_000)

    page.get_by_role("button", name="Add a member").click()
    son = page.locator("#members .member").nth(1)
    son.get_by_label(re.compile(r"^Relationship( \*)?$")).select_option("son")
    son.get_by_label(re.compile(r"^Given name( \*)?$")).fill("عمر")
    son.get_by_label(re.compile(r"^Sex( \*)?$")).select_option("M")
    son.get_by_label("or age").fill("9")
    page.get_by_role("button", name="Register", exact=True).click()

    page.wait_for_url(re.compile(r"/registry/households/HH-IQG08-\d{6}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    expect(page.get_by_text("2 people")).to_be_visible()
    members = page.locator("table").first.inner_text()
    assert "مصطفى كريم الدليمي" in members and "Estimated from age" in members
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "household.png"), full_page=True)

    # The household returns: a dated event joins its history, the earlier situation stays on record.
    page.get_by_role("link", name="Record a return, move or change of group").click()
    page.get_by_label("Population group").select_option("returnee")
    page.get_by_label("Date of the change").fill("2008-10-05")
    page.get_by_label("Note").fill("Returned with the family's own means")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(re.compile(rf"/registry/households/{number}/$"))
    history = page.locator("section").filter(has_text="History").inner_text()
    assert "Returned" in history and "Internally displaced → Returnee" in history

    page.locator("nav.modules").get_by_role("link", name="Registry").click()
    page.get_by_label("Search").fill("Mustafa Dulaimi")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/registry/\?q=Mustafa"))
    expect(page.get_by_role("link", name=number)).to_be_visible()
