"""A patient's journey to each outcome, by keyboard only, on a phone and a desktop,
with JavaScript on and off (BRIEF.md: works with JS off, mobile first, WCAG 2.2 AA).

Only page.keyboard moves: on every page the first Tab must reach the skip link, Enter
jumps into main, then Tab, arrows and Space answer and Enter continues.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import ANSWERS, OUTCOMES, WIDTHS, is_focused, skip_to_main, tab_to
from triage.wizard import STEPS

# PROTOCOL.md "What the result page offers": stretches, tips and plans on these results.
SHOWS_GUIDANCE = {"see_doctor", "physio", "self_care"}


def _answer(page: Page, key: str, value: object) -> None:
    """Answer the question on this page with the keyboard, then press Continue."""
    skip_to_main(page)
    inputs = page.locator(f"main input[name='{key}']")
    kind = inputs.first.get_attribute("type")
    if kind == "radio":
        values = inputs.evaluate_all("elements => elements.map(e => e.value)")
        tab_to(page, inputs.first)
        # In a radio group the arrow keys move and select; Space selects the first.
        steps = values.index(value)
        page.keyboard.press("Space" if steps == 0 else "ArrowDown")
        for _ in range(steps - 1):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f"main input[name='{key}'][value='{value}']")).to_be_checked()
    elif kind == "checkbox":
        assert isinstance(value, list)
        for box in inputs.all():
            if box.get_attribute("value") in value:
                tab_to(page, box)
                page.keyboard.press("Space")
                expect(box).to_be_checked()
    else:
        tab_to(page, inputs.first)
        page.keyboard.type(str(value))
    tab_to(page, page.locator("main button[type='submit']"))
    page.keyboard.press("Enter")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_keyboard_journey_to_each_outcome(request, open_page, live_server, outcome, width, js):
    if outcome in SHOWS_GUIDANCE:
        request.getfixturevalue("guidance")
    answers = ANSWERS[outcome]
    page = open_page(width=width, js=js)
    page.goto("/")

    skip_to_main(page)
    start = page.get_by_role("button", name="Start now")
    tab_to(page, start)
    page.keyboard.press("Enter")

    for key in STEPS:
        if key not in answers:
            break
        page.wait_for_url(f"{live_server.url}/check/{key}/")
        _answer(page, key, answers[key])

    if outcome != "emergency":
        page.wait_for_url(f"{live_server.url}/check/answers/")
        skip_to_main(page)
        see_result = page.get_by_role("button", name="See what to do next")
        tab_to(page, see_result)
        page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/check/result/")
    main = page.locator("main#maincontent")
    expect(main).to_have_attribute("data-outcome", outcome)
    # The result is reachable by keyboard too: skip link, then the first link, button or
    # <details> summary in main.
    skip_to_main(page)
    page.keyboard.press("Tab")
    assert is_focused(page.locator("main a, main button, main summary").first)
