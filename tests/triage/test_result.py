"""The result page: outcome, reasons, safety net, clinic content seam, failures, cost.

The outcome and its words come from triage.result; the page with the clinic's content is
content.results (its view serves /check/result/)."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import escape as html_escape

from content import results
from tests.journeys import (
    SELF_CARE,
    answer,
    answer_all,
    answers_like,
    main_html,
    outcome_of,
)
from triage.engine import (
    InvalidAnswers,
    Outcome,
    Progress,
    Result,
    TriggeredRule,
    read_progress,
)
from triage.result import build_result
from triage.wording import FALLBACK_TEXT, SIGNS, sign_groups

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
        # head_neuro: wait for the ambulance, so never "or go to the emergency room".
        ("emergency", "emergency", "Call 911 now"),
        ("urgent", "urgent", "See a doctor today or tomorrow"),
        ("see_doctor", "non-urgent", "Book an appointment with a doctor"),
        ("physio", "non-urgent", "Book an appointment with a physical therapist"),
        ("self_care", "non-urgent", "You can look after this at home"),
    ],
)
def test_each_outcome_has_its_care_card_and_plain_heading(client, outcome, card, heading):
    response = result_for(client, outcome)
    html = main_html(response)
    assert re.search(r"<main[^>]*data-protocol=\"3\"", response.content.decode())
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
    assert 'call <a href="tel:911">911</a> now. Do not drive yourself.' in net
    # Every emergency sign, in its group, lead-in and full words (tests/core has the rest).
    headings = re.findall(r'<h3 class="bot-signs__heading">(.*?)</h3>', net)
    assert headings == [html_escape(group.heading) for group in sign_groups()]
    listed = re.findall(r"<li><strong[^>]*>.*?</strong> (.*?)</li>", net, re.S)
    assert listed == [
        html_escape(sign.description) for group in sign_groups() for sign in group.signs
    ]


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_the_result_says_the_emergency_number_setting_never_a_typed_one(client, settings, outcome):
    settings.EMERGENCY_NUMBER = "112"
    response = result_for(client, outcome)
    assert "911" not in response.content.decode()
    html = main_html(response)
    assert 'href="tel:112"' in html
    assert ("Call 112 if any of these start" in html) == (outcome != "emergency")


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
    description = str(SIGNS["head_neuro"].description)
    assert (
        html_escape(
            "You told us about a sign that needs emergency care straight away: "
            + description[0].lower()
            + description[1:]
            + "."
        )
        in html
    )  # E1's reason names the sign ticked, in full


def test_the_result_shows_the_answers_date_and_protocol_version(client):
    html = main_html(result_for(client, "see_doctor"))
    assert "Your answers" in html
    assert "It wakes me up or stops me sleeping" in html
    assert "Protocol version 3." in html
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


def test_the_result_page_is_the_content_apps_view_in_the_triage_namespace():
    # content.results composes the engine's result with the clinic's content; the triage
    # app never imports it, so config/urls.py puts it in the wizard's namespace.
    match = resolve("/check/result/")
    assert (match.func, match.namespace, match.url_name) == (results.result, "triage", "result")
    assert reverse("triage:result") == "/check/result/"


def test_the_page_carries_the_engines_outcome_itself():
    page = build_result(read_progress(SELF_CARE))
    assert page.outcome is Outcome.SELF_CARE
    assert page.offers_exercise is True


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
    assert "Clinic advice: what to do now." in html
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
        "general": frozenset(),
        "no_anti_inflammatories": False,
    }


@pytest.mark.parametrize("outcome", ["emergency", "self_care"])
def test_a_content_failure_still_shows_the_outcome(client, monkeypatch, caplog, outcome):
    def broken(**kwargs):
        raise OperationalError("could not connect: answers lower_back")

    monkeypatch.setattr("content.services.select", broken)
    with caplog.at_level(logging.ERROR, logger="content.results"):
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
    with caplog.at_level(logging.ERROR, logger="content.results"):
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


def test_the_fallback_page_is_urgent_care_with_no_exercise(monkeypatch):
    def failing(progress):
        raise RuntimeError("bug")

    monkeypatch.setattr(Progress, "result", property(failing))
    page = build_result(read_progress(SELF_CARE))
    assert (page.outcome, page.text, page.fallback, page.result) == (
        Outcome.URGENT,
        FALLBACK_TEXT,
        True,
        None,
    )
    assert (page.offers_exercise, page.is_emergency, page.by_ambulance) == (False, False, False)


def test_the_care_card_heading_is_the_clinics_headline_shown_once(client, monkeypatch):
    monkeypatch.setattr("content.services.select", lambda **kwargs: fake_recommendations())
    html = main_html(result_for(client, "self_care"))
    heading = re.search(r"<h1 class=\"nhsuk-card__heading\">(.*?)</h1>", html, re.S)
    assert heading is not None
    assert "Clinic advice headline" in heading.group(1)
    assert html.count("Clinic advice headline") == 1


@pytest.mark.parametrize(
    ("flag", "heading"),
    [
        ("bladder_bowel", "Clinic advice headline"),
        ("chest_symptoms", "Call 911 now"),
        ("serious_accident", "Call 911 now"),
    ],
)
def test_the_clinics_headline_never_offers_another_way_than_the_ambulance(
    client, monkeypatch, flag, heading
):
    # PROTOCOL.md v3: where moving or driving is dangerous the page says to wait for the
    # ambulance; a clinic headline such as "or go to the emergency room" must not undo it.
    monkeypatch.setattr("content.services.select", lambda **kwargs: fake_recommendations())
    answer(client, "emergency", [flag])
    html = main_html(client.get(reverse("triage:result")))
    h1 = re.search(r"<h1 class=\"nhsuk-card__heading\">(.*?)</h1>", html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", h1) == "Immediate action required: " + heading


def test_without_clinic_advice_the_care_card_keeps_the_built_in_heading(client, monkeypatch):
    monkeypatch.setattr(
        "content.services.select",
        lambda **kwargs: fake_recommendations(care_advice=None),
    )
    html = main_html(result_for(client, "self_care"))
    assert "You can look after this at home" in html


# --- Reasons read once (PROTOCOL.md "Rules": every triggered rule is a reason) ------------


def _page(answers) -> tuple[tuple[str, ...], tuple[str, ...]]:
    page = build_result(read_progress(answers))
    return page.reasons, page.other_reasons


SUDDEN_AND_BAD = (
    "Your pain came on suddenly while you were exercising, and it is bad (7 or more out of 10)."
)


def test_a_less_urgent_reason_that_says_nothing_new_is_left_out():
    # U5 says both what D5 ("came on suddenly") and D7 ("7 or more") would say again.
    assert _page(answers_like(onset="sudden_during", severity=7)) == ((SUDDEN_AND_BAD,), ())


def test_a_less_urgent_reason_that_says_something_new_is_kept():
    reasons, others = _page(
        answers_like(onset="sudden_during", severity=7, impact=["disturbs_sleep"])
    )
    assert reasons == (SUDDEN_AND_BAD,)
    assert others == ("The pain stops you sleeping.",)


def test_a_reason_that_says_part_of_something_new_is_kept():
    # U6 spoke of the numbness; D2 also speaks of the spreading pain, so it stays. D6
    # ("getting worse") adds nothing to U6.
    reasons, others = _page(answers_like(nerve=["radiating", "numbness_tingling"], trend="worse"))
    assert reasons == (
        "You have numbness or tingling in your legs, and your pain is getting worse.",
    )
    assert others == ("Pain spreads down into your legs, and you have numbness or tingling there.",)


def test_a_reason_already_said_by_another_noted_one_is_left_out():
    # E2 is the outcome; U3 (the fall) adds nothing to it; U7 is noted, and then says all
    # that D7 would ("9 or more" is "7 or more").
    reasons, others = _page(
        answers_like(location="neck", age="65_plus", general=["injury_trauma"], severity=9)
    )
    assert len(reasons) == 1 and reasons[0].startswith("You are 65 or over")
    assert others == ("Your pain is very bad (9 or more out of 10).",)


def _triggered(rule_id: str, outcome: Outcome, mentions: set[str]) -> TriggeredRule:
    return TriggeredRule(rule_id, outcome, frozenset(mentions))


def test_other_reasons_go_in_protocol_order_each_adding_what_it_said(monkeypatch):
    # Each rule's words stand in as "reason <id>": this is about which are said, in order.
    monkeypatch.setattr("triage.result.reason", lambda rule, answers: f"reason {rule.id}")
    urgent, doctor = Outcome.URGENT, Outcome.SEE_DOCTOR
    result = Result(
        outcome=urgent,
        triggered=(
            _triggered("U1", urgent, {"a"}),
            _triggered("U2", urgent, {"b"}),
            _triggered("D1", doctor, {"a", "b"}),  # said by the two above together
            _triggered("D2", doctor, {"a", "c"}),  # "c" is new
            _triggered("D3", doctor, {"c"}),  # said by D2, just noted
            _triggered("D4", doctor, set()),  # names nothing: always shown
            _triggered("D5", doctor, {"d"}),
        ),
        pattern=None,
        answers=read_progress(SELF_CARE).answers,
    )
    page = build_result(SimpleNamespace(result=result))
    assert page.reasons == ("reason U1", "reason U2")
    assert page.other_reasons == ("reason D2", "reason D4", "reason D5")


# --- How to get to emergency care (PROTOCOL.md v3, "the emergency result says how") -------

ER = "Go to the emergency room now, or call 911. Do not drive yourself."
AMBULANCE = "Call 911 now and wait for the ambulance."
KEEP_STILL = (
    "Call 911 now and wait for the ambulance. Keep your head and neck still. Do not let "
    "anyone move you unless you are in danger."
)
NO_IBUPROFEN = (
    "Do not take ibuprofen or other anti-inflammatory painkillers. Sip water while you "
    "wait, unless you are being sick."
)
COMPANY = "If you can, ask someone to stay with you."

TRAVEL = {
    "bladder_bowel": [ER, COMPANY],
    "saddle_numbness": [ER, COMPANY],
    "both_legs": [ER, COMPANY],
    "leg_paralysis": [AMBULANCE, COMPANY],
    "excruciating": [AMBULANCE, COMPANY],
    "chest_symptoms": [AMBULANCE, COMPANY],
    "faint_belly": [AMBULANCE, COMPANY],
    "head_neuro": [AMBULANCE, COMPANY],
    "meningitis_signs": [AMBULANCE, COMPANY],
    "neck_injury_neuro": [KEEP_STILL, COMPANY],
    "serious_accident": [KEEP_STILL, COMPANY],
    "dark_urine": [ER, NO_IBUPROFEN, COMPANY],
    "little_urine": [ER, NO_IBUPROFEN, COMPANY],
}
RULE_ANSWERS = {
    "E2": answers_like(location="neck", age="65_plus", general=["injury_trauma"]),
    "E3": answers_like(general=["cancer_history"], nerve=["numbness_tingling"]),
    "E4": answers_like(general=["fever"], nerve=["radiating"]),
    "E5": answers_like(general=["blood_thinners"], nerve=["weakness"]),
}
RULE_TRAVEL = {
    "E2": [KEEP_STILL, COMPANY],
    "E3": [ER, COMPANY],
    "E4": [ER, COMPANY],
    "E5": [AMBULANCE, COMPANY],
}


def _care_card(html: str) -> list[str]:
    """The care card's lines, but for the Call 911 button."""
    card = html[html.index('id="outcome"') : html.index('id="why-this-result"')]
    lines = re.findall(r"<p(?: id=\"[a-z-]+\")?>(.*?)</p>", card, re.S)
    return [" ".join(line.split()) for line in lines]


