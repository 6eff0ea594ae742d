"""The NHS.UK error pattern in a real browser, with JavaScript on and off.

https://service-manual.nhs.uk/design-system/components/error-summary: the title starts
"Error:", the summary comes first and (with JavaScript) takes focus, and each of its
links leads to the field with the problem.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, SELF_CARE, give_answers, is_focused, skip_to_main
from triage.wizard import STEPS

# (question, what is ticked or typed): nothing chosen on checkboxes and on radios, a
# number out of range (kept as typed), and "None of these" with another box.
CASES = [
    ("emergency", []),
    ("location", []),
    ("severity", "eleven"),
    ("nerve", ["numbness_tingling", "none"]),
]

LINK_TARGETS = """summary => [...summary.querySelectorAll("a")].map(link => {
    const href = link.getAttribute("href");
    const target = href.startsWith("#") ? document.getElementById(href.slice(1)) : null;
    return {href, tag: target ? target.tagName : null, type: target ? target.type : null};
})"""


def _open_question_with_error(page: Page, origin: str, key: str, given: object) -> None:
    earlier = {k: SELF_CARE[k] for k in STEPS[: STEPS.index(key)]}
    give_answers(page.context, origin=origin, answers=earlier)
    page.goto(reverse("triage:question", kwargs={"key": key}))
    if isinstance(given, list):
        for value in given:
            page.locator(f"input[name='{key}'][value='{value}']").check()
    else:
        page.locator(f"input[name='{key}']").fill(given)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def _assert_summary_links_lead_to_fields(page: Page) -> list[str]:
    summary = page.locator(".nhsuk-error-summary")
    links = summary.evaluate(LINK_TARGETS)
    assert links, "the error summary has no links"
    for link in links:
        assert link["href"].startswith("#"), link
        assert link["tag"] in {"INPUT", "SELECT", "TEXTAREA"}, f"{link} is not a form field"
    return [link["href"][1:] for link in links]


def _assert_error_page(page: Page, key: str, given: object) -> list[str]:
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    ids = _assert_summary_links_lead_to_fields(page)
    # Each field with a problem has its message, tied to it for screen readers.
    for field_id in ids:
        message = page.locator(f"#{field_id}-error")
        expect(message).to_be_visible()
        described = page.locator(f"[aria-describedby~='{field_id}-error']")
        expect(described).to_have_count(1)
    if isinstance(given, str):
        expect(page.locator(f"input[name='{key}']")).to_have_value(given)  # kept as typed
    return ids


@pytest.mark.parametrize(("key", "given"), CASES[:3], ids=[key for key, _ in CASES[:3]])
def test_error_summary_with_javascript(open_page, live_server, key, given):
    page = open_page(width=PHONE)
    _open_question_with_error(page, live_server.url, key, given)
    ids = _assert_error_page(page, key, given)

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    # From the summary, Tab reaches its first link and Enter moves focus to the field.
    page.keyboard.press("Tab")
    assert is_focused(summary.locator("a").first)
    page.keyboard.press("Enter")
    expect(page.locator(f"#{ids[0]}")).to_be_focused()


def test_none_of_these_clears_the_other_boxes_with_javascript(open_page, live_server):
    # nhsuk-checkboxes' exclusive option: the clash of the last case cannot be sent.
    page = open_page(width=PHONE)
    _open_question_with_error(page, live_server.url, "nerve", ["numbness_tingling", "none"])
    expect(page).to_have_url(f"{live_server.url}/check/impact/")


@pytest.mark.parametrize(("key", "given"), CASES, ids=[key for key, _ in CASES])
def test_error_summary_without_javascript(open_page, live_server, key, given):
    page = open_page(width=PHONE, js=False)
    _open_question_with_error(page, live_server.url, key, given)
    _assert_error_page(page, key, given)

    summary = page.locator(".nhsuk-error-summary")
    # Nothing in main comes before the summary.
    first = page.locator("main").locator("h1, h2, p, li, legend, label, input").first
    expect(summary.locator("h2")).to_have_text("There is a problem")
    assert summary.evaluate("(summary, first) => summary.contains(first)", first.element_handle())
    # The first thing a keyboard reaches in main is the summary's first link.
    skip_to_main(page)
    page.keyboard.press("Tab")
    assert is_focused(summary.locator("a").first)
