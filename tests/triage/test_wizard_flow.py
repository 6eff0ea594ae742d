"""Moving around the wizard: order, back, refresh, change, expiry, start again, privacy."""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import reverse

from tests.journeys import (
    KEYS,
    SELF_CARE,
    answer,
    answer_all,
    answers_like,
    outcome_of,
    step_url,
    store,
    stored,
)
from triage.engine import QUESTIONS_BY_KEY

pytestmark = pytest.mark.django_db

EXPIRED_MESSAGE = "Your answers were deleted after 3 hours to protect your privacy"


def back_link(response) -> str:
    return re.search(
        r'<a class="nhsuk-back-link[^"]*" href="([^"]+)"', response.content.decode()
    ).group(1)


# --- Order -------------------------------------------------------------------------------


def test_a_later_question_sends_you_to_the_first_unanswered_one(client):
    answer_all(client, {"emergency": ["none"], "age": "50_to_64", "location": "neck"})
    assert client.get(step_url("severity"))["Location"] == step_url("onset")
    assert client.get(reverse("triage:answers"))["Location"] == step_url("onset")
    assert client.get(reverse("triage:result"))["Location"] == step_url("onset")
    assert client.get(reverse("triage:reminder"))["Location"] == step_url("onset")


def test_an_out_of_order_post_is_not_stored(client):
    answer(client, "emergency", ["none"])
    response = answer(client, "history", ["none"])
    assert response["Location"] == step_url("age")
    assert stored(client) == {"emergency": ["none"]}


def test_the_result_never_guesses_a_missing_answer(client):
    answer_all(client, SELF_CARE)
    store(client, {k: v for k, v in SELF_CARE.items() if k != "general"})
    # The only missing answer: asked as a change, so the person goes back to check-answers.
    assert client.get(reverse("triage:result"))["Location"] == step_url("general", change=True)


def test_a_v1_session_without_age_asks_the_age(client):
    answer_all(client, SELF_CARE)
    store(client, {k: v for k, v in SELF_CARE.items() if k != "age"})
    assert client.get(reverse("triage:result"))["Location"] == step_url("age", change=True)
    response = answer(client, "age", "65_plus", change=True)
    assert response["Location"] == reverse("triage:answers")


def test_a_stored_answer_that_is_no_longer_valid_is_asked_again(client):
    answer_all(client, SELF_CARE)
    store(client, {**SELF_CARE, "trend": "sideways"})
    assert client.get(reverse("triage:result"))["Location"] == step_url("trend", change=True)


def test_earlier_questions_stay_open_for_going_back(client):
    answer_all(client, {k: SELF_CARE[k] for k in KEYS[:5]})
    for key in KEYS[:6]:
        assert client.get(step_url(key)).status_code == 200


# --- Back and refresh --------------------------------------------------------------------


def test_a_page_shows_the_stored_answer_when_you_come_back(client):
    answer_all(client, answers_like(location="upper_back", severity=6, nerve=["radiating"]))
    location = client.get(step_url("location")).content.decode()
    assert re.search(r'value="upper_back" checked', location)
    assert len(re.findall(r" checked", location)) == 1
    severity = client.get(step_url("severity")).content.decode()
    assert re.search(r'id="id_severity"[^>]*value="6"', severity)
    assert 'value="radiating" checked' in client.get(step_url("nerve")).content.decode()


def test_back_links_go_to_the_previous_question_or_the_start_page(client):
    answer_all(client, SELF_CARE)
    assert back_link(client.get(step_url("emergency"))) == reverse("core:home")
    for previous, key in zip(KEYS, KEYS[1:], strict=False):
        assert back_link(client.get(step_url(key))) == step_url(previous)
    assert back_link(client.get(reverse("triage:answers"))) == step_url(KEYS[-1])
    assert back_link(client.get(reverse("triage:result"))) == reverse("triage:answers")


def test_question_pages_are_not_cached(client):
    response = client.get(step_url("emergency"))
    assert "no-store" in response["Cache-Control"]


# --- Expired or missing session ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        step_url("location"),
        step_url("history"),
        reverse("triage:answers"),
        reverse("triage:result"),
        reverse("triage:reminder"),
    ],
)
def test_an_expired_session_restarts_kindly_at_the_first_question(client, url):
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == step_url("emergency")
    assert response.status_code == 200
    assert EXPIRED_MESSAGE in response.content.decode()


def test_a_post_to_a_later_step_without_a_session_is_not_stored(client):
    response = answer(client, "severity", "4")
    assert response["Location"] == step_url("emergency")
    assert stored(client) is None


