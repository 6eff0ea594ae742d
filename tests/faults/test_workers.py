"""Answers live in the database, not in a worker: any worker may take the next request,
and a worker killed mid-journey loses nothing
(docs/decisions/0011-answers-saved-one-at-a-time.md)."""

from __future__ import annotations

import html

import pytest

from tests.faults.live import Visitor, csrf_token, outcome_of
from tests.journeys import KEYS, answers_like
from triage.wording import describe_answer

pytestmark = pytest.mark.postgres

# "see a doctor" because of an answer in the first half (duration): losing it would show
# a different result.
SEE_DOCTOR = answers_like(duration="1_to_3_weeks")
HALF = len(KEYS) // 2
JOURNEYS = 15


def _assert_answers_shown(visitor: Visitor, answers: dict[str, object]) -> None:
    page = visitor.get("/check/answers/")
    assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
    text = html.unescape(page.text)
    for key in KEYS:
        row = text[text.index(f'id="answer-{key}"') :]
        row = row[: row.index("</div>")]
        for line in describe_answer(key, answers[key], location=answers["location"]):
            assert line in row, (key, line)


def test_a_worker_killed_mid_journey_loses_no_answers(live):
    visitor = Visitor(live.base_url)
    visitor.answer_all({key: SEE_DOCTOR[key] for key in KEYS[:HALF]})

    original = live.worker_pids()
    assert len(original) == 2
    for pid in sorted(original):
        live.kill_worker(pid)  # SIGKILL; the master boots a replacement
    assert not live.worker_pids() & original, "every worker was replaced"

    # Same cookie, new workers: the journey carries on where it stopped.
    response = visitor.follow("/check/answers/")  # to the first unanswered question
    assert response.url.endswith(f"/check/{KEYS[HALF]}/"), response.url
    visitor.answer_all({key: SEE_DOCTOR[key] for key in KEYS[HALF:]})
    _assert_answers_shown(visitor, SEE_DOCTOR)
    assert outcome_of(visitor.get("/check/result/").text) == "see_doctor"


def _next_after(key: str) -> str:
    index = KEYS.index(key)
    return f"/check/{KEYS[index + 1]}/" if index + 1 < len(KEYS) else "/check/answers/"


def _journey_problem(visitor: Visitor) -> str | None:
    """Walk one journey, a red flag at the end; what went wrong, if anything."""
    for key in KEYS:
        page = visitor.get(f"/check/{key}/")
        if page.status_code != 200:
            return f"GET {key}: {page.status_code} to {page.headers.get('Location')}"
        data = {"csrfmiddlewaretoken": csrf_token(page.text), key: SEE_DOCTOR[key]}
        posted = visitor.request("POST", f"/check/{key}/", data=data)
        if posted.headers.get("Location") != _next_after(key):
            return f"POST {key}: {posted.status_code} to {posted.headers.get('Location')}"
    if (outcome := visitor.outcome()) != "see_doctor":
        return f"result: {outcome}"
    # A red flag afterwards wins on every later request (PROTOCOL.md E1).
    posted = visitor.request(
        "POST",
        "/check/emergency/?change=1",
        data={"csrfmiddlewaretoken": csrf_token(page.text), "emergency": ["chest_symptoms"]},
    )
    if posted.headers.get("Location") != "/check/result/":
        return f"red flag: {posted.status_code} to {posted.headers.get('Location')}"
    for _ in range(4):
        if (outcome := visitor.outcome()) != "emergency":
            return f"after a red flag: result {outcome}"
    return None


def test_every_worker_sees_the_latest_answers(live):
    """Two workers take turns at random; each request must see what the other one saved.

    A per-worker copy of the session (e.g. cached_db sessions on a per-process cache)
    would serve an older copy: a question asked again, an answer lost, or a red flag
    forgotten.
    """
    problems = {}
    for number in range(JOURNEYS):
        if (problem := _journey_problem(Visitor(live.base_url))) is not None:
            problems[number] = problem
    assert not problems, f"{len(problems)} of {JOURNEYS} journeys went wrong: {problems}"
