"""The wizard's flow: which page comes next, and who may see which page.

Plain functions over the answers kept in the session (one dict of protocol key to
value under ``SESSION_KEY``), which the engine reads once per request into a
:class:`~triage.engine.Progress`. The views ask :func:`gate` before showing a page and
:func:`destination_after` after saving an answer; neither knows any clinical rule
except the one PROTOCOL.md puts in the flow itself: a red flag on the first question
ends the questionnaire (rule E1), and stays the answer until the person starts again.
See docs/decisions/0001-wizard.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.sessions.backends.base import SessionBase

from triage.engine import QUESTIONS, Progress, read_progress

__all__ = [
    "EXPIRED",
    "FIRST_STEP",
    "SESSION_KEY",
    "STEPS",
    "Page",
    "Redirect",
    "destination_after",
    "gate",
    "previous_step",
    "progress",
    "save",
]

SESSION_KEY = "triage_answers"

#: The question pages, in protocol order; the emergency question is first (PROTOCOL.md).
STEPS: tuple[str, ...] = tuple(question.key for question in QUESTIONS)
FIRST_STEP = STEPS[0]


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


def progress(session: SessionBase) -> Progress:
    """The stored answers, read by the engine once for this request."""
    return read_progress(session.get(SESSION_KEY))


def save(session: SessionBase, progress: Progress) -> None:
    session[SESSION_KEY] = progress.as_data()


# --- Flow ------------------------------------------------------------------------------


def previous_step(key: str) -> str | None:
    index = STEPS.index(key)
    return STEPS[index - 1] if index > 0 else None


def next_step(key: str) -> str | None:
    index = STEPS.index(key)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def gate(progress: Progress, *, page: Page, key: str | None = None) -> Redirect | None:
    """Where to send someone who asks for ``page`` (question ``key``); None: show it.

    - No answers (never started, or the session expired): back to the first question,
      saying so, except on the first question itself.
    - A red flag: only the emergency result, until they start again (rule E1).
    - Otherwise a page past the first unanswered question sends them to that question,
      and the check-answers and result pages need every answer: never a guess.
    """
    if not progress.started:
        if page is Page.QUESTION and key == FIRST_STEP:
            return None
        return EXPIRED
    if progress.is_emergency:
        return None if page is Page.RESULT else Redirect(Page.RESULT)
    missing = progress.missing
    if missing is None:
        return None
    if page is Page.QUESTION and key is not None and STEPS.index(key) <= STEPS.index(missing):
        return None
    return _ask(missing, progress)


def _ask(missing: str, progress: Progress) -> Redirect:
    """Ask ``missing``; as a change (back to check-answers after) when it is the only
    question left, e.g. ``nerve`` after a change of location."""
    later = STEPS[STEPS.index(missing) + 1 :]
    return Redirect(Page.QUESTION, missing, change=all(map(progress.is_answered, later)))


def destination_after(key: str, progress: Progress, *, change: bool) -> Redirect:
    """Where to go once question ``key`` is answered (``progress``: the answers now).

    A red flag goes straight to the emergency result. A change made from the
    check-answers page goes back there, unless the change left a question unanswered.
    Otherwise the next question, and after the last one the check-answers page.
    """
    if progress.is_emergency:
        return Redirect(Page.RESULT)
    missing = progress.missing
    following = None if change else next_step(key)
    if missing is not None and (following is None or STEPS.index(missing) < STEPS.index(following)):
        return _ask(missing, progress)
    if following is not None:
        return Redirect(Page.QUESTION, following)
    return Redirect(Page.ANSWERS)
