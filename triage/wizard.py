"""The wizard's flow: which page comes next, and who may see which page.

Plain functions over the answers saved for the person's session (one dict of protocol
key to value, in :class:`~triage.models.SavedAnswers`), which the engine reads once per
request into a :class:`~triage.engine.Progress`. The views ask :func:`gate` before
showing a page and :func:`destination_after` after saving an answer; neither knows any
clinical rule except the one PROTOCOL.md puts in the flow itself: a red flag on the
first question ends the questionnaire (rule E1), and stays the answer until the person
starts again. See docs/decisions/0001-wizard.md and, for how answers are saved,
docs/decisions/0011-answers-saved-one-at-a-time.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from triage.engine import QUESTIONS, Progress, Value, read_progress
from triage.models import SavedAnswers

__all__ = [
    "EXPIRED",
    "FIRST_STEP",
    "STEPS",
    "Page",
    "Redirect",
    "destination_after",
    "gate",
    "previous_step",
    "progress",
    "record",
]

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

# --- Saved answers ---------------------------------------------------------------------
#
# The answers are kept in a table of their own, in the database only, not in the session
# dict: Django saves a session whole, from the copy it read when the request began, so two
# answers posted at once (a double tap, two tabs, two nodes) would each write back the
# other's older copy; and a cached copy of the session could be older than what was saved.
# docs/decisions/0011-answers-saved-one-at-a-time.md.


def progress(session: SessionBase) -> Progress:
    """The answers saved last for this session, read by the engine once for this request.

    One query, by the cookie's key; an expired or unknown session has no answers.
    """
    key = session.session_key
    stored = (
        SavedAnswers.objects.filter(**_live(key)).values_list("answers", flat=True).first()
        if key
        else None
    )
    return read_progress(stored)


def record(session: SessionBase, key: str, value: Value) -> Progress | None:
    """Save the answer ``value`` to question ``key`` (a valid answer, checked by the form)
    on top of the answers saved last, and return the answers now.

    The session's row is locked while the answers are read and written, so answers to
    the same session are saved one after the other, each on top of the one before: none
    is lost, and a red flag, which replaces every answer (rule E1), is never replaced by
    an answer read before it was saved. The write commits before the page redirects; if
    it cannot be made (the database away or read-only), the error reaches the 503 page
    and nothing is half-saved.

    None when this person's session ended meanwhile (it expired, or they started again
    in another tab) and ``key`` is not the first question: the answers are gone, so the
    questions start again. On the first question a new session is started.
    """
    with transaction.atomic():
        session_key = session.session_key
        if not (session_key and _lock_live_session(session_key)):
            if key != FIRST_STEP:
                return None
            # A new key and row, which no other request can know yet: nothing saved before.
            session.create()
            now = read_progress(None).answered(key, value)
            new_key = cast(str, session.session_key)  # create() always sets one
            SavedAnswers.objects.create(session_id=new_key, answers=now.as_data())
            return now
        saved = SavedAnswers.objects.filter(session_id=session_key)
        now = read_progress(saved.values_list("answers", flat=True).first()).answered(key, value)
        if not saved.update(answers=now.as_data()):
            SavedAnswers.objects.create(session_id=session_key, answers=now.as_data())
    # The session itself is not saved again: it holds no answers, and it (with its cookie
    # and these answers) expires SESSION_COOKIE_AGE after the first answer, as
    # docs/privacy.md says.
    return now


def _lock_live_session(session_key: str) -> bool:
    """Lock the session's row until the transaction ends; False if it has expired or gone.

    SQLite has no row locks: there every transaction starts IMMEDIATE (DATABASES in
    config/settings.py), which makes writers wait for each other for the whole file.
    """
    return (
        Session.objects.select_for_update()
        .filter(session_key=session_key, expire_date__gt=timezone.now())
        .exists()
    )


def _live(session_key: str) -> dict[str, object]:
    """Filter for the saved answers of ``session_key`` while that session has not expired."""
    return {"session_id": session_key, "session__expire_date__gt": timezone.now()}


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
