"""The shared cache (Redis) goes away and comes back: a patient part-way through carries on
and gets a result with all its content, never a 500 or a hung request, because answers and
sessions are in PostgreSQL only and content falls back to the database
(docs/decisions/0011-answers-saved-one-at-a-time.md); a newcomer still gets the first
question with its emergency signs; and once Redis is back (empty: it keeps nothing on
disk here), everything goes on as before."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.faults.live import Server, Visitor, outcome_of, production_env
from tests.faults.redis_live import Redis
from tests.journeys import KEYS, SELF_CARE
from triage.engine import RED_FLAGS

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


def test_a_cache_outage_costs_time_never_an_answer_or_content(node: Server, own_redis):
    visitor = Visitor(node.base_url)
    visitor.answer_all({key: SELF_CARE[key] for key in KEYS[:3]})

    own_redis.stop()
    try:
        for key in KEYS[3:]:
            posted = _timed(lambda key=key: visitor.answer(key, SELF_CARE[key]))
            assert posted.status_code == 302, (key, posted.status_code)
        result = _timed(lambda: visitor.get("/check/result/"))
        assert result.status_code == 200
        assert outcome_of(result.text) == "self_care"
        for part in ('id="recommended-stretches"', 'id="clinic-contact-heading"'):
            assert part in result.text, part
        # Someone new: the first question and its emergency signs.
        first = _timed(lambda: Visitor(node.base_url).get(f"/check/{KEYS[0]}/"))
        assert first.status_code == 200
        assert first.text.count(f'name="{KEYS[0]}"') == len(RED_FLAGS) + 1  # and "none"
        assert 'name="csrfmiddlewaretoken"' in first.text
        assert "\x00" not in first.text
        assert _timed(lambda: visitor.get("/healthz")).status_code == 200
    finally:
        own_redis.start()

    # Back, and empty: the same answers, the same result, kept in the cache again.
    result = visitor.get("/check/result/")
    assert (result.status_code, outcome_of(result.text)) == (200, "self_care")
    assert any("recommendations" in key for key in own_redis.key_names())
    log = node.log_tail(20000)
    assert "Internal Server Error" not in log
    assert "Service Unavailable" not in log
