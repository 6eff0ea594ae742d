"""What the security probes found when talking to gunicorn directly: the lockout escaped
with a forged X-Forwarded-For, a `Server: gunicorn` header, a traceback for every refused
Host header, a `SCRIPT_NAME` header from the proxy's address that gave a 500 or rewrote
every link, and one control socket shared by every gunicorn of the same user."""

from __future__ import annotations

import re

import psycopg
import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.faults.live import (
    Server,
    Visitor,
    csrf_token,
    manage,
    production_env,
    running_server,
)

pytestmark = pytest.mark.postgres

PASSWORD = "a-long-live-test-password-123"
NOT_A_PROXY = "127.0.0.2"  # Linux answers for all of 127.0.0.0/8; only 127.0.0.1 is trusted


class _FromAddress(HTTPAdapter):
    """Connect from another loopback address: a client that is not our proxy."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def _log_since(live: Server, start: int) -> str:
    return live.log_tail(10**9)[start:]


def _staff(cluster, username: str) -> None:
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_user({username!r}, password={PASSWORD!r}, is_staff=True)",
        env=production_env(cluster.url),
    )


def _log_in(visitor: Visitor, username: str, password: str, **headers: str):
    page = visitor.get("/admin/login/")
    assert page.status_code == 200, page.status_code
    data = {"csrfmiddlewaretoken": csrf_token(page.text), "username": username}
    return visitor.request(
        "POST",
        "/admin/login/",
        data={**data, "password": password, "otp_token": ""},
        headers={"Referer": f"{visitor.base_url}/admin/login/", **headers},
    )


def _failed_logins(cluster, username: str) -> list[tuple[str, int]]:
    with psycopg.connect(cluster.url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT ip_address, failures_since_start FROM axes_accessattempt "
            "WHERE username = %s ORDER BY ip_address",
            [username],
        ).fetchall()
    return [(str(address), failures) for address, failures in rows]


def test_a_forged_forwarded_for_does_not_escape_the_lockout(live, cluster):
    """The probe: straight to gunicorn, a new X-Forwarded-For with each wrong password,
    then the right one. The server runs with DJANGO_TRUSTED_PROXY_COUNT=1 (live.py)."""
    _staff(cluster, "forger")
    attacker = Visitor(live.base_url)
    attacker.http.mount("http://", _FromAddress(NOT_A_PROXY))
    codes = [
        _log_in(attacker, "forger", "wrong", **{"X-Forwarded-For": f"198.51.100.{n}"}).status_code
        for n in range(5)
    ]
    right = _log_in(attacker, "forger", PASSWORD, **{"X-Forwarded-For": "198.51.100.99"})
    assert (codes, right.status_code) == ([200, 200, 200, 200, 429], 429)
    # One lockout record, for the address the requests really came from.
    assert [address for address, _ in _failed_logins(cluster, "forger")] == [NOT_A_PROXY]


def test_the_proxy_s_forwarded_for_is_honoured(live, cluster):
    """Five failures behind the proxy (127.0.0.1) lock out the address it forwarded, not
    the proxy's own: others behind the same proxy still log in (config/settings.py counts
    failures per username and per address, AXES_LOCKOUT_PARAMETERS)."""
    _staff(cluster, "proxied")
    _staff(cluster, "colleague")
    behind_proxy = Visitor(live.base_url)  # from 127.0.0.1, the configured proxy
    for _ in range(5):
        _log_in(behind_proxy, "proxied", "wrong", **{"X-Forwarded-For": "203.0.113.5"})
    assert _failed_logins(cluster, "proxied") == [("203.0.113.5", 5)]
    elsewhere = Visitor(live.base_url)
    other_client = _log_in(elsewhere, "colleague", PASSWORD, **{"X-Forwarded-For": "203.0.113.6"})
    assert other_client.status_code == 302
    again = Visitor(live.base_url)
    same_client = _log_in(again, "colleague", PASSWORD, **{"X-Forwarded-For": "203.0.113.5"})
    assert same_client.status_code == 429


def test_no_server_header_names_gunicorn(live):
    response = Visitor(live.base_url).get("/healthz")
    assert response.status_code == 200
    assert "gunicorn" not in response.headers.get("Server", "").lower(), response.headers


def test_head_answers_as_get_does_without_the_body(live):
    # Django leaves dropping a HEAD response's body to the server; gunicorn drops it (and
    # logs a WARNING that it did) and keeps the Content-Length the GET would send.
    visitor = Visitor(live.base_url)
    for path in ["/", "/guidance/", "/guidance/stretches/", "/check/", "/healthz"]:
        head, get = visitor.request("HEAD", path), visitor.get(path)
        assert head.status_code == get.status_code, path
        assert head.content == b""
        if "Content-Length" in get.headers:
            assert head.headers["Content-Length"] == get.headers["Content-Length"], path


def test_a_refused_host_logs_one_line(live):
    start = len(live.log_tail(10**9))
    with requests.Session() as session:
        session.trust_env = False
        response = session.get(f"{live.base_url}/", headers={"Host": "evil.example"}, timeout=10)
    assert response.status_code == 400
    log = _log_since(live, start)
    # Everything but gunicorn's access log lines ("GET /" 400 3ms).
    django_lines = [line for line in log.splitlines() if line and not line.startswith('"')]
    assert len(django_lines) == 1, log
    assert "ERROR django.security.DisallowedHost Invalid HTTP_HOST header" in django_lines[0]
    assert "Traceback" not in log


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', html)


@pytest.mark.parametrize(
    ("path", "script_name"),
    [
        ("/", "/elsewhere"),  # not a prefix of the path: gunicorn answered 500
        ("/guidance/", "/guidance"),  # a prefix: every link on the page was rewritten
    ],
)
def test_a_script_name_header_from_the_proxy_changes_nothing(live, path, script_name):
    """From 127.0.0.1, the trusted proxy: WSGI path variables sent as request headers are
    dropped, so the page and its links are the ones asked for."""
    visitor = Visitor(live.base_url)
    plain = visitor.get(path)
    forged = visitor.get(path, headers={"SCRIPT_NAME": script_name, "PATH_INFO": "/admin/"})
    assert (plain.status_code, forged.status_code) == (200, 200)
    assert _links(plain.text), path
    assert _links(forged.text) == _links(plain.text)


def test_gunicorn_makes_no_control_socket(cluster, tmp_path):
    """gunicorn's default control socket is one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl,
    else ~/.gunicorn/gunicorn.ctl), which every gunicorn of that user takes over in turn."""
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    log = tmp_path / "gunicorn.log"
    with running_server(
        cluster.url, log, workers=1, HOME=str(home), XDG_RUNTIME_DIR=str(runtime)
    ) as server:
        assert Visitor(server.base_url).get("/healthz").status_code == 200
        sockets = sorted(str(path) for path in tmp_path.rglob("*.ctl"))
    assert sockets == []
    assert "control socket" not in log.read_text().lower()
