"""The result page's parts: the outcome in plain words, and the clinic content seam.

The outcome is worked out by the engine from the answers read for this request
(``triage.engine.Progress``; never stored). Two things can fail, and neither may make the
advice milder:

- the engine has no result for answers the wizard thought complete, or has a bug: the page shows
  the urgent-care fallback ("see a doctor today or go to urgent care"), never self-care;
- the clinic content (database, templates) fails: the page still shows the outcome, the
  built-in "what to do now" text and the safety net, and leaves the content out.

Failures are logged by type and place only: exception messages may quote answers, and
answers are health data (docs/privacy.md).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from triage.engine import (
    PROTOCOL_VERSION,
    RED_FLAG_GROUPS,
    Outcome,
    Progress,
    Result,
    SignGroup,
    Travel,
    TriggeredRule,
)

if TYPE_CHECKING:
    from content.services import Recommendations

__all__ = [
    "OUTCOME_TEXT",
    "Guidance",
    "OutcomeText",
    "ResultPage",
    "build_result",
    "load_recommendations",
    "render_guidance",
    "safety_net_signs",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutcomeText:
    """How the result page states an outcome: the NHS.UK care card and what to do now."""

    heading: str
    card: str  # care card modifier: "emergency", "urgent" or "non-urgent"
    prefix: str  # visually hidden start of the heading, as the NHS.UK care cards have
    do_now: tuple[str, ...]
    #: The few most important things to do today, shown on the first screen (self-care).
    today: tuple[str, ...] = ()


_NON_URGENT = "Non-urgent advice: "
_BY_AMBULANCE = frozenset({Travel.AMBULANCE, Travel.KEEP_STILL})

# PROTOCOL.md "Outcomes", in plain words.
OUTCOME_TEXT: Mapping[str, OutcomeText] = MappingProxyType(
    {
        Outcome.EMERGENCY: OutcomeText(
            heading="Call 911 now or go to the emergency room",
            card="emergency",
            prefix="Immediate action required: ",
            # How to get there depends on the signs (PROTOCOL.md v3; Result.travel): the
            # template says it before this line.
            do_now=("If you can, ask someone to stay with you.",),
        ),
        Outcome.URGENT: OutcomeText(
            heading="See a doctor today or tomorrow",
            card="urgent",
            prefix="Urgent advice: ",
            do_now=(
                "Get an appointment with a doctor for today or tomorrow, "
                "or go to an urgent care center.",
                "Stop exercising until you are seen. That means no workouts, sports, "
                "stretches or heavy lifting.",
            ),
        ),
        Outcome.SEE_DOCTOR: OutcomeText(
            heading="Book an appointment with a doctor",
            card="non-urgent",
            prefix=_NON_URGENT,
            do_now=(
                "Book an appointment with a doctor or a spine specialist in the next week or two.",
                "Until then, go gently. Do not do anything that makes the pain worse.",
            ),
        ),
        Outcome.PHYSIO: OutcomeText(
            heading="Book an appointment with a physical therapist",
            card="non-urgent",
            prefix=_NON_URGENT,
            do_now=(
                "A physical therapist can help with this kind of pain. Book an appointment "
                "with one.",
                "If a doctor has never checked this pain, see a doctor too.",
            ),
        ),
        Outcome.SELF_CARE: OutcomeText(
            heading="You can look after this at home",
            card="non-urgent",
            prefix=_NON_URGENT,
            do_now=(
                "This sounds like normal soreness after exercise, or a small strain. "
                "It should get better on its own in a few days.",
            ),
            today=(
                "Rest from the exercise that caused it for a few days, but keep moving "
                "gently: short walks help more than lying in bed.",
                "Use an ice pack in a towel for up to 20 minutes, a few times a day, for "
                "2 days. Then use heat or ice, whichever feels better.",
                "Stop anything that makes the pain worse or sharper.",
            ),
        ),
    }
)

# Shown when the engine cannot judge answers the wizard believed complete: the safe
# side is urgent care (PROTOCOL.md safety principle), never self-care.
FALLBACK_TEXT = OutcomeText(
    heading="See a doctor today or go to urgent care",
    card="urgent",
    prefix="Urgent advice: ",
    do_now=(
        "We could not work out a result from your answers. To be safe, see a doctor today "
        "or go to an urgent care center.",
        "Stop exercising until a doctor has checked you.",
    ),
)


@dataclass(frozen=True)
class ResultPage:
    """Everything the result page says about the outcome."""

    outcome: str
    text: OutcomeText
    #: The plain reasons of the rules at the outcome's own level, protocol order: what
    #: made this the result.
    reasons: tuple[str, ...]
    pattern: str | None
    #: The engine's result, which content selection reads; None for the fallback.
    result: Result | None = None
    fallback: bool = False
    protocol_version: str = PROTOCOL_VERSION
    #: The reasons of the other triggered rules (less urgent on their own) that say
    #: something not said already: "other things we noted", on the page and the printout.
    other_reasons: tuple[str, ...] = ()

    @property
    def is_emergency(self) -> bool:
        return self.outcome == Outcome.EMERGENCY

    @property
    def by_ambulance(self) -> bool:
        """Call 911 and wait for the ambulance: moving or driving is dangerous, so the page
        never offers the emergency room as another way (PROTOCOL.md v3, "how to get
        there"), not even in the clinic's headline."""
        return self.result is not None and self.result.travel in _BY_AMBULANCE

    @property
    def offers_exercise(self) -> bool:
        """Stretches, tips and plans: never for emergency or urgent (PROTOCOL.md)."""
        return not self.fallback and Outcome(self.outcome).offers_exercise


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " <- ".join(f"{f.filename}:{f.lineno} in {f.name}" for f in reversed(frames))


def _log_failure(part: str, exc: BaseException) -> None:
    """Log a failure without its message (it may quote answers) and without the answers."""
    logger.error("result page: %s failed: %s at %s", part, type(exc).__name__, _where(exc))


def build_result(progress: Progress) -> ResultPage:
    """The page for a complete answer set; on any failure, the urgent-care fallback."""
    try:
        result = progress.result
        if result is None:  # the views show this page only for complete answers
            raise ValueError("incomplete answers")
    except Exception as exc:  # a bug must not become milder advice, nor a 500
        _log_failure("engine", exc)
        return _fallback()
    own = [rule for rule in result.triggered if rule.outcome is result.outcome]
    return ResultPage(
        outcome=result.outcome.value,
        text=OUTCOME_TEXT[result.outcome],
        reasons=tuple(rule.reason for rule in own),
        other_reasons=_not_said_yet(
            [rule for rule in result.triggered if rule.outcome is not result.outcome],
            said=own,
        ),
        pattern=result.pattern.value if result.pattern is not None else None,
        result=result,
        protocol_version=result.protocol_version,
    )


def _not_said_yet(rules: list[TriggeredRule], *, said: list[TriggeredRule]) -> tuple[str, ...]:
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
        reasons.append(rule.reason)
        spoken |= rule.mentions
    return tuple(reasons)


def _fallback() -> ResultPage:
    return ResultPage(
        outcome=Outcome.URGENT.value,
        text=FALLBACK_TEXT,
        reasons=(),
        pattern=None,
        fallback=True,
    )


def safety_net_signs() -> tuple[SignGroup, ...]:
    """The emergency signs in their groups, each in full: the emergency question's."""
    return RED_FLAG_GROUPS


# --- Clinic content seam -----------------------------------------------------------------


def load_recommendations(page: ResultPage) -> Recommendations | None:
    """The clinic's content for this result, or None if the content app fails."""
    try:
        from content import services

        if page.result is None:  # the fallback: its outcome's care advice and the clinic
            return services.contact_for(outcome=page.outcome)
        return services.recommendations_for(result=page.result)
    except Exception as exc:  # database down, a bug: the outcome still shows
        _log_failure("clinic content", exc)
        return None


@dataclass(frozen=True)
class Guidance:
    """The clinic content partials, rendered; an empty string means leave it out."""

    care_advice: str = ""
    recommendations: str = ""
    clinic: str = ""
    #: The clinic's own heading for the care card; the built-in one when empty.
    headline: str = ""


def _render_partial(template: str, context: dict[str, Any], request: HttpRequest) -> str | None:
    """The partial's HTML ("" when it has nothing to show), or None if rendering failed."""
    # Rendered here rather than {% include %}d, so that a failing partial (say, a lazy
    # query while the database is down) costs its own section, not the whole page.
    try:
        html = render_to_string(template, context, request=request)
    except TemplateDoesNotExist:
        return ""
    except Exception as exc:
        _log_failure(template, exc)
        return None
    return SafeString(html) if html.strip() else ""


def render_guidance(
    request: HttpRequest, *, page: ResultPage, recommendations: Recommendations | None
) -> Guidance:
    """The content for ``page``: care advice and clinic contact always; stretches, tips
    and plans only where PROTOCOL.md offers them (see_doctor, physio, self_care)."""
    if recommendations is None:
        return Guidance()
    # Kept in Django's cache beside the selection they are made from, under its key (which
    # names the release, the content version and the outcome), so a staff edit or a deploy
    # shows at once; no key when the selection was not kept (the cache failed). Nothing of
    # the visitor's own is in them: no token, no nonce. The cache never raises here
    # (content.services.cache_get): a failing cache costs a render, never the content.
    from content.services import CACHE_SECONDS, cache_get, cache_set

    key = f"guidance:{recommendations.cache_key}" if recommendations.cache_key else ""
    if key and isinstance(kept := cache_get(key), Guidance):
        return kept
    care_advice = _render_partial(
        "content/_care_advice.html", {"care_advice": recommendations.care_advice}, request
    )
    exercise = (
        _render_partial(
            "content/_recommendations.html", {"recommendations": recommendations}, request
        )
        if page.offers_exercise
        else ""
    )
    clinic = _render_partial(
        "content/_clinic_contact.html", {"clinic": recommendations.clinic}, request
    )
    guidance = Guidance(
        care_advice=care_advice or "",
        recommendations=exercise or "",
        clinic=clinic or "",
        headline=_care_headline(recommendations),
    )
    if key and None not in (care_advice, exercise, clinic):  # never keep a failure
        cache_set(key, guidance, CACHE_SECONDS)  # as long as the selection is kept
    return guidance


def _care_headline(recommendations: Recommendations) -> str:
    try:
        advice = recommendations.care_advice
        return str(advice.headline) if advice is not None else ""
    except Exception as exc:  # same fail-safe as the partials: keep the built-in heading
        _log_failure("care advice headline", exc)
        return ""
