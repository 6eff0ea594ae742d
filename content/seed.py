"""Load the starter content (content/starter.py) into the database.

Idempotent and respectful of staff edits: an item is created only when nothing with its
slug (or outcome, or the clinic profile) exists yet; an existing row is never changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models, transaction

from content.models import (
    CareAdvice,
    ClinicLocation,
    ClinicProfile,
    Guide,
    Plan,
    PlanPhase,
    Status,
    Stretch,
    Tag,
    TagKind,
    Tip,
)

CHANGE_REASON = "Loaded starter content"

Item = Mapping[str, Any]


class StarterData(Protocol):
    """The shape of content/starter.py (see the starter schema)."""

    CLINIC: Item
    STRETCHES: Sequence[Item]
    TIPS: Sequence[Item]
    PLANS: Sequence[Item]
    CARE_ADVICE: Sequence[Item]
    GUIDES: Sequence[Item]
    REVIEWED_ON: str
    REVIEWED_BY: str


class SeedError(Exception):
    """The starter data refers to something that does not exist (e.g. an unknown tag)."""


@dataclass
class SeedResult:
    created: int = 0
    kept: int = 0

    def __str__(self) -> str:
        return f"Created {self.created}, kept {self.kept}"


class _Tags:
    def __init__(self) -> None:
        self._by_key = {(tag.kind, tag.code): tag for tag in Tag.objects.all()}

    def get(self, kind: TagKind, codes: Iterable[str], *, item: str) -> list[Tag]:
        tags = []
        for code in codes:
            tag = self._by_key.get((kind.value, code))
            if tag is None:
                raise SeedError(f"{item}: unknown {kind.label.lower()} code {code!r}")
            tags.append(tag)
        return tags


def _review_fields(data: StarterData) -> dict[str, Any]:
    return {
        "status": Status.PUBLISHED,
        "last_reviewed_on": datetime.date.fromisoformat(data.REVIEWED_ON),
        "reviewed_by": data.REVIEWED_BY,
    }


def _save[M: models.Model](obj: M) -> M:
    # django-simple-history reads this attribute to label the history entry.
    obj._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()
    return obj


def _seed_clinic(data: StarterData, result: SeedResult) -> None:
    if ClinicProfile.objects.exists():
        result.kept += 1
        return
    clinic = data.CLINIC
    profile = _save(
        ClinicProfile(
            name=clinic["name"],
            tagline=clinic.get("tagline", ""),
            phone=clinic["phone"],
            urgent_phone=clinic.get("urgent_phone", ""),
            email=clinic.get("email", ""),
            booking_url=clinic.get("booking_url", ""),
            emergency_number=clinic.get("emergency_number", "911"),
            opening_hours=clinic.get("opening_hours", ""),
        )
    )
    for order, location in enumerate(clinic.get("locations", []), start=1):
        _save(
            ClinicLocation(
                clinic=profile,
                order=order,
                name=location["name"],
                address=location["address"],
                phone=location.get("phone", ""),
                opening_hours=location.get("opening_hours", ""),
            )
        )
    result.created += 1


def _seed_stretches(data: StarterData, tags: _Tags, result: SeedResult) -> None:
    existing = set(Stretch.objects.values_list("slug", flat=True))
    for order, item in enumerate(data.STRETCHES, start=1):
        if item["slug"] in existing:
            result.kept += 1
            continue
        name = f"Stretch {item['slug']}"
        stretch = _save(
            Stretch(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                order=order * 10,
                position=item["position"],
                steps="\n".join(step.strip() for step in item["steps"]),
                hold=item.get("hold", ""),
                repetitions=item["repetitions"],
                cautions=item.get("cautions", ""),
                stop_if=item["stop_if"],
                **_review_fields(data),
            )
        )
        stretch.body_areas.set(tags.get(Tag.Kind.LOCATION, item["body_areas"], item=name))
        stretch.patterns.set(tags.get(Tag.Kind.PATTERN, item.get("patterns", []), item=name))
        stretch.avoid_if.set(
            tags.get(Tag.Kind.PATTERN, item.get("avoid_patterns", []), item=name)
            + tags.get(Tag.Kind.HISTORY, item.get("avoid_history", []), item=name)
        )
        result.created += 1


def _seed_tips(data: StarterData, tags: _Tags, result: SeedResult) -> None:
    existing = set(Tip.objects.values_list("slug", flat=True))
    for order, item in enumerate(data.TIPS, start=1):
        if item["slug"] in existing:
            result.kept += 1
            continue
        tip = _save(
            Tip(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                order=order * 10,
                body=item["body"],
                safety_relevant=bool(item.get("safety_relevant", False)),
                **_review_fields(data),
            )
        )
        name = f"Tip {item['slug']}"
        tip.activities.set(tags.get(Tag.Kind.ACTIVITY, item["activities"], item=name))
        tip.body_areas.set(tags.get(Tag.Kind.LOCATION, item.get("body_areas", []), item=name))
        result.created += 1


def _seed_plans(data: StarterData, tags: _Tags, result: SeedResult) -> None:
    existing = set(Plan.objects.values_list("slug", flat=True))
    for order, item in enumerate(data.PLANS, start=1):
        if item["slug"] in existing:
            result.kept += 1
            continue
        plan = _save(
            Plan(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                order=order * 10,
                after_doctor_check=bool(item.get("after_doctor_check", False)),
                **_review_fields(data),
            )
        )
        name = f"Plan {item['slug']}"
        plan.patterns.set(tags.get(Tag.Kind.PATTERN, item.get("patterns", []), item=name))
        plan.body_areas.set(tags.get(Tag.Kind.LOCATION, item.get("body_areas", []), item=name))
        for phase_order, phase in enumerate(item["phases"], start=1):
            _save(
                PlanPhase(
                    plan=plan,
                    order=phase_order,
                    title=phase["title"],
                    what_to_do=phase["what_to_do"],
                    duration=phase["duration"],
                    move_on_when=phase.get("move_on_when", ""),
                    stop_if=phase.get("stop_if", ""),
                )
            )
        result.created += 1


def _seed_care_advice(data: StarterData, result: SeedResult) -> None:
    existing = set(CareAdvice.objects.values_list("outcome", flat=True))
    for item in data.CARE_ADVICE:
        if item["outcome"] in existing:
            result.kept += 1
            continue
        _save(
            CareAdvice(
                outcome=item["outcome"],
                headline=item["headline"],
                do_now=item["do_now"],
                do_not=item.get("do_not", ""),
                escalate=item["escalate"],
                tell_clinician=item.get("tell_clinician", ""),
                **_review_fields(data),
            )
        )
        result.created += 1


def _seed_guides(data: StarterData, tags: _Tags, result: SeedResult) -> None:
    existing = set(Guide.objects.values_list("slug", flat=True))
    for order, item in enumerate(data.GUIDES, start=1):
        if item["slug"] in existing:
            result.kept += 1
            continue
        guide = _save(
            Guide(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                order=order * 10,
                topic=item["topic"],
                body=item["body"],
                **_review_fields(data),
            )
        )
        guide.outcomes.set(
            tags.get(Tag.Kind.OUTCOME, item.get("outcomes", []), item=f"Guide {item['slug']}")
        )
        result.created += 1


@transaction.atomic
def seed_content(*, data: StarterData) -> SeedResult:
    """Create every starter item that does not exist yet; never change an existing row.

    Items are matched by slug (care advice by outcome; the clinic profile is a
    singleton). Created items are published with the review date and reviewer from the
    data. All or nothing: an error leaves the database unchanged.
    """
    result = SeedResult()
    tags = _Tags()
    _seed_clinic(data, result)
    _seed_stretches(data, tags, result)
    _seed_tips(data, tags, result)
    _seed_plans(data, tags, result)
    _seed_care_advice(data, result)
    _seed_guides(data, tags, result)
    return result
