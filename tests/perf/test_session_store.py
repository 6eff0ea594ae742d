"""triage.session_store: Django's database sessions with a plain-SQL read and update
(issue 6). Same behaviour as the "db" engine; every worker sees the latest answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends import cache, cached_db
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.journeys import SELF_CARE, answer, answer_all, outcome_of
from triage.session_store import SessionStore
from triage.wizard import SESSION_KEY

pytestmark = pytest.mark.django_db


def test_it_is_the_session_engine_and_keeps_no_copy_per_worker():
    assert settings.SESSION_ENGINE == "triage.session_store"
    # A per-process cache (cached_db without a shared cache) served stale answers.
    assert not issubclass(SessionStore, (cache.SessionStore, cached_db.SessionStore))


def test_what_one_worker_saves_the_next_one_reads():
    first = SessionStore()
    first["answers"] = {"location": "neck"}
    first.save()  # a new row: Django's INSERT
    second = SessionStore(first.session_key)  # another worker, same cookie
    assert second["answers"] == {"location": "neck"}
    second["answers"] = {"location": "lower_back"}
    second.save()  # the plain UPDATE
    assert SessionStore(first.session_key)["answers"] == {"location": "lower_back"}
    assert Session.objects.get(pk=first.session_key).get_decoded() == {
        "answers": {"location": "lower_back"}
    }


def test_an_update_moves_the_expiry_on():
    store = SessionStore()
    store["answers"] = {}
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    store["answers"] = {"location": "neck"}
    store.save()
    expires = Session.objects.get(pk=store.session_key).expire_date
    assert expires > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_expired_session_is_not_read_and_its_key_is_dropped():
    store = SessionStore()
    store["answers"] = {"location": "neck"}
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    again = SessionStore(store.session_key)
    assert again.get("answers") is None
    assert again.session_key is None  # as Django's engine: a new key on the next save


def test_an_unknown_key_reads_as_empty():
    store = SessionStore("x" * 32)
    assert dict(store.items()) == {}
    assert store.session_key is None


def test_updating_a_row_deleted_meanwhile_is_an_update_error():
    store = SessionStore()
    store["answers"] = {}
    store.save()
    store["answers"] = {"location": "neck"}
    Session.objects.filter(pk=store.session_key).delete()  # e.g. "Start again" in another tab
    with pytest.raises(UpdateError):
        store.save()


def test_a_whole_journey_runs_on_it(client):
    answer_all(client, SELF_CARE)
    assert client.session[SESSION_KEY] == SELF_CARE
    answer(client, "nerve", ["weakness"], change=True)
    assert outcome_of(client.get(reverse("triage:result"))) == "urgent"


def test_a_session_deleted_between_requests_restarts_kindly():
    client = Client()
    answer_all(client, {key: SELF_CARE[key] for key in ("emergency", "location")})
    Session.objects.all().delete()  # cleared, e.g. by clearsessions after expiry
    response = answer(client, "onset", SELF_CARE["onset"])
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:question", args=["emergency"])
