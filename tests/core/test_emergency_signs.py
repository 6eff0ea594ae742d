"""The emergency signs are one list: the home page, the emergency question, every result's
safety net and the emergency result's reason all show the same signs, in the same order,
from the engine (issue 10). The question and the reason use the full words; the home page
and the safety net the short ones (issue 13)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.journeys import JOURNEYS, answer, answer_all, main_html, step_url
from triage.engine import QUESTIONS_BY_KEY, RED_FLAG_SHORT, RED_FLAG_SIGNS, red_flag_signs

pytestmark = pytest.mark.django_db

SIGNS = [escape(sign) for sign in red_flag_signs()]
SHORT = [escape(sign) for sign in red_flag_signs(short=True)]


def _items(html: str, start: str) -> list[str]:
    """The <li> texts of the first list after ``start``."""
    tail = html[html.index(start) :]
    listing = tail[tail.index("<ul") : tail.index("</ul>")]
    return [
        re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", listing, re.S)
    ]


def test_there_is_one_sign_for_each_emergency_value():
    values = [v for v in QUESTIONS_BY_KEY["emergency"].values if v != "none"]
    assert list(RED_FLAG_SIGNS) == values
    assert list(RED_FLAG_SHORT) == values
    assert len(SIGNS) == len(SHORT) == 12
    assert len(set(SHORT)) == 12


def test_the_home_page_lists_every_sign_the_emergency_question_asks(client):
    html = client.get(reverse("core:home")).content.decode()
    assert _items(html, "Do not use this service in an emergency") == SHORT


def test_the_emergency_question_offers_the_same_signs(client):
    html = client.get(step_url("emergency")).content.decode()
    labels = re.findall(
        r'<label class="nhsuk-label nhsuk-checkboxes__label"[^>]*>\s*(.*?)\s*</label>', html, re.S
    )
    assert labels[:-1] == SIGNS
    assert labels[-1] == "None of these"


@pytest.mark.parametrize("outcome", ["urgent", "see_doctor", "physio", "self_care"])
def test_every_safety_net_lists_the_same_signs(client, outcome):
    answer_all(client, JOURNEYS[outcome])
    html = main_html(client.get(reverse("triage:result")))
    assert _items(html, 'id="safety-net"') == SHORT


@pytest.mark.parametrize("flag", list(RED_FLAG_SIGNS))
def test_the_emergency_result_names_the_sign_ticked(client, flag):
    answer(client, "emergency", [flag])
    html = main_html(client.get(reverse("triage:result")))
    why = _items(html, 'id="why-this-result"')
    sign = RED_FLAG_SIGNS[flag]
    assert why == [
        escape(
            "You told us about a sign that needs emergency care straight away: "
            + sign[0].lower()
            + sign[1:]
            + "."
        )
    ]
