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

import contextlib
import logging
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.db.models import Count, Q, QuerySet

from content.models import (
    CareAdvice,
    ClinicProfile,
    Guide,
    Plan,
    Stretch,
    Tag,
    Tip,
)
from triage.engine import NONE, Outcome, Result
from triage.wording import vocabulary

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
        return str(vocabulary(self.location)["area"])


def _stretches(
    *,
    outcome: Outcome,
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
    if outcome.offers_pattern_plan:
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


def _plan(*, outcome: Outcome, pattern: str | None, location: str | None) -> Plan | None:
    """The first plan by staff order (then title) for the outcome, pattern and location;
    a plan written for the person's area comes before one for any area."""
    plans = Plan.objects.published()
    if not outcome.offers_pattern_plan:  # see_doctor: "after your doctor has checked you"
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


def _guides(*, outcome: Outcome) -> QuerySet[Guide]:
    return (
        Guide.objects.published()
        .filter(outcomes__in=Tag.objects.filter(kind=Tag.Kind.OUTCOME, code=outcome))
        .order_by("order", "title")[:GUIDE_LIMIT]
    )


def clinic_profile() -> ClinicProfile | None:
    """The clinic's contact details with its locations (two queries), or None."""
    return ClinicProfile.objects.prefetch_related("locations").first()


def care_advice_for(*, outcome: Outcome, no_anti_inflammatories: bool = True) -> CareAdvice | None:
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
    *, outcome: Outcome, location: str | None = None, no_anti_inflammatories: bool = True
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
    remembered in Django's cache per content version (see below). Without a content
    version (the cache fails) the selection comes from the database and is not kept."""
    answers = result.answers
    codes: dict[str, Any] = {
        "outcome": result.outcome,
        "pattern": result.pattern.value if result.pattern is not None else None,
        "location": answers.location,
        "activities": answers.activity - {NONE},
        "history": answers.history - {NONE},
        "general": answers.general - {NONE},
        "no_anti_inflammatories": result.no_anti_inflammatories,
    }
    version = content_version()
    if version is None:
        return select(**codes)
    key = ":".join(
        [
            "recommendations",
            settings.RELEASE,  # a deploy may change the models: never unpickle another's
            version,
            *(str(codes[name]) for name in ("outcome", "pattern", "location")),
            *(",".join(sorted(codes[name])) for name in ("activities", "history", "general")),
            "no-nsaid" if codes["no_anti_inflammatories"] else "nsaid-ok",
        ]
    )
    selection = cache_get(key)
    if not isinstance(selection, Recommendations):
        selection = replace(select(**codes), cache_key=key)
        cache_set(key, selection, CACHE_SECONDS)
    return selection


def select(
    *,
    outcome: Outcome,
    pattern: str | None,
    location: str | None,
    activities: Collection[str],
    history: Collection[str],
    general: Collection[str] = (),
    no_anti_inflammatories: bool = True,
) -> Recommendations:
    """Published content for a triage result, selected by tags.

    ``outcome`` is the engine's; ``pattern``, ``location``, ``activities``, ``history``
    and ``general`` are the PROTOCOL.md codes; ``no_anti_inflammatories`` is the engine's
    ``Result.no_anti_inflammatories`` (True, the safer text, unless told otherwise).
    Anything but an engine ``Outcome`` (a bare code from an untyped caller) is treated
    like ``emergency`` (care advice and clinic details only): when in doubt, the more
    cautious page. Runs a fixed number of queries (at most seven)
    however much content exists, and never raises for missing or unpublished items:
    they are simply not offered.
    """
    if not isinstance(outcome, Outcome) or not outcome.offers_exercise:
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


# --- Remembered selections (docs/decisions/0006-performance.md) ------------------------
#
# Working a selection out costs seven queries, yet content changes a few times a week. So
# each selection is kept in Django's cache (shared by every worker and machine: CACHES in
# config/settings.py) under the content version, a value that every save or delete of
# content replaces (content/apps.py connects the signals), as djangoproject.com's blog
# does. Changes made without signals (QuerySet.update(), SQL by hand) show once an entry
# expires; so do changes made while the cache refuses both writes and deletes but still
# answers reads (a read-only replica, writes paused), and kept entries of a Redis restarted
# from disk after an outage.

VERSION_KEY = "content:version"
CACHE_SECONDS = 15 * 60


def content_version() -> str | None:
    """The current content version, or None when the cache cannot give one: then no
    remembered selection may be trusted, and none is kept."""
    version = _never_raising(
        "content version not read",
        None,
        lambda: cache.get_or_set(VERSION_KEY, _new_version, timeout=None),
    )
    return str(version) if version is not None else None


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
    # A staff edit must never fail because the cache does: it is saved all the same, and
    # the cache's query runs in a savepoint of its own (the edit is in a transaction).
    if _never_raising("content version not changed", False, _set_new_version, savepoint=True):
        return
    # A cache that refuses writes may still answer reads, and would go on serving the
    # selections kept under the old version. Deleting it is the next best thing (Redis
    # deletes even when out of memory with "noeviction"): then no version can be read,
    # and pages come from the database until a new one can be kept.
    _never_raising(
        "old content version not deleted", None, lambda: cache.delete(VERSION_KEY), savepoint=True
    )


def _set_new_version() -> bool:
    cache.set(VERSION_KEY, _new_version(), timeout=None)
    return True


# --- A cache that never costs content ---------------------------------------------------
#
# The cache is an optimisation (docs/decisions/0006-performance.md): when it fails (Redis
# down, out of memory, read-only or paused for writes; the database cache table missing)
# a page costs the time of working its content out again, never its content. Each failure
# is one log line naming the exception class only: a message may quote a key, and keys
# name a person's answers (docs/privacy.md). content/results.py keeps its rendered partials
# through these two as well.


def cache_get(key: str) -> Any:
    """``cache.get(key)``, or None (a miss) when the cache fails."""
    return _never_raising("kept content not read", None, lambda: cache.get(key))


def cache_set(key: str, value: Any, timeout: float | None) -> None:
    """``cache.set(key, value, timeout)``; when the cache fails, nothing is kept."""
    _never_raising("content not kept", None, lambda: cache.set(key, value, timeout))


def _never_raising[T](
    what: str, failed: T, operation: Callable[[], T], *, savepoint: bool = False
) -> T:
    """``operation()``, or ``failed`` when it raises. ``savepoint``: for a call made in a
    transaction that must survive it (a staff save): on PostgreSQL a failed query of the
    database cache (say, its table is missing) would abort the whole transaction."""
    try:
        with _database_cache_savepoint() if savepoint else contextlib.nullcontext():
            return operation()
    except Exception as exc:
        logger.error("%s: cache unavailable (%s)", what, type(exc).__name__)
        return failed


def _database_cache_savepoint() -> contextlib.AbstractContextManager[Any]:
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, DatabaseCache):
        alias = router.db_for_write(backend.cache_model_class)
        if connections[alias].in_atomic_block:
            return transaction.atomic(using=alias)
    return contextlib.nullcontext()
