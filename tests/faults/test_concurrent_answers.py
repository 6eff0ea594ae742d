"""Two answers from one session at the same moment, one to each node (a double tap, two
tabs, a retrying proxy): every answer is kept, and a red flag is never lost.

Each pair is posted by two threads released together, to node A and node B of a real
two-node deployment (tests/faults/nodes.py: gunicorn, PostgreSQL, Redis). A whole-session
save lost one answer of a pair most of the time; answers saved one at a time under the
session's row lock keep both (docs/decisions/0011-answers-saved-one-at-a-time.md).
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bench.journeys import SELF_CARE
from tests.faults.live import Server, Visitor, csrf_token, outcome_of
from tests.faults.nodes import Alternating, Nodes, two_nodes
from tests.faults.redis_live import Redis
from triage.engine import evaluate
from triage.wording import describe_answer

pytestmark = pytest.mark.postgres

TRIALS = 20
#: The pairs where a lost answer does most harm: a red flag beside another answer
#: (PROTOCOL.md E1), and two answers that only together make the result more urgent
#: (weakness with recurring pain).
PAIRS = [
    (("emergency", ["saddle_numbness"]), ("history", ["recurring"])),
    (("nerve", ["weakness"]), ("history", ["recurring"])),
]


@pytest.fixture(scope="module")
def pair(cluster, redis_server: Redis, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nodes]:
    with two_nodes(cluster.url, redis_server, tmp_path_factory.mktemp("concurrent")) as nodes:
        yield nodes


def _tab(node: Server, cookies: requests.cookies.RequestsCookieJar) -> Visitor:
    """Another tab of the same browser, talking to ``node``, with its own connection."""
    tab = Visitor(node.base_url)
    tab.http.cookies.update(cookies)
    return tab


def _post(
    together: threading.Barrier, tab: Visitor, key: str, value: list[str], token: str
) -> requests.Response:
    together.wait(timeout=10)  # both threads post at the same moment
    data = {"csrfmiddlewaretoken": token, key: value}
    return tab.request("POST", f"/check/{key}/?change=1", data=data)


def test_two_answers_at_once_on_two_nodes_are_both_kept(pair: Nodes):
    outcomes = []
    for trial in range(TRIALS):
        (first_key, first), (second_key, second) = PAIRS[trial % len(PAIRS)]
        patient = Alternating(pair)
        patient.answer_all(SELF_CARE)
        tabs = [_tab(pair.a, patient.http.cookies), _tab(pair.b, patient.http.cookies)]
        posts = [(tabs[0], first_key, first), (tabs[1], second_key, second)]
        forms = [
            (tab, key, value, csrf_token(tab.get(f"/check/{key}/?change=1").text))
            for tab, key, value in posts
        ]
        together = threading.Barrier(len(forms))
        with ThreadPoolExecutor(max_workers=len(forms)) as pool:
            futures = [pool.submit(_post, together, *form) for form in forms]
            responses = [future.result(timeout=30) for future in futures]
        assert [r.status_code for r in responses] == [302, 302], [r.text[:300] for r in responses]

        expected = str(evaluate({**SELF_CARE, first_key: first, second_key: second}).outcome)
        for node in pair:
            result = _tab(node, patient.http.cookies).get("/check/result/")
            assert result.status_code == 200, (trial, result.status_code)
            assert outcome_of(result.text) == expected, (trial, first_key, second_key)
        if expected != "emergency":  # both answers are on check-your-answers, as given
            page = html.unescape(_tab(pair.b, patient.http.cookies).get("/check/answers/").text)
            for key, value in ((first_key, first), (second_key, second)):
                row = page[page.index(f'id="answer-{key}"') :]
                row = row[: row.index("</div>")]
                for line in describe_answer(key, value, location=SELF_CARE["location"]):
                    assert line in row, (trial, key, line)
        outcomes.append(expected)
    assert set(outcomes) == {"emergency", "urgent"}
    for node in pair:
        assert "Internal Server Error" not in node.log_tail(50000)
