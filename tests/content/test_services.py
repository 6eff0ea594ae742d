import io
import re

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from content.models import CareAdvice, Stretch
from content.services import (
    GUIDE_LIMIT,
    STRETCH_LIMIT,
    TIP_LIMIT,
    Recommendations,
    recommendations_for,
    select,
)
from tests.factories import (
    ASK_FIRST,
    MAY_SUGGEST,
    make_care_advice,
    make_clinic,
    make_guide,
    make_pain_relief,
    make_plan,
    make_stretch,
    make_tip,
)
from tests.journeys import SELF_CARE
from triage.engine import Outcome, evaluate

pytestmark = pytest.mark.django_db

ALL_OUTCOMES = ["emergency", "urgent", "see_doctor", "physio", "self_care"]


def recommend(outcome="self_care", **kwargs):
    answers = {
        "pattern": "soreness",
        "location": "lower_back",
        "activities": ["heavy_lifting"],
        "history": [],
        **kwargs,
    }
    return select(outcome=Outcome(outcome), **answers)


@pytest.fixture
def library():
    """One of everything, published, that a lower-back soreness result could offer."""
    return {
        "stretch": make_stretch(body_areas=["lower_back"], patterns=["soreness"]),
        "tip": make_tip(activities=["heavy_lifting"]),
        "plan": make_plan(patterns=["soreness"]),
        "doctor_plan": make_plan(patterns=[], after_doctor_check=True),
        "guide": make_guide(outcomes=["self_care", "physio", "see_doctor"]),
        "clinic": make_clinic(),
        "advice": {outcome: make_care_advice(outcome=outcome) for outcome in ALL_OUTCOMES},
    }


@pytest.mark.parametrize("outcome", ["emergency", "urgent"])
def test_emergency_and_urgent_offer_no_exercise_only_advice_and_clinic(library, outcome):
    result = recommend(outcome)
    assert result.stretches == ()
    assert result.tips == ()
    assert result.plan is None
    assert result.guides == ()
    assert result.care_advice == library["advice"][outcome]
    assert result.clinic == library["clinic"]
    assert result.has_exercise_content is False


@pytest.mark.parametrize("outcome", ["self_care", "physio"])
def test_self_care_and_physio_offer_stretches_tips_pattern_plan_and_guides(library, outcome):
    result = recommend(outcome)
    assert result.has_exercise_content is True
    assert list(result.stretches) == [library["stretch"]]
    assert list(result.tips) == [library["tip"]]
    assert result.plan == library["plan"]
    assert list(result.guides) == [library["guide"]]
    assert result.care_advice == library["advice"][outcome]


def test_see_doctor_offers_the_after_doctor_check_plan(library):
    result = recommend("see_doctor")
    assert result.has_exercise_content is True
    assert result.plan == library["doctor_plan"]
    assert list(result.stretches) == [library["stretch"]]
    assert list(result.tips) == [library["tip"]]


def test_see_doctor_stretches_match_location_without_needing_the_pattern(db):
    # PROTOCOL "see_doctor": stretches that suit the location and are not marked to avoid.
    gentle = make_stretch(body_areas=["neck"], patterns=["general"])
    assert list(recommend("see_doctor", location="neck", pattern="strain").stretches) == [gentle]
    assert list(recommend("self_care", location="neck", pattern="strain").stretches) == []


def test_self_care_never_offers_the_after_doctor_check_plan(db):
    make_plan(patterns=["soreness"], after_doctor_check=True)
    assert recommend("self_care").plan is None


