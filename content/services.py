"""What a triage result offers: chosen by the tags staff set, never by slugs in code.

PROTOCOL.md, "What the result page offers, by outcome":
- ``emergency``, ``urgent``: no stretches, no exercise plan (and no tips or guides).
- ``see_doctor``: gentle stretches for the location that are not marked to avoid for
  the pattern or history, tips for the activities, the plan "after your doctor has
  checked you".
- ``physio``, ``self_care``: stretches for the location and pattern, not avoided for the
  pattern or history; tips for the activities; the plan for the pattern.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

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

    @property
    def has_exercise_content(self) -> bool:
        return bool(self.stretches or self.tips or self.plan or self.guides)


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


def _tips(*, activities: Collection[str]) -> QuerySet[Tip]:
    if not activities:
        return Tip.objects.none()
    return (
        Tip.objects.published()
        .filter(
            activities__in=Tag.objects.filter(kind=Tag.Kind.ACTIVITY, code__in=list(activities))
        )
        .distinct()
        .order_by("order", "title")[:TIP_LIMIT]
    )


def _plan(*, outcome: str, pattern: str | None) -> Plan | None:
    plans = Plan.objects.published().order_by("order", "title")
    if outcome == Outcome.SEE_DOCTOR:
        return plans.filter(after_doctor_check=True).first()
    if not pattern:
        return None
    return (
        plans.filter(after_doctor_check=False)
        .filter(patterns__in=Tag.objects.filter(kind=Tag.Kind.PATTERN, code=pattern))
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
        return Recommendations(care_advice=care_advice, clinic=clinic)
    return Recommendations(
        stretches=tuple(
            _stretches(outcome=outcome, pattern=pattern, location=location, history=history)
        ),
        tips=tuple(_tips(activities=activities)),
        plan=_plan(outcome=outcome, pattern=pattern),
        guides=tuple(_guides(outcome=outcome)),
        care_advice=care_advice,
        clinic=clinic,
    )
