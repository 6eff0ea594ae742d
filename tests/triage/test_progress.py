"""engine.read_progress and Progress: stored answers read once per request
(docs/decisions/0009-one-path-for-an-answer.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.journeys import SELF_CARE, answers_like
from triage.engine import (
    QUESTIONS,
    QUESTIONS_BY_KEY,
    AnswerError,
    Kind,
    evaluate,
    read_progress,
)

KEYS = [question.key for question in QUESTIONS]


def test_nothing_stored_is_not_started_and_asks_the_first_question():
    for stored in (None, {}, "not a mapping"):
        progress = read_progress(stored)  # type: ignore[arg-type]
        assert not progress.started
        assert progress.missing == "emergency"
        assert progress.given == {}
        assert progress.answers is None and progress.result is None


def test_the_first_missing_question_is_next_and_answers_are_typed():
    stored = {key: SELF_CARE[key] for key in KEYS[:5]}
    progress = read_progress(stored)
    assert progress.started
    assert progress.missing == KEYS[5]
    assert list(progress.given) == KEYS[:5]
    assert progress.given["emergency"] == frozenset(SELF_CARE["emergency"])
    assert progress.answers is None


def test_an_unreadable_stored_answer_is_asked_again_and_later_ones_are_kept():
    stored = {**SELF_CARE, "onset": "during_the_night", "severity": 11}
    progress = read_progress(stored)
    assert progress.missing == "onset"
    assert "onset" not in progress.given and "severity" not in progress.given
    assert progress.given["trend"] == SELF_CARE["trend"]
    assert progress.answers is None


def test_a_complete_set_gives_the_engines_answers_and_result():
    progress = read_progress(SELF_CARE)
    assert progress.missing is None
    assert progress.result == evaluate(SELF_CARE)
    assert progress.result.answers == progress.answers
    assert progress.location == SELF_CARE["location"]


def test_a_red_flag_completes_the_set_whatever_else_is_stored():
    progress = read_progress({"emergency": ["none", "saddle_numbness"], "severity": "x"})
    assert progress.is_emergency
    assert progress.missing is None
    assert progress.given == {"emergency": frozenset({"none", "saddle_numbness"})}
    assert progress.result is not None and progress.result.outcome == "emergency"


def test_answering_a_red_flag_keeps_only_the_red_flags():
    progress = read_progress(SELF_CARE).answered(
        "emergency", frozenset({"none", "saddle_numbness", "unknown"})
    )
    assert progress.given == {"emergency": frozenset({"saddle_numbness"})}
    assert progress.result is not None and progress.result.outcome == "emergency"


@pytest.mark.parametrize(
    ("before", "after", "nerve_kept"),
    [
        ("lower_back", "upper_back", True),
        ("lower_back", "neck", False),
        ("neck", "upper_back", False),
        ("neck", "neck", True),
    ],
)
def test_changing_location_between_neck_and_back_asks_nerve_again(before, after, nerve_kept):
    progress = read_progress(answers_like(location=before)).answered("location", after)
    assert ("nerve" in progress.given) is nerve_kept
    assert progress.missing == (None if nerve_kept else "nerve")


def test_answering_the_last_missing_question_completes_the_set():
    stored = {key: value for key, value in SELF_CARE.items() if key != "trend"}
    progress = read_progress(stored)
    assert progress.missing == "trend"
    done = progress.answered("trend", SELF_CARE["trend"])
    assert done.missing is None
    assert done.result == evaluate(SELF_CARE)
    assert list(done.given) == KEYS  # protocol order, whatever order they were given in


@pytest.mark.parametrize(
    ("key", "value", "given"),
    [
        ("location", "neck", "neck"),
        ("location", ["neck"], "neck"),  # the engine's accepted spellings
        ("location", "knee", None),
        ("location", ["neck", "upper_back"], None),
        ("severity", 0, 0),
        ("severity", 10, 10),
        ("severity", "5", 5),
        ("severity", 11, None),
        ("severity", True, None),
        ("nerve", [], None),
        ("nerve", ["weakness", "kneecap"], None),  # one unknown value: asked again
        ("nerve", ["weakness", "none"], None),  # "none" with another: asked again
        ("nerve", ["weakness", "radiating"], frozenset({"weakness", "radiating"})),
        ("activity", ["other", "twisting"], frozenset({"other", "twisting"})),
        ("activity", "twisting", frozenset({"twisting"})),
    ],
)
def test_a_stored_answer_is_given_only_if_the_engine_reads_it(key, value, given):
    stored = {"emergency": ["none"], key: value}
    progress = read_progress(stored)
    assert progress.given.get(key) == given
    assert progress.missing == ("age" if key != "age" else "location")


@pytest.mark.parametrize("key", KEYS)
def test_a_stored_answer_is_read_by_the_one_validator(key):
    # read_progress gives an answer exactly when Question.clean accepts it.
    question = QUESTIONS_BY_KEY[key]
    for value in [*question.values, "junk", "", None, [], ["none", *question.values[:1]]]:
        progress = read_progress({"emergency": ["none"], key: value})
        try:
            expected = question.clean(value)
        except AnswerError:
            assert key not in progress.given, value
        else:
            assert progress.given.get(key) == expected, value


def _values(key: str) -> st.SearchStrategy[object]:
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.INTEGER:
        return st.one_of(st.integers(-2, 12), st.text(max_size=3))
    choices = st.sampled_from([*question.values, "unknown"])
    if question.kind is Kind.SINGLE:
        return choices
    return st.lists(choices, max_size=4)


stored_answers = st.fixed_dictionaries({}, optional={key: _values(key) for key in KEYS})


@given(stored_answers)
def test_progress_agrees_with_the_engine_and_survives_a_round_trip(stored):
    progress = read_progress(stored)
    if progress.answers is not None:
        assert progress.result == evaluate(stored)
    else:
        assert progress.missing is not None
        assert progress.missing not in progress.given
    assert read_progress(progress.as_data()).given == progress.given
