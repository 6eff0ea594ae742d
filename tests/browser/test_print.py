"""The result on paper: one page with the outcome, what to do, every reason, the safety
net, the clinic's phone, the answers, the date and the protocol version, and none of the
site's header, footer, links back or buttons (PROTOCOL.md "What the result page offers":
a printable summary of the answers; docs/decisions/0008-short-results.md: the clinician's
summary and the patient's plan)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.support import (
    ANSWERS,
    DESKTOP,
    SCREENSHOTS,
    give_answers,
    pdf_pages,
    screenshot,
)


@pytest.mark.parametrize("outcome", ["self_care", "urgent", "emergency"])
def test_result_prints_on_one_page(open_page, live_server, guidance, outcome):
    answers = ANSWERS[outcome]
    page = open_page(width=DESKTOP)
    give_answers(page.context, origin=live_server.url, answers=answers)
    page.goto(reverse("triage:result"))
    page.emulate_media(media="print")

    for chrome in ["header", "footer", ".nhsuk-skip-link", ".nhsuk-back-link", "form"]:
        for element in page.locator(chrome).all():
            expect(element).to_be_hidden()
    for button in page.locator(".nhsuk-button, button").all():
        expect(button).to_be_hidden()

    expect(page.locator(".bot-result__print-title")).to_be_visible()
    expect(page.locator("#outcome h1")).to_be_visible()
    # What to do: the care card's lines, and the first screen's list or action text.
    for line in page.locator("#outcome .nhsuk-card__content p:not(.bot-no-print)").all():
        expect(line).to_be_visible()
    if outcome == "self_care":
        expect(page.locator("#do-today + ol li")).to_have_count(3)
        for item in page.locator("#do-today + ol li").all():
            expect(item).to_be_visible()
    # Every reason, the outcome's own and the others.
    for reason in page.locator(".bot-result__why li").all():
        expect(reason).to_be_visible()
    if outcome == "emergency":
        expect(page.locator("#safety-net")).to_have_count(0)
        expect(page.locator("#print-clinic-phone")).to_have_count(0)
    else:
        expect(page.locator("#safety-net")).to_be_visible()
        # Every emergency sign in full (PROTOCOL.md v3), and for the non-urgent results the
        # signs to see a doctor within 24-48 hours.
        expect(page.locator("#safety-net li")).to_have_count(13)
        for sign in page.locator("#safety-net li").all():
            expect(sign).to_be_visible()
        soon = page.locator("#see-a-doctor-soon li")
        expect(soon).to_have_count(6 if outcome == "self_care" else 0)
        for item in soon.all():
            expect(item).to_be_visible()
        expect(page.locator("#print-clinic-phone")).to_be_visible()
        expect(page.locator("#print-clinic-phone")).to_contain_text("(555) 010-")
    # The answers are in a closed <details> on screen, and still on paper.
    rows = page.locator(".bot-answers .nhsuk-summary-list__row")
    expect(rows).to_have_count(len(answers))
    for row in rows.all():
        expect(row).to_be_visible()
    expect(page.locator(".bot-result__meta")).to_have_text(
        re.compile(r"^Checked on .*\b\d{4}\. Protocol version 3\.$")
    )
    screenshot(page, f"result-{outcome}-print")

    pdf = page.pdf(format="Letter", print_background=True)
    (SCREENSHOTS / f"result-{outcome}.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == 1, "the printed result is not one page"
