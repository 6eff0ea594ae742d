"""What bench/run.py and bench/journey_cpu.py both need: gunicorn in production mode on a
loopback port, the management commands it needs first, and CPU time read from /proc.

Plain Python, no Django: the scripts import it before they set up anything.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- Processes and CPU accounting ---------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces; everything after its ")" is plain.
    return text[text.rindex(")") + 2 :].split()


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for pid in _all_pids():
        fields = _stat(pid)
        if fields:
            parents.setdefault(int(fields[1]), []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of these processes, plus that of their children already reaped (a gunicorn
    worker recycled by max_requests leaves its time in the master's cutime/cstime)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:  # utime stime cutime cstime are fields 14-17, here 11-14
            total += sum(int(value) for value in fields[11:15])
    return total / CLK_TCK


def system_busy_seconds() -> float:
    """Busy CPU time of the whole machine (all cores; idle, iowait and steal excluded)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = values[:7]
    return (user + nice + system + irq + softirq) / CLK_TCK


def postgres_pids(port: int) -> list[int]:
    """Our throwaway cluster's postmaster (found by its port) and its backends."""
    for pid in _all_pids():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"postgres" in cmdline and f"port={port}".encode() in cmdline and b" -D " in cmdline:
            return descendants(pid)
    return []


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


# --- Set-up ------------------------------------------------------------------------------


def production_env(*, database_url: str, port: int, static_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        # config.settings with /bench/floor/ (bench/urls.py) and STATIC_ROOT in `static_root`
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": str(static_root),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_PLAIN_STATIC": "0",
        "DATABASE_URL": database_url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], *, port: int, log: Path, extra: list[str]
) -> Iterator[subprocess.Popen[bytes]]:
    command = [str(VENV_BIN / "gunicorn"), "--config", "config/gunicorn.py", *extra, "config.wsgi"]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so we can always stop it
        )
        try:
            wait_for_health(port, process)
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the group started above, nothing else
        process.wait(timeout=10)


def wait_for_health(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    url = f"http://127.0.0.1:{port}/healthz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError("gunicorn did not answer /healthz within 60 s")