def test_the_first_question_works_without_a_session(client):
    response = client.get(step_url("emergency"))
    assert response.status_code == 200
    assert EXPIRED_MESSAGE not in response.content.decode()


# --- Check your answers and changes ---------------------------------------------------------


def test_check_answers_lists_every_answer_in_plain_words_with_change_links(client):
    answer_all(client, answers_like(nerve=["radiating", "numbness_tingling"], severity=5))
    body = client.get(reverse("triage:answers")).content.decode()
    assert body.count('class="nhsuk-summary-list__row"') == len(KEYS)
    assert "Lower back" in body
    assert "5 out of 10" in body
    assert "Pain that spreads down your leg, below the knee" in body
    assert "Numbness, or tingling like pins and needles" in body
    assert "lower_back" not in body  # codes are not words
    for key in KEYS:
        assert f'href="{step_url(key, change=True)}"' in body
    assert 'Change<span class="nhsuk-u-visually-hidden"> where it hurts most</span>' in body
    assert f'href="{reverse("triage:result")}"' in body


def test_a_change_returns_to_check_answers(client):
    answer_all(client, SELF_CARE)
    page = client.get(step_url("severity", change=True))
    assert back_link(page) == reverse("triage:answers")
    assert f'action="{step_url("severity", change=True)}"' in page.content.decode()
    response = answer(client, "severity", "8", change=True)
    assert response["Location"] == reverse("triage:answers")
    assert stored(client)["severity"] == 8
    assert "8 out of 10" in client.get(reverse("triage:answers")).content.decode()


def test_a_change_with_an_error_stays_in_change_mode(client):
    answer_all(client, SELF_CARE)
    response = answer(client, "severity", "12", change=True)
    assert response.status_code == 200
    assert f'action="{step_url("severity", change=True)}"' in response.content.decode()
    assert back_link(response) == reverse("triage:answers")


def test_changing_location_between_back_and_neck_asks_the_nerve_question_again(client):
    # PROTOCOL.md v2: an answer about the legs is never shown or used as one about the arms.
    answer_all(client, answers_like(nerve=["weakness"]))
    response = answer(client, "location", "neck", change=True)
    assert response["Location"] == step_url("nerve", change=True)
    assert "nerve" not in stored(client)
    assert client.get(reverse("triage:answers"))["Location"] == step_url("nerve", change=True)
    assert client.get(reverse("triage:result"))["Location"] == step_url("nerve", change=True)
    page = client.get(step_url("nerve", change=True)).content.decode()
    assert "Do you have any of these symptoms in your arms or hands?" in page
    assert " checked" not in page  # the old answer about the legs is not shown
    response = answer(client, "nerve", ["none"], change=True)
    assert response["Location"] == reverse("triage:answers")
    body = client.get(reverse("triage:answers")).content.decode()
    assert "Symptoms in your arms or hands" in body
    assert outcome_of(client.get(reverse("triage:result"))) == "self_care"


@pytest.mark.parametrize(("before", "after"), [("lower_back", "upper_back"), ("neck", "neck")])
def test_changing_location_within_the_back_keeps_the_nerve_answer(client, before, after):
    answer_all(client, answers_like(location=before, nerve=["radiating"]))
    response = answer(client, "location", after, change=True)
    assert response["Location"] == reverse("triage:answers")
    assert stored(client)["nerve"] == ["radiating"]


def test_changing_location_from_neck_to_back_also_asks_again(client):
    answer_all(client, answers_like(location="neck", nerve=["numbness_tingling"]))
    response = answer(client, "location", "upper_back", change=True)
    assert response["Location"] == step_url("nerve", change=True)
    assert "nerve" not in stored(client)


def test_changing_the_first_answer_to_a_red_flag_gives_the_emergency_result(client):
    answer_all(client, SELF_CARE)
    response = answer(client, "emergency", ["excruciating"], change=True)
    assert response["Location"] == reverse("triage:result")
    assert outcome_of(client.get(reverse("triage:result"))) == "emergency"
    assert stored(client) == {"emergency": ["excruciating"]}
    assert client.get(reverse("triage:answers"))["Location"] == reverse("triage:result")


def test_a_change_that_leaves_a_question_unanswered_asks_it(client):
    answer_all(client, SELF_CARE)
    store(client, {k: v for k, v in SELF_CARE.items() if k != "impact"})
    response = answer(client, "location", "upper_back", change=True)
    assert response["Location"] == step_url("impact", change=True)


