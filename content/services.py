"""What a triage result offers: chosen by the tags staff set, never by slugs in code.

PROTOCOL.md, "What the result page offers, by outcome":
- ``emergency``, ``urgent``: no stretches, no exercise plan (and no tips or guides).
- ``see_doctor``: gentle stretches for the location that are not marked to avoid for
  the pattern, history or (v3) ``general`` answers, tips for the activities, the plan
  "after your doctor has checked you".
- ``physio``, ``self_care``: stretches for the location and pattern, not avoided for the
  pattern, history or ``general`` answers; tips for the activities; the plan for the
  pattern.
- Every result but ``emergency``: the clinic's pain relief advice with the care advice,
  never suggesting anti-inflammatory painkillers to someone they may harm (v3,
  "medicines").

Tips and plans may also be written for some pain areas only (their "areas" tags): they
are then offered only for those areas, so a neck result never gets advice written for
backs. Tips that match the person's own activities come first (v3): ranked by how many
of them they match, then the more specific (written for fewer activities) first, so a
tip about crunches comes before a warm-up tip written for every activity. A tip the
clinic marks "always show when it matches" (safety advice) is never cut by the limit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from content.models import (
    CareAdvice,
    ClinicProfile,
    Guide,
    Outcome,
    Plan,
    Stretch,
    Tag,
    Tip,
)
from triage.engine import NONE, Result
from triage.engine import Outcome as EngineOutcome
from triage.questions import vocabulary

logger = logging.getLogger(__name__)

STRETCH_LIMIT = 6
TIP_LIMIT = 6
GUIDE_LIMIT = 3


@dataclass(frozen=True)
class Recommendations:
    """Published clinic content for one triage result. Empty sequences mean "none"."""

    stretches: Sequence[Stretch] = field(default_factory=tuple)
    tips: Sequence[Tip] = field(default_factory=tuple)
    plan: Plan | None = None
    guides: Sequence[Guide] = field(default_factory=tuple)
    care_advice: CareAdvice | None = None
    clinic: ClinicProfile | None = None
    #: The pain location code the content was chosen for (PROTOCOL.md ``location``).
    location: str | None = None
    #: Where :func:`recommendations_for` keeps this selection in Django's cache (it names the
    #: release and content version), so that what is made from it can be kept beside it;
    #: empty when the selection was not kept.
    cache_key: str = ""

    @property
    def pain_relief(self) -> str:
        """The clinic's pain relief advice chosen for this result (Markdown; "" for none):
        it travels with the care advice (``CareAdvice.objects.with_pain_relief``)."""
        return getattr(self.care_advice, "pain_relief", None) or ""

    @property
    def has_exercise_content(self) -> bool:
        return bool(self.stretches or self.tips or self.plan or self.guides)

    @property
    def area_word(self) -> str:
        """ "neck" or "back": how headings name the part of the body the result is about."""
        return vocabulary(self.location)["area"]


def _stretches(
    *,
    outcome: str,
    pattern: str | None,
    location: str | None,
    history: Collection[str],
    general: Collection[str],
) -> QuerySet[Stretch]:
    if not location or not pattern:
        # Without a location there is nothing to match; without a pattern we cannot
        # apply the "avoid for this pattern" tags, so the safe answer is no stretches.
        return Stretch.objects.none()
    # Any one avoid-if tag that fits the person hides the stretch (PROTOCOL.md v3: the
    # pattern, the back history and the ``general`` answers such as osteoporosis).
    avoided = Tag.objects.filter(
        Q(kind=Tag.Kind.PATTERN, code=pattern)
        | Q(kind=Tag.Kind.HISTORY, code__in=list(history))
        | Q(kind=Tag.Kind.GENERAL, code__in=list(general))
    )
    stretches = (
        Stretch.objects.published()
        .filter(body_areas__in=Tag.objects.filter(kind=Tag.Kind.LOCATION, code=location))
        .exclude(avoid_if__in=avoided)
    )
    if EngineOutcome(outcome).offers_pattern_plan:
        stretches = stretches.filter(
            patterns__in=Tag.objects.filter(kind=Tag.Kind.PATTERN, code=pattern)
        )
    # One location and one pattern tag each: the joins cannot duplicate a stretch.
    return stretches.order_by("order", "title")[:STRETCH_LIMIT]


# Tips and plans: one with no area tags suits every area; one with area tags only those.
_FITS_AREA = Q(area_count=0) | Q(area_match__gt=0)


def _area_count() -> Count:
    return Count("body_areas", distinct=True)


def _area_match(location: str | None) -> Count:
    """1 when the item is tagged with the person's location, else 0."""
    return Count(
        "body_areas",
        filter=Q(body_areas__kind=Tag.Kind.LOCATION, body_areas__code=location or ""),
        distinct=True,
    )


