"""Tests that kill the mutants of content/services.py that tests/content/test_services.py
let survive (issue 10, docs/mutation.md): the limits as numbers, the tip ranking and
cut, the result's area word, and the per-content-version cache (issue 6).

Each test compares whole values (the exact items in order, or the exact calls made), and
creates its items in an order that a missing ``order_by`` would expose.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from content import services
from content.models import ClinicLocation, Tag
from content.services import Recommendations, content_version, recommendations_for
from tests.factories import make_clinic, make_guide, make_stretch, make_tip


def recommend(outcome="self_care", **kwargs):
    answers = {
        "pattern": "soreness",
        "location": "lower_back",
        "activities": ["heavy_lifting"],
        "history": [],
        **kwargs,
    }
    return recommendations_for(outcome=outcome, **answers)


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
    assert Recommendations(location=None).area_word == "back"


def test_recommendations_cannot_be_changed_once_made():
    # The cache hands the same object to every request: nobody may change it.
    result = Recommendations(location="neck")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.location = "lower_back"  # type: ignore[misc]
    assert result == Recommendations(location="neck")


# --- The cache ---------------------------------------------------------------------------


@pytest.fixture
def calls(monkeypatch):
    """Stands in for recommendations_for: records each selection the cache makes and
    returns a new Recommendations for each."""
    made: list[tuple] = []

    def select(*, outcome, pattern, location, activities, history):
        made.append((outcome, pattern, location, tuple(activities), tuple(history)))
        return Recommendations(location=f"selection {len(made)}")

    services.clear_recommendations_cache()
    monkeypatch.setattr(services, "recommendations_for", select)
    yield made
    services.clear_recommendations_cache()


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand: set ``clock.now``."""
    fake = SimpleNamespace(now=10.0)
    monkeypatch.setattr(services, "time", SimpleNamespace(monotonic=lambda: fake.now))
    return fake


def cached(outcome="self_care", activities=("heavy_lifting",), **kwargs):
    answers = {"pattern": "soreness", "location": "lower_back", "history": (), **kwargs}
    return services.cached_recommendations_for(
        outcome=outcome, activities=list(activities), **answers
    )


@pytest.mark.django_db
def test_the_same_answers_get_the_same_selection_without_selecting_again(calls, clock):
    first = cached(activities=["heavy_lifting", "twisting"])
    clock.now += 1.0
    again = cached(activities=["twisting", "heavy_lifting"])  # a set: order does not matter
    assert again is first
    assert first == Recommendations(location="selection 1")
    assert calls == [("self_care", "soreness", "lower_back", ("heavy_lifting", "twisting"), ())]


@pytest.mark.django_db
def test_other_answers_get_a_selection_of_their_own(calls, clock):
    base = cached()
    assert cached(outcome="physio") == Recommendations(location="selection 2")
    assert cached(pattern="strain") == Recommendations(location="selection 3")
    assert cached(location="neck") == Recommendations(location="selection 4")
    assert cached(activities=["twisting"]) == Recommendations(location="selection 5")
    assert cached(history=("recurring",)) == Recommendations(location="selection 6")
    assert cached() is base
    assert len(calls) == 6


@pytest.mark.django_db
def test_an_entry_expires_sixty_seconds_after_it_was_made(calls, clock):
    clock.now = 10.0
    assert cached() == Recommendations(location="selection 1")
    clock.now = 69.5  # 59.5 s later: still fresh
    assert cached() == Recommendations(location="selection 1")
    clock.now = 70.0  # exactly 60 s after it was made: made again
    assert cached() == Recommendations(location="selection 2")
    clock.now = 129.9
    assert cached() == Recommendations(location="selection 2")
    clock.now = 220.0  # long expired
    assert cached() == Recommendations(location="selection 3")
    assert len(calls) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["add", "edit", "tag", "untag", "delete"])
def test_any_content_change_gets_a_new_selection(calls, clock, change):
    # Adding (the version grows), editing a title (a later updated_at), a tag link added or
    # removed (a many-to-many table's count) and deleting (the version shrinks).
    stretch = make_stretch(patterns=["soreness"])
    assert cached() == Recommendations(location="selection 1")
    if change == "add":
        make_stretch(patterns=["soreness"])
    elif change == "edit":
        stretch.title = "Renamed"
        stretch.save()
    elif change == "tag":
        stretch.body_areas.add(*stretch.body_areas.model.objects.filter(code="neck"))
    elif change == "untag":
        stretch.patterns.clear()
    else:
        stretch.delete()
    clock.now += 1.0
    assert cached() == Recommendations(location="selection 2")
    assert cached() == Recommendations(location="selection 2")
    assert len(calls) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["tag", "location"])
def test_a_row_replaced_in_a_table_without_updated_at_gets_a_new_selection(calls, clock, table):
    # Tags and clinic locations have no updated_at: their highest id is the version, so
    # one row deleted and another added (the same count) must still show. Kills reading
    # a missing "updated_at" column, which SQLite takes for the string 'updated_at'.
    if table == "tag":
        old = Tag.objects.create(kind=Tag.Kind.ACTIVITY, code="test-old", label="Old")

        def replace():
            old.delete()
            Tag.objects.create(kind=Tag.Kind.ACTIVITY, code="test-new", label="New")

    else:
        old = make_clinic(locations=1).locations.get()

        def replace():
            old.delete()
            ClinicLocation.objects.create(
                clinic=old.clinic, order=1, name="New place", address="2 Main Street"
            )

    assert cached() == Recommendations(location="selection 1")
    replace()
    clock.now += 1.0
    assert cached() == Recommendations(location="selection 2")
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_content_version_changes_with_an_edit_and_not_without(db):
    stretch = make_stretch()
    before = content_version()
    assert content_version() == before
    stretch.title = "Renamed"
    stretch.save()
    after = content_version()
    assert after != before
    assert after > before
    assert len(after) == len(before) > 8  # every versioned table and its tag links


def test_the_cache_keeps_the_2048_most_recently_used_selections(calls, clock, monkeypatch):
    monkeypatch.setattr(services, "content_version", lambda: ("same",))
    for n in range(2048):
        cached(outcome=f"outcome {n}")
    assert cached(outcome="outcome 0") == Recommendations(location="selection 1")  # used now
    cached(outcome="outcome 2048")  # one too many: the least recently used goes
    assert len(calls) == 2049
    assert cached(outcome="outcome 2") == Recommendations(location="selection 3")
    assert cached(outcome="outcome 0") == Recommendations(location="selection 1")
    assert cached(outcome="outcome 2048") == Recommendations(location="selection 2049")
    assert len(calls) == 2049
    assert cached(outcome="outcome 1") == Recommendations(location="selection 2050")
    assert calls[-1] == ("outcome 1", "soreness", "lower_back", ("heavy_lifting",), ())
