"""Two machines, one database, one Redis (docs/deploy/README.md, "More than one machine").

Two gunicorn nodes (config/gunicorn.py, production mode, two workers each) on two ports,
as two machines behind a load balancer would be, share the throwaway PostgreSQL
(DATABASE_URL), a throwaway Redis (REDIS_URL) and the same settings and secret key,
nothing else. A patient whose every request goes to the other node from the one before
must get the right outcome and lose no answer; a changed answer must change the result on
the other node; a content edit made in the admin of one node must show on the other's next
result page. Any copy kept per process or per node (a session cache, a content cache) would
fail one of these. Answers are saved in PostgreSQL only (nothing in Redis names a session).
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser

import psycopg
import pytest
import requests

from bench.journeys import JOURNEYS, KEYS, SELF_CARE
from tests.faults.live import HOST, Visitor, csrf_token, outcome_of
from tests.faults.nodes import Alternating, Nodes, Staff, two_nodes
from tests.faults.redis_live import Redis
from triage.engine import evaluate
from triage.wording import describe_answer

pytestmark = pytest.mark.postgres

WORKERS = 2  # per node
ADMIN = "/admin/"
#: The answer sets walked across both nodes: several outcomes, one of them a red flag.
WALKED = ("self_care", "physio", "urgent", "see_doctor", "emergency")


@pytest.fixture(scope="module")
def nodes(
    cluster, redis_server: Redis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Nodes]:
    with two_nodes(
        cluster.url, redis_server, tmp_path_factory.mktemp("scale-out"), workers=WORKERS
    ) as pair:
        yield pair


def _expected(answers: Mapping[str, object]) -> str:
    return str(evaluate(answers).outcome)


def _next_after(key: str) -> str:
    index = KEYS.index(key)
    return f"/check/{KEYS[index + 1]}/" if index + 1 < len(KEYS) else "/check/answers/"


def _assert_answers_shown(page: requests.Response, answers: Mapping[str, object]) -> None:
    assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
    text = html.unescape(page.text)
    for key in KEYS:
        row = text[text.index(f'id="answer-{key}"') :]
        row = row[: row.index("</div>")]
        for line in describe_answer(key, answers[key], location=answers["location"]):
            assert line in row, (key, line)


def _care_heading(page: requests.Response) -> str:
    """The text of the result's care card heading (where the care advice headline is)."""
    match = re.search(
        r'<h1[^>]*\bclass="[^"]*\bnhsuk-card__heading\b[^"]*"[^>]*>(.*?)</h1>', page.text, re.DOTALL
    )
    assert match, f"no care card heading on the result page:\n{page.text[:2000]}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def _result_on(visitor: Visitor) -> requests.Response:
    page = visitor.get("/check/result/")
    assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
    return page


# --- The tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", WALKED)
def test_a_patient_alternating_between_the_nodes_gets_the_right_outcome(nodes, name):
    answers = JOURNEYS[name]
    patient = Alternating(nodes)
    for key, value in answers.items():
        response = patient.answer(key, value)  # GET on one node, POST on the other
        expected_next = "/check/result/" if name == "emergency" else _next_after(key)
        # A node reading an older copy of the session would send the patient back to an
        # earlier question.
        assert response.headers.get("Location") == expected_next, (key, response.status_code)
        session_key = patient.session_key
    assert session_key, "no session cookie"
    if name != "emergency":
        _assert_answers_shown(patient.get("/check/answers/"), answers)
    for _ in range(4):  # both nodes, twice each
        assert outcome_of(_result_on(patient).text) == _expected(answers)
    assert set(patient.served) == {"A", "B"}
    # One cookie throughout, read by both nodes: the session is shared, not per node.
    assert patient.session_key == session_key


def test_an_answer_changed_on_one_node_changes_the_result_on_the_other(nodes):
    patient = Alternating(nodes)
    patient.answer_all(SELF_CARE)
    at_a, at_b = patient.on(nodes.a), patient.on(nodes.b)
    answers = dict(SELF_CARE)
    assert outcome_of(_result_on(at_b).text) == "self_care"
    # Each change on one node, then the result on the other; a node holding an older
    # copy of the session would show the previous result.
    changes = [
        (at_a, at_b, "nerve", ["weakness"]),  # urgent
        (at_b, at_a, "nerve", ["none"]),  # back to self-care
        (at_a, at_b, "duration", "1_to_3_weeks"),  # see a doctor
        (at_b, at_a, "history", ["recurring"]),  # still see a doctor (the more urgent)
        (at_a, at_b, "duration", "under_3_days"),  # physio
        (at_b, at_a, "emergency", ["chest_symptoms"]),  # a red flag wins
    ]
    seen = []
    for writer, reader, key, value in changes:
        posted = writer.answer(key, value, change=True)
        assert posted.status_code == 302, (key, posted.status_code, posted.text[:500])
        answers[key] = value
        expected = _expected(answers)
        assert outcome_of(_result_on(reader).text) == expected, (key, value)
        assert outcome_of(_result_on(writer).text) == expected, (key, value)
        seen.append(expected)
    assert seen == ["urgent", "self_care", "see_doctor", "see_doctor", "physio", "emergency"]

    # The answers and the session are in PostgreSQL only: nothing in Redis names the
    # session, so no copy there can be older than what was saved. Redis holds the content.
    session_key = patient.session_key
    assert session_key
    keys = nodes.redis.key_names()
    assert not any(session_key in key for key in keys), keys
    assert any("recommendations" in key for key in keys), keys


