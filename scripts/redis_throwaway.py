#!/usr/bin/env python3
"""Run a command with a throwaway Redis as the shared cache, then remove it.

    python scripts/redis_throwaway.py -- python bench/run.py

If REDIS_URL is already set, the command just runs with it. Otherwise Debian's
`redis-server` starts on a free loopback port in a temporary directory, with no
persistence, and REDIS_URL is set for the command (config/settings.py then uses Django's
RedisCache for the shared cache, as a deployment of more than one process should).
Without redis-server the command runs without Redis (the database cache), saying so.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REDIS_SERVER = Path("/usr/bin/redis-server")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def throwaway_redis() -> Iterator[str]:
    workdir = Path(tempfile.mkdtemp(prefix="backontrack-redis-"))
    port = free_port()
    command = [
        str(REDIS_SERVER),
        *("--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"),
        *("--dir", str(workdir), "--logfile", str(workdir / "redis.log")),
    ]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)  # noqa: S603
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise TimeoutError(f"redis-server did not open port {port}")
            time.sleep(0.1)
        print(f"redis_throwaway: Redis on 127.0.0.1:{port}", flush=True)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        if process.poll() is None:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__)
        return 2
    if os.environ.get("REDIS_URL"):
        return subprocess.call(argv)  # noqa: S603
    if not REDIS_SERVER.exists():
        print(f"redis_throwaway: {REDIS_SERVER} not found; running with the database cache.")
        return subprocess.call(argv)  # noqa: S603
    with throwaway_redis() as url:
        return subprocess.call(argv, env={**os.environ, "REDIS_URL": url})  # noqa: S603


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
