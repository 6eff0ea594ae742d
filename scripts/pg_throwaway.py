#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster, then remove the cluster.

    python scripts/pg_throwaway.py -- python -m pytest

If DATABASE_URL already names a PostgreSQL server, the command just runs against it.
Otherwise Debian's initdb/pg_ctl make a cluster in a temporary directory, listening on a
free loopback port only, and DATABASE_URL is set for the command. As root (CI), the
cluster runs as the `postgres` system user, because PostgreSQL refuses to run as root.

Without PostgreSQL binaries the command is skipped with a message, except under CI=true,
where that is an error: CI must test on PostgreSQL.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def find_pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for directory in candidates:
        if (Path(directory) / "initdb").exists():
            return Path(directory)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _version_key(path: str) -> float:
    try:
        return float(Path(path).parent.name)
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_cluster_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextlib.contextmanager
def throwaway_cluster():
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    workdir = Path(tempfile.mkdtemp(prefix="backontrack-pg-"))
    data = workdir / "data"
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(workdir, user="postgres", group="postgres")
    log = workdir / "server.log"
    try:
        subprocess.run(
            as_cluster_user(
                [
                    str(pg_bin / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -k {workdir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        subprocess.run(
            as_cluster_user(
                [
                    str(pg_bin / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        _wait_for(port)
        print(f"pg_throwaway: PostgreSQL ({pg_bin.parent.name}) on 127.0.0.1:{port}", flush=True)
        yield url
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                as_cluster_user(
                    [str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise TimeoutError(f"PostgreSQL did not open port {port}")


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__)
        return 2
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return subprocess.call(argv)
    try:
        with throwaway_cluster() as url:
            return subprocess.call(argv, env={**os.environ, "DATABASE_URL": url})
    except FileNotFoundError as error:
        if os.environ.get("CI") == "true":
            print(f"pg_throwaway: {error}; CI must run the PostgreSQL suite.", file=sys.stderr)
            return 1
        print(f"pg_throwaway: {error}; skipping the PostgreSQL run (not in CI).")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
