"""The wizard's flow: which page comes next, and who may see which page.

Plain functions over the answers kept in the session (one dict of protocol key to
value under ``SESSION_KEY``). The views ask :func:`gate` before showing a page and
:func:`destination_after` after saving an answer; neither knows any clinical rule
except the one PROTOCOL.md puts in the flow itself: a red flag on the first question
ends the questionnaire (rule E1), and stays the answer until the person starts again.
See docs/decisions/0001-wizard.md.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.sessions.backends.base import SessionBase

from triage.engine import QUESTIONS, QUESTIONS_BY_KEY, RED_FLAGS, is_emergency
from triage.forms import is_valid_answer

__all__ = [
    "EXPIRED",
    "FIRST_STEP",
    "SESSION_KEY",
    "STEPS",
    "Page",
    "Redirect",
    "clear_answers",
    "destination_after",
    "first_unanswered",
    "gate",
    "has_red_flag",
    "load_answers",
    "location_of",
    "previous_step",
    "red_flags_in",
    "save_answers",
    "with_answer",
]

SESSION_KEY = "triage_answers"

#: The question pages, in protocol order; the emergency question is first (PROTOCOL.md).
STEPS: tuple[str, ...] = tuple(question.key for question in QUESTIONS)
FIRST_STEP = STEPS[0]

StoredAnswers = dict[str, object]


class Page(StrEnum):
    QUESTION = "question"
    ANSWERS = "answers"  # check your answers
    RESULT = "result"


@dataclass(frozen=True)
class Redirect:
    """Send the person to ``page`` (question ``key``); ``expired``: say the answers are gone.

    ``change``: the question is asked as a change from the check-answers page, so the
    person goes back there once it is answered, not through every later question.
    """

    page: Page
    key: str | None = None
    expired: bool = False
    change: bool = False


#: No answers in the session (never started, expired or cleared): start again, saying why.
EXPIRED = Redirect(Page.QUESTION, FIRST_STEP, expired=True)

# --- Session storage -------------------------------------------------------------------


def load_answers(session: SessionBase) -> StoredAnswers | None:
    """The stored answers, or None if there are none (never started, expired, cleared)."""
    value = session.get(SESSION_KEY)
    return dict(value) if isinstance(value, dict) and value else None


def save_answers(session: SessionBase, answers: Mapping[str, object]) -> None:
    session[SESSION_KEY] = dict(answers)


def clear_answers(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


# --- Reading answers -------------------------------------------------------------------


def has_red_flag(answers: Mapping[str, object] | None) -> bool:
    """Whether the first answer holds a red flag (PROTOCOL.md rule E1)."""
    return answers is not None and is_emergency(answers)


def red_flags_in(values: Collection[str]) -> list[str]:
    """The red flags among posted values, in protocol order; unknown values are dropped."""
    chosen = set(values)
    return [value for value in QUESTIONS_BY_KEY[FIRST_STEP].values if value in RED_FLAGS & chosen]


def location_of(answers: Mapping[str, object] | None) -> str | None:
    """The stored location if it is a protocol value (it words the later questions)."""
    location = (answers or {}).get("location")
    return location if isinstance(location, str) and is_valid_answer("location", location) else None


def first_unanswered(answers: Mapping[str, object] | None) -> str | None:
    """The first question without a valid stored answer; None when the set is complete.

    After a red flag the set is complete: nothing else is asked (PROTOCOL.md rule E1).
    """
    answers = answers or {}
    if has_red_flag(answers):
        return None
    for key in STEPS:
        if key not in answers or not is_valid_answer(key, answers[key]):
            return key
    return None


def _limbs(location: object) -> str:
    """Which limbs the ``nerve`` question asks about for a location (PROTOCOL.md)."""
    return "arms" if location == "neck" else "legs"


def with_answer(answers: Mapping[str, object] | None, key: str, value: object) -> StoredAnswers:
    """The answers with ``key`` set. A red flag replaces everything: nothing else is asked.

    A change of ``location`` between the neck and the back clears ``nerve``: that answer
    was about the other limbs, so it is asked again (PROTOCOL.md, after the questions).
    """
    if key == FIRST_STEP and isinstance(value, list) and has_red_flag({key: value}):
        return {key: red_flags_in(value)}
    updated = {**(answers or {}), key: value}
    if key == "location" and answers and _limbs(answers.get(key)) != _limbs(value):
        updated.pop("nerve", None)
    return updated


# --- Flow ------------------------------------------------------------------------------


def previous_step(key: str) -> str | None:
    index = STEPS.index(key)
    return STEPS[index - 1] if index > 0 else None


def next_step(key: str) -> str | None:
    index = STEPS.index(key)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def gate(
    answers: Mapping[str, object] | None, *, page: Page, key: str | None = None
) -> Redirect | None:
    """Where to send someone who asks for ``page`` (question ``key``); None: show it.

    - No answers (never started, or the session expired): back to the first question,
      saying so, except on the first question itself.
    - A red flag: only the emergency result, until they start again (rule E1).
    - Otherwise a page past the first unanswered question sends them to that question,
      and the check-answers and result pages need every answer: never a guess.
    """
    if not answers:
        if page is Page.QUESTION and key == FIRST_STEP:
            return None
        return EXPIRED
    if has_red_flag(answers):
        return None if page is Page.RESULT else Redirect(Page.RESULT)
    missing = first_unanswered(answers)
    if missing is None:
        return None
    if page is Page.QUESTION and key is not None and STEPS.index(key) <= STEPS.index(missing):
        return None
    return _ask(missing, answers)


def _ask(missing: str, answers: Mapping[str, object]) -> Redirect:
    """Ask ``missing``; as a change (back to check-answers after) when it is the only
    question left, e.g. ``nerve`` after a change of location."""
    later = STEPS[STEPS.index(missing) + 1 :]
    only_one = all(k in answers and is_valid_answer(k, answers[k]) for k in later)
    return Redirect(Page.QUESTION, missing, change=only_one)


def destination_after(key: str, answers: Mapping[str, object], *, change: bool) -> Redirect:
    """Where to go once question ``key`` is answered.

    A red flag goes straight to the emergency result. A change made from the
    check-answers page goes back there, unless the change left a question unanswered.
    Otherwise the next question, and after the last one the check-answers page.
    """
    if has_red_flag(answers):
        return Redirect(Page.RESULT)
    missing = first_unanswered(answers)
    following = None if change else next_step(key)
    if missing is not None and (following is None or STEPS.index(missing) < STEPS.index(following)):
        return _ask(missing, answers)
    if following is not None:
        return Redirect(Page.QUESTION, following)
    return Redirect(Page.ANSWERS)