def _tips(*, activities: Collection[str], location: str | None) -> tuple[Tip, ...]:
    """Tips for the activities and location: most matching activities first, then the
    most specific (fewest activity tags; a tip for every activity comes last), then staff
    order, then title. At most ``TIP_LIMIT`` besides those marked "always show"."""
    if not activities:
        return ()
    ranked = list(
        Tip.objects.published()
        .annotate(
            activity_matches=Count(
                "activities",
                filter=Q(activities__kind=Tag.Kind.ACTIVITY, activities__code__in=list(activities)),
                distinct=True,
            ),
            activity_count=Count("activities", distinct=True),
            area_count=_area_count(),
            area_match=_area_match(location),
        )
        .filter(_FITS_AREA, activity_matches__gt=0)
        .order_by("-activity_matches", "activity_count", "order", "title")
    )
    # One query, cut here rather than in SQL: a safety tip that ranks low still shows.
    room = max(TIP_LIMIT - sum(tip.safety_relevant for tip in ranked), 0)
    others = [tip for tip in ranked if not tip.safety_relevant][:room]
    return tuple(tip for tip in ranked if tip.safety_relevant or tip in others)


def _plan(*, outcome: str, pattern: str | None, location: str | None) -> Plan | None:
    """The first plan by staff order (then title) for the outcome, pattern and location;
    a plan written for the person's area comes before one for any area."""
    plans = Plan.objects.published()
    if outcome == Outcome.SEE_DOCTOR:
        plans = plans.filter(after_doctor_check=True)
    elif not pattern:
        return None
    else:
        plans = plans.filter(
            after_doctor_check=False,
            patterns__in=Tag.objects.filter(kind=Tag.Kind.PATTERN, code=pattern),
        )
    return (
        plans.annotate(area_count=_area_count(), area_match=_area_match(location))
        .filter(_FITS_AREA)
        .order_by("-area_match", "order", "title")
        .first()
    )


def _guides(*, outcome: str) -> QuerySet[Guide]:
    return (
        Guide.objects.published()
        .filter(outcomes__in=Tag.objects.filter(kind=Tag.Kind.OUTCOME, code=outcome))
        .order_by("order", "title")[:GUIDE_LIMIT]
    )


def clinic_profile() -> ClinicProfile | None:
    """The clinic's contact details with its locations (two queries), or None."""
    return ClinicProfile.objects.prefetch_related("locations").first()


def care_advice_for(*, outcome: str, no_anti_inflammatories: bool = True) -> CareAdvice | None:
    """The published care advice for ``outcome`` (one query). Every result but the
    emergency one also gets the clinic's pain relief advice (``pain_relief``), the text
    without anti-inflammatory painkillers when ``no_anti_inflammatories`` (the default:
    when we do not know, the safer text; PROTOCOL.md safety principle)."""
    advice = CareAdvice.objects.published().filter(outcome=outcome)
    if outcome in PAIN_RELIEF_OUTCOMES:
        advice = advice.with_pain_relief(anti_inflammatories=not no_anti_inflammatories)
    return advice.first()


#: The results that show pain relief advice: an emergency result is about getting help
#: now (its muscle-breakdown signs say "no ibuprofen" themselves, PROTOCOL.md v3).
PAIN_RELIEF_OUTCOMES = frozenset(
    {Outcome.URGENT, Outcome.SEE_DOCTOR, Outcome.PHYSIO, Outcome.SELF_CARE}
)


def contact_for(
    *, outcome: str, location: str | None = None, no_anti_inflammatories: bool = True
) -> Recommendations:
    """The care advice for ``outcome`` and the clinic's details: all that an emergency or
    urgent result offers, and the page when no result could be worked out (which then
    never suggests anti-inflammatory painkillers)."""
    return Recommendations(
        care_advice=care_advice_for(outcome=outcome, no_anti_inflammatories=no_anti_inflammatories),
        clinic=clinic_profile(),
        location=location,
    )


