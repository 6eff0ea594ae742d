"""The shared cache is an optimisation (docs/decisions/0006-performance.md): when it fails,
a result page costs the time of working its content out again, never the content, and
never shows content older than what is saved.

Failures as they reach Django: Redis out of memory with "noeviction" (OutOfMemoryError, a
ResponseError), a read-only replica (ReadOnlyError), writes paused (TimeoutError), Redis
down (ConnectionError); and the database cache with no table (OperationalError or
ProgrammingError, by database).
"""

from __future__ import annotations

import logging

import pytest
import redis.exceptions
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import reverse

from content.models import Stretch
from tests.factories import seed_starter_content
from tests.journeys import JOURNEYS, answer_all, main_html

pytestmark = pytest.mark.django_db

#: What each failure's message might carry: it must never reach the log.
SECRET = "key=recommendations:self_care:lower_back"

REDIS_ERRORS = {
    "out of memory": redis.exceptions.OutOfMemoryError,
    "a refused command": redis.exceptions.ResponseError,
    "a read-only replica": redis.exceptions.ReadOnlyError,
    "writes paused": redis.exceptions.TimeoutError,
    "down": redis.exceptions.ConnectionError,
}


@pytest.fixture(autouse=True)
def seeded(db):
    seed_starter_content()


def _raise(error: type[Exception]):
    def failing(*args, **kwargs):
        raise error(f"Error: {SECRET}")

    return failing


def fail_cache(monkeypatch, error: type[Exception], *, reads: bool = True) -> None:
    """Make Django's default cache raise ``error`` on writes, and on reads and deletes too
    unless ``reads`` is False."""
    backend = caches["default"]
    # get_or_set() reads, then adds only when there is nothing to read.
    for name in ("set", "add", *(("get", "get_or_set", "delete") if reads else ())):
        monkeypatch.setattr(backend, name, _raise(error))


@pytest.fixture
def no_cache_table(settings) -> None:
    """The database cache, its table never made (`createcachetable` not run)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "backontrack_no_such_cache_table",
        },
    }


def result_html(client, outcome: str) -> str:
    answer_all(client, JOURNEYS[outcome])
    response = client.get(reverse("triage:result"))
    assert response.status_code == 200
    return main_html(response)


def assert_full_content(html: str, outcome: str) -> None:
    """Everything the clinic offers for the outcome is on the page (PROTOCOL.md, "What the
    result page offers")."""
    assert 'id="care-advice-do-now"' in html, "care advice"
    if outcome == "emergency":
        return
    assert "bot-clinic-contact" in html, "clinic contact"
    assert 'Phone: <a href="tel:' in html, "clinic phone"
    if outcome == "urgent":
        assert "Call for a same-day appointment" in html
        return
    for kind in ("stretch", "tip", "plan"):
        assert f'data-recommend="{kind}"' in html, kind


def cache_log(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if "cache" in record.getMessage()]


# --- Every result keeps its content -------------------------------------------------------


@pytest.mark.parametrize("error", list(REDIS_ERRORS.values()), ids=list(REDIS_ERRORS))
def test_every_result_page_has_its_content_while_redis_fails(client, monkeypatch, caplog, error):
    fail_cache(monkeypatch, error)
    assert_every_result_has_its_content(caplog, error.__name__)


# The page runs outside any transaction, as in production (no ATOMIC_REQUESTS): inside the
# test's own, PostgreSQL would abort it at the first failed query.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_result_page_has_its_content_without_the_cache_table(no_cache_table, caplog):
    assert_every_result_has_its_content(caplog, "OperationalError", "ProgrammingError")


def assert_every_result_has_its_content(caplog, *errors: str) -> None:
    """Each outcome's result page is full, and each cache failure is logged by its
    exception class (one of ``errors``), never with a value."""
    for outcome in JOURNEYS:
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            html = result_html(Client(), outcome)
        assert_full_content(html, outcome)
        logged = cache_log(caplog)
        assert logged, "the failure is logged"
        assert all(any(error in line for error in errors) for line in logged), logged
        assert SECRET not in caplog.text


# --- A failing cache never makes content stale --------------------------------------------


def first_stretch(html: str) -> Stretch:
    slug = next(s.slug for s in Stretch.objects.all() if f"/{s.slug}/?from=result" in html)
    return Stretch.objects.get(slug=slug)


def test_a_content_edit_made_while_the_cache_is_down_shows_at_once(client, monkeypatch):
    stretch = first_stretch(result_html(client, "self_care"))  # kept in the cache
    fail_cache(monkeypatch, redis.exceptions.ConnectionError)
    stretch.title = "Edited while the cache was down"
    stretch.save()
    assert "Edited while the cache was down" in result_html(client, "self_care")


def test_a_content_edit_made_while_redis_is_out_of_memory_shows_at_once_and_afterwards(
    client, monkeypatch
):
    stretch = first_stretch(result_html(client, "self_care"))  # kept in the cache
    with monkeypatch.context() as failing:
        # Out of memory with "noeviction", Redis refuses writes but still reads (the
        # selection kept before the edit) and deletes.
        fail_cache(failing, redis.exceptions.OutOfMemoryError, reads=False)
        stretch.title = "Edited while the cache refused writes"
        stretch.save()
        assert "Edited while the cache refused writes" in result_html(client, "self_care")
    # Writes are taken again: nothing kept from before the edit comes back.
    for _ in range(2):  # worked out and kept, then from the cache
        assert "Edited while the cache refused writes" in result_html(client, "self_care")


def test_without_a_readable_content_version_no_kept_selection_is_used(client, monkeypatch):
    backend = caches["default"]
    monkeypatch.setattr(backend, "get_or_set", _raise(redis.exceptions.TimeoutError))
    stretch = first_stretch(result_html(client, "self_care"))
    stretch.title = "Edited while the version could not be read"
    stretch.save()
    assert "Edited while the version could not be read" in result_html(client, "self_care")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_staff_edit_is_saved_when_the_cache_table_is_missing(no_cache_table):
    stretch = Stretch.objects.first()
    with transaction.atomic():  # as the admin saves
        stretch.title = "Saved without a cache table"
        stretch.save()
        assert Stretch.objects.filter(title="Saved without a cache table").exists()
    assert Stretch.objects.get(pk=stretch.pk).title == "Saved without a cache table"
