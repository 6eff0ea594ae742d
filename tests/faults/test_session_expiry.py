"""A session that expires mid-journey (docs/privacy.md): the next step goes back to the
first question with the kind message, whether the browser dropped the expired cookie or still
sends it (a wrong clock). A second gunicorn with a 2-second session age, same database."""

from __future__ import annotations

import time

import pytest

from tests.faults.live import Visitor, csrf_token, running_server
from tests.journeys import SELF_CARE

pytestmark = pytest.mark.postgres

SESSION_AGE = 2
KIND_MESSAGE = "to protect your privacy, or we could not find them"


@pytest.fixture(scope="module")
def short_sessions(cluster, tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn-short") / "gunicorn.log"
    with running_server(cluster.url, log, DJANGO_SESSION_AGE=str(SESSION_AGE)) as server:
        yield server


def test_an_expired_session_restarts_kindly(short_sessions):
    dropped = Visitor(short_sessions.base_url)  # a browser that drops the expired cookie
    kept = Visitor(short_sessions.base_url)  # one that keeps sending it
    pages = {}
    for visitor in (dropped, kept):
        visitor.answer_all(
            {"emergency": SELF_CARE["emergency"], "age": SELF_CARE["age"], "location": "neck"}
        )
        pages[visitor] = visitor.get("/check/onset/")
        assert pages[visitor].status_code == 200
    for cookie in kept.http.cookies:
        cookie.expires = None
    assert "sessionid" in {cookie.name for cookie in kept.http.cookies}

    time.sleep(SESSION_AGE + 0.5)

    dropped.http.cookies.clear_expired_cookies()
    assert "sessionid" not in {cookie.name for cookie in dropped.http.cookies}
    for visitor in (dropped, kept):
        # The page was left open: the answer is posted after the session expired.
        posted = visitor.request(
            "POST",
            "/check/onset/",
            data={
                "csrfmiddlewaretoken": csrf_token(pages[visitor].text),
                "onset": SELF_CARE["onset"],
            },
        )
        assert posted.status_code == 302, (posted.status_code, posted.text[:500])
        assert posted.headers["Location"] == "/check/emergency/"
        first = visitor.get("/check/emergency/")
        assert first.status_code == 200
        assert KIND_MESSAGE in first.text
        # The old answers are gone, and the journey can start again at once.
        assert visitor.get("/check/location/").headers["Location"] == "/check/emergency/"
        assert visitor.answer("emergency", ["none"]).headers["Location"] == "/check/age/"
