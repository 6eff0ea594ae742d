"""Redis refuses writes (paused, or out of memory with the default ``noeviction``) while a
patient changes their emergency answer to a red flag at check-your-answers: the result on
either node is the emergency result, with its care advice, during the fault and after
Redis recovers; never a milder one, never a 500.

Answers never touch Redis (docs/decisions/0011-answers-saved-one-at-a-time.md); the
content selection and its partials fall back to the database when the cache errors, so
the pages cost time, not content.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from bench.journeys import SELF_CARE
from tests.faults.live import csrf_token, outcome_of
from tests.faults.nodes import Alternating, Nodes, two_nodes
from tests.faults.redis_live import Redis

pytestmark = pytest.mark.postgres

RED_FLAG = "saddle_numbness"


@pytest.fixture(scope="module")
def pair(cluster, redis_server: Redis, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nodes]:
    with two_nodes(cluster.url, redis_server, tmp_path_factory.mktemp("refusing")) as nodes:
        yield nodes


@contextlib.contextmanager
def refusing_writes(redis: Redis, fault: str) -> Iterator[None]:
    if fault == "paused":
        redis.command("CLIENT", "PAUSE", "20000", "WRITE")  # reads go on, writes wait
    else:
        redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction")
        redis.command("CONFIG", "SET", "maxmemory", "1")  # every write: OOM
    try:
        yield
    finally:
        if fault == "paused":
            redis.command("CLIENT", "UNPAUSE")
        else:
            redis.command("CONFIG", "SET", "maxmemory", "0")


@pytest.mark.parametrize("fault", ["paused", "out_of_memory"])
def test_a_red_flag_given_while_redis_refuses_writes_gives_the_emergency_result(
    pair: Nodes, fault: str
):
    patient = Alternating(pair)
    patient.answer_all(SELF_CARE)
    at_a, at_b = patient.on(pair.a), patient.on(pair.b)
    assert outcome_of(at_b.get("/check/result/").text) == "self_care"  # its content cached
    token = csrf_token(at_a.get("/check/emergency/?change=1").text)

    with refusing_writes(pair.redis, fault):
        posted = at_a.request(
            "POST",
            "/check/emergency/?change=1",
            data={"csrfmiddlewaretoken": token, "emergency": [RED_FLAG]},
        )
        assert (posted.status_code, posted.headers.get("Location")) == (302, "/check/result/")
        for node in (at_a, at_b):
            result = node.get("/check/result/")
            assert result.status_code == 200, result.status_code
            assert outcome_of(result.text) == "emergency"
            assert 'id="care-advice-do-now"' in result.text  # the care advice, from the database
        # The next answer, given while the fault lasts, cannot undo the red flag.
        later = at_b.request(
            "POST",
            "/check/history/?change=1",
            data={"csrfmiddlewaretoken": token, "history": ["recurring"]},
        )
        assert (later.status_code, later.headers.get("Location")) == (302, "/check/result/")

    for node in (at_b, at_a):  # and once Redis takes writes again
        assert outcome_of(node.get("/check/result/").text) == "emergency"
    for node in pair:
        assert "Internal Server Error" not in node.log_tail(50000)


def test_results_keep_their_content_while_redis_is_out_of_memory(pair: Nodes):
    patient = Alternating(pair)
    with refusing_writes(pair.redis, "out_of_memory"):
        pair.redis.command("FLUSHALL")  # nothing kept: every selection must be made afresh
        patient.answer_all(SELF_CARE)
        for node in pair:
            result = patient.on(node).get("/check/result/")
            assert result.status_code == 200
            assert outcome_of(result.text) == "self_care"
            for part in (
                'id="care-advice-do-now"',
                'id="recommended-stretches"',
                'id="recommended-tips"',
                'id="recommended-plan"',
                'id="clinic-contact-heading"',
            ):
                assert part in result.text, part
