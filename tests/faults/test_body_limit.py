"""A 5 MB post is refused by the real stack (gunicorn + RequestBodyLimitMiddleware), and the
server keeps serving (tests/security/test_limits.py checks the same in-process)."""

from __future__ import annotations

import pytest

from tests.faults.live import Server, Visitor

pytestmark = pytest.mark.postgres

FIVE_MB = 5 * 1024 * 1024


def _assert_still_serving(server: Server) -> None:
    visitor = Visitor(server.base_url)
    assert visitor.get("/healthz").status_code == 200
    response = visitor.answer("emergency", ["none"])
    assert response.status_code == 302
    assert response.headers["Location"] == "/check/age/"


@pytest.mark.parametrize("encoding", ["form", "multipart"])
def test_five_megabyte_post_to_the_first_question_is_refused(live, encoding):
    visitor = Visitor(live.base_url)
    token = visitor.token()  # a real session and CSRF token: only the size is wrong
    if encoding == "form":
        response = visitor.request(
            "POST",
            "/check/emergency/",
            data=b"csrfmiddlewaretoken=" + token.encode() + b"&emergency=none&x=" + b"x" * FIVE_MB,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        response = visitor.request(
            "POST",
            "/check/emergency/",
            data={"csrfmiddlewaretoken": token, "emergency": "none"},
            files={"x": ("x.txt", b"x" * FIVE_MB, "text/plain")},
        )
    assert response.status_code in {400, 413}, response.text[:500]
    # Nothing was stored: the first question is still unanswered.
    assert visitor.get("/check/location/").headers["Location"] == "/check/emergency/"
    _assert_still_serving(live)