def test_stretches_must_match_the_location(db):
    make_stretch(body_areas=["neck"], patterns=["soreness"])
    assert recommend(location="lower_back").stretches == ()


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
def test_stretch_avoided_for_the_pattern_is_never_offered(db, outcome):
    make_stretch(body_areas=["lower_back"], patterns=["nerve"], avoid_patterns=["nerve"])
    assert recommend(outcome, pattern="nerve").stretches == ()


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
def test_stretch_avoided_for_the_history_is_never_offered(db, outcome):
    safe = make_stretch(body_areas=["lower_back"], patterns=["soreness"])
    make_stretch(body_areas=["lower_back"], patterns=["soreness"], avoid_history=["disc_condition"])
    offered = recommend(outcome, history=["recurring", "disc_condition"]).stretches
    assert list(offered) == [safe]


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
@pytest.mark.parametrize("general", ["osteoporosis_steroids", "pregnant", "blood_thinners"])
def test_stretch_avoided_for_a_health_answer_is_never_offered(db, outcome, general):
    # PROTOCOL.md v3: avoid-if tags may name the ``general`` answers.
    safe = make_stretch(patterns=["soreness"], order=2)
    make_stretch(patterns=["soreness"], avoid_general=[general], order=1)
    offered = recommend(outcome, general=["muscle_swelling", general]).stretches
    assert list(offered) == [safe]


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
def test_avoid_tags_for_other_health_answers_do_not_hide_a_stretch(db, outcome):
    # Kills the mutant that drops the general codes from the avoid query.
    bones = make_stretch(patterns=["soreness"], avoid_general=["osteoporosis_steroids"], order=1)
    lying = make_stretch(patterns=["soreness"], avoid_general=["pregnant"], order=2)
    assert list(recommend(outcome).stretches) == [bones, lying]
    assert list(recommend(outcome, general=["pregnant"]).stretches) == [bones]
    assert list(recommend(outcome, general=["osteoporosis_steroids"]).stretches) == [lying]


def test_avoid_tags_of_other_patterns_do_not_hide_a_stretch(db):
    stretch = make_stretch(patterns=["soreness"], avoid_patterns=["nerve"])
    assert list(recommend(pattern="soreness").stretches) == [stretch]


def test_unpublished_content_is_never_offered(db):
    make_stretch(status="draft", patterns=["soreness"])
    make_tip(status="draft")
    make_plan(status="draft", patterns=["soreness"])
    make_guide(status="draft")
    make_care_advice(outcome="self_care", status="draft")
    result = recommend()
    assert result == Recommendations(clinic=None, location="lower_back")


def test_nothing_matches_gives_empties_not_errors(db):
    result = recommend(location="neck", pattern="general", activities=["other"])
    assert result == Recommendations(location="neck")


def test_missing_pattern_or_location_offers_no_stretches_or_pattern_plan(library):
    assert recommend(pattern=None).stretches == ()
    assert recommend(pattern=None).plan is None
    assert recommend(location=None).stretches == ()
    # Tips depend on activities; without a location, those written for any area.
    assert list(recommend(location=None).tips) == [library["tip"]]


@pytest.mark.parametrize("code", ["maybe_fine", "self_care"])
def test_anything_but_an_engine_outcome_is_treated_as_the_most_cautious(library, code):
    # A bare code (an unknown one, or even a known one not parsed into the engine's
    # Outcome): care advice and the clinic only, never exercise.
    result = select(
        outcome=code,
        pattern="soreness",
        location="lower_back",
        activities=["heavy_lifting"],
        history=[],
    )
    assert result.has_exercise_content is False
    assert (result.stretches, result.tips, result.plan, result.guides) == ((), (), None, ())
    assert result.clinic == library["clinic"]


def test_tips_match_any_chosen_activity_once_each(db):
    both = make_tip(activities=["heavy_lifting", "twisting"])
    twisting = make_tip(activities=["twisting"])
    make_tip(activities=["yoga_backbends"])
    tips = recommend(activities=["heavy_lifting", "twisting"]).tips
    assert list(tips) == [both, twisting]


def test_no_activities_no_tips(db):
    make_tip(activities=["other"])
    assert recommend(activities=[]).tips == ()


def test_guides_follow_their_outcome_tags(db):
    make_guide(outcomes=["physio"])
    self_care = make_guide(outcomes=["self_care"])
    assert list(recommend("self_care").guides) == [self_care]


# Items are created neither in the expected order, nor in title order, nor in staff order
# alone: a missing order_by, or a missing tie-break on title, changes the result.