def _h1(html: str) -> str:
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    return re.sub(r"<[^>]+>", "", h1.replace("Immediate action required: ", "")).strip()


def _emergency_for(client, answers) -> tuple[str, str]:
    answer_all(client, answers)
    response = client.get(reverse("triage:result"))
    assert outcome_of(response) == "emergency"
    return response.content.decode(), main_html(response)


@pytest.mark.parametrize("flag", list(TRAVEL))
def test_the_emergency_result_says_how_to_get_there_for_each_sign(client, flag):
    body, html = _emergency_for(client, {"emergency": [flag]})
    assert _care_card(html) == TRAVEL[flag]
    by_ambulance = TRAVEL[flag][0] != ER
    heading = "Call 911 now" if by_ambulance else "Call 911 now or go to the emergency room"
    assert _h1(html) == heading
    assert re.search(r"<title>\s*" + re.escape(heading) + " –", body)


@pytest.mark.parametrize("rule", list(RULE_ANSWERS))
def test_the_emergency_result_says_how_to_get_there_for_each_rule(client, rule):
    _body, html = _emergency_for(client, RULE_ANSWERS[rule])
    assert _care_card(html) == RULE_TRAVEL[rule]


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({"emergency": ["neck_injury_neuro"]}, id="neck_injury_neuro"),
        pytest.param({"emergency": ["serious_accident"]}, id="serious_accident"),
        pytest.param({"emergency": ["bladder_bowel", "serious_accident"]}, id="with-another"),
        pytest.param(RULE_ANSWERS["E2"], id="E2"),
    ],
)
def test_after_a_possible_neck_injury_nothing_suggests_being_driven(client, answers):
    body, html = _emergency_for(client, answers)
    assert KEEP_STILL in _care_card(html)
    for words in ["drive", "driven", "take you", "emergency room"]:
        assert words not in body.lower()


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({"emergency": ["neck_injury_neuro"]}, id="neck_injury_neuro"),
        pytest.param(RULE_ANSWERS["E2"], id="E2"),
    ],
)
def test_with_the_clinics_content_a_neck_injury_page_still_never_suggests_a_ride(client, answers):
    from django.core.management import call_command

    call_command("seed_content", verbosity=0)
    body, html = _emergency_for(client, answers)
    assert "What to do now" in html  # the clinic's care advice is on the page
    assert _h1(html) == "Call 911 now"  # not the clinic's "... or go to the emergency room"
    for words in ["drive", "driven", "take you", "emergency room"]:
        assert words not in body.lower()


