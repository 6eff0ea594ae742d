"""The result page: outcome, reasons, safety net, clinic content seam, failures, cost."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape as html_escape

from tests.journeys import (
    SELF_CARE,
    answer,
    answer_all,
    answers_like,
    main_html,
    outcome_of,
)
from triage.engine import InvalidAnswers, Progress, red_flag_signs

pytestmark = pytest.mark.django_db

OUTCOMES = {
    "emergency": {"emergency": ["head_neuro"]},
    "urgent": answers_like(general=["fever"]),
    "see_doctor": answers_like(impact=["disturbs_sleep"]),
    "physio": answers_like(duration="over_3_months", onset="gradual"),
    "self_care": SELF_CARE,
}
NON_EMERGENCY = ["urgent", "see_doctor", "physio", "self_care"]


def result_for(client, outcome: str):
    answer_all(client, OUTCOMES[outcome])
    response = client.get(reverse("triage:result"))
    assert response.status_code == 200
    assert outcome_of(response) == outcome
    return response


def fake_recommendations(**parts):
    """A stand-in for content.services.Recommendations (the content app's own tests
    cover the real selection); shaped like the real one for its partials."""
    from content.services import Recommendations

    stretch = SimpleNamespace(
        title="Knee to chest",
        summary="A gentle stretch for the lower back.",
        get_absolute_url="/guidance/stretches/knee-to-chest/",
    )
    care_advice = SimpleNamespace(
        headline="Clinic advice headline",
        do_now="Clinic advice: what to do now.",
        do_not="",
        escalate="Clinic advice: when to get help.",
        tell_clinician="",
    )
    clinic = SimpleNamespace(
        name="Test Spine Clinic",
        tagline="",
        phone="555-0100",
        phone_href="tel:5550100",
        urgent_phone="",
        email="",
        emergency_href="tel:911",
        emergency_number="911",
        booking_url="",
        opening_hours="",
        locations=SimpleNamespace(all=list),
    )
    return Recommendations(
        **{"stretches": (stretch,), "care_advice": care_advice, "clinic": clinic, **parts}
    )


@pytest.fixture
def content(monkeypatch):
    """The clinic content seam returns fake content; returns the calls it received."""
    calls = []

    def select(**kwargs):
        calls.append(kwargs)
        return fake_recommendations()

    monkeypatch.setattr("content.services.select", select)
    return calls


# --- The outcome -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "card", "heading"),
    [
        ("emergency", "emergency", "Call 911 now or go to the emergency room"),
        ("urgent", "urgent", "See a doctor today or tomorrow"),
        ("see_doctor", "non-urgent", "Book an appointment with a doctor"),
        ("physio", "non-urgent", "Book an appointment with a physical therapist"),
        ("self_care", "non-urgent", "You can look after this at home"),
    ],
)
def test_each_outcome_has_its_care_card_and_plain_heading(client, outcome, card, heading):
    response = result_for(client, outcome)
    html = main_html(response)
    assert re.search(r"<main[^>]*data-protocol=\"2\"", response.content.decode())
    assert f'class="nhsuk-card nhsuk-card--care nhsuk-card--care--{card}"' in html
    assert html.count("nhsuk-card--care--") == 1 + html.count("bot-care-advice__do-not")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert heading in h1
    assert re.search(r"<title>\s*" + re.escape(heading), response.content.decode())


@pytest.mark.parametrize("outcome", NON_EMERGENCY)
def test_every_non_emergency_result_has_the_safety_net(client, outcome):
    html = main_html(result_for(client, outcome))
    assert 'id="safety-net"' in html
    net = html[html.index('id="safety-net"') :]
    assert "Call 911 if any of these start" in net
    # Every emergency sign, in the same words as the emergency question (one source).
    listed = re.findall(r"<li>(.*?)</li>", net[: net.index("</ul>")], re.S)
    assert listed == [html_escape(sign) for sign in red_flag_signs(short=True)]
    assert len(listed) == 12


def test_the_emergency_result_has_no_safety_net_reminder_or_back_link(client):
    response = result_for(client, "emergency")
    body = response.content.decode()
    assert 'id="safety-net"' not in body
    assert reverse("triage:reminder") not in body
    assert "nhsuk-back-link" not in body
    assert 'href="tel:911"' in main_html(response)


def test_why_lists_the_reasons_of_the_triggered_rules(client):
    answer_all(client, answers_like(severity=9, trend="worse"))
    html = main_html(client.get(reverse("triage:result")))
    why = html[html.index('id="why-this-result"') :]
    assert "Your pain is very bad (9 or more out of 10)." in why  # U7
    assert "Your pain is getting worse." in why  # D6


def test_a_self_care_result_with_no_rules_says_nothing_needs_a_doctor(client):
    html = main_html(result_for(client, "self_care"))
    assert "Nothing in your answers means you need to see a doctor" in html


def test_the_emergency_result_names_the_sign_given(client):
    html = main_html(result_for(client, "emergency"))
    assert (
        "You told us about a sign that needs emergency care straight away: neck pain with a "
        "sudden bad headache"
    ) in html  # E1's reason names the sign ticked, in plain words
    assert "Do not drive yourself." in html


def test_the_result_shows_the_answers_date_and_protocol_version(client):
    html = main_html(result_for(client, "see_doctor"))
    assert "Your answers" in html
    assert "It wakes me up or stops me sleeping" in html
    assert "Protocol version 2." in html
    assert f"Checked on {timezone.localdate():%B %-d, %Y}." in html
    assert "Change<" not in html  # the summary is read-only here


def test_the_result_has_a_print_stylesheet_for_a_one_page_summary(client):
    body = result_for(client, "urgent").content.decode()
    link = re.search(r'<link rel="stylesheet" href="([^"]+result-print\.css)" media="print">', body)
    assert link
    stylesheet = Path(settings.BASE_DIR, "static/css/result-print.css").read_text()
    assert ".bot-result .bot-recommendations" in stylesheet
    assert ".bot-result .bot-no-print" in stylesheet
    assert 'class="nhsuk-grid-column-two-thirds bot-result"' in body
    assert 'class="bot-print-only' in body


def test_start_again_is_a_post_form_on_the_result(client):
    html = main_html(result_for(client, "self_care"))
    form = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert 'method="post"' in form.group(0)
    assert form.group(1) == reverse("triage:start_again")
    assert "csrfmiddlewaretoken" in form.group(2)


def test_the_result_is_worked_out_again_on_every_visit(client):
    answer_all(client, SELF_CARE)
    assert outcome_of(client.get(reverse("triage:result"))) == "self_care"
    answer(client, "general", ["injury_trauma"], change=True)
    assert outcome_of(client.get(reverse("triage:result"))) == "urgent"


# --- Clinic content seam -------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
def test_stretches_and_tips_show_where_the_protocol_offers_them(client, content, outcome):
    html = main_html(result_for(client, outcome))
    assert 'data-recommend="stretch"' in html
    assert "/guidance/stretches/knee-to-chest/" in html
    assert "Clinic advice headline" in html
    assert "Test Spine Clinic" in html
    assert content[-1]["outcome"] == outcome


@pytest.mark.parametrize("outcome", ["emergency", "urgent"])
def test_emergency_and_urgent_results_have_no_stretches(client, content, outcome):
    html = main_html(result_for(client, outcome))
    assert 'data-recommend="stretch"' not in html
    assert "/guidance/stretches/" not in html
    assert "Clinic advice headline" in html
    # The clinic's same-day line helps an urgent result; an emergency one is 911 only.
    assert ("Test Spine Clinic" in html) == (outcome == "urgent")


def test_the_content_seam_gets_the_protocol_codes(client, content):
    answer_all(
        client, answers_like(location="neck", activity=["twisting", "core_work"], history=["none"])
    )
    client.get(reverse("triage:result"))
    assert content[-1] == {
        "outcome": "self_care",
        "pattern": "soreness",
        "location": "neck",
        "activities": {"twisting", "core_work"},
        "history": set(),
    }


@pytest.mark.parametrize("outcome", ["emergency", "self_care"])
def test_a_content_failure_still_shows_the_outcome(client, monkeypatch, caplog, outcome):
    def broken(**kwargs):
        raise OperationalError("could not connect: answers lower_back")

    monkeypatch.setattr("content.services.select", broken)
    with caplog.at_level(logging.ERROR, logger="triage.result"):
        html = main_html(result_for(client, outcome))
    assert "OperationalError" in caplog.text
    assert "lower_back" not in caplog.text  # the message may quote answers: never logged
    heading = {"emergency": "Call 911 now", "self_care": "You can look after this at home"}
    assert heading[outcome] in html
    assert "Why this result" in html
    if outcome != "emergency":
        assert 'id="safety-net"' in html


def test_a_failing_content_partial_costs_only_its_own_section(client, monkeypatch, caplog):
    class BrokenAdvice:
        def __getattr__(self, name):
            raise OperationalError("database went away")

    monkeypatch.setattr(
        "content.services.recommendations_for",
        lambda **kwargs: fake_recommendations(care_advice=BrokenAdvice()),
    )
    with caplog.at_level(logging.ERROR, logger="triage.result"):
        html = main_html(result_for(client, "self_care"))
    assert "content/_care_advice.html" in caplog.text
    assert "care advice headline" in caplog.text
    assert "Test Spine Clinic" in html
    assert 'data-recommend="stretch"' in html
    assert "You can look after this at home" in html


def test_the_result_renders_with_the_real_content_service(
    client, caplog, django_assert_max_num_queries
):
    answer_all(client, SELF_CARE)
    # The selection runs a fixed number of queries (at most eight), and the cache table
    # (Django's DatabaseCache) adds a few to remember it and its rendered partials.
    with caplog.at_level(logging.ERROR), django_assert_max_num_queries(26) as queries:
        response = client.get(reverse("triage:result"))
    assert outcome_of(response) == "self_care"
    assert not caplog.records  # the seam did not swallow an error
    assert any("content_" in query["sql"] for query in queries.captured_queries)
    # Then remembered: the same page from the session row and three cache reads (the
    # content version, the selection and its rendered partials).
    with caplog.at_level(logging.ERROR), django_assert_max_num_queries(4) as queries:
        again = client.get(reverse("triage:result"))
    masked = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # a new mask each time
    assert masked.sub("", main_html(again)) == masked.sub("", main_html(response))
    assert not any("content_" in query["sql"] for query in queries.captured_queries)


def test_the_result_page_adds_no_queries_of_its_own(client, content, django_assert_num_queries):
    answer_all(client, SELF_CARE)
    client.get(reverse("triage:result"))
    # Content stubbed: the session row, then the content version, the remembered selection
    # and its rendered partials from Django's cache (its database table here; Redis where
    # REDIS_URL is set).
    with django_assert_num_queries(4):
        assert outcome_of(client.get(reverse("triage:result"))) == "self_care"


# --- Engine failures never give milder advice ----------------------------------------------


@pytest.mark.parametrize(
    "error", [InvalidAnswers({"severity": "unknown answer"}), RuntimeError("bug")]
)
def test_an_engine_failure_gives_the_urgent_care_fallback(client, monkeypatch, caplog, error):
    answer_all(client, SELF_CARE)

    def failing(progress):
        raise error

    monkeypatch.setattr(Progress, "result", property(failing))
    with caplog.at_level(logging.ERROR, logger="triage.result"):
        response = client.get(reverse("triage:result"))
    assert response.status_code == 200
    assert outcome_of(response) == "urgent"
    html = main_html(response)
    assert "See a doctor today or go to urgent care" in html
    assert "nhsuk-card--care--urgent" in html
    assert "look after this at home" not in html
    assert 'data-recommend="stretch"' not in html
    assert "unknown answer" not in caplog.text
    assert caplog.records


def test_the_care_card_heading_is_the_clinics_headline_shown_once(client, monkeypatch):
    monkeypatch.setattr("content.services.select", lambda **kwargs: fake_recommendations())
    html = main_html(result_for(client, "self_care"))
    heading = re.search(r"<h1 class=\"nhsuk-card__heading\">(.*?)</h1>", html, re.S)
    assert heading is not None
    assert "Clinic advice headline" in heading.group(1)
    assert html.count("Clinic advice headline") == 1


def test_without_clinic_advice_the_care_card_keeps_the_built_in_heading(client, monkeypatch):
    monkeypatch.setattr(
        "content.services.select",
        lambda **kwargs: fake_recommendations(care_advice=None),
    )
    html = main_html(result_for(client, "self_care"))
    assert "You can look after this at home" in html
