"""Test data builders: plain functions with sensible, valid defaults.

Content factories create *published*, reviewed items unless told otherwise, tagged with
protocol codes (the tags themselves come from the content data migration).
"""

from __future__ import annotations

import datetime
import importlib
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import Group, User

from content.models import (
    CareAdvice,
    ClinicLocation,
    ClinicProfile,
    Guide,
    PainRelief,
    Plan,
    PlanPhase,
    Status,
    Stretch,
    Tag,
    Tip,
)

_numbers = itertools.count(1)
REVIEWED_ON = datetime.date(2026, 11, 1)


def _n() -> int:
    return next(_numbers)


def tags(kind: Tag.Kind, codes: Iterable[str]) -> list[Tag]:
    codes = list(codes)
    found = list(Tag.objects.filter(kind=kind, code__in=codes))
    missing = set(codes) - {tag.code for tag in found}
    assert not missing, f"unknown {kind} tags {missing}"
    return found


def _review(status: str) -> dict[str, Any]:
    if status == Status.PUBLISHED:
        return {"status": status, "last_reviewed_on": REVIEWED_ON, "reviewed_by": "Dr Test, PT"}
    return {"status": status}


def make_stretch(
    *,
    body_areas: Sequence[str] = ("lower_back",),
    patterns: Sequence[str] = ("soreness", "strain", "general", "persistent"),
    avoid_patterns: Sequence[str] = (),
    avoid_history: Sequence[str] = (),
    avoid_general: Sequence[str] = (),
    status: str = Status.PUBLISHED,
    **fields: Any,
) -> Stretch:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"stretch-{n}",
        "title": f"Stretch {n:03d}",
        "summary": "A gentle stretch for testing.",
        "position": "Lying on your back",
        "steps": "Lie on your back.\nBring one knee up.\nBreathe out slowly.",
        "hold": "Hold for 20 seconds",
        "repetitions": "Do 3 times",
        "cautions": "Go **gently**.",
        "stop_if": "Stop if it hurts more.",
        **_review(status),
        **fields,
    }
    stretch = Stretch.objects.create(**values)
    stretch.body_areas.set(tags(Tag.Kind.LOCATION, body_areas))
    stretch.patterns.set(tags(Tag.Kind.PATTERN, patterns))
    stretch.avoid_if.set(
        tags(Tag.Kind.PATTERN, avoid_patterns)
        + tags(Tag.Kind.HISTORY, avoid_history)
        + tags(Tag.Kind.GENERAL, avoid_general)
    )
    return stretch


def make_tip(
    *,
    activities: Sequence[str] = ("heavy_lifting",),
    body_areas: Sequence[str] = (),
    status: str = Status.PUBLISHED,
    **fields: Any,
) -> Tip:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"tip-{n}",
        "title": f"Tip {n:03d}",
        "summary": "A tip for testing.",
        "body": "Warm up first.\n\n- Start light\n- Build up slowly",
        **_review(status),
        **fields,
    }
    tip = Tip.objects.create(**values)
    tip.activities.set(tags(Tag.Kind.ACTIVITY, activities))
    tip.body_areas.set(tags(Tag.Kind.LOCATION, body_areas))
    return tip


def make_plan(
    *,
    patterns: Sequence[str] = ("soreness",),
    body_areas: Sequence[str] = (),
    after_doctor_check: bool = False,
    phases: int = 3,
    status: str = Status.PUBLISHED,
    **fields: Any,
) -> Plan:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"plan-{n}",
        "title": f"Plan {n:03d}",
        "summary": "A plan for testing.",
        "after_doctor_check": after_doctor_check,
        **_review(status),
        **fields,
    }
    plan = Plan.objects.create(**values)
    plan.patterns.set(tags(Tag.Kind.PATTERN, patterns))
    plan.body_areas.set(tags(Tag.Kind.LOCATION, body_areas))
    for order in range(1, phases + 1):
        make_phase(plan=plan, order=order)
    return plan