def test_the_most_careful_way_wins_when_signs_differ(client):
    _body, html = _emergency_for(client, {"emergency": ["dark_urine", "head_neuro"]})
    assert _care_card(html) == [AMBULANCE, NO_IBUPROFEN, COMPANY]


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        pytest.param(answers_like(general=["muscle_swelling"]), True, id="urgent-U11"),
        pytest.param(answers_like(general=["fever"]), False, id="urgent-U2"),
        pytest.param({"emergency": ["chest_symptoms"]}, False, id="emergency-chest"),
        pytest.param(answers_like(duration="1_to_3_weeks"), False, id="see_doctor"),
        pytest.param(SELF_CARE, False, id="self_care"),
    ],
)
def test_no_ibuprofen_and_sips_of_water_only_for_muscle_breakdown(client, answers, shown):
    answer_all(client, answers)
    html = main_html(client.get(reverse("triage:result")))
    assert (NO_IBUPROFEN in _care_card(html)) is shown
    assert ("ibuprofen" in html) is shown


@pytest.mark.parametrize("outcome", NON_EMERGENCY)
def test_only_the_emergency_result_says_how_to_get_there(client, outcome):
    html = main_html(result_for(client, outcome))
    assert 'id="travel"' not in html
    assert "wait for the ambulance" not in html


