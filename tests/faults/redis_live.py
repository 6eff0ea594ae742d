"""A throwaway Redis for the fault tests, like scripts/pg_throwaway.py's
PostgreSQL: Debian's `redis-server` on a free loopback port, in a temporary directory of
its own, with no persistence (nothing is written to disk), stopped and removed afterwards.

Redis runs as whoever runs the tests; unlike PostgreSQL it does not refuse root.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.faults.live import HOST, pg_throwaway

REDIS_SERVER = Path("/usr/bin/redis-server")


def missing_redis() -> str | None:
    """Why there can be no throwaway Redis here, or None."""
    if not REDIS_SERVER.exists():
        return f"{REDIS_SERVER} not found (Debian package redis-server)"
    return None


@dataclass
class Redis:
    port: int
    workdir: Path
    command_line: list[str]
    process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 15) -> None:
        """Start redis-server (again, on the same port: an outage that ends)."""
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
            self.command_line,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_for_ping(self, timeout=timeout)

    def stop(self) -> None:
        """Stop redis-server: everything in it is gone (it keeps nothing on disk)."""
        _stop(self)

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def command(self, *args: str, timeout: float = 5) -> object:
        """One command in Redis' own protocol (RESP) on a fresh connection; its reply."""
        request = f"*{len(args)}\r\n".encode()
        for arg in args:
            data = arg.encode()
            request += b"$%d\r\n%b\r\n" % (len(data), data)
        with socket.create_connection((HOST, self.port), timeout=timeout) as sock:
            sock.sendall(request)
            reader = sock.makefile("rb")
            return _read_reply(reader)

    def key_names(self) -> list[str]:
        reply = self.command("KEYS", "*")
        assert isinstance(reply, list), reply
        return sorted(key.decode() for key in reply)

    def log_tail(self, size: int = 3000) -> str:
        with contextlib.suppress(OSError):
            return (self.workdir / "redis.log").read_text(errors="replace")[-size:]
        return ""


def _read_reply(reader) -> object:
    line = reader.readline()
    if not line.endswith(b"\r\n"):
        raise ConnectionError(f"incomplete reply from Redis: {line!r}")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RuntimeError(f"Redis error: {rest.decode()}")
    if kind == b":":
        return int(rest)
    if kind == b"$":
        length = int(rest)
        if length < 0:
            return None
        data = reader.read(length + 2)
        return data[:-2]
    if kind == b"*":
        count = int(rest)
        return None if count < 0 else [_read_reply(reader) for _ in range(count)]
    raise ConnectionError(f"unexpected reply from Redis: {line!r}")


@contextlib.contextmanager
def throwaway_redis(*, timeout: float = 15) -> Iterator[Redis]:
    """redis-server on 127.0.0.1 only, no RDB snapshots, no AOF; removed afterwards."""
    if (reason := missing_redis()) is not None:
        raise FileNotFoundError(reason)
    workdir = Path(tempfile.mkdtemp(prefix="backontrack-redis-"))
    port = pg_throwaway.free_port()
    command = [
        str(REDIS_SERVER),
        "--bind",
        HOST,
        "--port",
        str(port),
        "--protected-mode",
        "yes",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(workdir),
        "--logfile",
        str(workdir / "redis.log"),
        "--daemonize",
        "no",
        "--databases",
        "1",
    ]
    redis = Redis(port=port, workdir=workdir, command_line=command)
    try:
        redis.start(timeout=timeout)
        yield redis
    finally:
        _stop(redis)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for_ping(redis: Redis, *, timeout: float) -> None:
    assert redis.process is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if redis.process.poll() is not None:
            exited = redis.process.returncode
            raise RuntimeError(f"redis-server exited ({exited}):\n{redis.log_tail()}")
        with contextlib.suppress(OSError, ConnectionError):
            if redis.command("PING", timeout=1) == "PONG":
                return
        time.sleep(0.1)
    raise TimeoutError(f"redis-server did not answer PING in {timeout} s:\n{redis.log_tail()}")


def _stop(redis: Redis) -> None:
    if redis.process is None or redis.process.poll() is not None:
        return
    redis.process.terminate()  # SIGTERM: Redis shuts down (nothing to save)
    try:
        redis.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        redis.process.kill()
        redis.process.wait(timeout=10)