def test_stretch_order_is_staff_order_then_title(db):
    late = make_stretch(order=5, title="A stretch", patterns=["soreness"])
    second = make_stretch(order=1, title="Zz stretch", patterns=["soreness"])
    first = make_stretch(order=1, title="Z stretch", patterns=["soreness"])
    assert list(recommend().stretches) == [first, second, late]


def test_guide_order_is_staff_order_then_title(db):
    late = make_guide(order=5, title="A guide")
    second = make_guide(order=1, title="Zz guide")
    first = make_guide(order=1, title="Z guide")
    assert list(recommend().guides) == [first, second, late]


def test_plan_ties_on_order_go_by_title(db):
    make_plan(patterns=["soreness"], order=10, title="Zz plan")
    chosen = make_plan(patterns=["soreness"], order=10, title="Z plan")
    assert recommend().plan == chosen


def test_tips_rank_by_matching_activities_then_order_then_title(db):
    one = make_tip(activities=["heavy_lifting"], order=1, title="Aa")
    two = make_tip(activities=["heavy_lifting", "twisting"], order=90, title="Zz")
    later_title = make_tip(activities=["twisting"], order=5, title="Mm")
    first_title = make_tip(activities=["twisting"], order=5, title="Bb")
    make_tip(activities=["yoga_backbends"], order=0, title="Ab")
    tips = recommend(activities=["heavy_lifting", "twisting"]).tips
    assert list(tips) == [two, one, first_title, later_title]


def test_tips_matching_more_of_the_persons_activities_rank_first(db):
    lifting = make_tip(activities=["heavy_lifting"], order=1)
    everything = make_tip(activities=["heavy_lifting", "twisting", "other"], order=50)
    assert list(recommend(activities=["heavy_lifting", "twisting"]).tips) == [everything, lifting]


def test_among_equal_matches_the_more_specific_tip_comes_first(db):
    # PROTOCOL.md v3: tips matching the person's own activities come first. A warm-up
    # written for every activity, early in staff order, comes after the crunches tip.
    every = make_tip(activities=["core_work", "heavy_lifting", "twisting", "other"], order=1)
    crunches = make_tip(activities=["core_work"], order=60, title="Zz crunches")
    three = make_tip(activities=["core_work", "twisting", "other"], order=5)
    crunches_too = make_tip(activities=["core_work"], order=60, title="Aa crunches")
    assert list(recommend(activities=["core_work"]).tips) == [crunches_too, crunches, three, every]


def test_tip_specificity_counts_activity_tags_not_area_tags(db):
    # Counting joined rows would make a tip for all three areas look like three activities.
    areas = make_tip(
        activities=["core_work"], body_areas=["neck", "upper_back", "lower_back"], order=9
    )
    two = make_tip(activities=["core_work", "twisting"], order=1)
    assert list(recommend(activities=["core_work"]).tips) == [areas, two]


def test_a_safety_tip_is_never_cut_by_the_limit(db):
    ordinary = [make_tip(order=n) for n in range(1, TIP_LIMIT + 3)]
    safety = make_tip(order=999, safety_relevant=True)
    assert list(recommend().tips) == [*ordinary[: TIP_LIMIT - 1], safety]


def test_safety_tips_all_show_even_beyond_the_limit(db):
    ordinary = make_tip(order=1)
    safety = [make_tip(order=10 + n, safety_relevant=True) for n in range(TIP_LIMIT + 1)]
    assert list(recommend().tips) == safety
    assert ordinary not in recommend().tips


def test_a_safety_tip_still_needs_a_matching_activity_and_area(db):
    make_tip(activities=["yoga_backbends"], safety_relevant=True)
    make_tip(body_areas=["neck"], safety_relevant=True)
    assert recommend(activities=["heavy_lifting"], location="lower_back").tips == ()