# --- When to see a doctor within 24-48 hours (PROTOCOL.md v3) -----------------------------

SOON_BACK = [
    "new weakness in your legs or feet",
    "a fever or chills, or you feel unwell all over",
    "numbness or tingling in your legs or feet that is getting worse",
    "your hands get clumsy, or your walking gets unsteady",
    "your pain gets very bad: 9 or 10 out of 10",
    "after a workout, your muscles are much more painful, swollen or weak than normal soreness",
]


def _soon(html: str) -> tuple[str, list[str]]:
    section = html[html.index('id="see-a-doctor-soon"') :]
    section = section[: section.index('id="safety-net"')]
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", section).group(1)
    return heading, [" ".join(i.split()) for i in re.findall(r"<li>(.*?)</li>", section, re.S)]


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
def test_non_urgent_results_say_when_to_see_a_doctor_within_24_to_48_hours(client, outcome):
    html = main_html(result_for(client, outcome))
    assert _soon(html) == (
        "See a doctor within 24 to 48 hours if any of these start",
        SOON_BACK,
    )
    assert "See a doctor sooner" not in html
    # Before the 911 list: the signs of each level, least urgent first, as NHS.UK does.
    assert html.index('id="see-a-doctor-soon"') < html.index('id="safety-net"')


def test_for_neck_pain_the_24_to_48_hour_signs_are_about_the_arms_and_hands(client):
    answer_all(client, answers_like(location="neck"))
    _heading, items = _soon(main_html(client.get(reverse("triage:result"))))
    assert items[0] == "new weakness in your arms or hands"
    assert items[2] == "numbness or tingling in your arms or hands that is getting worse"
    assert [item for item in items if "leg" in item] == []


@pytest.mark.parametrize("outcome", ["urgent", "emergency"])
def test_urgent_and_emergency_results_have_no_24_to_48_hour_list(client, outcome):
    html = main_html(result_for(client, outcome))
    assert 'id="see-a-doctor-soon"' not in html
    assert "within 24 to 48 hours" not in html
