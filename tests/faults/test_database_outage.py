"""The database goes away and comes back: /healthz says 503, pages that need the
database show the styled 503 page with the emergency number, and once PostgreSQL is back
the same gunicorn (no restart) serves again and a journey completes."""

from __future__ import annotations

import pytest

from tests.faults.live import Visitor, assert_styled_503, outcome_of, wait_until
from tests.journeys import KEYS, SELF_CARE

pytestmark = pytest.mark.postgres

RECOVERY_SECONDS = 30


def test_database_outage_gives_503_and_recovers_without_a_restart(live, cluster):
    master = live.process.pid
    workers = live.worker_pids()
    visitor = Visitor(live.base_url)
    visitor.answer_all({key: SELF_CARE[key] for key in KEYS[:2]})
    # The next page's form, fetched while the database is up: its CSRF token lives in a
    # cookie, so the post below fails for want of the database, not of a token.
    token = visitor.token("/check/onset/")

    cluster.stop()
    try:
        for _ in range(4):  # more requests than workers: each one finds the database gone
            health = visitor.get("/healthz")
            assert health.status_code == 503

        posted = visitor.request(
            "POST",
            "/check/onset/",
            data={"csrfmiddlewaretoken": token, "onset": SELF_CARE["onset"]},
        )
        assert_styled_503(posted)
        assert_styled_503(visitor.get("/guidance/stretches/"))
        # A new visitor's first answer needs the database too (the page itself does not).
        newcomer = Visitor(live.base_url)
        first = newcomer.request(
            "POST",
            "/check/emergency/",
            data={"csrfmiddlewaretoken": newcomer.token(), "emergency": ["none"]},
        )
        assert_styled_503(first)
    finally:
        cluster.start()

    wait_until(
        lambda: all(visitor.get("/healthz").status_code == 200 for _ in range(4)),
        timeout=RECOVERY_SECONDS,
        interval=0.25,
        what="/healthz to be 200 again",
    )

    # The same master and the same workers: they reconnected by themselves.
    assert live.process.poll() is None
    assert live.process.pid == master
    assert live.worker_pids() == workers

    # The answers saved before the outage are still there, and the journey completes.
    visitor.answer_all({key: SELF_CARE[key] for key in KEYS[2:]})
    result = visitor.get("/check/result/")
    assert result.status_code == 200
    assert outcome_of(result.text) == "self_care"
