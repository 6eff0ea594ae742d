"""A real production-mode server for the fault tests: our own PostgreSQL cluster,
`manage.py migrate` and `seed_content`, then gunicorn with config/gunicorn.py (DEBUG off,
as in production, but plain HTTP on a free loopback port). Plus a small cookie-keeping
HTTP client.

Everything is bounded in time and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg
import requests

PROJECT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def load_pg_throwaway() -> ModuleType:
    """scripts/pg_throwaway.py, imported by path (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "_pg_throwaway", PROJECT / "scripts" / "pg_throwaway.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pg_throwaway = load_pg_throwaway()


def loopback_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies from the environment: loopback only
    return session


def wait_until(predicate, *, timeout: float, interval: float = 0.1, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


# --- PostgreSQL ---------------------------------------------------------------------------


@dataclass
class Cluster:
    """A running throwaway cluster that a test may stop and start again (same port)."""

    url: str
    pg_bin: Path
    data_dir: Path
    port: int
    socket_dir: str

    @classmethod
    def attach(cls, url: str, *, pg_bin: Path) -> Cluster:
        with psycopg.connect(url, connect_timeout=5, autocommit=True) as connection:
            data_dir = connection.execute("SHOW data_directory").fetchone()[0]
            port = connection.execute("SHOW port").fetchone()[0]
            socket_dir = connection.execute("SHOW unix_socket_directories").fetchone()[0]
        return cls(url, pg_bin, Path(data_dir), int(port), socket_dir)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "-t", "30", "stop")

    def start(self) -> None:
        # The same options as scripts/pg_throwaway.py's first start.
        options = (
            f"-c listen_addresses={HOST} -c port={self.port} -k {self.socket_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        log = self.data_dir.parent / "server.log"
        self._pg_ctl("-l", str(log), "-o", options, "-w", "-t", "30", "start")

    def is_running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists()

    def _pg_ctl(self, *args: str) -> None:
        command = [str(self.pg_bin / "pg_ctl"), "-D", str(self.data_dir), *args]
        subprocess.run(  # noqa: S603 (our own fixed command line)
            pg_throwaway.as_cluster_user(command),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=60,
        )


# --- The Django project and gunicorn ------------------------------------------------------


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-mode process: our variables, not the test run's."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_")) and name != "DATABASE_URL"
    }
    return {
        **inherited,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": HOST,
        # As behind the TLS proxy in production: X-Forwarded-For is read, but only from
        # GUNICORN_FORWARDED_ALLOW_IPS (default 127.0.0.1; tests/faults/test_gunicorn.py).
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        # STATIC_ROOT is fixed in settings; plain storage needs no collectstatic run.
        "DJANGO_PLAIN_STATIC": "1",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(*args: str, env: Mapping[str, str]) -> None:
    completed = subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, (args, completed.stdout[-3000:], completed.stderr[-3000:])


@dataclass
class Server:
    """gunicorn with config/gunicorn.py on a free loopback port."""

    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=lambda: pg_throwaway.free_port())
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, *, workers: int = 2, timeout: float = 30) -> None:
        env = {**self.env, "GUNICORN_BIND": f"{HOST}:{self.port}", "GUNICORN_WORKERS": str(workers)}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                cwd=PROJECT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(
            lambda: self._healthy() or self.process.poll() is not None,
            timeout=timeout,
            interval=0.2,
            what="gunicorn's /healthz",
        )
        assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
        wait_until(lambda: len(self.worker_pids()) == workers, timeout=timeout, what="workers")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=25)  # graceful_timeout is 20 s
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def worker_pids(self) -> set[int]:
        """The master's children (its workers), from /proc."""
        assert self.process is not None
        master = self.process.pid
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                # "pid (comm) state ppid ...": comm may hold spaces, so split after ")".
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == master and fields[0] != "Z":
                    children.add(int(stat.parent.name))
        return children

    def kill_worker(self, pid: int, *, workers: int = 2, timeout: float = 30) -> None:
        """SIGKILL one worker, then wait until the master has booted a replacement."""
        before = self.worker_pids()
        assert pid in before
        os.kill(pid, signal.SIGKILL)
        wait_until(
            lambda: pid not in (now := self.worker_pids()) and len(now) == workers,
            timeout=timeout,
            what="the master to replace a killed worker",
        )
        wait_until(self._healthy, timeout=timeout, what="/healthz after a worker was killed")

    def log_tail(self, size: int = 4000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-size:]
        return ""

    def _healthy(self) -> bool:
        try:
            with loopback_session() as session:
                response = session.get(f"{self.base_url}/healthz", timeout=2)
        except requests.RequestException:
            return False
        return response.status_code == 200


@contextlib.contextmanager
def running_server(
    database_url: str, log_path: Path, *, workers: int = 2, **env: str
) -> Iterator[Server]:
    server = Server(env=production_env(database_url, **env), log_path=log_path)
    try:
        server.start(workers=workers)
        yield server
    finally:
        server.stop()


# --- A browser-like client ----------------------------------------------------------------

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_OUTCOME = re.compile(r'<main[^>]*\bdata-outcome="([a-z_]+)"')


def csrf_token(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, f"no CSRF token in the page:\n{html[:1500]}"
    return match.group(1)


def outcome_of(html: str) -> str | None:
    match = _OUTCOME.search(html)
    return match.group(1) if match else None


def assert_styled_503(response: requests.Response) -> None:
    """The site's own 503 page (templates/503.html), with the emergency number."""
    assert response.status_code == 503, (response.status_code, response.text[:500])
    assert "Sorry, the service is unavailable" in response.text
    assert 'href="tel:911"' in response.text  # templates/_error_base.html
    assert 'class="nhsuk-header' in response.text  # the site's own page, not a bare error
    assert response.headers.get("Retry-After")


class Visitor:
    """One person's browser: keeps cookies, reads the CSRF token from forms, never follows
    redirects by itself (tests look at each Location)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = loopback_session()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 15)
        kwargs.setdefault("allow_redirects", False)
        return self.http.request(method, self.base_url + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def follow(self, path: str, *, limit: int = 5) -> requests.Response:
        """GET ``path`` and its redirects (same site only); the final response."""
        response = self.get(path)
        for _ in range(limit):
            if response.status_code not in {301, 302, 303}:
                return response
            location = response.headers["Location"]
            assert location.startswith("/"), location
            response = self.get(location)
        raise AssertionError(f"too many redirects from {path}")

    def token(self, path: str = "/check/emergency/") -> str:
        """A CSRF token from the form on ``path`` (following redirects to a form)."""
        response = self.follow(path)
        assert response.status_code == 200, (path, response.status_code)
        return csrf_token(response.text)

    def answer(self, key: str, value: object, *, change: bool = False) -> requests.Response:
        """GET the question page, then post its token and the answer, as a browser would."""
        path = f"/check/{key}/" + ("?change=1" if change else "")
        page = self.get(path)
        assert page.status_code == 200, (key, page.status_code, page.headers.get("Location"))
        data = {"csrfmiddlewaretoken": csrf_token(page.text), key: value}
        return self.request("POST", path, data=data)

    def answer_all(self, answers: Mapping[str, object]) -> requests.Response:
        response = None
        for key, value in answers.items():
            response = self.answer(key, value)
            assert response.status_code == 302, (key, response.status_code, response.text[:500])
        assert response is not None
        return response

    def outcome(self) -> str | None:
        response = self.get("/check/result/")
        return outcome_of(response.text) if response.status_code == 200 else None
