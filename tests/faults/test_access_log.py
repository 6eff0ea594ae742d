"""gunicorn's access log cannot tell an outcome (docs/privacy.md, "Logs").

Every outcome has the same address, /check/result/, but the old log line held the
response's size, which differs by outcome (and by red flag), and the request line with
its query string (`?area=neck`). Now a line is the method, the path, the status and the
time, so journeys to different outcomes log the same lines apart from the time.
"""

from __future__ import annotations

import re

import pytest

from tests.faults.live import Server, Visitor, outcome_of, wait_until
from tests.journeys import JOURNEYS

pytestmark = pytest.mark.postgres

# `"GET /check/result/" 200 12ms`: config/gunicorn.py's access_log_format, all of it.
ACCESS_LINE = re.compile(r'"(?P<request>[A-Z]+ /[^\s"?]*)" (?P<status>\d{3}) (?P<ms>\d+)ms')


def _access_lines(live: Server, start: int) -> list[str]:
    """gunicorn's access log lines written since ``start`` (they begin with a quote)."""
    log = live.log_tail(10**9)[start:]
    return [line for line in log.splitlines() if line.startswith('"')]


def _wait_for_lines(live: Server, start: int, last: str) -> list[str]:
    """The access lines since ``start``, once one for ``last`` (a request line) is there:
    gunicorn writes the line just after it has sent the response."""
    wait_until(
        lambda: any(line.startswith(f'"{last}') for line in _access_lines(live, start)),
        timeout=5,
        what=f"the access log line for {last}",
    )
    return _access_lines(live, start)


def _without_time(line: str) -> str:
    """The line without its last field, the time the request took."""
    return re.sub(r" \d+ms$", "", line)


def _assert_four_fields(lines: list[str]) -> None:
    for line in lines:
        assert ACCESS_LINE.fullmatch(line), f"not method, path, status and time alone: {line!r}"


def test_journeys_to_every_outcome_log_the_same_lines_apart_from_the_time(live):
    logged = {}
    for outcome, answers in JOURNEYS.items():
        start = len(live.log_tail(10**9))
        visitor = Visitor(live.base_url)
        visitor.answer_all(answers)
        result = visitor.get("/check/result/")
        assert result.status_code == 200 and outcome_of(result.text) == outcome, outcome
        logged[outcome] = _wait_for_lines(live, start, "GET /check/result/")

    without_time = {
        outcome: [_without_time(line) for line in lines] for outcome, lines in logged.items()
    }
    # The result page: one line, the same for every outcome.
    results = {outcome: lines[-1] for outcome, lines in without_time.items()}
    assert len(set(results.values())) == 1, results
    # The four outcomes reached by answering every question log the same lines; the
    # emergency one (a red flag first) the first question's two and the result.
    full = without_time["self_care"]
    assert len(full) == 2 * len(JOURNEYS["self_care"]) + 1, full
    for outcome in ("urgent", "see_doctor", "physio"):
        assert without_time[outcome] == full, outcome
    assert without_time["emergency"] == [*full[:2], full[-1]]
    _assert_four_fields([line for lines in logged.values() for line in lines])
    assert results["self_care"] == '"GET /check/result/" 200'


def test_no_query_string_client_address_or_browser_details_are_logged(live):
    start = len(live.log_tail(10**9))
    visitor = Visitor(live.base_url)
    headers = {
        "User-Agent": "ProbeBrowser/7.3",
        "Referer": "https://referrer.example/from-here",
        "X-Forwarded-For": "203.0.113.77",  # from 127.0.0.1, the trusted proxy
    }
    for path in ("/guidance/stretches/?area=neck", "/check/emergency/?change=1"):
        response = visitor.get(path, headers=headers)
        assert response.status_code in {200, 302}, (path, response.status_code)

    lines = _wait_for_lines(live, start, "GET /check/emergency/")
    _assert_four_fields(lines)
    assert [_without_time(line) for line in lines] == [
        '"GET /guidance/stretches/" 200',
        '"GET /check/emergency/" 200',
    ]
    log = live.log_tail(10**9)[start:]  # Django's lines too
    for secret in ("area", "neck", "change=", "ProbeBrowser", "referrer.example"):
        assert secret not in log, (secret, log)
    for address in ("203.0.113.77", "127.0.0.1"):
        assert address not in "\n".join(lines), (address, lines)