def test_tips_written_for_some_areas_show_only_for_those(db):
    anywhere = make_tip(order=1)
    neck = make_tip(order=2, body_areas=["neck"])
    backs = make_tip(order=3, body_areas=["upper_back", "lower_back"])
    assert list(recommend(location="neck").tips) == [anywhere, neck]
    assert list(recommend(location="upper_back").tips) == [anywhere, backs]
    assert list(recommend(location="lower_back").tips) == [anywhere, backs]
    assert list(recommend(location=None).tips) == [anywhere]


@pytest.mark.parametrize("outcome", ["self_care", "physio", "see_doctor"])
def test_a_plan_for_the_persons_area_comes_before_one_for_any_area(db, outcome):
    doctor = outcome == "see_doctor"
    anywhere = make_plan(patterns=["strain"], after_doctor_check=doctor, order=1)
    backs = make_plan(
        patterns=["strain"], after_doctor_check=doctor, order=30, body_areas=["lower_back"]
    )
    neck = make_plan(patterns=["strain"], after_doctor_check=doctor, order=20, body_areas=["neck"])
    assert recommend(outcome, pattern="strain", location="neck").plan == neck
    assert recommend(outcome, pattern="strain", location="lower_back").plan == backs
    assert recommend(outcome, pattern="strain", location="upper_back").plan == anywhere


def test_a_plan_for_other_areas_is_never_offered(db):
    make_plan(patterns=["soreness"], body_areas=["lower_back"])
    assert recommend(location="neck").plan is None


def test_the_plan_must_be_for_the_persons_pattern(db):
    # Kills the mutant that drops the pattern code from the plan query: the strain plan
    # comes first by order, so any plan with any pattern would win.
    make_plan(patterns=["strain"], order=1)
    soreness = make_plan(patterns=["soreness"], order=2)
    assert recommend(pattern="soreness").plan == soreness
    assert recommend(pattern="nerve").plan is None


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
def test_avoid_tags_for_other_histories_do_not_hide_a_stretch(db, outcome):
    # Kills the mutant that drops the history codes from the avoid query (it would hide
    # every stretch with any history avoid-tag).
    stenosis = make_stretch(patterns=["soreness"], avoid_history=["stenosis_arthritis"], order=1)
    disc = make_stretch(patterns=["soreness"], avoid_history=["disc_condition"], order=2)
    assert list(recommend(outcome, history=[]).stretches) == [stenosis, disc]
    assert list(recommend(outcome, history=["disc_condition"]).stretches) == [stenosis]
    assert list(recommend(outcome, history=["stenosis_arthritis", "recurring"]).stretches) == [disc]


@pytest.mark.parametrize("kind", ["stretches", "tips", "plan", "guides"])
def test_any_one_kind_of_exercise_content_counts(db, kind):
    item = {
        "stretches": (make_stretch,),
        "tips": (make_tip,),
        "plan": make_plan,
        "guides": (make_guide,),
    }[kind]
    value = item() if callable(item) else tuple(make() for make in item)
    assert Recommendations(**{kind: value}).has_exercise_content is True
    assert (
        Recommendations(care_advice=make_care_advice(outcome="urgent")).has_exercise_content
        is False
    )


def test_lists_are_capped(db):
    for _ in range(STRETCH_LIMIT + 2):
        make_stretch(patterns=["soreness"])
        make_tip()
        make_guide()
    result = recommend()
    assert len(result.stretches) == STRETCH_LIMIT
    assert len(result.tips) == TIP_LIMIT
    assert len(result.guides) == GUIDE_LIMIT


def test_first_pattern_plan_by_order_wins(db):
    make_plan(patterns=["soreness"], order=20)
    chosen = make_plan(patterns=["soreness"], order=10)
    assert recommend().plan == chosen


def test_deleted_care_advice_is_simply_absent(library):
    CareAdvice.objects.filter(outcome="self_care").delete()
    assert recommend().care_advice is None


# --- Pain relief: one place, chosen for the person (PROTOCOL.md v3, "medicines") --------


@pytest.fixture
def pain_relief(library):
    return make_pain_relief()


