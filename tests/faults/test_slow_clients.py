"""Ten slow clients straight to one gunicorn node (no buffering proxy in front): each sends a
request line, then one header line every few seconds, and never finishes its request.

With sync workers each one held a whole worker; the master killed the workers every
`timeout` seconds and the next ones took the same sockets, so /healthz timed out for as
long as the clients kept going. config/gunicorn.py now runs gthread workers, a worker
accepting only while it has a free thread: a slow client holds one thread, and the node
answers while it has fewer slow clients than workers × threads.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.faults.live import (
    HOST,
    Server,
    Visitor,
    csrf_token,
    loopback_session,
    outcome_of,
    running_server,
)
from tests.journeys import JOURNEYS, KEYS

pytestmark = pytest.mark.postgres

SLOW_CLIENTS = 10
HEADER_EVERY = 3.0  # seconds between one slow client's header lines
WORKER_TIMEOUT = 8  # GUNICORN_TIMEOUT for this server: sync workers were killed after it
WINDOW = WORKER_TIMEOUT + 6  # longer than a worker timeout, so a kill would show
HEALTHZ_WITHIN = 2.0
# The smallest node config/gunicorn.py makes by default: one core, 2×1+1 workers (and its
# default threads). Ten slow clients leave it two threads.
WORKERS = 3


class SlowClients:
    """Sockets that each send a request line at once, then a header line every
    HEADER_EVERY seconds, never the blank line that ends the headers. A socket the server
    closes is opened again, as an attacker would."""

    def __init__(self, port: int, count: int) -> None:
        self.port = port
        self.count = count
        self.sockets: list[socket.socket | None] = [None] * count
        self.reopened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._lines = itertools.count()

    def _open(self) -> socket.socket:
        sock = socket.create_connection((HOST, self.port), timeout=5)
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        return sock

    def _run(self) -> None:
        while not self._stop.wait(HEADER_EVERY):
            for index, sock in enumerate(self.sockets):
                try:
                    if sock is None:
                        raise OSError("closed")
                    sock.sendall(f"X-Slow-{next(self._lines)}: 1\r\n".encode())
                except OSError:
                    if sock is not None:
                        sock.close()
                    self.reopened += 1
                    with contextlib.suppress(OSError):
                        self.sockets[index] = None
                        self.sockets[index] = self._open()

    def __enter__(self) -> SlowClients:
        self.sockets = [self._open() for _ in range(self.count)]
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in self.sockets:
            if sock is not None:
                sock.close()


@pytest.fixture
def node(cluster, tmp_path: Path) -> Iterator[Server]:
    with running_server(
        cluster.url,
        tmp_path / "gunicorn.log",
        workers=WORKERS,
        GUNICORN_TIMEOUT=str(WORKER_TIMEOUT),
    ) as server:
        yield server


def _healthz_seconds(node: Server) -> float:
    """How long /healthz took to answer 200; the limit's double if it did not."""
    start = time.monotonic()
    try:
        with loopback_session() as session:
            response = session.get(f"{node.base_url}/healthz", timeout=2 * HEALTHZ_WITHIN)
    except requests.RequestException:
        return 2 * HEALTHZ_WITHIN
    elapsed = time.monotonic() - start
    return elapsed if response.status_code == 200 else 2 * HEALTHZ_WITHIN


def _journey_step(visitor: Visitor, key: str, value: object) -> str | None:
    """GET one question and post its answer, as a browser would; what went wrong, if anything."""
    try:
        page = visitor.get(f"/check/{key}/", timeout=5)
        if page.status_code != 200:
            return f"GET {key}: {page.status_code}"
        data = {"csrfmiddlewaretoken": csrf_token(page.text), key: value}
        posted = visitor.request("POST", f"/check/{key}/", data=data, timeout=5)
    except requests.RequestException as error:
        return f"{key}: {type(error).__name__}"
    return None if posted.status_code == 302 else f"POST {key}: {posted.status_code}"


def test_ten_slow_clients_leave_healthz_and_journeys_answering(node):
    workers_before = node.worker_pids()
    answers = JOURNEYS["see_doctor"]
    steps = list(KEYS)
    visitor = Visitor(node.base_url)
    probes: list[float] = []
    problems: list[str] = []
    with SlowClients(node.port, SLOW_CLIENTS) as slow:
        time.sleep(1)  # every slow socket accepted and sending headers
        start = time.monotonic()
        # /healthz every half second throughout the window, a journey's steps in between.
        while time.monotonic() - start < WINDOW:
            probes.append(_healthz_seconds(node))
            if steps:
                if (problem := _journey_step(visitor, steps[0], answers[steps[0]])) is None:
                    steps.pop(0)
                else:
                    problems.append(problem)
            time.sleep(0.5)
        outcome = outcome_of(visitor.get("/check/result/", timeout=5).text) if not steps else None
        reopened = slow.reopened

    slowest = max(probes)
    late = sum(probe >= HEALTHZ_WITHIN for probe in probes)
    assert slowest < HEALTHZ_WITHIN, (
        f"/healthz took {slowest:.1f} s at worst; {late} of {len(probes)} probes over "
        f"{HEALTHZ_WITHIN} s; journey problems: {problems}"
    )
    assert (steps, problems, outcome) == ([], [], "see_doctor")
    # No worker was killed, and the slow clients were held, not dropped and let back in.
    assert node.worker_pids() == workers_before
    assert reopened == 0, reopened
