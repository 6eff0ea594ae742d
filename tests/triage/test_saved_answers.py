"""Answers are saved one at a time on top of the answers saved last, in the database only
(docs/decisions/0011-answers-saved-one-at-a-time.md).

Two requests of one session that overlap (a double tap, two tabs, a retrying proxy, two
nodes) are played here in a fixed order: the second is made while the first is between
reading the answers and saving its own, the moment a whole-session save loses an update.
The same with real concurrency, two gunicorn nodes and PostgreSQL:
tests/faults/test_concurrent_answers.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.journeys import SELF_CARE, answer, answer_all, outcome_of, step_url, stored
from triage import views
from triage.engine import Progress
from triage.models import SavedAnswers
from triage.wizard import FIRST_STEP

pytestmark = pytest.mark.django_db


def same_person(client: Client) -> Client:
    """A second tab (or node) of the same person: another client with the same cookie."""
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return other


@pytest.fixture
def meanwhile(monkeypatch):
    """``meanwhile(action)``: run ``action`` once, during the next answer's form check,
    after that request has read the answers and before it saves its own."""

    def arrange(action: Callable[[], object]) -> None:
        real_build_form = views.build_form
        pending = [action]

        def build_form(*args, **kwargs):
            if kwargs.get("data") is not None and pending:
                pending.pop()()
            return real_build_form(*args, **kwargs)

        monkeypatch.setattr(views, "build_form", build_form)

    return arrange


def test_an_answer_saved_meanwhile_is_kept(client, meanwhile):
    answer_all(client, SELF_CARE)
    other = same_person(client)
    meanwhile(lambda: answer(other, "nerve", ["weakness"], change=True))
    answer(client, "history", ["recurring"], change=True)
    assert stored(client) | {} == {**SELF_CARE, "nerve": ["weakness"], "history": ["recurring"]}
    # PROTOCOL.md: weakness with recurring pain is not a physio case.
    assert outcome_of(client.get(reverse("triage:result"))) != "physio"


def test_a_red_flag_saved_meanwhile_is_never_replaced(client, meanwhile):
    answer_all(client, SELF_CARE)
    other = same_person(client)
    meanwhile(lambda: answer(other, "emergency", ["saddle_numbness"], change=True))
    response = answer(client, "history", ["recurring"], change=True)
    assert response["Location"] == reverse("triage:result")
    assert stored(client) == {"emergency": ["saddle_numbness"]}
    assert outcome_of(client.get(reverse("triage:result"))) == "emergency"


def test_none_saved_after_a_red_flag_keeps_the_red_flag(client, meanwhile):
    """Two taps on the first question, the red flag saved first: rule E1 keeps it."""
    answer(client, "emergency", ["none"])
    other = same_person(client)
    meanwhile(lambda: answer(other, "emergency", ["chest_symptoms"]))
    answer(client, "emergency", ["none"])
    assert stored(client) == {"emergency": ["chest_symptoms"]}
    assert outcome_of(client.get(reverse("triage:result"))) == "emergency"


def test_an_answer_after_the_person_started_again_elsewhere_restarts_kindly(client, meanwhile):
    answer_all(client, {key: SELF_CARE[key] for key in ("emergency", "age", "location")})
    other = same_person(client)
    meanwhile(lambda: other.post(reverse("triage:start_again")))
    response = answer(client, "onset", SELF_CARE["onset"])
    assert response.status_code == 302
    assert response["Location"] == step_url(FIRST_STEP)
    assert not SavedAnswers.objects.exists()
    page = client.get(step_url(FIRST_STEP)).content.decode()
    assert "Please answer the questions again" in page


def test_the_first_answer_after_expiry_starts_a_new_session(client):
    answer(client, "emergency", ["none"])
    old_key = client.session.session_key
    Session.objects.filter(pk=old_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(step_url("age"))["Location"] == step_url(FIRST_STEP)
    assert answer(client, "emergency", ["none"])["Location"] == step_url("age")
    assert client.session.session_key != old_key
    assert stored(client) == {"emergency": ["none"]}


def test_an_expired_sessions_answers_are_never_read(client):
    answer_all(client, SELF_CARE)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert SavedAnswers.objects.exists()  # the row is there until clearsessions runs...
    response = client.get(reverse("triage:result"))
    assert response["Location"] == step_url(FIRST_STEP)  # ...but it is never read


def test_answers_go_with_their_session(client):
    answer_all(client, SELF_CARE)
    client.post(reverse("triage:start_again"))
    assert not SavedAnswers.objects.exists()
    answer_all(client, SELF_CARE)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    call_command("clearsessions")
    assert not SavedAnswers.objects.exists()


def test_answers_expire_with_the_session_a_fixed_time_after_the_first_answer(client):
    answer(client, "emergency", ["none"])
    expires = Session.objects.get().expire_date
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    response = answer(client, "age", SELF_CARE["age"])
    # No session write and no new cookie per answer: the answers never outlive the first
    # answer by more than SESSION_COOKIE_AGE (docs/privacy.md).
    assert Session.objects.get().expire_date == expires
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_sessions_are_never_read_from_a_cache():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_an_answer_after_a_red_flag_changes_nothing():
    emergency = Progress(given={}, missing="emergency", answers=None, started=False).answered(
        "emergency", frozenset({"excruciating"})
    )
    assert emergency.answered("emergency", frozenset({"none"})) is emergency
    assert emergency.answered("history", frozenset({"recurring"})) is emergency