@pytest.mark.parametrize("outcome", ["urgent", "see_doctor", "physio", "self_care"])
def test_pain_relief_suggests_anti_inflammatories_only_when_they_are_safe(pain_relief, outcome):
    may = recommend(outcome, no_anti_inflammatories=False)
    must_not = recommend(outcome, no_anti_inflammatories=True)
    assert (may.pain_relief, must_not.pain_relief) == (MAY_SUGGEST, ASK_FIRST)
    assert may.care_advice.pain_relief == MAY_SUGGEST
    # When we are not told, the safer text (PROTOCOL.md safety principle).
    assert recommend(outcome).pain_relief == ASK_FIRST


def test_the_emergency_result_has_no_pain_relief_advice(pain_relief):
    assert recommend("emergency", no_anti_inflammatories=False).pain_relief == ""


def test_unpublished_pain_relief_advice_is_never_offered(library):
    make_pain_relief(status="draft")
    assert recommend(no_anti_inflammatories=False).pain_relief == ""
    assert recommend(no_anti_inflammatories=False).care_advice == library["advice"]["self_care"]


def test_pain_relief_renders_under_its_own_heading_after_what_to_do_now(pain_relief):
    advice = recommend(no_anti_inflammatories=False).care_advice
    html = render_to_string("content/_care_advice.html", {"care_advice": advice})
    assert _headings(html)[:3] == ["What to do now", "Pain relief", "What not to do"]
    assert "<p>Ibuprofen can help. Ask a pharmacist first" in html


def _result(**answers):
    return evaluate({**SELF_CARE, **answers})


def test_a_remembered_selection_is_never_shared_across_health_answers_or_medicines(db):
    # Selections are kept in the cache per answer set. A blood thinner alone is still
    # self-care, but hides the stretches avoided for it and never gets anti-inflammatories;
    # 65 or over changes only the medicines. Both must be in the key, or the first
    # person's selection would be shown to the next (the usual one is made first).
    make_care_advice(outcome="self_care")
    make_pain_relief()
    kept = make_stretch(patterns=["soreness"], order=1)
    hidden = make_stretch(patterns=["soreness"], avoid_general=["blood_thinners"], order=2)
    usual = recommendations_for(result=_result())
    thinner = recommendations_for(result=_result(general=["blood_thinners"]))
    older = recommendations_for(result=_result(age="65_plus"))
    assert {usual.care_advice.outcome, thinner.care_advice.outcome, older.care_advice.outcome} == {
        "self_care"
    }
    assert [list(r.stretches) for r in (usual, thinner, older)] == [
        [kept, hidden],
        [kept],
        [kept, hidden],
    ]
    assert [r.pain_relief for r in (usual, thinner, older)] == [MAY_SUGGEST, ASK_FIRST, ASK_FIRST]


def _make_library(times):
    for _ in range(times):
        make_stretch(body_areas=["lower_back", "neck"], patterns=["soreness", "strain"])
        make_tip(activities=["heavy_lifting", "twisting"])
        make_plan(patterns=["soreness"], phases=2)
        make_guide(outcomes=["self_care", "physio"])
    make_clinic(locations=times)
    make_pain_relief()  # read in the care advice's own query (a subquery)
    for outcome in ALL_OUTCOMES:
        make_care_advice(outcome=outcome)


def _render_everything(result):
    return (
        render_to_string("content/_recommendations.html", {"recommendations": result})
        + render_to_string("content/_care_advice.html", {"care_advice": result.care_advice})
        + render_to_string("content/_clinic_contact.html", {"clinic": result.clinic})
    )


@pytest.mark.parametrize("times", [1, 10])
@pytest.mark.parametrize(
    ("outcome", "queries"), [("self_care", 7), ("see_doctor", 7), ("urgent", 3)]
)
def test_query_count_does_not_grow_with_content(
    db, django_assert_num_queries, times, outcome, queries
):
    _make_library(times)
    with django_assert_num_queries(queries):
        result = recommend(outcome, activities=["heavy_lifting", "twisting"])
        _render_everything(result)
    assert result.pain_relief == ASK_FIRST


