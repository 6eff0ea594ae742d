"""Two gunicorn nodes on one PostgreSQL and one Redis, as two machines behind a load
balancer would be: the same settings and secret key, nothing else shared. Used by
test_scale_out.py and test_concurrent_answers.py."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from django_otp.oath import totp

from tests.faults.live import Server, Visitor, manage, production_env
from tests.faults.redis_live import Redis

# --- Two nodes ----------------------------------------------------------------------------


class Staff:
    """A superuser with a confirmed TOTP device, as production requires for publishing."""

    def __init__(self) -> None:
        self.username = f"scale-out-{secrets.token_hex(4)}"
        self.password = secrets.token_urlsafe(24)
        self.key = secrets.token_hex(20)  # TOTPDevice.key: 20 bytes, hex

    def create(self, env: Mapping[str, str]) -> None:
        manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            "from django_otp.plugins.otp_totp.models import TOTPDevice; "
            f"user = User.objects.create_superuser({self.username!r}, password={self.password!r}); "
            f"TOTPDevice.objects.create(user=user, name='phone', key={self.key!r}, confirmed=True)",
            env=env,
        )

    def code(self) -> str:
        return f"{totp(bytes.fromhex(self.key), step=30, digits=6):06d}"


class Nodes:
    def __init__(self, a: Server, b: Server, redis: Redis, staff: Staff) -> None:
        self.a, self.b, self.redis, self.staff = a, b, redis, staff

    def __iter__(self) -> Iterator[Server]:
        return iter((self.a, self.b))

    def log_tails(self) -> list[tuple[str, str]]:
        return [
            ("node A gunicorn log (tail)", self.a.log_tail(6000)),
            ("node B gunicorn log (tail)", self.b.log_tail(6000)),
            ("redis log (tail)", self.redis.log_tail()),
        ]


# --- One browser, two nodes ---------------------------------------------------------------


class Alternating(Visitor):
    """One browser (one cookie jar) whose every request goes to the other node from the
    one before, as a load balancer without sticky sessions may send it."""

    def __init__(self, nodes: Nodes) -> None:
        super().__init__(nodes.a.base_url)
        self.nodes = (nodes.a, nodes.b)
        self.served: list[str] = []

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        node = self.nodes[len(self.served) % 2]
        self.served.append("AB"[len(self.served) % 2])
        self.base_url = node.base_url
        return super().request(method, path, **kwargs)

    def on(self, node: Server) -> Visitor:
        """The same browser, pinned to one node."""
        pinned = Visitor(node.base_url)
        pinned.http = self.http
        return pinned

    @property
    def session_key(self) -> str | None:
        return self.http.cookies.get("sessionid")


@contextmanager
def two_nodes(cluster_url: str, redis: Redis, logs: Path, *, workers: int = 2) -> Iterator[Nodes]:
    """Node A and node B: one environment (same database, Redis, secret key), two ports,
    ``workers`` gunicorn workers each."""
    redis.command("FLUSHALL")
    env = production_env(cluster_url, REDIS_URL=redis.url)
    staff = Staff()
    staff.create(env)
    a = Server(env=env, log_path=logs / "node-a.log")
    b = Server(env=env, log_path=logs / "node-b.log")
    assert a.port != b.port
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:  # two machines boot side by side
            for started in [pool.submit(node.start, workers=workers) for node in (a, b)]:
                started.result(timeout=60)
        yield Nodes(a, b, redis, staff)
    finally:
        for node in (a, b):  # SIGTERM both, then wait for each
            if node.process is not None and node.process.poll() is None:
                node.process.terminate()
        a.stop()
        b.stop()
