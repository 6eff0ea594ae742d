"""SQL budgets per page (docs/decisions/0006-performance.md): at most six queries, and the
same number when the content grows tenfold. Counted with the server-side session in the
database, as in production."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Guide, Plan, Stretch, Tip
from tests.journeys import KEYS, SELF_CARE, answer_all, answers_like, outcome_of
from tests.perf.conftest import make_library

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6
SIZES = [pytest.param(1, id="content-x1"), pytest.param(10, id="content-x10")]

#: One answer set per outcome (as in bench/journeys.py).
OUTCOMES: dict[str, dict[str, object]] = {
    "emergency": {"emergency": ["saddle_numbness"]},
    "urgent": answers_like(nerve=["weakness"]),
    "see_doctor": answers_like(duration="1_to_3_weeks"),
    "physio": answers_like(history=["recurring"]),
    "self_care": SELF_CARE,
}

# --- The budgets ----------------------------------------------------------------------------
# answers: the saved answers, read once a request by the session cookie's key, joined to the
# session's expiry (triage.wizard.progress). session: the session row itself, read only where
# a page shows messages (django.contrib.sessions "db" engine).
# cache: Django's cache, here the database table (DatabaseCache); with REDIS_URL set these
# reads go to Redis instead.

#: Pages a patient sees without a session yet (home, the start, the first question). A
#: question page itself needs no query, its inputs rendered or kept (the per-process
#: "template_fragments" cache).
FRESH = {"home": 0, "start": 0, "first question": 0}
QUESTION_GET = 2  # answers, session (its messages)
#: answers (the gate), then one transaction (a savepoint here, inside the test's own
#: transaction; BEGIN and COMMIT in production): lock the session's row, read the answers
#: saved last, UPDATE them (triage.wizard.record, docs/decisions/0011).
QUESTION_POST = 6
#: The first answer makes the session inside that transaction (Django's own "db" engine: a
#: check that the new key is free, then an INSERT in a savepoint) and INSERTs the answers;
#: Django's SessionMiddleware then saves the new session once more (an UPDATE in a
#: savepoint) and sets its cookie. Once per person, so not a steady-state page.
FIRST_ANSWER = 10
CHECK_ANSWERS = 1  # answers
#: answers, then from the cache: the content version, the remembered selection and its
#: rendered partials (content.results.render_guidance).
RESULT = 4
#: The first result for an answer set after a content change: the selection is made again
#: (content.services.select, a fixed number of queries) and stored in the cache table
#: (Django's DatabaseCache: a count for culling, then an upsert in a savepoint: 5), and so
#: are its rendered partials (a read that misses, then the same 5).
RESULT_COLD = {"emergency": 17, "urgent": 17, "see_doctor": 21, "physio": 21, "self_care": 21}
CONTENT_PAGES = {
    "index": 2,
    "stretch list": 2,
    "stretch list, one area": 2,
    "stretch detail": 2,
    "tip list": 2,
    "tip list, one activity": 2,
    "tip detail": 2,
    "plan list": 1,
    "plan detail": 2,
    "guide list": 1,
    "guide detail": 1,
}


def test_every_steady_state_budget_is_within_the_limit():
    budgets = [*FRESH.values(), QUESTION_GET, QUESTION_POST, CHECK_ANSWERS, RESULT]
    budgets += CONTENT_PAGES.values()
    assert max(budgets) <= MAX_QUERIES


# --- Wizard ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_pages_before_any_answer_need_no_session_query(client, django_assert_num_queries, size):
    make_library(size=size)
    with django_assert_num_queries(FRESH["home"]):
        assert client.get(reverse("core:home")).status_code == 200
    with django_assert_num_queries(FRESH["start"]):
        assert client.get(reverse("triage:start")).status_code == 302
    first = reverse("triage:question", args=[KEYS[0]])
    with django_assert_num_queries(FRESH["first question"]):
        assert client.get(first).status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", KEYS)
def test_each_question_page_and_answer(client, django_assert_num_queries, size, key):
    make_library(size=size)
    answer_all(client, {k: SELF_CARE[k] for k in KEYS[: KEYS.index(key)]})
    url = reverse("triage:question", args=[key])
    get = QUESTION_GET if key != KEYS[0] else FRESH["first question"]
    for _ in range(2):  # rendered, then kept: the same queries
        with django_assert_num_queries(get):
            assert client.get(url).status_code == 200
    with django_assert_num_queries(QUESTION_POST if key != KEYS[0] else FIRST_ANSWER):
        assert client.post(url, {key: SELF_CARE[key]}).status_code == 302


@pytest.mark.parametrize("size", SIZES)
def test_check_answers(client, django_assert_num_queries, size):
    make_library(size=size)
    answer_all(client, SELF_CARE)
    with django_assert_num_queries(CHECK_ANSWERS):
        assert client.get(reverse("triage:answers")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_each_result(client, django_assert_num_queries, size, outcome):
    make_library(size=size)
    answer_all(client, OUTCOMES[outcome])
    with django_assert_num_queries(RESULT_COLD[outcome]):
        assert outcome_of(client.get(reverse("triage:result"))) == outcome
    for visitor in (client, Client()):  # the same person again, then someone else
        if visitor is not client:
            answer_all(visitor, OUTCOMES[outcome])
        with django_assert_num_queries(RESULT):
            assert outcome_of(visitor.get(reverse("triage:result"))) == outcome


@pytest.mark.parametrize("size", SIZES)
def test_a_content_change_costs_one_cold_result(client, django_assert_num_queries, size):
    make_library(size=size)
    answer_all(client, SELF_CARE)
    client.get(reverse("triage:result"))
    stretch = Stretch.objects.published().first()
    stretch.title = "Renamed by staff"
    stretch.save()
    with django_assert_num_queries(RESULT_COLD["self_care"]):
        client.get(reverse("triage:result"))
    with django_assert_num_queries(RESULT):
        client.get(reverse("triage:result"))


# --- Guidance pages ---------------------------------------------------------------------------


def _content_urls() -> dict[str, str]:
    return {
        "index": reverse("content:index"),
        "stretch list": reverse("content:stretch_list"),
        "stretch list, one area": reverse("content:stretch_list") + "?area=lower_back",
        "stretch detail": Stretch.objects.published().first().get_absolute_url(),
        "tip list": reverse("content:tip_list"),
        "tip list, one activity": reverse("content:tip_list") + "?activity=heavy_lifting",
        "tip detail": Tip.objects.published().first().get_absolute_url(),
        "plan list": reverse("content:plan_list"),
        "plan detail": Plan.objects.published().first().get_absolute_url(),
        "guide list": reverse("content:guide_list"),
        "guide detail": Guide.objects.published().first().get_absolute_url(),
    }


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(CONTENT_PAGES))
def test_each_guidance_page(client, django_assert_num_queries, size, name):
    make_library(size=size)
    url = _content_urls()[name]
    with django_assert_num_queries(CONTENT_PAGES[name]):
        assert client.get(url).status_code == 200
