"""Deduplication in a real headless Chromium: the form's warning while typing, and deciding pairs of
people registered twice, on the demo that `make demo` loads."""

from __future__ import annotations

import re

import pytest

from tests.test_browser_demo import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser

NAME = re.compile(r"^Given name( \*)?$")
FATHER = re.compile(r"^Father's name( \*)?$")
SEX = re.compile(r"^Sex( \*)?$")
BIRTH = re.compile(r"^Birth date( \*)?$")


def _head(page, given: str, father: str, family: str, born: str) -> None:
    page.get_by_label("Population group").select_option("idp")
    page.get_by_label("Current area").fill("Baghdad")
    page.get_by_label("Area of origin").fill("IQG01")
    head = page.locator("#members .member").nth(0)
    head.get_by_label(NAME).fill(given)
    head.get_by_label(FATHER).fill(father)
    head.get_by_label("Family or tribal name").fill(family)
    head.get_by_label(SEX).select_option("M")
    head.get_by_label(BIRTH).fill(born)
    head.get_by_label(BIRTH).blur()


def test_the_form_warns_that_the_man_typed_in_arabic_is_registered_in_latin_letters(page, haven_server) -> None:
    sign_in(page, haven_server, "field.baghdad")
    page.goto(f"{haven_server}/registry/households/new/")
    _head(page, "Yousif", "Salman", "Al-Rubaie", "1959-05-20")
    page.locator("#form-check").get_by_text("No problem found so far").wait_for(timeout=10_000)
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url(re.compile(r"/registry/households/HH-IQG08-\d{6}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[-1]

    page.goto(f"{haven_server}/registry/households/new/")
    _head(page, "يوسف", "سلمان", "الربيعي", "1959")
    warning = page.locator("#possibly-registered")
    warning.wait_for(timeout=10_000)
    text = warning.inner_text()
    assert number in text and "Yousif Salman Al-Rubaie" in text and "likely the same person" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "registration-warning.png"), full_page=True)


def test_an_officer_decides_the_people_the_registry_check_found_registered_twice(page, haven_server) -> None:
    sign_in(page, haven_server, "imo")
    page.locator("nav.modules").get_by_role("link", name="Registry").click()
    page.get_by_role("link", name="People registered twice").click()
    cards = page.locator("article.duplicate")
    cards.first.wait_for()
    waiting = cards.count()
    assert waiting >= 2
    first = cards.first
    assert "likely the same person" in first.inner_text()
    assert first.locator(".cmp-agree").count() >= 3  # given, father and family names agree across scripts
    pair_id = first.get_attribute("id")
    first.get_by_role("button", name="Same person").click()
    decided = page.locator(f"#{pair_id}")
    decided.get_by_text("Decided by").wait_for()
    assert "Same person" in decided.inner_text()
    second = cards.nth(1)
    second_id = second.get_attribute("id")
    second.get_by_role("button", name="Different people").click()
    page.locator(f"#{second_id}").get_by_text("Decided by").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "registry-duplicates.png"), full_page=True)

    # A new check of the whole registry runs in the worker and lists no decided pair again.
    page.get_by_role("button", name="Check the registry now").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    status = page.locator(".job-status .badge")
    status.filter(has_text=re.compile("succeeded|failed")).wait_for(timeout=60_000)
    assert status.inner_text() == "succeeded"
    page.goto(f"{haven_server}/registry/duplicates/")
    assert page.locator("article.duplicate").count() == waiting - 2
    page.goto(f"{haven_server}/registry/duplicates/?decision=duplicate")
    assert page.locator(f"#{pair_id}").count() == 1
