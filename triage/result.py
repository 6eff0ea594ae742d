"""The result in plain words: what the engine worked out, said as the result page says it.

The outcome is worked out by the engine from the answers read for this request
(``triage.engine.Progress``; never stored), and worded by ``triage.wording``. The clinic's
content (care advice, stretches, tips, plans) is added by the content app
(``content.results``): this app never imports it, so that the triage rules can be read,
run and tested without the clinic's database (docs/decisions/0001-wizard.md).

When the engine has no result for answers the wizard thought complete, or has a bug, the
page is the urgent-care fallback ("see a doctor today or go to urgent care"), never
self-care (PROTOCOL.md safety principle: a failure never makes the advice milder).

Failures are logged by type and place only: exception messages may quote answers, and
answers are health data (docs/privacy.md).
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from triage.engine import (
    PROTOCOL_VERSION,
    Answers,
    Outcome,
    Pattern,
    Progress,
    Result,
    Travel,
    TriggeredRule,
)
from triage.wording import FALLBACK_TEXT, OUTCOME_TEXT, OutcomeText, reason

__all__ = ["ResultPage", "build_result", "log_failure"]

logger = logging.getLogger(__name__)

_BY_AMBULANCE = frozenset({Travel.AMBULANCE, Travel.KEEP_STILL})


@dataclass(frozen=True)
class ResultPage:
    """Everything the result page says about the outcome."""

    outcome: Outcome
    text: OutcomeText
    #: The plain reasons of the rules at the outcome's own level, protocol order: what
    #: made this the result.
    reasons: tuple[str, ...]
    pattern: Pattern | None
    #: The engine's result, which content selection reads; None for the fallback.
    result: Result | None = None
    fallback: bool = False
    protocol_version: str = PROTOCOL_VERSION
    #: The reasons of the other triggered rules (less urgent on their own) that say
    #: something not said already: "other things we noted", on the page and the printout.
    other_reasons: tuple[str, ...] = ()

    @property
    def is_emergency(self) -> bool:
        return self.outcome.is_emergency

    @property
    def by_ambulance(self) -> bool:
        """Call the emergency number and wait for the ambulance: moving or driving is
        dangerous, so the page never offers the emergency room as another way (PROTOCOL.md
        v3, "how to get there"), not even in the clinic's headline."""
        return self.result is not None and self.result.travel in _BY_AMBULANCE

    @property
    def by_emergency_room(self) -> bool:
        """Go to the emergency room, or call the emergency number, and do not drive: only
        when the engine says so (``Travel.EMERGENCY_ROOM``); any other emergency waits for
        the ambulance, the more careful way."""
        return self.result is not None and self.result.travel is Travel.EMERGENCY_ROOM

    @property
    def keep_still(self) -> bool:
        """After a possible neck injury: keep the head and neck still, let no one move you
        unless you are in danger, never be driven (PROTOCOL.md v3, "how to get there")."""
        return self.result is not None and self.result.travel is Travel.KEEP_STILL

    @property
    def offers_exercise(self) -> bool:
        """Stretches, tips and plans: never for emergency or urgent (PROTOCOL.md), nor
        for the fallback."""
        return not self.fallback and self.outcome.offers_exercise


def log_failure(log: logging.Logger, part: str, exc: BaseException) -> None:
    """Log that ``part`` of the result page failed, by the exception's type and where it
    was raised: never its message (it may quote answers) nor the answers."""
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    where = " <- ".join(f"{f.filename}:{f.lineno} in {f.name}" for f in reversed(frames))
    log.error("result page: %s failed: %s at %s", part, type(exc).__name__, where)


def build_result(progress: Progress) -> ResultPage:
    """The page for a complete answer set; on any failure, the urgent-care fallback."""
    try:
        result = progress.result
        if result is None:  # the views show this page only for complete answers
            raise ValueError("incomplete answers")
    except Exception as exc:  # a bug must not become milder advice, nor a 500
        log_failure(logger, "engine", exc)
        return _fallback()
    own = [rule for rule in result.triggered if rule.outcome is result.outcome]
    others = [rule for rule in result.triggered if rule.outcome is not result.outcome]
    return ResultPage(
        outcome=result.outcome,
        text=OUTCOME_TEXT[result.outcome],
        reasons=tuple(reason(rule, result.answers) for rule in own),
        other_reasons=_not_said_yet(others, said=own, answers=result.answers),
        pattern=result.pattern,
        result=result,
        protocol_version=result.protocol_version,
    )


def _not_said_yet(
    rules: list[TriggeredRule], *, said: list[TriggeredRule], answers: Answers
) -> tuple[str, ...]:
    """The reasons of ``rules`` (protocol order) that say something the page has not said.

    Every triggered rule is a reason (PROTOCOL.md "Rules"), but a reason is read once: a
    less urgent rule whose ``mentions`` were all spoken of by a reason shown before it
    (the outcome's own, then the others in order) adds nothing and is left out. U5 "came
    on suddenly ... 7 or more out of 10" already says D5's and D7's. A rule that names
    no answers is always shown.
    """
    spoken: set[str] = set().union(*(rule.mentions for rule in said))
    reasons = []
    for rule in rules:
        if rule.mentions and rule.mentions <= spoken:
            continue
        reasons.append(reason(rule, answers))
        spoken |= rule.mentions
    return tuple(reasons)


def _fallback() -> ResultPage:
    return ResultPage(
        outcome=Outcome.URGENT,
        text=FALLBACK_TEXT,
        reasons=(),
        pattern=None,
        fallback=True,
    )
