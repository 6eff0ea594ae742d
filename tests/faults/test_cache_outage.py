"""The shared cache (Redis) goes away and comes back (issue 12): a patient part-way through
sees the styled 503 page, never a 500 or a hung request; a newcomer still gets the first
question with its emergency signs; and once Redis is back, the same gunicorn carries on
with every answer given before the outage (cached_db sessions are written to PostgreSQL
too, and Redis here keeps nothing on disk)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.faults.live import Server, Visitor, assert_styled_503, outcome_of, production_env
from tests.faults.redis_live import Redis
from tests.journeys import KEYS, SELF_CARE
from triage.engine import RED_FLAG_SIGNS

pytestmark = pytest.mark.postgres

#: A refused connection fails at once; the settings' socket timeouts bound the rest.
OUTAGE_REPLY_SECONDS = 5


@pytest.fixture
def node(cluster, own_redis: Redis, tmp_path) -> Iterator[Server]:
    server = Server(
        env=production_env(cluster.url, REDIS_URL=own_redis.url),
        log_path=tmp_path / "gunicorn.log",
    )
    server.start(workers=1)
    try:
        yield server
    finally:
        server.stop()


def _timed(call):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    response = call()
    assert time.monotonic() - start < OUTAGE_REPLY_SECONDS
    return response


def test_a_cache_outage_gives_503_loses_no_answer_and_recovers(node: Server, own_redis):
    visitor = Visitor(node.base_url)
    visitor.answer_all({key: SELF_CARE[key] for key in KEYS[:3]})
    token = visitor.token(f"/check/{KEYS[3]}/")

    own_redis.stop()
    try:
        assert_styled_503(_timed(lambda: visitor.get(f"/check/{KEYS[3]}/")))
        posted = _timed(
            lambda: visitor.request(
                "POST",
                f"/check/{KEYS[3]}/",
                data={"csrfmiddlewaretoken": token, KEYS[3]: SELF_CARE[KEYS[3]]},
            )
        )
        assert_styled_503(posted)
        # Someone new has no session to read: the first question and its emergency signs
        # show, rendered afresh.
        first = _timed(lambda: Visitor(node.base_url).get(f"/check/{KEYS[0]}/"))
        assert first.status_code == 200
        assert first.text.count(f'name="{KEYS[0]}"') == len(RED_FLAG_SIGNS) + 1  # and "none"
        assert 'name="csrfmiddlewaretoken"' in first.text
        assert "\x00" not in first.text
        assert _timed(lambda: visitor.get("/healthz")).status_code == 200  # the database is up
    finally:
        own_redis.start()

    # Back, and empty: the answers come from PostgreSQL, and the journey completes.
    visitor.answer_all({key: SELF_CARE[key] for key in KEYS[3:]})
    result = visitor.get("/check/result/")
    assert result.status_code == 200
    assert outcome_of(result.text) == "self_care"
    log = node.log_tail(20000)
    assert "Internal Server Error" not in log
    assert "Service Unavailable" in log  # each 503 logged once, by django.request
