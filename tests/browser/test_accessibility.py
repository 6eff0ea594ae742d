"""axe-core (static/vendor/axe-core) on every kind of page, at phone and desktop widths:
zero WCAG 2.2 AA violations (BRIEF.md). Each test walks several pages and fails once,
listing every violation by page.

The phone-width runs also save screenshots to tests/artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support import (
    ANSWERS,
    PHONE,
    SELF_CARE,
    WIDTHS,
    AxeAudit,
    give_answers,
    screenshot,
)
from triage.wizard import STEPS
from triage.wording import question_text

# Questions whose words change for neck pain ("arms or hands" for "legs"...): their neck
# pages are checked too. The first two are asked before the location is known.
NECK_WORDED = [
    key
    for key in STEPS
    if question_text(key, location="neck") != question_text(key, location="lower_back")
]


def _fill(page: Page, key: str, value: object) -> None:
    """Answer the question on this page (mouse is fine here: the journeys test keys)."""
    if isinstance(value, list):
        for item in value:
            page.locator(f"input[name='{key}'][value='{item}']").check()
    elif key == "severity":
        page.locator(f"input[name='{key}']").fill(str(value))
    else:
        page.locator(f"input[name='{key}'][value='{value}']").check()
    page.get_by_role("button", name="Continue").click()


def _submit_with_error(page: Page, key: str, *, typed: str = "") -> None:
    if typed:
        page.locator(f"input[name='{key}']").fill(typed)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))


def test_neck_wording_differs_on_some_pages():
    # Guards the list above: if wording stopped varying, the neck walk would check nothing.
    assert NECK_WORDED, "no question is worded differently for neck pain"


@pytest.mark.parametrize("location", ["lower_back", "neck"])
@pytest.mark.parametrize("width", WIDTHS)
def test_start_question_error_and_check_answers_pages(open_page, live_server, width, location):
    audit = AxeAudit(origin=live_server.url, width=width)
    page = open_page(width=width)
    answers = {**SELF_CARE, "location": location}
    first_walk = location == "lower_back"  # the neck walk checks only the neck wording

    if first_walk:
        page.goto("/")
        audit.check(page, "start page")
        if width == PHONE:
            screenshot(page, "start")
    page.goto(reverse("triage:start"))
    for key in STEPS:
        page.wait_for_url(f"{live_server.url}/check/{key}/")
        if first_walk or key in NECK_WORDED:
            audit.check(page, f"question {key} ({location})")
        if first_walk and width == PHONE and key == "emergency":
            screenshot(page, "question")
        # Error states of each kind of field: checkboxes, radios and a number.
        if first_walk and key in {"emergency", "location", "severity"}:
            _submit_with_error(page, key, typed="eleven" if key == "severity" else "")
            audit.check(page, f"question {key} with an error")
            if width == PHONE and key == "location":
                screenshot(page, "error")
        _fill(page, key, answers[key])

    page.wait_for_url(f"{live_server.url}/check/answers/")
    audit.check(page, f"check your answers ({location})")
    audit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_result_pages(open_page, live_server, guidance, width):
    audit = AxeAudit(origin=live_server.url, width=width)
    page = open_page(width=width)
    for outcome, answers in ANSWERS.items():
        give_answers(page.context, origin=live_server.url, answers=answers)
        page.goto(reverse("triage:result"))
        expect(page.locator("main")).to_have_attribute("data-outcome", outcome)
        audit.check(page, f"result {outcome}")
        if width == PHONE:
            screenshot(page, f"result-{outcome}")
    audit.assert_clean()


def _first_card(page: Page) -> str:
    href = page.locator("main a.nhsuk-card__link").first.get_attribute("href")
    assert href, f"no item to open on {page.url}"
    return href


@pytest.mark.parametrize("width", WIDTHS)
def test_guidance_pages(open_page, live_server, guidance, width):
    audit = AxeAudit(origin=live_server.url, width=width)
    page = open_page(width=width)

    page.goto(reverse("content:index"))
    audit.check(page, "guidance index")
    page.goto(reverse("content:stretch_list") + "?area=neck")
    expect(page.locator("main h1")).to_have_text("Stretches for your neck")
    audit.check(page, "stretch list, neck only")
    for name, list_url in [
        ("stretch", "content:stretch_list"),
        ("prevention tip", "content:tip_list"),
        ("plan", "content:plan_list"),
        ("guide", "content:guide_list"),
    ]:
        page.goto(reverse(list_url))
        audit.check(page, f"{name} list")
        page.goto(_first_card(page))
        audit.check(page, f"{name} page")
        if name == "stretch" and width == PHONE:
            screenshot(page, "stretch")
    audit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_not_found_page(open_page, live_server, width):
    audit = AxeAudit(origin=live_server.url, width=width)
    page = open_page(width=width, allow=(r"status of 404",))
    response = page.goto("/no-such-page/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("main h1")).to_have_text("Page not found")
    audit.check(page, "404 page")
    audit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_pages(open_page, live_server, guidance, width):
    # tests/pytest_env.py turns the two-factor requirement off, as for the other admin tests.
    User.objects.create_superuser("browser-admin", "admin@example.com", "a long test password")
    audit = AxeAudit(origin=live_server.url, width=width)
    page = open_page(width=width)

    changelist = reverse("admin:content_stretch_changelist")
    page.goto(changelist)
    page.wait_for_url(f"**{reverse('admin:login')}**")
    audit.check(page, "admin login")
    page.get_by_label("Username").fill("browser-admin")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url(f"{live_server.url}{changelist}")
    audit.check(page, "admin stretch list")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_url(f"**{changelist}*/change/")
    audit.check(page, "admin stretch change form")
    audit.assert_clean()