def make_phase(*, plan: Plan, order: int = 1, **fields: Any) -> PlanPhase:
    values: dict[str, Any] = {
        "title": f"Phase {order}",
        "what_to_do": "Walk a little every day.",
        "duration": "2 to 3 days",
        "move_on_when": "It hurts less.",
        "stop_if": "It hurts more.",
        **fields,
    }
    return PlanPhase.objects.create(plan=plan, order=order, **values)


def make_guide(
    *, outcomes: Sequence[str] = ("self_care",), status: str = Status.PUBLISHED, **fields: Any
) -> Guide:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"guide-{n}",
        "title": f"Guide {n:03d}",
        "summary": "A guide for testing.",
        "topic": Guide.Topic.FAQ,
        "body": "## A heading\n\nSome words.",
        **_review(status),
        **fields,
    }
    guide = Guide.objects.create(**values)
    guide.outcomes.set(tags(Tag.Kind.OUTCOME, outcomes))
    return guide


def make_care_advice(*, outcome: str, status: str = Status.PUBLISHED, **fields: Any) -> CareAdvice:
    values: dict[str, Any] = {
        "headline": f"Advice for {outcome}",
        "do_now": "Do this now.",
        "do_not": "Do not do that.",
        "escalate": "Call 911 if it gets worse.",
        "tell_clinician": "Tell them when it started.",
        **_review(status),
        **fields,
    }
    return CareAdvice.objects.create(outcome=outcome, **values)


#: A pain relief text that names anti-inflammatories with the full caution, and one that
#: names none (the model refuses anything else).
MAY_SUGGEST = (
    "Ibuprofen can help. Ask a pharmacist first if you have had a stomach ulcer or "
    "bleeding, have kidney or heart problems, high blood pressure or asthma, take a blood "
    "thinner, are pregnant, or are 65 or over."
)
ASK_FIRST = "Ask a pharmacist which pain relief is safe for you."


def make_pain_relief(*, status: str = Status.PUBLISHED, **fields: Any) -> PainRelief:
    values: dict[str, Any] = {
        "may_suggest": MAY_SUGGEST,
        "ask_first": ASK_FIRST,
        **_review(status),
        **fields,
    }
    return PainRelief.objects.create(**values)


def make_clinic(*, locations: int = 1, **fields: Any) -> ClinicProfile:
    values: dict[str, Any] = {
        "name": "Test Spine Clinic",
        "phone": "(555) 010-2000",
        "urgent_phone": "(555) 010-2001",
        "email": "hello@example.org",
        "booking_url": "https://example.org/book",
        "opening_hours": "Monday to Friday, 8am to 6pm",
        **fields,
    }
    clinic = ClinicProfile.objects.create(**values)
    for order in range(1, locations + 1):
        ClinicLocation.objects.create(
            clinic=clinic,
            order=order,
            name=f"Location {order}",
            address="1 Main Street\nSpringfield, IL 62701",
            phone="(555) 010-3000",
        )
    return clinic


def make_staff_user(*, username: str, group: str | None = None, **fields: Any) -> User:
    """A staff user, optionally in "Clinical reviewer" or "Content editor"."""
    user = User.objects.create_user(
        username=username, password="a-long-test-password-123", is_staff=True, **fields
    )
    if group is not None:
        user.groups.add(Group.objects.get(name=group))
    return user


def seed_starter_content() -> None:
    """The clinic's starter content, after putting back the tags that data migrations make.

    A transactional test (live_server, ``transaction=True``) leaves a flushed database,
    without those tags, for the transactional tests after it.
    """
    from django.apps import apps
    from django.core.management import call_command

    importlib.import_module("content.migrations.0002_seed_tags").add_tags(apps, None)
    importlib.import_module("content.migrations.0005_v3_general_tags_pain_relief").add_general_tags(
        apps, None
    )
    call_command("seed_content", verbosity=0)
