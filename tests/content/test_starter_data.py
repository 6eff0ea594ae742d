"""Checks on the clinic's starter content (the files in content/starter/): every file
reads, shape, tags, coverage of GUIDANCE.md, agreement with PROTOCOL.md, plain English,
and that no sentence was lifted from the source articles in /work/shared/seeds/.

Pure data checks: no database needed.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from content.models import GuideTopic, TagKind
from content.starter_files import (
    EMERGENCY_SIGNS,
    KINDS_BY_PATH,
    STARTER_DIR,
    TAG_CODES,
    Item,
    emergency_signs,
    read_all,
)
from tests.content.medicines import FULL_CAUTION, PAINKILLERS, WARNING
from triage.engine import RED_FLAG_GROUPS, Outcome
from triage.wording import SIGNS, sign_groups

# The protocol's codes, from the engine (content/starter_files.py), never retyped here.
BODY_AREAS = TAG_CODES[TagKind.LOCATION]
PATTERNS = TAG_CODES[TagKind.PATTERN]
HISTORIES = TAG_CODES[TagKind.HISTORY]
GENERAL = TAG_CODES[TagKind.GENERAL]
ACTIVITIES = TAG_CODES[TagKind.ACTIVITY]
OUTCOMES = tuple(Outcome)
TOPICS = tuple(GuideTopic.values)


def _as_data(item: Item) -> dict[str, Any]:
    """A starter item as the model gets it (slug or outcome included), with its tag codes
    by front-matter name, its steps as a list, its phases or locations; without the
    review stamp and status, which are not text for patients."""
    data: dict[str, Any] = {**item.fields, **{name: list(c) for name, c in item.tags.items()}}
    if "steps" in data:
        data["steps"] = data["steps"].split("\n")
    if item.children:
        data["phases" if item.path.parent.name == "plans" else "locations"] = [
            dict(row) for row in item.children
        ]
    for key in ("status", "last_reviewed_on", "reviewed_by"):
        data.pop(key, None)
    return data


ITEMS = read_all()
CLINIC = _as_data(ITEMS["clinic.md"][0])
STRETCHES = [_as_data(item) for item in ITEMS["stretches"]]
TIPS = [_as_data(item) for item in ITEMS["tips"]]
PLANS = [_as_data(item) for item in ITEMS["plans"]]
CARE_ADVICE = [_as_data(item) for item in ITEMS["care_advice"]]
GUIDES = [_as_data(item) for item in ITEMS["guides"]]
PAIN_RELIEF = _as_data(ITEMS["pain_relief.md"][0])
DATA = {
    "CLINIC": CLINIC,
    "STRETCHES": STRETCHES,
    "TIPS": TIPS,
    "PLANS": PLANS,
    "CARE_ADVICE": CARE_ADVICE,
    "GUIDES": GUIDES,
    "PAIN_RELIEF": PAIN_RELIEF,
}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")

ALL_HISTORY_SETS: list[frozenset[str]] = [
    frozenset(combo)
    for size in range(len(HISTORIES) + 1)
    for combo in itertools.combinations(HISTORIES, size)
]

# Keys whose values are codes, flags or contact details, not sentences for patients.
NOT_PATIENT_TEXT = {
    "slug",
    "outcome",
    "topic",
    "body_areas",
    "patterns",
    "avoid_patterns",
    "avoid_history",
    "avoid_general",
    "activities",
    "outcomes",
    "after_doctor_check",
    "phone",
    "urgent_phone",
    "email",
    "booking_url",
    "emergency_number",
    "address",
}


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PATIENT_TEXT:
                yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def patient_texts() -> list[tuple[str, str]]:
    """Every piece of patient-facing text, with where it lives."""
    return [pair for name, data in DATA.items() for pair in _strings(data, name)]


def all_text() -> str:
    return "\n\n".join(text for _, text in patient_texts())


def own_texts() -> list[tuple[str, str]]:
    """Patient text as the files' authors wrote it: without the engine's emergency signs,
    which ``{{ emergency_signs }}`` puts in (their words are the engine's, not ours)."""
    return [(path, text.replace(emergency_signs(), "")) for path, text in patient_texts()]


def _plain(text: str) -> str:
    text = text.replace("**", "")
    return "\n".join(re.sub(r"^\s*(?:## |- )", "", line) for line in text.splitlines())


def sentences(text: str) -> Iterator[list[str]]:
    """Sentences as word lists. Headings and list items count as sentences of their own."""
    for line in _plain(text).splitlines():
        for part in re.split(r"(?<=[.!?:])\s+", line.strip()):
            words = WORD.findall(part)
            if words:
                yield words


# ------------------------------------------------------------------------- basics


def test_every_file_is_read_and_every_item_has_a_file() -> None:
    """No file lies in the wrong place, unread (e.g. tips/x.txt or stretch/x.md)."""
    on_disk = {
        path.relative_to(STARTER_DIR).as_posix()
        for path in STARTER_DIR.rglob("*")
        if path.is_file()
    }
    read = {
        item.path.relative_to(STARTER_DIR).as_posix() for items in ITEMS.values() for item in items
    }
    assert on_disk - read == {"README.md"}
    assert {path: len(items) for path, items in ITEMS.items()} == {
        "clinic.md": 1,
        "stretches": 17,
        "tips": 21,
        "plans": 7,
        "care_advice": 5,
        "guides": 8,
        "pain_relief.md": 1,
    }
    assert set(ITEMS) == set(KINDS_BY_PATH)


def test_review_stamp() -> None:
    stamps = {
        (item.fields["last_reviewed_on"].isoformat(), item.fields["reviewed_by"])
        for path, items in ITEMS.items()
        if path != "clinic.md"
        for item in items
    }
    assert stamps == {("2026-11-23", "BackOnTrack clinical team")}


def test_load_order_follows_the_order_field() -> None:
    # Result pages show the first few matches, so ``order`` decides what patients see.
    for path in ("stretches", "tips", "plans", "guides"):
        orders = [item.fields["order"] for item in ITEMS[path]]
        assert orders == sorted(set(orders)), path
    assert [item.key for item in ITEMS["care_advice"]] == list(Outcome)


def test_clinic_profile() -> None:
    clinic = CLINIC
    assert clinic["emergency_number"] == "911"
    # No made-up address for patients to write to; the clinic adds its own.
    assert (clinic["email"], clinic["booking_url"]) == ("", "")
    for key in ("name", "tagline", "phone", "urgent_phone", "opening_hours"):
        assert clinic[key].strip(), key
    assert len(clinic["locations"]) >= 1
    for location in clinic["locations"]:
        assert all(str(value).strip() for value in location.values()), location


@pytest.mark.parametrize(
    "items", ["STRETCHES", "TIPS", "PLANS", "GUIDES"], ids=lambda name: name.lower()
)
def test_slugs_are_unique_and_lowercase_hyphenated(items: str) -> None:
    slugs = [item["slug"] for item in DATA[items]]
    assert [slug for slug, n in Counter(slugs).items() if n > 1] == []
    assert [slug for slug in slugs if not SLUG.match(slug)] == []


# Mirrors the max_length of the content model fields, so seed_content never truncates.
FIELD_LIMITS = {
    "slug": 80,
    "title": 120,
    "summary": 300,
    "position": 120,
    "hold": 120,
    "repetitions": 160,
    "duration": 80,
    "headline": 200,
    "name": 120,
    "tagline": 200,
    "phone": 40,
    "urgent_phone": 40,
}


def _keyed_strings(value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield key, item
            else:
                yield from _keyed_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keyed_strings(item)


def test_short_fields_fit_the_models() -> None:
    too_long = [
        (key, text)
        for key, text in _keyed_strings(list(DATA.values()))
        if key in FIELD_LIMITS and len(text) > FIELD_LIMITS[key]
    ]
    assert too_long == []


@pytest.mark.parametrize(
    "items", ["STRETCHES", "TIPS", "PLANS", "GUIDES"], ids=lambda name: name.lower()
)
def test_summaries_are_one_sentence(items: str) -> None:
    bad = [
        item["slug"]
        for item in DATA[items]
        if len(list(sentences(item["summary"]))) != 1 or not item["summary"].endswith(".")
    ]
    assert bad == []


# --------------------------------------------------------------------- stretches


def test_stretch_count_and_required_stretches() -> None:
    stretches = {item["slug"]: item for item in STRETCHES}
    assert len(stretches) >= 12
    required = [
        "knee-to-chest",
        "childs-pose",
        "press-up",
        "bridge",
        "pelvic-tilt",
        "bird-dog",
        "standing-back-bend",
        "hamstring-stretch",
        "lying-trunk-rotation",
        "neck-rotation",
        "chin-tuck",
        "side-neck-stretch",
        "shoulder-blade-squeeze",
        "cat-cow",
        "doorway-chest-stretch",
    ]
    assert [slug for slug in required if slug not in stretches] == []
    # GUIDANCE.md: backward bends are not for spinal stenosis (or arthritis).
    assert "stenosis_arthritis" in stretches["press-up"]["avoid_history"]
    assert "stenosis_arthritis" in stretches["standing-back-bend"]["avoid_history"]


def test_stretch_tags_use_known_codes_and_do_not_contradict() -> None:
    for item in STRETCHES:
        assert item["body_areas"], item["slug"]
        assert item["patterns"], item["slug"]
        assert set(item["body_areas"]) <= set(BODY_AREAS), item["slug"]
        assert set(item["patterns"]) <= set(PATTERNS), item["slug"]
        assert set(item["avoid_patterns"]) <= set(PATTERNS), item["slug"]
        assert set(item["avoid_history"]) <= set(HISTORIES), item["slug"]
        assert set(item["avoid_general"]) <= set(GENERAL), item["slug"]
        assert not set(item["patterns"]) & set(item["avoid_patterns"]), item["slug"]
        # The see_doctor result filters by the avoid tags only, so a pattern a stretch does
        # not suit must be avoided explicitly.
        assert set(item["patterns"]) | set(item["avoid_patterns"]) == set(PATTERNS), item["slug"]


def test_stretch_fields_are_filled_in() -> None:
    for item in STRETCHES:
        for key in ("title", "summary", "hold", "repetitions", "cautions", "stop_if", "position"):
            assert item[key].strip(), (item["slug"], key)
        assert len(item["steps"]) >= 3, item["slug"]
        for step in item["steps"]:
            assert step.strip() and "\n" not in step, (item["slug"], step)
            assert 1 <= len(list(sentences(step))) <= 2, (item["slug"], step)


def _matching_stretches(
    area: str,
    pattern: str,
    history: frozenset[str],
    general: frozenset[str] = frozenset(),
    *,
    suited: bool = True,
) -> list[str]:
    """The same filter the result page applies (PROTOCOL.md "What the result page
    offers"): ``suited`` for self-care and physical therapy, which need the pattern
    ticked; "see a doctor" filters by the avoid tags only."""
    return [
        item["slug"]
        for item in STRETCHES
        if area in item["body_areas"]
        and (pattern in item["patterns"] or not suited)
        and pattern not in item["avoid_patterns"]
        and not set(item["avoid_history"]) & history
        and not set(item["avoid_general"]) & general
    ]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("area", BODY_AREAS)
def test_every_result_gets_at_least_three_stretches(area: str, pattern: str) -> None:
    assert len(ALL_HISTORY_SETS) == 8
    too_few = {
        tuple(sorted(history)) or ("none",): found
        for history in ALL_HISTORY_SETS
        if len(found := _matching_stretches(area, pattern, history)) < 3
    }
    assert too_few == {}


# The results that, with one health answer and any back history, offer fewer than three
# stretches (see content/starter/README.md). Few moves suit pregnancy (nothing lying flat)
# together with nerve symptoms (no forward bend) for the lower back: bird dog is left.
# A pregnant person is always sent to their own doctor or midwife (PROTOCOL.md D16).
FEWER_THAN_THREE = {
    ("pregnant", "lower_back", "nerve"): ["bird-dog"],
}


def test_every_result_for_a_health_answer_gets_three_stretches_but_the_known_few() -> None:
    few = {}
    for general, area, pattern in itertools.product(GENERAL, BODY_AREAS, PATTERNS):
        for history, suited in itertools.product(ALL_HISTORY_SETS, (True, False)):
            found = _matching_stretches(area, pattern, history, frozenset({general}), suited=suited)
            if len(found) < 3:
                few[general, area, pattern] = found
    assert few == FEWER_THAN_THREE


# -------------------------------------------------------------------------- tips

GENERAL_TIPS = [
    "warm-up-before-you-start",
    "drink-water",
    "stop-at-warning-signs",
    "build-up-slowly",
]


def test_tip_count_and_activity_coverage() -> None:
    assert len(TIPS) >= 14
    per_activity = Counter(activity for tip in TIPS for activity in tip["activities"])
    assert {a: per_activity[a] for a in ACTIVITIES if per_activity[a] < 2} == {}
    for tip in TIPS:
        assert tip["activities"], tip["slug"]
        assert set(tip["activities"]) <= set(ACTIVITIES), tip["slug"]
        assert len(tip["activities"]) == len(set(tip["activities"])), tip["slug"]
        assert set(tip.get("body_areas", [])) <= set(BODY_AREAS), tip["slug"]
        assert tip["body"].strip(), tip["slug"]


def test_tips_that_say_call_911_always_show() -> None:
    # A result shows only a few tips: one that says when to call 911 (dark urine after a
    # hard workout) must never be the one left out.
    says_911 = {tip["slug"] for tip in TIPS if "911" in tip["body"]}
    always = {tip["slug"] for tip in TIPS if tip.get("safety_relevant")}
    assert says_911 == {"drink-water", "after-a-blow-to-the-neck"}
    assert says_911 <= always


# Mirrors content/services.py TIP_LIMIT and its ranking: most matching activities, then
# fewest activity tags, then staff order, then title; tips marked "safety_relevant" are
# never cut (tests/content/test_result_pages.py checks real pages).
TIPS_ON_A_RESULT_PAGE = 6
FIRST_SCREEN = 3  # templates/content/_recommendations.html: the rest under "Show more"


def _tips_shown(activities: set[str], area: str) -> list[str]:
    matching = [
        tip
        for tip in TIPS
        if activities & set(tip["activities"])
        and (not tip.get("body_areas") or area in tip["body_areas"])
    ]
    ranked = sorted(
        matching,
        key=lambda tip: (
            -len(activities & set(tip["activities"])),
            len(tip["activities"]),
            tip["order"],
            tip["title"],
        ),
    )
    safety = [tip for tip in ranked if tip.get("safety_relevant")]
    others = [tip for tip in ranked if not tip.get("safety_relevant")]
    kept = others[: max(TIPS_ON_A_RESULT_PAGE - len(safety), 0)]
    return [tip["slug"] for tip in ranked if tip in safety or tip in kept]


@pytest.mark.parametrize("area", BODY_AREAS)
@pytest.mark.parametrize("activity", ACTIVITIES)
def test_each_activity_sees_its_own_tips_first_and_every_safety_tip(
    activity: str, area: str
) -> None:
    # PROTOCOL.md v3: tips matching the person's own activities come first, so the first
    # screen is advice about what they did, not the general tips written for everyone.
    shown = _tips_shown({activity}, area)
    assert set(shown[:FIRST_SCREEN]).isdisjoint(GENERAL_TIPS), shown
    assert {"stop-at-warning-signs", "drink-water"} <= set(shown), shown


def test_general_tips_are_tagged_with_every_activity() -> None:
    tips = {tip["slug"]: tip for tip in TIPS}
    for slug in GENERAL_TIPS:
        assert set(tips[slug]["activities"]) == set(ACTIVITIES), slug


# ------------------------------------------------------------------------- plans


@pytest.mark.parametrize("area", BODY_AREAS)
def test_every_pattern_has_a_plan_of_its_own_for_every_area(area: str) -> None:
    covered = {
        pattern
        for plan in PLANS
        if not plan["after_doctor_check"] and area in (plan.get("body_areas") or [area])
        for pattern in plan["patterns"]
    }
    assert covered == set(PATTERNS)


def test_exactly_one_after_doctor_plan_for_every_pattern() -> None:
    doctor_plans = [plan for plan in PLANS if plan["after_doctor_check"]]
    assert len(doctor_plans) == 1
    assert doctor_plans[0]["title"] == "After your doctor has checked you"
    assert set(doctor_plans[0]["patterns"]) == set(PATTERNS)


def test_plan_phases_are_complete() -> None:
    for plan in PLANS:
        assert set(plan["patterns"]) <= set(PATTERNS), plan["slug"]
        assert set(plan.get("body_areas", [])) <= set(BODY_AREAS), plan["slug"]
        assert len(plan["phases"]) >= 3, plan["slug"]
        for phase in plan["phases"]:
            for key in ("title", "what_to_do", "duration", "move_on_when", "stop_if"):
                assert phase[key].strip(), (plan["slug"], phase["title"], key)


# ------------------------------------------------------------------- care advice


def _advice() -> dict[str, dict[str, Any]]:
    return {item["outcome"]: item for item in CARE_ADVICE}


def test_one_care_advice_per_outcome() -> None:
    outcomes = [item["outcome"] for item in CARE_ADVICE]
    assert sorted(outcomes) == sorted(OUTCOMES)
    for item in CARE_ADVICE:
        for key in ("headline", "do_now", "do_not", "escalate", "tell_clinician"):
            assert item[key].strip(), (item["outcome"], key)


def test_emergency_advice_says_call_911_and_never_how_to_travel_or_move() -> None:
    advice = _advice()["emergency"]
    assert "911" in advice["headline"]
    assert "911" in advice["do_now"]
    assert "emergency room" in advice["headline"].lower()
    # PROTOCOL.md v3: the result page says how to get there, sign by sign (wait for the
    # ambulance; keep the head and neck still; go to the emergency room, do not drive).
    # Said here too, for every sign, it contradicted that after a neck injury.
    text = "\n".join(advice[key] for key in ("do_now", "do_not", "escalate")).lower()
    travel = re.findall(
        r"[^.\n]*(?:\btake you\b|\bdrive\b|\bmove you\b|head and neck|lie still"
        r"|\bambulance\b)[^.\n]*",
        text,
    )
    assert travel == []
    assert "call handler" in advice["tell_clinician"].lower()
    # E5 (a blood thinner) and D16: what the 911 call handler needs to hear.
    assert "thins the blood" in advice["tell_clinician"]
    assert "pregnant" in advice["tell_clinician"]


def test_urgent_advice_is_within_48_hours_and_stops_exercise() -> None:
    advice = _advice()["urgent"]
    assert "24 to 48 hours" in advice["headline"]
    # "Stop exercising until you are seen" is the urgent care card's line, said once
    # (triage/wording.py; docs/decisions/0008-short-results.md: no sentence twice).
    assert "stop exercising" not in (advice["do_now"] + advice["do_not"]).lower()
    assert "911" in advice["escalate"]


def test_non_emergency_advice_matches_the_protocol() -> None:
    advice = _advice()
    assert "week or two" in advice["see_doctor"]["headline"]
    assert "physical therapist" in advice["physio"]["headline"].lower()
    assert "home" in advice["self_care"]["headline"].lower()
    for outcome in ("urgent", "see_doctor", "physio", "self_care"):
        # Safety net: every non-emergency result says when to call 911.
        assert "911" in advice[outcome]["escalate"], outcome
    for outcome in ("see_doctor", "physio", "self_care"):
        # PROTOCOL.md U1: weakness means a doctor within 24 to 48 hours.
        assert "24 to 48 hours" in advice[outcome]["escalate"], outcome


# PROTOCOL.md v3: see_doctor, physio and self_care results name the urgent signs that
# can still appear (U1, U2, U6, U8, U7, U11), in plain words.
URGENT_SIGNS = [
    "- new weakness in a leg or arm",
    "- numbness or tingling that is getting worse",
    "- clumsy hands, or walking that has become unsteady",
    "- a fever",
    "- pain of 9 or 10 out of 10",
    "- muscles that are much more painful, swollen or weak than normal soreness",
]


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
def test_get_help_sooner_names_every_urgent_sign_and_when_it_is_an_emergency(
    outcome: str,
) -> None:
    escalate = _advice()[outcome]["escalate"]
    urgent = escalate.split("See a doctor within 24 to 48 hours if you get:\n\n", 1)[1]
    assert urgent.split("\n\n", 1)[0].split("\n") == URGENT_SIGNS
    # The same signs are an emergency in some people (E4: a fever with nerve symptoms or
    # a weak immune system; E5: new numbness or weakness on a blood thinner), so the
    # advice never leaves them at "24 to 48 hours".
    assert "**Call 911 now** instead if you get a fever and you also have:" in escalate
    assert "take a medicine that thins the blood and get new weakness, numbness" in escalate
    assert 'box "Call 911 if any of these start"' in escalate


# ------------------------------------------------------------------ medicines
# PROTOCOL.md v3, "medicines": one place (pain_relief.md) names painkillers; its first
# text carries the full caution, its second (for blood thinners, pregnancy, muscle
# breakdown, 65 or over) names none.


def test_only_the_pain_relief_advice_suggests_painkillers() -> None:
    suggesting = {
        path
        for path, text in patient_texts()
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text)
        if PAINKILLERS.search(sentence) and not WARNING.search(sentence)
    }
    assert suggesting == {"PAIN_RELIEF.may_suggest"}


def test_the_pain_relief_advice_cautions_in_full_or_names_no_painkiller() -> None:
    assert [words for words in FULL_CAUTION if words not in PAIN_RELIEF["may_suggest"]] == []
    assert "as the label says" in PAIN_RELIEF["may_suggest"]
    assert PAINKILLERS.findall(PAIN_RELIEF["ask_first"]) == []
    assert "ask a pharmacist or doctor which kind is safe for you" in PAIN_RELIEF["ask_first"]


def test_the_treatments_guide_sends_people_to_a_pharmacist_without_naming_a_painkiller() -> None:
    body = next(guide["body"] for guide in GUIDES if guide["topic"] == "treatments")
    section = body.split("## Pain relief from the pharmacy\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert "Ask a pharmacist which pain relief is safe for you" in section
    assert PAINKILLERS.findall(body) == []


# ---------------------------------------------------------------- chiropractors


def test_every_mention_of_a_chiropractor_carries_the_manipulation_caution() -> None:
    # PROTOCOL.md v3 review: neck manipulation can rarely injure an artery; not for nerve
    # symptoms or osteoporosis without a doctor's OK.
    mentions = [(path, text) for path, text in patient_texts() if "chiropract" in text.lower()]
    assert {path.split("[")[0] for path, _ in mentions} == {"GUIDES"}
    assert len(mentions) == 2
    for path, text in mentions:
        paragraphs = [p for p in text.split("\n\n") if "chiropract" in p.lower()]
        caution = "\n\n".join(paragraphs) + text.split(paragraphs[-1], 1)[1][:600]
        for needed in ("artery", "numbness, tingling or weakness", "osteoporosis", "doctor's OK"):
            assert needed in caution, (path, needed)


# ------------------------------------------------------------- rest and warm-up


def test_no_text_sends_anyone_to_bed() -> None:
    # One rest message (the self-care result's first screen, triage/wording.py): rest from
    # the exercise for a few days but keep moving; short walks help more than bed.
    bed_rest = re.findall(r"[^.\n]*\b(?:bed rest|rest in bed|stay in bed)\b[^.\n]*", all_text())
    assert bed_rest == []
    assert "up to three days" not in all_text()  # the first screen says ice for 2 days


def test_the_warm_up_tip_suits_everyone_it_is_shown_to() -> None:
    # Shown for every activity, also to people whose result hides forward bends, twists
    # and nerve stretches (PROTOCOL.md v3 review): easy moves, and a stop rule.
    tip = next(tip for tip in TIPS if tip["slug"] == "warm-up-before-you-start")
    assert set(tip["activities"]) == set(ACTIVITIES)
    hidden_moves = re.findall(
        r"hamstring|twist|neck turn|leg raise|touch your toes|knee|child|fold|bend",
        tip["body"].replace("lifting your knees", ""),
        re.IGNORECASE,
    )
    assert hidden_moves == []
    assert "Skip any move that brings on pain, numbness or tingling." in tip["body"]


# ------------------------------------------------------------------------ guides

REQUIRED_TOPICS = {
    "soreness_vs_injury",
    "causes",
    "risky_activities",
    "treatments",
    "when_to_see_doctor",
    "physical_therapy",
    "faq",
}


def test_guides_cover_every_topic() -> None:
    assert len(GUIDES) >= 7
    topics = {guide["topic"] for guide in GUIDES}
    assert topics <= set(TOPICS)
    assert topics >= REQUIRED_TOPICS
    assert "emergency_signs" in topics


def test_guides_link_only_from_non_emergency_results() -> None:
    for guide in GUIDES:
        assert guide["outcomes"], guide["slug"]
        assert set(guide["outcomes"]) <= {"see_doctor", "physio", "self_care"}, guide["slug"]


def test_guide_bodies_are_the_right_length_with_headings() -> None:
    for guide in GUIDES:
        # The engine's emergency signs are not the guide's own words (own_texts).
        words = len(WORD.findall(_plain(guide["body"].replace(emergency_signs(), ""))))
        assert 250 <= words <= 700, (guide["slug"], words)
        assert re.search(r"^## \S", guide["body"], re.MULTILINE), guide["slug"]


# ---------------------------------------------------------------------- markdown


def test_markdown_is_simple() -> None:
    problems = []
    for path, text in patient_texts():
        if re.search(r"[<>`]|!\[|\]\(|https?:|www\.|\t", text):
            problems.append((path, "html, image, link or tab"))
        for line in text.splitlines():
            if line.startswith("#") and not (path.startswith("GUIDES") and line.startswith("## ")):
                problems.append((path, line))
            if line.startswith("###"):
                problems.append((path, line))
    assert problems == []


# -------------------------------------------------------------- GUIDANCE.md facts

REQUIRED_FACTS = {
    "DOMS peaks 24 to 72 hours": r"DOMS.{0,400}24 to 72 hours",
    "72 to 96 hours may be an injury": r"72 to 96 hours",
    "1 in 5, cited by spine professionals": r"spine professionals say about 1 in 5",
    "lower back most injured in the gym": r"gym, the lower back",
    "ice first 48 hours": r"first 48 hours",
    "then heat or ice": r"heat or ice",
    "side-sleeping, knees drawn up": r"side with your knees drawn up",
    "pain relief as the label says": r"as the label says",
    "pain relief: ibuprofen or similar": r"such as ibuprofen or naproxen",
    "nerve symptoms within 48 hours": r"within 48 hours have the best chance of full recovery",
    "call 911, do not drive": r"Do not drive yourself",
    "cauda equina explained": (
        r"cauda equina syndrome \(pressure on the nerves at the bottom of the spine\)"
    ),
    # GUIDANCE.md says "emergency surgery, ideally within 48 hours"; patients are told
    # only what to do: call 911 now.
    "cauda equina: call 911 now": (
        r"cauda equina syndrome \(pressure on the nerves at the bottom of the spine\)\.\s+"
        r"(?:It is an emergency: c|C)all 911 now\."
    ),
    "rhabdomyolysis": r"rhabdomyolysis \(",
    "rest an injury 1 to 2 weeks": r"1 to 2 weeks, until the pain is clearly better",
    "soreness rest 24 to 72 hours": r"rest from hard exercise for 24 to 72 hours",
    "pain-free about a week": r"pain-free for about a week",
    "clearance after pain over 2 weeks": r"more than 2 weeks",
    "too soon risks disc damage": r"too soon can (?:lead to|cause) a worse strain",
    "spine specialist after 2 to 3 weeks": r"2 to 3 weeks, see a spine specialist",
    "physical therapy after 3 months": r"more than 3 months",
    "disclaimer": r"not a diagnosis or medical advice",
    "disclaimer 911": r"In an emergency, call 911",
    "hyperlordosis": r"hyperlordosis",
    "dehydration and cramps": r"cramp",
    "spotter": r"spotter",
    "supportive shoes": r"supportive shoes",
    "low-impact alternatives": r"stationary bike.{0,200}elliptical",
    "water aerobics": r"water aerobics",
    "high-impact activities": r"plyometrics",
    "heavy lifts": r"Deadlifts, squats and kettlebell swings",
    "Olympic lifts": r"cleans and snatches",
    "twisting": r"Russian twists",
    "yoga poses": r"[Ww]heel, camel and plow",
    "pivoting sports": r"Tennis, basketball and hockey",
    "contact sports and the neck": r"Neck injuries are most common in contact sports",
    "crunches": r"[Cc]runches",
    "upper back rotation under load": r"thoracic spine",
    "professional options": r"[Cc]hiropractic.{0,400}[Aa]cupuncture",
    "physical therapist tools": r"ultrasound.{0,300}electrical stimulation",
    # GUIDANCE.md lists warm-up stretches (hamstrings, neck turns, trunk twists); the tip
    # is shown to people whose result hides them, so it keeps to moves that suit everyone.
    "warm-up": r"Spend 5 to 10 minutes moving gently.{0,200}marching in place",
    "listen to warning signs": r"warning signs",
}


@pytest.mark.parametrize("fact", sorted(REQUIRED_FACTS))
def test_guidance_fact_is_covered(fact: str) -> None:
    assert re.search(REQUIRED_FACTS[fact], all_text(), re.DOTALL), fact


def test_no_text_puts_off_cauda_equina_care() -> None:
    assert not re.search(r"ideally within 48 hours", all_text())


def test_never_wait_and_see_and_us_wording_only() -> None:
    text = all_text()
    assert not re.search(r"wait and see", text, re.IGNORECASE)
    uk_words = re.findall(
        r"\b(?:999|112|A&E|physio\w*|programme|colour|GP|tummy|trainers|pavement|practise)\b",
        text,
        re.IGNORECASE,
    )
    assert uk_words == []


# Medical words explained in brackets the first time each piece of text uses them
# ("spinal stenosis (narrowing ...)", "(hyperlordosis)" after the plain words, or a bold
# "**Term.** explanation" lead-in).
GLOSSARY = [
    "cauda equina syndrome",
    "rhabdomyolysis",
    "hyperlordosis",
    "stenosis",
    "herniated disc",
    "plyometrics",
    "HIIT",
    "DOMS",
    "osteoporosis",
    "thoracic",
    "hip flexors",
    "ultrasound",
    "electrical stimulation",
    "acupuncture",
]


def test_medical_words_are_explained_the_first_time() -> None:
    unexplained = []
    for path, text in patient_texts():
        for term in GLOSSARY:
            match = re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE)
            if match is None:
                continue
            before, after = text[: match.start()], text[match.end() :]
            if not (after.startswith((" (", ".**", ")")) or before.endswith("(")):
                unexplained.append((path, term))
    assert unexplained == []


# ------------------------------------------------------------------- readability


def test_sentences_are_short() -> None:
    lengths = [
        (len(words), path, " ".join(words))
        for path, text in own_texts()
        for words in sentences(text)
    ]
    average = sum(n for n, _, _ in lengths) / len(lengths)
    assert average <= 16, average
    assert [item for item in lengths if item[0] > 30] == []
    # Most sentences stay within the 15-word aim.
    over_20 = [item for item in lengths if item[0] > 20]
    assert len(over_20) <= len(lengths) // 20, over_20


def test_patient_text_speaks_to_you() -> None:
    text = all_text().lower()
    you = len(re.findall(r"\byou(?:r|rs|rself)?\b", text))
    assert you / len(WORD.findall(text)) > 0.03


# -------------------------------------------------------- not copied from the seeds

SEEDS_DIR = Path(os.environ.get("BACKONTRACK_SEEDS_DIR", "/work/shared/seeds"))
NGRAM = 12


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def _ngrams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + NGRAM]) for i in range(len(tokens) - NGRAM + 1)}


