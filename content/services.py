"""What a triage result offers: chosen by the tags staff set, never by slugs in code.

PROTOCOL.md, "What the result page offers, by outcome":
- ``emergency``, ``urgent``: no stretches, no exercise plan (and no tips or guides).
- ``see_doctor``: gentle stretches for the location that are not marked to avoid for
  the pattern or history, tips for the activities, the plan "after your doctor has
  checked you".
- ``physio``, ``self_care``: stretches for the location and pattern, not avoided for the
  pattern or history; tips for the activities; the plan for the pattern.

Tips and plans may also be written for some pain areas only (their "areas" tags): they
are then offered only for those areas, so a neck result never gets advice written for
backs. Tips are ranked by how many of the person's activities they match, and a tip the
clinic marks "always show when it matches" (safety advice) is never cut by the limit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Model, Q, QuerySet

from content.models import (
    CareAdvice,
    ClinicLocation,
    ClinicProfile,
    Guide,
    Outcome,
    Plan,
    Stretch,
    Tag,
    Tip,
)

STRETCH_LIMIT = 6
TIP_LIMIT = 6
GUIDE_LIMIT = 3

# PROTOCOL.md "What the result page offers": no stretches or exercise plan for these.
NO_EXERCISE_OUTCOMES = frozenset({Outcome.EMERGENCY, Outcome.URGENT})
PATTERN_PLAN_OUTCOMES = frozenset({Outcome.PHYSIO, Outcome.SELF_CARE})


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

    @property
    def has_exercise_content(self) -> bool:
        return bool(self.stretches or self.tips or self.plan or self.guides)

    @property
    def area_word(self) -> str:
        """ "neck" or "back": how headings name the part of the body the result is about."""
        return "neck" if self.location == "neck" else "back"


def _stretches(
    *, outcome: str, pattern: str | None, location: str | None, history: Collection[str]
) -> QuerySet[Stretch]:
    if not location or not pattern:
        # Without a location there is nothing to match; without a pattern we cannot
        # apply the "avoid for this pattern" tags, so the safe answer is no stretches.
        return Stretch.objects.none()
    avoided = Tag.objects.filter(
        Q(kind=Tag.Kind.PATTERN, code=pattern) | Q(kind=Tag.Kind.HISTORY, code__in=list(history))
    )
    stretches = (
        Stretch.objects.published()
        .filter(body_areas__in=Tag.objects.filter(kind=Tag.Kind.LOCATION, code=location))
        .exclude(avoid_if__in=avoided)
    )
    if outcome in PATTERN_PLAN_OUTCOMES:
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
    """Tips for the activities and location, most matching activities first (then staff
    order, then title), at most ``TIP_LIMIT`` besides those marked "always show"."""
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
            area_count=_area_count(),
            area_match=_area_match(location),
        )
        .filter(_FITS_AREA, activity_matches__gt=0)
        .order_by("-activity_matches", "order", "title")
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


def care_advice_for(*, outcome: str) -> CareAdvice | None:
    return CareAdvice.objects.published().filter(outcome=outcome).first()


def recommendations_for(
    *,
    outcome: str,
    pattern: str | None,
    location: str | None,
    activities: Collection[str],
    history: Collection[str],
) -> Recommendations:
    """Published content for a triage result, selected by tags.

    ``outcome``, ``pattern``, ``location``, ``activities`` and ``history`` are the
    PROTOCOL.md codes. An unknown outcome is treated like ``emergency`` (care advice and
    clinic details only): when in doubt, the more cautious page. Runs a fixed number of
    queries (at most eight) however much content exists, and never raises for missing
    or unpublished items: they are simply not offered.
    """
    care_advice = care_advice_for(outcome=outcome)
    clinic = clinic_profile()
    known = {choice.value for choice in Outcome}
    if outcome not in known or outcome in NO_EXERCISE_OUTCOMES:
        return Recommendations(care_advice=care_advice, clinic=clinic, location=location)
    return Recommendations(
        stretches=tuple(
            _stretches(outcome=outcome, pattern=pattern, location=location, history=history)
        ),
        tips=_tips(activities=activities, location=location),
        plan=_plan(outcome=outcome, pattern=pattern, location=location),
        guides=tuple(_guides(outcome=outcome)),
        care_advice=care_advice,
        clinic=clinic,
        location=location,
    )


# --- Cache per content version (issue 6; docs/decisions/0006-performance.md) --------------
#
# Working the selection out again costs seven queries and most of the result page's time,
# yet the content changes a few times a week. So each worker keeps the selections it made,
# keyed by the answers that choose them and checked against the content's version on every
# request: one query that changes whenever staff save, add or delete anything the result
# page shows. A staff edit therefore shows on the very next result, in every worker.

#: Everything the result page's content comes from. Each model's row count and latest
#: ``updated_at`` (or highest id, for rows without one) make the version; so do those of
#: the tag links. Locations and plan phases are edited inside their clinic or plan, whose
#: ``updated_at`` the admin bumps on every save.
_VERSIONED: tuple[type[Model], ...] = (
    CareAdvice,
    ClinicProfile,
    ClinicLocation,
    Stretch,
    Tip,
    Plan,
    Guide,
    Tag,
)
#: Changes made outside the admin without touching ``updated_at`` (``QuerySet.update()``,
#: SQL by hand) are not seen by the version; entries expire after this long regardless.
CACHE_SECONDS = 60.0
CACHE_SIZE = 2048

type _Entry = tuple[tuple[Any, ...], float, Recommendations]  # version, made at, selection
_cache: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
_cache_lock = threading.Lock()
_version_sql: str | None = None


def _build_version_sql() -> str:
    """One row per table: its name, row count and latest change (or highest id)."""
    quote = connection.ops.quote_name
    tables: list[tuple[str, str]] = []
    for model in _VERSIONED:
        opts = model._meta
        latest = "updated_at" if any(f.name == "updated_at" for f in opts.fields) else "id"
        tables.append((opts.db_table, latest))
        tables += [(m2m.m2m_db_table(), "id") for m2m in opts.local_many_to_many]
    # One small SELECT per table joined by UNION ALL: PostgreSQL plans and runs this in a
    # third of the time that the same aggregates take as scalar subqueries. Table and
    # column names come from the models, never from input.
    return " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*), CAST(MAX({quote(column)}) AS TEXT) FROM {quote(table)}"  # noqa: S608
        for table, column in tables
    )


def content_version() -> tuple[Any, ...]:
    """A value that changes whenever content the result page shows is saved, added or
    deleted (one query)."""
    global _version_sql
    if _version_sql is None:
        _version_sql = _build_version_sql()
    with connection.cursor() as cursor:
        cursor.execute(_version_sql)
        return tuple(sorted(cursor.fetchall()))


def cached_recommendations_for(
    *,
    outcome: str,
    pattern: str | None,
    location: str | None,
    activities: Collection[str],
    history: Collection[str],
) -> Recommendations:
    """:func:`recommendations_for`, remembered per content version (see above)."""
    version = content_version()
    select = recommendations_for  # looked up now: a stand-in (tests) gets entries of its own
    key = (select, outcome, pattern, location, frozenset(activities), frozenset(history))
    now = time.monotonic()
    with _cache_lock:
        entry = _cache.get(key)
        if entry is not None and entry[0] == version and now - entry[1] < CACHE_SECONDS:
            _cache.move_to_end(key)
            return entry[2]
    result = select(
        outcome=outcome, pattern=pattern, location=location, activities=activities, history=history
    )
    with _cache_lock:
        _cache[key] = (version, now, result)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def clear_recommendations_cache() -> None:
    with _cache_lock:
        _cache.clear()
