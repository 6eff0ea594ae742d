"""The database becomes read-only and writable again, against real gunicorn.

The fault test found /healthz answering 200 "ok" while every answer got a 503, so a load
balancer kept sending patients there; and, once the database was writable again, workers
kept answering 503 for up to CONN_MAX_AGE (60 s) on connections opened while it was
read-only. Here: ALTER DATABASE ... SET default_transaction_read_only and every connection
dropped, as in a failover to a standby; then RESET, and no waiting at all.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.faults.live import Visitor
from tests.journeys import KEYS, SELF_CARE

pytestmark = pytest.mark.postgres

FIRST = KEYS[0]
TRIES = 4  # more than the server's two workers


def _first_answer(visitor: Visitor, token: str):
    return visitor.request(
        "POST", f"/check/{FIRST}/", data={"csrfmiddlewaretoken": token, FIRST: SELF_CARE[FIRST]}
    )


def _visitors_with_tokens(live, count: int) -> list[tuple[Visitor, str]]:
    """New visitors holding the first question's form, fetched while all is well."""
    visitors = [Visitor(live.base_url) for _ in range(count)]
    return [(visitor, visitor.token(f"/check/{FIRST}/")) for visitor in visitors]


def test_healthz_is_503_while_read_only_and_everything_recovers_at_once(live, cluster):
    during = _visitors_with_tokens(live, TRIES)
    after = _visitors_with_tokens(live, TRIES)
    log_start = len(live.log_tail(10**9))

    with psycopg.connect(cluster.url, autocommit=True) as admin:
        database = admin.execute("SELECT current_database()").fetchone()[0]
        admin.execute(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )
            health = [live_get(live, "/healthz") for _ in range(TRIES)]
            answers = [_first_answer(visitor, token) for visitor, token in during]
        finally:
            admin.execute(f'ALTER DATABASE "{database}" RESET default_transaction_read_only')

    # Without waiting: every worker is healthy and takes answers again.
    health_after = [live_get(live, "/healthz") for _ in range(TRIES)]
    answers_after = [_first_answer(visitor, token) for visitor, token in after]

    assert [(r.status_code, r.text) for r in health] == [(503, "database read-only")] * TRIES
    assert [r.status_code for r in answers] == [503] * TRIES
    assert all("Sorry, the service is unavailable" in r.text for r in answers)
    assert all(r.headers.get("Retry-After") == "30" for r in [*health, *answers])
    assert [(r.status_code, r.text) for r in health_after] == [(200, "ok")] * TRIES
    assert [r.status_code for r in answers_after] == [302] * TRIES, [
        (r.status_code, r.headers.get("Location")) for r in answers_after
    ]

    # Each 503 is one line in the log, without a traceback.
    log = live.log_tail(10**9)[log_start:]
    unavailable = [line for line in log.splitlines() if "Service Unavailable" in line]
    assert len(unavailable) == 2 * TRIES, log
    assert "Traceback" not in log, log
    assert all(line.endswith("ReadOnlySqlTransaction)") for line in unavailable[TRIES:]), log


def live_get(live, path: str):
    return Visitor(live.base_url).get(path)
