"""The emergency question as a person in pain reads it, in Chromium at 375 px (PROTOCOL.md
v3, "Presentation"): one question with one key, its signs in five groups under headings
that stand out, each sign opening with its bold lead-in and going on with its full
description. Without JavaScript a ticked sign still leads straight to the emergency
result; with it, "None of these" clears the signs of every group. No WCAG 2.2 AA
violation (axe-core is itself a script, so it reads the same page with JavaScript on)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, AxeAudit, screenshot
from triage.wording import question_text, sign_groups

QUESTION = "/check/emergency/"
GROUPS = sign_groups()
SIGNS = {sign.value: sign for group in GROUPS for sign in group.signs}


def _checkbox(page: Page, value: str):
    """A sign's checkbox, found as a screen reader names it: the lead-in, then the words."""
    sign = SIGNS[value]
    return page.get_by_role("checkbox", name=f"{sign.lead} {sign.description}", exact=True)


def _px(page: Page, selector: str, prop: str) -> float:
    value = page.locator(selector).first.evaluate(
        "(element, prop) => getComputedStyle(element)[prop]", prop
    )
    return float(value.removesuffix("px"))


def test_the_grouped_question_works_without_javascript(open_page, live_server):
    page = open_page(width=PHONE, js=False)
    page.goto(QUESTION)

    fieldset = page.locator("main fieldset")
    expect(fieldset).to_have_count(1)  # one question
    title = question_text("emergency", location=None).title
    expect(fieldset.locator("legend h1")).to_have_text(title)
    expect(page.locator("main input[type='checkbox']")).to_have_count(len(SIGNS) + 1)
    expect(page.locator("main input[type='checkbox']:not([name='emergency'])")).to_have_count(0)

    # The five groups, in the protocol's order, each named by its heading.
    expect(fieldset.locator("h2")).to_have_text([group.heading for group in GROUPS])
    for group in GROUPS:
        named = fieldset.get_by_role("group", name=group.heading, exact=True)
        expect(named.get_by_role("checkbox")).to_have_count(len(group.signs))
        for sign in group.signs:
            expect(named.get_by_role("checkbox").and_(_checkbox(page, sign.value))).to_have_value(
                sign.value
            )
            label = named.locator(f"label:has-text('{sign.lead}')")
            expect(label.locator("strong")).to_have_text(sign.lead)

    # Headings stand out from the labels; lead-ins are bold; groups have room between.
    assert _px(page, ".bot-checkboxes__heading", "fontSize") > _px(
        page, ".nhsuk-checkboxes__label", "fontSize"
    )
    assert _px(page, ".bot-lead", "fontWeight") >= 600
    assert _px(page, ".bot-checkboxes__group + .bot-checkboxes__group", "marginTop") >= 16
    # "or", then "None of these", after the last group.
    expect(fieldset.locator(".bot-checkboxes__group + .nhsuk-checkboxes__divider")).to_have_text(
        ["or"]
    )
    expect(page.get_by_role("checkbox", name="None of these")).to_have_value("none")

    screenshot(page, "question-grouped-no-js")

    _checkbox(page, "dark_urine").check()  # in the last group: far down the page
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/check/result/")
    expect(page.locator("main")).to_have_attribute("data-outcome", "emergency")
    expect(page.locator("#travel")).to_have_text(
        "Go to the emergency room now, or call 911. Do not drive yourself."
    )
    expect(page.locator("#muscle-breakdown")).to_contain_text("Do not take ibuprofen")


def test_none_of_these_clears_every_group_and_axe_finds_nothing(open_page, live_server):
    audit = AxeAudit(origin=live_server.url, width=PHONE)
    page = open_page(width=PHONE)
    page.goto(QUESTION)
    audit.check(page, "emergency question, five groups")
    first, last = _checkbox(page, "bladder_bowel"), _checkbox(page, "little_urine")
    none = page.get_by_role("checkbox", name="None of these")
    first.check()
    last.check()
    none.check()  # NHS.UK exclusive checkbox: the others are cleared
    expect(first).not_to_be_checked()
    expect(last).not_to_be_checked()
    _checkbox(page, "head_neuro").check()
    expect(none).not_to_be_checked()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/check/result/")
    expect(page.locator("#travel")).to_have_text("Call 911 now and wait for the ambulance.")
    audit.check(page, "emergency result after the grouped question")
    audit.assert_clean()
