import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from content.management.commands import seed_content as command
from content.models import CareAdvice, ClinicProfile, Guide, Plan, Status, Stretch, Tip
from content.seed import SeedError, seed_content

pytestmark = pytest.mark.django_db


def small_data(**overrides):
    """A tiny stand-in for content/starter.py with the same shape."""
    data = {
        "REVIEWED_ON": "2026-11-23",
        "REVIEWED_BY": "Test clinical team",
        "CLINIC": {
            "name": "Test Clinic",
            "tagline": "Backs and necks",
            "phone": "(555) 010-2000",
            "urgent_phone": "(555) 010-2001",
            "email": "hi@example.org",
            "booking_url": "https://example.org/book",
            "emergency_number": "911",
            "opening_hours": "Weekdays 8 to 6",
            "locations": [
                {
                    "name": "Downtown",
                    "address": "1 Main St\nTown",
                    "phone": "1",
                    "opening_hours": "",
                }
            ],
        },
        "STRETCHES": [
            {
                "slug": "knee-hug",
                "title": "Knee hug",
                "summary": "Eases the lower back.",
                "body_areas": ["lower_back"],
                "patterns": ["soreness", "strain"],
                "avoid_patterns": ["nerve"],
                "avoid_history": ["disc_condition"],
                "steps": ["Lie on your back.", "Hug your knees."],
                "hold": "Hold for 20 seconds",
                "repetitions": "Do 3 times",
                "cautions": "Go gently.",
                "stop_if": "Stop if it hurts more.",
                "position": "Lying on your back",
            }
        ],
        "TIPS": [
            {
                "slug": "brace",
                "title": "Brace before you lift",
                "summary": "Protects the back.",
                "body": "Tighten your stomach.",
                "activities": ["heavy_lifting"],
            }
        ],
        "PLANS": [
            {
                "slug": "soreness-plan",
                "title": "Soreness plan",
                "summary": "Back to exercise.",
                "patterns": ["soreness"],
                "after_doctor_check": False,
                "phases": [
                    {
                        "title": f"Phase {n}",
                        "what_to_do": "Walk.",
                        "duration": "2 days",
                        "move_on_when": "Less pain.",
                        "stop_if": "More pain.",
                    }
                    for n in (1, 2, 3)
                ],
            }
        ],
        "CARE_ADVICE": [
            {
                "outcome": outcome,
                "headline": f"Advice for {outcome}",
                "do_now": "Do this.",
                "do_not": "Not that.",
                "escalate": "Call 911 if worse.",
                "tell_clinician": "When it started.",
            }
            for outcome in ["emergency", "urgent", "see_doctor", "physio", "self_care"]
        ],
        "GUIDES": [
            {
                "slug": "faq",
                "title": "Questions",
                "summary": "Answers.",
                "topic": "faq",
                "body": "## Q\n\nA.",
                "outcomes": ["self_care"],
            }
        ],
    }
    data.update(overrides)
    return SimpleNamespace(**data)


def test_seed_creates_published_reviewed_content_with_tags():
    result = seed_content(data=small_data())
    assert (result.created, result.kept) == (10, 0)  # clinic, 1+1+1 items, 5 advice, 1 guide
    stretch = Stretch.objects.get(slug="knee-hug")
    assert stretch.status == Status.PUBLISHED
    assert stretch.last_reviewed_on == datetime.date(2026, 11, 23)
    assert stretch.reviewed_by == "Test clinical team"
    assert stretch.next_review_due == datetime.date(2027, 11, 23)
    assert stretch.step_list == ["Lie on your back.", "Hug your knees."]
    assert {tag.code for tag in stretch.body_areas.all()} == {"lower_back"}
    assert {tag.code for tag in stretch.patterns.all()} == {"soreness", "strain"}
    assert {(tag.kind, tag.code) for tag in stretch.avoid_if.all()} == {
        ("pattern", "nerve"),
        ("history", "disc_condition"),
    }
    assert [tag.code for tag in Tip.objects.get().activities.all()] == ["heavy_lifting"]
    plan = Plan.objects.get()
    assert [(p.order, p.title) for p in plan.phases.all()] == [
        (1, "Phase 1"),
        (2, "Phase 2"),
        (3, "Phase 3"),
    ]
    assert CareAdvice.objects.published().count() == 5
    assert [tag.code for tag in Guide.objects.get().outcomes.all()] == ["self_care"]
    clinic = ClinicProfile.objects.get()
    assert [location.name for location in clinic.locations.all()] == ["Downtown"]
    assert stretch.history.earliest().history_change_reason == "Loaded starter content"


def test_second_run_creates_nothing():
    seed_content(data=small_data())
    result = seed_content(data=small_data())
    assert (result.created, result.kept) == (0, 10)
    assert Stretch.objects.count() == 1
    assert ClinicProfile.objects.count() == 1
    assert Plan.objects.get().phases.count() == 3


def test_seed_never_overwrites_staff_edits():
    seed_content(data=small_data())
    stretch = Stretch.objects.get(slug="knee-hug")
    stretch.title = "Knee hug (edited by Dr R)"
    stretch.status = Status.DRAFT
    stretch.save()
    stretch.avoid_if.clear()
    advice = CareAdvice.objects.get(outcome="self_care")
    advice.headline = "Our own words"
    advice.save()
    clinic = ClinicProfile.objects.get()
    clinic.phone = "(555) 999-0000"
    clinic.save()

    seed_content(data=small_data())

    stretch.refresh_from_db()
    assert stretch.title == "Knee hug (edited by Dr R)"
    assert stretch.status == Status.DRAFT
    assert not stretch.avoid_if.exists()
    assert CareAdvice.objects.get(outcome="self_care").headline == "Our own words"
    assert ClinicProfile.objects.get().phone == "(555) 999-0000"


def test_missing_items_are_added_later():
    seed_content(data=small_data())
    data = small_data()
    data.TIPS = [*data.TIPS, {**data.TIPS[0], "slug": "warm-up", "title": "Warm up"}]
    result = seed_content(data=data)
    assert result.created == 1
    assert set(Tip.objects.values_list("slug", flat=True)) == {"brace", "warm-up"}


def test_unknown_tag_code_is_an_error_and_nothing_is_saved():
    data = small_data()
    data.STRETCHES = [{**data.STRETCHES[0], "body_areas": ["knee"]}]
    with pytest.raises(SeedError, match="unknown where the pain is code 'knee'"):
        seed_content(data=data)
    assert not Stretch.objects.exists()
    assert not ClinicProfile.objects.exists()


def test_unsafe_markdown_in_the_data_is_refused():
    data = small_data()
    data.TIPS = [{**data.TIPS[0], "body": "<script>alert(1)</script>"}]
    with pytest.raises(ValidationError, match="raw HTML is not allowed"):
        seed_content(data=data)
    assert not Tip.objects.exists()


def test_command_loads_the_starter_file_and_reports():
    out = io.StringIO()
    call_command("seed_content", stdout=out)
    first = out.getvalue().strip()
    assert first.startswith("Created ")
    assert first.endswith(", kept 0")
    created = int(first.removeprefix("Created ").split(",")[0])
    assert created >= 30

    out = io.StringIO()
    call_command("seed_content", stdout=out)
    assert out.getvalue().strip() == f"Created 0, kept {created}"


def test_command_without_a_starter_file_fails_clearly(monkeypatch):
    monkeypatch.setattr(command, "STARTER_MODULE", "content.no_such_module")
    with pytest.raises(CommandError, match="content.no_such_module is missing"):
        call_command("seed_content", stdout=io.StringIO())