def test_partial_links_every_item_with_its_kind(library):
    html = render_to_string("content/_recommendations.html", {"recommendations": recommend()})
    for heading in [
        "Stretches and gentle exercises",
        "Tips to protect your back next time",  # a lower-back result
        "Your return-to-exercise plan",
        "Read more",
    ]:
        assert heading in html
    for kind, item in [
        ("stretch", library["stretch"]),
        ("tip", library["tip"]),
        ("plan", library["plan"]),
        ("guide", library["guide"]),
    ]:
        assert f'href="{item.get_absolute_url()}?from=result" data-recommend="{kind}"' in html


def test_partial_renders_nothing_for_an_emergency(library):
    html = render_to_string(
        "content/_recommendations.html", {"recommendations": recommend("emergency")}
    )
    assert "data-recommend" not in html
    assert "<h2" not in html


def test_clinic_partial_has_phone_links_locations_and_booking(library):
    html = render_to_string("content/_clinic_contact.html", {"clinic": library["clinic"]})
    assert 'href="tel:5550102000"' in html
    assert 'href="tel:5550102001"' in html
    assert 'href="tel:911"' in html
    assert "Location 1" in html
    assert "1 Main Street<br>Springfield, IL 62701" in html
    assert 'href="https://example.org/book"' in html


def test_care_advice_partial_has_every_section(library):
    html = render_to_string(
        "content/_care_advice.html", {"care_advice": library["advice"]["self_care"]}
    )
    for text in [
        "What to do now",
        "Do this now.",
        "Do not do that.",
        "When to get help sooner",
        "Call 911 if it gets worse.",
        "What to tell a doctor or physical therapist",
        "Tell them when it started.",
    ]:
        assert text in html


def _headings(html):
    return re.findall(r"<h2[^>]*>(.*?)</h2>", html)


@pytest.mark.parametrize(
    ("outcome", "headings"),
    [
        (
            "emergency",
            [
                "What to do now",
                "What not to do",
                "If you get worse while you wait",
                "What to tell the 911 call handler",
            ],
        ),
        (
            "urgent",
            [
                "What to do now",
                "What not to do",
                "When to get help sooner",
                "What to tell the doctor",
            ],
        ),
        (
            "see_doctor",
            [
                "What to do now",
                "What not to do",
                "When to get help sooner",
                "What to tell the doctor",
            ],
        ),
        (
            "physio",
            [
                "What to do now",
                "What not to do",
                "When to get help sooner",
                "What to tell your physical therapist",
            ],
        ),
        (
            "self_care",
            [
                "What to do now",
                "What not to do",
                "When to get help sooner",
                "What to tell a doctor or physical therapist",
            ],
        ),
    ],
)
def test_care_advice_headings_fit_each_result(db, outcome, headings):
    # Headings that fit the page: never "When to get help sooner" on a 911 page, nor "the
    # doctor" above advice for a physical therapist.
    advice = make_care_advice(outcome=outcome)
    html = render_to_string("content/_care_advice.html", {"care_advice": advice})
    assert _headings(html) == headings


def test_partials_render_nothing_without_content(db):
    assert render_to_string("content/_care_advice.html", {"care_advice": None}).strip() == ""
    assert render_to_string("content/_clinic_contact.html", {"clinic": None}).strip() == ""


def test_self_care_with_the_starter_content(db):
    call_command("seed_content", stdout=io.StringIO())
    for location in ["neck", "upper_back", "lower_back"]:
        result = recommend("self_care", location=location, pattern="soreness")
        assert len(result.stretches) >= 3, location
        assert len(result.tips) >= 1
        assert result.plan is not None
        assert not result.plan.after_doctor_check
        assert result.care_advice is not None
        assert result.clinic is not None
    assert recommend("see_doctor").plan.after_doctor_check
    nerve = recommend("self_care", pattern="nerve", history=["disc_condition"])
    avoided = Stretch.objects.filter(avoid_if__code__in=["nerve", "disc_condition"])
    assert not set(nerve.stretches) & set(avoided)