def test_no_twelve_word_run_is_copied_from_the_seed_articles() -> None:
    seed_files = sorted(SEEDS_DIR.glob("*")) if SEEDS_DIR.is_dir() else []
    if not seed_files:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Seed articles not found in {SEEDS_DIR}")
        pytest.skip(f"Seed articles not found in {SEEDS_DIR}")
    seed_ngrams: set[tuple[str, ...]] = set()
    for seed in seed_files:
        seed_ngrams |= _ngrams(_tokens(seed.read_text(encoding="utf-8", errors="replace")))
    copied = [
        (path, " ".join(gram))
        for path, text in patient_texts()
        for gram in sorted(_ngrams(_tokens(text)) & seed_ngrams)
    ]
    assert copied == []


EMERGENCY_GUIDES = ("emergency-warning-signs", "when-to-see-a-doctor", "soreness-or-injury")


def test_the_emergency_guides_list_every_sign_in_its_group_in_the_engines_words() -> None:
    # PROTOCOL.md v3: the same five groups, lead-ins and full descriptions as the
    # emergency question; no element of a sign dropped.
    by_slug = {guide["slug"]: guide["body"] for guide in GUIDES}
    for slug in EMERGENCY_GUIDES:
        body = by_slug[slug] + "\n"
        for group in sign_groups():
            lines = "\n".join(f"- **{sign.lead}** {sign.description}" for sign in group.signs)
            assert f"**{group.heading}**\n\n{lines}\n" in body, (slug, group.heading)
    assert "cramping" not in "\n".join(by_slug.values())  # v2: cramps are not urgent