def test_change_only_takes_the_change_flag_not_a_url(client):
    answer_all(client, SELF_CARE)
    response = client.post(
        step_url("severity") + "?change=1&next=https://evil.example/", {"severity": "4"}
    )
    assert response["Location"] == reverse("triage:answers")


# --- Neck wording ----------------------------------------------------------------------


def test_neck_pain_asks_about_arms_and_hands(client):
    answer_all(client, {k: answers_like(location="neck")[k] for k in KEYS[: KEYS.index("nerve")]})
    body = client.get(step_url("nerve")).content.decode()
    assert "Do you have any of these symptoms in your arms or hands?" in body
    assert "below the elbow" in body
    assert "legs" not in body.split("<main", 1)[1].split("</main>", 1)[0]
    assert "How did your neck pain start?" in client.get(step_url("onset")).content.decode()


def test_back_pain_asks_about_legs(client):
    answer_all(client, {k: SELF_CARE[k] for k in KEYS[: KEYS.index("nerve")]})
    body = client.get(step_url("nerve")).content.decode()
    assert "Do you have any of these symptoms in your legs or feet?" in body
    assert "below the knee" in body
    assert "How did your back pain start?" in client.get(step_url("onset")).content.decode()


# --- Start again ---------------------------------------------------------------------------


def test_start_again_clears_the_answers(client):
    answer_all(client, SELF_CARE)
    response = client.post(reverse("triage:start_again"))
    assert response["Location"] == step_url("emergency")
    assert stored(client) is None
    assert client.get(reverse("triage:result"))["Location"] == step_url("emergency")


def test_start_again_deletes_the_session_row(client):
    from django.contrib.sessions.models import Session

    answer_all(client, SELF_CARE)
    old_key = client.session.session_key
    assert Session.objects.filter(session_key=old_key).exists()
    client.post(reverse("triage:start_again"))
    assert not Session.objects.filter(session_key=old_key).exists()


def test_start_again_after_a_red_flag_reopens_the_questions(client):
    answer(client, "emergency", ["both_legs"])
    client.post(reverse("triage:start_again"))
    assert client.get(step_url("emergency")).status_code == 200
    answer(client, "emergency", ["none"])
    assert client.get(step_url("age")).status_code == 200


# --- Privacy and cost ------------------------------------------------------------------------


def test_the_session_holds_only_protocol_keys_and_values(client):
    answer_all(client, answers_like(nerve=["radiating"]))
    answers = stored(client)
    assert set(answers) == set(KEYS)
    for key, value in answers.items():
        question = QUESTIONS_BY_KEY[key]
        values = value if isinstance(value, list) else [value]
        if question.values:
            assert set(values) <= set(question.values)
        else:
            assert isinstance(value, int)
    # The session itself holds nothing of the person's: the answers are in their own table.
    assert [k for k, _ in client.session.items() if k[0] != "_"] == []


def test_nothing_health_related_is_logged(client, caplog):
    answers = answers_like(location="upper_back", nerve=["numbness_tingling"], severity=8)
    with caplog.at_level(logging.DEBUG):
        answer_all(client, answers)
        client.get(reverse("triage:answers"))
        client.get(reverse("triage:result"))
        answer(client, "severity", "eleven", change=True)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for word in ("upper_back", "numbness_tingling", "eleven", "Upper back", "Numbness"):
        assert word not in logged


@pytest.mark.parametrize("key", ["emergency", "severity", "history"])
def test_a_question_page_costs_a_small_constant_number_of_queries(
    client, django_assert_num_queries, key
):
    answer_all(client, SELF_CARE)
    # One read of the saved answers and one of the session row (its messages), whether
    # the inputs are rendered or kept (per process: the "template_fragments" cache); a GET
    # writes nothing.
    for _ in range(2):
        with django_assert_num_queries(2):
            assert client.get(step_url(key)).status_code == 200


def test_answering_a_question_costs_one_write_of_the_answers(client, django_assert_num_queries):
    answer_all(client, {k: SELF_CARE[k] for k in KEYS[: KEYS.index("duration")]})
    # Read the answers (the gate); then in one transaction (a savepoint inside the test's
    # own), lock the session's row, read the answers saved last and write them back with
    # this one. The session itself is not written.
    with django_assert_num_queries(6) as queries:
        assert answer(client, "duration", "under_3_days").status_code == 302
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert [sql.split()[0] for sql in statements] == ["SELECT", "SELECT", "SELECT", "UPDATE"]
    assert 'FROM "django_session"' in statements[1]
    assert statements[3].startswith('UPDATE "triage_savedanswers"')