def test_both_nodes_use_the_same_redis(nodes):
    """Each node keeps the content it selects in the shared Redis: a result worked out on
    one node is there for the other."""
    for writer, reader, name in ((nodes.a, nodes.b, "self_care"), (nodes.b, nodes.a, "physio")):
        nodes.redis.command("FLUSHALL")
        one = Visitor(writer.base_url)
        one.answer_all(JOURNEYS[name])
        assert outcome_of(_result_on(one).text) == name
        kept = {key for key in nodes.redis.key_names() if "recommendations" in key}
        assert kept, writer.port
        other = Visitor(reader.base_url)
        other.http = one.http
        assert outcome_of(_result_on(other).text) == name
        assert kept <= set(nodes.redis.key_names())


# --- A content edit through node A's admin, seen on node B ----------------------------------


class _FormFields(HTMLParser):
    """The named fields of one <form id="…_form"> as a browser would submit them."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # A browser drops the newline right after <textarea>, as Django renders it.
            self.fields[self._textarea] = text.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.setdefault(self._select, self._first_option or "")
            self._select = None


def _form_fields(page: str, form_id: str) -> dict[str, str]:
    parser = _FormFields(form_id)
    parser.feed(page)
    assert parser.fields, f"no form {form_id!r} in the page:\n{page[:2000]}"
    return parser.fields


def _log_in_to_the_admin(visitor: Visitor, staff: Staff) -> None:
    page = visitor.get(f"{ADMIN}login/?next={ADMIN}")
    assert page.status_code == 200, page.status_code
    posted = visitor.request(
        "POST",
        f"{ADMIN}login/?next={ADMIN}",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": staff.username,
            "password": staff.password,
            "otp_token": staff.code(),
            "next": ADMIN,
        },
        headers={"Referer": f"{visitor.base_url}{ADMIN}login/"},
    )
    assert posted.status_code == 302, (posted.status_code, html.unescape(posted.text)[-3000:])
    assert posted.headers["Location"] == ADMIN, posted.headers["Location"]
    assert visitor.get(ADMIN).status_code == 200


def _edit_headline(visitor: Visitor, pk: int, headline: str) -> None:
    """The real admin change form on this node: GET it, change the headline, save."""
    path = f"{ADMIN}content/careadvice/{pk}/change/"
    page = visitor.get(path)
    assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
    fields = _form_fields(page.text, "careadvice_form")
    assert "headline" in fields and "do_now" in fields, sorted(fields)
    posted = visitor.request(
        "POST",
        path,
        data={**fields, "headline": headline, "_save": "Save"},
        headers={"Referer": visitor.base_url + path},
    )
    assert posted.status_code == 302, html.unescape(posted.text)[-4000:]


def _care_advice(cluster, outcome: str) -> tuple[int, str]:
    with psycopg.connect(cluster.url, connect_timeout=5, autocommit=True) as connection:
        row = connection.execute(
            "SELECT id, headline FROM content_careadvice WHERE outcome = %s AND status = %s",
            (outcome, "published"),
        ).fetchone()
    assert row is not None, f"no published care advice for {outcome}"
    return int(row[0]), str(row[1])


def test_a_content_edit_through_node_a_shows_on_node_b_s_next_result(nodes, cluster):
    pk, original = _care_advice(cluster, "self_care")
    patient = Visitor(nodes.b.base_url)
    patient.answer_all(SELF_CARE)
    # Node B shows the current headline, on every worker (so any per-process copy of the
    # content is now warm).
    for _ in range(2 * WORKERS):
        assert original in _care_heading(_result_on(patient))

    editor = Visitor(nodes.a.base_url)
    _log_in_to_the_admin(editor, nodes.staff)
    edited = f"Scale-out check {secrets.token_hex(3)}: keep gently active"
    try:
        _edit_headline(editor, pk, edited)
        assert _care_advice(cluster, "self_care")[1] == edited  # saved by node A
        # Node B's very next result page, and every one after it, on either worker.
        for attempt in range(2 * WORKERS):
            heading = _care_heading(_result_on(patient))
            assert edited in heading, f"request {attempt + 1} on node B: {heading!r}"
            assert original not in heading
    finally:
        # Put it back the same way, for the fault tests that run after this one.
        _edit_headline(editor, pk, original)
    assert _care_advice(cluster, "self_care")[1] == original
    assert original in _care_heading(_result_on(patient))


def test_the_nodes_are_separate_processes_on_separate_ports(nodes):
    """The set-up itself: two gunicorn masters, each with its own workers, same host."""
    assert nodes.a.port != nodes.b.port
    assert nodes.a.process.pid != nodes.b.process.pid
    workers_a, workers_b = nodes.a.worker_pids(), nodes.b.worker_pids()
    assert len(workers_a) == len(workers_b) == WORKERS
    assert not workers_a & workers_b
    assert nodes.a.base_url.startswith(f"http://{HOST}:")