def test_the_emergency_signs_come_from_the_engine_not_the_files() -> None:
    assert [len(group.values) for group in RED_FLAG_GROUPS] == [4, 3, 2, 2, 2]
    assert len(SIGNS) == 13
    assert emergency_signs().startswith(
        "**Bladder, bowel and legs**\n\n"
        "- **Bladder or bowel problems.** New loss of control of your bladder or bowels"
    )
    little_urine = str(SIGNS["little_urine"].description)
    assert emergency_signs().endswith("- **Very little pee.** " + little_urine)
    assert emergency_signs().count("\n- **") == 13
    files = {
        path.stem: path.read_text(encoding="utf-8") for path in sorted(STARTER_DIR.rglob("*.md"))
    }
    with_placeholder = {
        name for name, text in files.items() if f"\n\n{EMERGENCY_SIGNS}\n\n" in text
    }
    assert with_placeholder == set(EMERGENCY_GUIDES)
    # Not retyped anywhere: no file has a sign's own words (its first 30 characters).
    signs = [str(words.description) for words in SIGNS.values()]
    retyped = [(name, sign) for name, text in files.items() for sign in signs if sign[1:30] in text]
    assert retyped == []
    by_slug = {guide["slug"]: guide["body"] for guide in GUIDES}
    for slug in with_placeholder:
        assert by_slug[slug].count(emergency_signs()) == 1, slug
        assert EMERGENCY_SIGNS not in by_slug[slug]


def test_the_readme_lists_exactly_the_protocol_codes() -> None:
    # content/starter/README.md tells clinicians which codes they may use.
    readme = (STARTER_DIR / "README.md").read_text(encoding="utf-8")
    listed = {
        row.split("|")[1].strip(): re.findall(r"`([a-z_]+)`", row.split("|")[2])
        for row in readme.splitlines()
        if row.startswith("| `")
    }
    assert listed == {
        "`body_areas`": list(BODY_AREAS),
        "`patterns`, `avoid_patterns`": list(PATTERNS),
        "`avoid_history`": list(HISTORIES),
        "`avoid_general`": list(GENERAL),
        "`activities`": list(ACTIVITIES),
        "`outcomes`": ["self_care", "physio", "see_doctor", "urgent", "emergency"],
        "`topic` (guides)": list(TOPICS),
    }
    assert sorted(listed["`outcomes`"]) == sorted(OUTCOMES)
