"""One PostgreSQL cluster and one production-mode gunicorn for all fault tests, and a
throwaway Redis for those that need one (test_scale_out.py, test_cache_outage.py).

They need Debian's PostgreSQL server binaries (and `redis-server`): without them the tests
are skipped, except under CI=true, where that is a failure (CI must run them).
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator

import pytest

from tests.faults.live import Cluster, Server, manage, pg_throwaway, production_env, running_server
from tests.faults.redis_live import Redis, missing_redis, throwaway_redis


def _missing_postgres() -> str | None:
    if pg_throwaway.find_pg_bin() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) not found"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, but there is no 'postgres' user to run the cluster"
    return None


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    """A throwaway cluster of our own (never the test run's DATABASE_URL), migrated and
    seeded with the starter content by the real management commands."""
    if (reason := _missing_postgres()) is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the fault tests")
        pytest.skip(reason)
    with pg_throwaway.throwaway_cluster() as url:
        live_cluster = Cluster.attach(url, pg_bin=pg_throwaway.find_pg_bin())
        env = production_env(url)
        manage("migrate", "--noinput", env=env)
        manage("seed_content", env=env)
        yield live_cluster


def _redis() -> Iterator[Redis]:
    if (reason := missing_redis()) is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the fault tests")
        pytest.skip(reason)
    with throwaway_redis() as redis:
        yield redis


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    """A throwaway redis-server on loopback: no persistence, removed afterwards."""
    yield from _redis()


@pytest.fixture
def own_redis() -> Iterator[Redis]:
    """The same, for one test alone: it may stop and start it without touching others."""
    yield from _redis()


@pytest.fixture(scope="session")
def server(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """gunicorn (config/gunicorn.py, two gthread workers) in production mode on loopback."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with running_server(cluster.url, log, workers=2) as live_server:
        yield live_server


@pytest.fixture
def live(server: Server, cluster: Cluster) -> Server:
    """The shared server, checked to be up: a test that stopped the database or killed a
    worker must have put things back."""
    assert cluster.is_running(), "an earlier test left the database stopped"
    assert server.process is not None and server.process.poll() is None, server.log_tail()
    return server


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if report.failed:
        # The server's own log (tracebacks of any 5xx) beside the failure.
        for name in ("live", "server"):
            live_server = getattr(item, "funcargs", {}).get(name)
            if isinstance(live_server, Server):
                report.sections.append(("gunicorn log (tail)", live_server.log_tail(6000)))
                break
        # Several nodes (test_scale_out.py): each one's log, and Redis'.
        nodes = getattr(item, "funcargs", {}).get("nodes")
        if nodes is not None and hasattr(nodes, "log_tails"):
            report.sections.extend(nodes.log_tails())
    return report
