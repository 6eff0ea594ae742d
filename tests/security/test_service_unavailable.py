"""503s, in-process: Retry-After, one log line, the connection closed
after a database error, /healthz telling the truth about writes. The same against real
gunicorn and a read-only PostgreSQL: tests/faults/test_read_only_database.py."""

import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client

from config.middleware import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.urls("tests.security.urls")


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_a_503_asks_to_retry_and_logs_one_line(client, database_down, site_log):
    response = client.get("/__tests__/needs-database/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS) == "30"
    lines = site_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].endswith(
        "ERROR django.request Service Unavailable: /__tests__/needs-database/ "
        "(django.db.utils.OperationalError)"
    )


def test_healthz_503_asks_to_retry_and_logs_one_line(client, database_down, site_log):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unavailable")
    assert response["Retry-After"] == "30"
    lines = site_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].endswith("ERROR django.request Service Unavailable: /healthz")


@pytest.mark.parametrize(
    "error",
    # Down, too slow, out of memory (maxmemory with noeviction), a read-only replica, and
    # the base class: every Redis error is an outage, never a bug's 500.
    ["ConnectionError", "TimeoutError", "OutOfMemoryError", "ReadOnlyError", "RedisError"],
)
def test_any_redis_error_gets_the_503_page_with_retry_after(client, error, db):
    response = client.get(f"/__tests__/redis-error/?error={error}")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # not inside a test transaction, as in production
def test_a_database_error_closes_the_connection(client):
    """Django keeps a connection that still answers after an error; one opened while the
    database was read-only would stay read-only for CONN_MAX_AGE."""
    default = connections["default"]
    # Only this thread's calls count: with SQLite in memory, a live server thread left by
    # the browser tests shares this connection object and closes it after its own requests.
    closed_here = []
    real_close = default.close

    def close() -> None:
        if threading.get_ident() == this_thread:
            closed_here.append(True)
        real_close()

    this_thread = threading.get_ident()
    with mock.patch.object(default, "close", side_effect=close):
        assert client.get("/healthz").status_code == 200
        assert not closed_here
        response = client.get("/__tests__/database-error/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
    assert closed_here == [True]


@pytest.mark.django_db
def test_healthz_is_503_while_the_database_is_read_only(client):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL: tests/faults/test_read_only_database.py, on a real server")
    assert client.get("/healthz").content == b"ok"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = 1")
    try:
        response = client.get("/healthz")
        assert (response.status_code, response.content) == (503, b"database read-only")
        assert response["Retry-After"] == "30"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = 0")
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
