"""Tests that kill the mutants of content/services.py that tests/content/test_services.py
let survive (docs/mutation.md): the limits as numbers, the tip ranking and
cut, and the result's area word.

Each test compares whole values (the exact items in order, or the exact calls made), and
creates its items in an order that a missing ``order_by`` would expose.
"""

from __future__ import annotations

import dataclasses

import pytest

from content.services import Recommendations, select
from tests.factories import make_guide, make_stretch, make_tip
from triage.engine import Outcome


def recommend(outcome="self_care", **kwargs):
    answers = {
        "pattern": "soreness",
        "location": "lower_back",
        "activities": ["heavy_lifting"],
        "history": [],
        **kwargs,
    }
    return select(outcome=Outcome(outcome), **answers)


# --- Selection ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_result_offers_at_most_six_stretches_six_tips_and_three_guides(db):
    # The numbers themselves, not the constants (a changed constant changes both sides).
    # Created last-first, so only order_by("order", ...) gives the expected lists.
    stretches = [make_stretch(order=n, patterns=["soreness"]) for n in range(8, 0, -1)][::-1]
    tips = [make_tip(order=n) for n in range(8, 0, -1)][::-1]
    guides = [make_guide(order=n) for n in range(8, 0, -1)][::-1]
    result = recommend()
    assert list(result.stretches) == stretches[:6]
    assert list(result.tips) == tips[:6]
    assert list(result.guides) == guides[:3]


@pytest.mark.django_db
def test_more_safety_tips_than_the_limit_leave_no_room_for_any_other(db):
    # Seven safety tips: the room left for other tips is none (not "all but the last",
    # as a negative slice would give, nor one).
    ordinary = [make_tip(order=n) for n in (2, 1)]
    safety = [make_tip(order=10 + n, safety_relevant=True) for n in range(7)]
    assert [tip.order for tip in ordinary] == [2, 1]  # created out of order
    assert list(recommend().tips) == safety


@pytest.mark.django_db
def test_tips_rank_by_distinct_matching_activities_not_by_area_tags(db):
    # A tip written for all three areas matches one activity; a tip for any area matches
    # two. Counting joined rows instead of distinct activities would rank the first one
    # 3 (one activity times three areas) above the second's 2.
    one_activity = make_tip(
        order=1, activities=["heavy_lifting"], body_areas=["neck", "upper_back", "lower_back"]
    )
    two_activities = make_tip(order=2, activities=["heavy_lifting", "twisting"])
    tips = recommend(activities=["heavy_lifting", "twisting"]).tips
    assert tips == (two_activities, one_activity)


@pytest.mark.django_db
@pytest.mark.parametrize("location", ["lower_back", None])
def test_see_doctor_without_a_pattern_offers_no_stretches(db, location):
    # Without a pattern the "avoid for this pattern" tags cannot be applied: no stretches,
    # even for see_doctor, whose stretches otherwise need only the location.
    make_stretch(body_areas=["lower_back"], patterns=["soreness"])
    assert recommend("see_doctor", pattern=None, location=location).stretches == ()
    assert len(recommend("see_doctor", pattern="soreness").stretches) == 1


def test_the_area_word_is_neck_only_for_the_neck():
    # Built at run time, as a location read from a session is: not the interned literal.
    neck = "".join(["ne", "ck"])
    assert Recommendations(location=neck).area_word == "neck"
    assert Recommendations(location="lower_back").area_word == "back"
    assert Recommendations(location="upper_back").area_word == "back"
    assert Recommendations(location=None).area_word == "back or neck"


def test_recommendations_cannot_be_changed_once_made():
    # A selection is a value: the page's parts may share it, none may change it.
    result = Recommendations(location="neck")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.location = "lower_back"  # type: ignore[misc]
    assert result == Recommendations(location="neck")


@pytest.mark.django_db
def test_a_staff_save_never_fails_when_the_cache_is_down(monkeypatch, caplog):
    import content.services

    stretch = make_stretch(body_areas=["lower_back"], patterns=["soreness"])

    def down():
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(content.services, "_new_version", down)
    stretch.title = "Saved anyway"
    stretch.save()
    stretch.refresh_from_db()
    assert stretch.title == "Saved anyway"
    assert "content version not changed: cache unavailable (ConnectionError)" in caplog.text
