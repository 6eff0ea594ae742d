"""Random and tampered posts in any order: never a 500, never a milder outcome."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.journeys import KEYS, answer, outcome_of, stored
from triage.engine import QUESTIONS_BY_KEY, RED_FLAGS, Kind, evaluate

pytestmark = pytest.mark.django_db

JUNK = st.sampled_from(
    ["", "none", "banana", "1e3", "-1", "11", "<b>", "neck", "worse", "007", "+5", " 7 ", "5.0"]
)


@st.composite
def value_for(draw, key: str):
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.INTEGER:
        one = st.one_of(st.integers(-2, 12).map(str), JUNK)
    else:
        one = st.one_of(st.sampled_from(question.values), JUNK)
    if question.kind is Kind.MULTI:
        known = st.sampled_from(question.values)
        return draw(st.lists(st.one_of(known, known, JUNK), max_size=4))
    # Mostly one value; sometimes two, which a browser cannot send for one question.
    return draw(st.one_of(one, one, st.lists(one, min_size=2, max_size=3)))


POSTS = st.lists(
    st.sampled_from(KEYS).flatmap(lambda key: st.tuples(st.just(key), value_for(key))),
    max_size=25,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(posts=POSTS)
def test_any_sequence_of_posts_is_safe(posts):
    client = Client()
    red_flag_posted = False
    for key, value in posts:
        response = answer(client, key, value)
        assert response.status_code in {200, 302}
        if key == "emergency" and set(value) & RED_FLAGS:
            red_flag_posted = True
            assert set(stored(client)) == {"emergency"}
    result = client.get(reverse("triage:result"))
    assert result.status_code in {200, 302}
    answers = stored(client)
    if red_flag_posted:
        # Once a red flag is in, nothing but the emergency result (PROTOCOL.md E1).
        assert result.status_code == 200
        assert outcome_of(result) == "emergency"
    if result.status_code == 200:
        # The page shows exactly what the engine says about the stored answers.
        assert outcome_of(result) == evaluate(answers).outcome
    else:
        assert result["Location"].startswith("/check/")


@st.composite
def answer_sets(draw):
    """Answers to every question with protocol values only (some break 'none' rules).

    No red flags: those end the questions and are covered above and in the journeys.
    """
    answers: dict[str, object] = {"emergency": ["none"]}
    for key in KEYS[1:]:
        question = QUESTIONS_BY_KEY[key]
        if question.kind is Kind.INTEGER:
            answers[key] = draw(st.integers(0, 10))
        elif question.kind is Kind.SINGLE:
            answers[key] = draw(st.sampled_from(question.values))
        else:
            choices = st.sampled_from(question.values)
            answers[key] = draw(st.lists(choices, min_size=1, max_size=3, unique=True))
    return answers


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=answer_sets())
def test_answers_posted_in_order_get_the_engines_outcome(answers):
    client = Client()
    accepted = True
    for key in KEYS:
        response = answer(client, key, answers[key])
        accepted = accepted and response.status_code == 302
    result = client.get(reverse("triage:result"))
    if accepted:
        assert result.status_code == 200
        assert outcome_of(result) == evaluate(answers).outcome
    else:
        # 'none' with another value: the question is asked again, nothing is guessed.
        assert result.status_code == 302
        assert result["Location"].startswith("/check/")