def recommendations_for(*, result: Result) -> Recommendations:
    """Published content for the engine's result, selected by tags (:func:`select`) and
    remembered in Django's cache per content version (see below)."""
    answers = result.answers
    codes: dict[str, Any] = {
        "outcome": result.outcome.value,
        "pattern": result.pattern.value if result.pattern is not None else None,
        "location": answers.location,
        "activities": answers.activity - {NONE},
        "history": answers.history - {NONE},
        "general": answers.general - {NONE},
        "no_anti_inflammatories": result.no_anti_inflammatories,
    }
    key = ":".join(
        [
            "recommendations",
            settings.RELEASE,  # a deploy may change the models: never unpickle another's
            content_version(),
            *(str(codes[name]) for name in ("outcome", "pattern", "location")),
            *(",".join(sorted(codes[name])) for name in ("activities", "history", "general")),
            "no-nsaid" if codes["no_anti_inflammatories"] else "nsaid-ok",
        ]
    )
    selection = cache.get(key)
    if selection is None:
        selection = replace(select(**codes), cache_key=key)
        cache.set(key, selection, CACHE_SECONDS)
    return selection  # type: ignore[no-any-return]


def select(
    *,
    outcome: str,
    pattern: str | None,
    location: str | None,
    activities: Collection[str],
    history: Collection[str],
    general: Collection[str] = (),
    no_anti_inflammatories: bool = True,
) -> Recommendations:
    """Published content for a triage result, selected by tags.

    ``outcome``, ``pattern``, ``location``, ``activities``, ``history`` and ``general``
    are the PROTOCOL.md codes; ``no_anti_inflammatories`` is the engine's
    ``Result.no_anti_inflammatories`` (True, the safer text, unless told otherwise). An
    unknown outcome is treated like ``emergency`` (care advice and clinic details only):
    when in doubt, the more cautious page. Runs a fixed number of queries (at most seven)
    however much content exists, and never raises for missing or unpublished items:
    they are simply not offered.
    """
    if outcome not in EngineOutcome or not EngineOutcome(outcome).offers_exercise:
        return contact_for(
            outcome=outcome, location=location, no_anti_inflammatories=no_anti_inflammatories
        )
    return Recommendations(
        stretches=tuple(
            _stretches(
                outcome=outcome,
                pattern=pattern,
                location=location,
                history=history,
                general=general,
            )
        ),
        tips=_tips(activities=activities, location=location),
        plan=_plan(outcome=outcome, pattern=pattern, location=location),
        guides=tuple(_guides(outcome=outcome)),
        care_advice=care_advice_for(outcome=outcome, no_anti_inflammatories=no_anti_inflammatories),
        clinic=clinic_profile(),
        location=location,
    )


# --- Remembered selections (issue 12; docs/decisions/0006-performance.md) ---------------
#
# Working a selection out costs seven queries, yet content changes a few times a week. So
# each selection is kept in Django's cache (shared by every worker and machine: CACHES in
# config/settings.py) under the content version, a value that every save or delete of
# content replaces (content/apps.py connects the signals), as djangoproject.com's blog
# does. Changes made without signals (QuerySet.update(), SQL by hand) show once an entry
# expires.

VERSION_KEY = "content:version"
CACHE_SECONDS = 15 * 60


def content_version() -> str:
    return str(cache.get_or_set(VERSION_KEY, _new_version, timeout=None))


def _new_version() -> str:
    return uuid.uuid4().hex


def content_changed(**kwargs: Any) -> None:
    """Signal receiver: content was saved or deleted, so every remembered selection is old.

    The version changes now, and again once the transaction commits: a result page worked
    out between the two (from content not yet committed, or committed a moment before)
    is never kept under the final version.
    """
    _bump_version()
    transaction.on_commit(_bump_version, robust=True)


def _bump_version() -> None:
    # A staff edit must never fail because the cache is down: then remembered selections
    # show until they expire (CACHE_SECONDS), and the next save changes the version.
    try:
        cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception as exc:
        logger.error("content version not changed: cache unavailable (%s)", type(exc).__name__)
