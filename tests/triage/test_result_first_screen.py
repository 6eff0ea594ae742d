"""The first screen of every result answers "what do I do now?"
(docs/decisions/0008-short-results.md), and the reasons say first what made this the
result."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_clinic
from tests.journeys import JOURNEYS, answer_all, answers_like, main_html

pytestmark = pytest.mark.django_db


def _lists(html: str, heading_id: str) -> list[str]:
    """The items of the list straight after the element with ``heading_id``."""
    tail = html[html.index(f'id="{heading_id}"') :]
    listing = tail[tail.index("<ul") : tail.index("</ul>")]
    return re.findall(r"<li>(.*?)</li>", listing, re.S)


def _result(client, answers) -> str:
    answer_all(client, answers)
    return main_html(client.get(reverse("triage:result")))


def _before_why(html: str) -> str:
    return html[: html.index('id="why-this-result"')]


def test_reasons_at_the_outcomes_level_come_first_and_the_rest_are_other_things(client):
    html = _result(client, answers_like(onset="sudden_during", severity=7, trend="worse"))
    assert _lists(html, "why-this-result") == [
        "Your pain came on suddenly while you were exercising, and it is bad "
        "(7 or more out of 10).",
    ]
    # D5 ("came on suddenly") and D7 ("7 or more") would say again what U5 said: each
    # thing is read once.
    assert _lists(html, "other-things") == ["Your pain is getting worse."]


def test_other_things_are_left_out_when_all_were_said(client):
    html = _result(client, answers_like(onset="sudden_during", severity=7))
    assert 'id="other-things"' not in html
    assert "Your pain came on suddenly while you were exercising." not in html
    assert "Your pain is bad (7 or more out of 10)." not in html


def test_with_every_reason_at_one_level_there_are_no_other_things(client):
    html = _result(client, answers_like(duration="1_to_3_weeks"))
    assert _lists(html, "why-this-result") == ["You have had the pain for more than a week."]
    assert 'id="other-things"' not in html


def test_the_emergency_result_starts_with_a_call_911_button(client):
    make_clinic()
    html = _result(client, JOURNEYS["emergency"])
    first = _before_why(html)
    assert re.search(
        r'<a class="nhsuk-button bot-button--call[^"]*" href="tel:911" role="button"[^>]*>'
        r"Call 911</a>",
        first,
    )
    assert "Do not drive yourself." in first
    assert 'id="primary-action"' not in html  # no booking button that could delay a call
    assert "(555) 010-2000" not in html


def test_the_urgent_result_puts_the_same_day_number_right_under_the_card(client):
    make_clinic()
    html = _result(client, JOURNEYS["urgent"])
    action = html[html.index('id="primary-action"') : html.index('id="why-this-result"')]
    assert 'href="tel:5550102001"' in action
    assert "Call for a same-day appointment: (555) 010-2001" in action
    assert html.index('id="outcome"') < html.index('id="primary-action"')


def test_the_urgent_result_falls_back_to_the_main_number(client):
    make_clinic(urgent_phone="")
    html = _result(client, JOURNEYS["urgent"])
    assert "Call for a same-day appointment: (555) 010-2000" in _before_why(html)


@pytest.mark.parametrize("outcome", ["see_doctor", "physio"])
def test_see_doctor_and_physio_start_with_a_booking_button(client, outcome):
    make_clinic()
    first = _before_why(_result(client, JOURNEYS[outcome]))
    assert re.search(
        r'<a class="nhsuk-button bot-button--call[^"]*" href="https://example.org/book"', first
    )
    assert "Or call Test Spine Clinic on" in first


def test_without_a_booking_link_the_button_calls_the_clinic(client):
    make_clinic(booking_url="")
    first = _before_why(_result(client, JOURNEYS["see_doctor"]))
    assert "Call to book: (555) 010-2000" in first


def test_self_care_starts_with_the_three_things_to_do_today(client):
    first = _before_why(_result(client, JOURNEYS["self_care"]))
    today = first[first.index('id="do-today"') :]
    today = today[: today.index("</ol>")]
    assert len(re.findall(r"<li>", today)) == 3
    assert "Rest from the exercise that caused it" in today


def test_the_answers_are_in_a_details_section_that_works_without_javascript(client):
    html = _result(client, JOURNEYS["see_doctor"])
    details = html[html.index('<details class="nhsuk-details bot-result__answers"') :]
    details = details[: details.index("</details>")]
    assert '<summary class="nhsuk-details__summary">' in details
    assert 'class="nhsuk-summary-list bot-answers"' in details


def test_the_printout_names_the_clinic_phone(client):
    make_clinic()
    html = _result(client, JOURNEYS["physio"])
    assert (
        '<p class="bot-print-only" id="print-clinic-phone">Test Spine Clinic: (555) 010-2000. '
        "Same-day appointments: (555) 010-2001.</p>"
    ) in html


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(answers_like(location="neck", history=["recurring"]), id="physio-neck"),
        pytest.param(answers_like(location="neck", nerve=["radiating"]), id="see_doctor-neck"),
        pytest.param(answers_like(location="neck"), id="self_care-neck"),
    ],
)
def test_a_neck_result_never_heads_its_advice_with_back(client, answers):
    from django.core.management import call_command

    call_command("seed_content", verbosity=0)
    html = _result(client, answers)
    headings = [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r"<(?:h[1-4]|summary)[^>]*>(.*?)</(?:h[1-4]|summary)>", html, re.S)
    ]
    assert any("neck" in heading for heading in headings), headings
    backs = [
        h
        for h in headings
        if re.search(r"\bback\b", h, re.I)
        and not re.search(r"back (or|and) neck|Back to exercise|Build back up", h, re.I)
    ]
    assert backs == []
