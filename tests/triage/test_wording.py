"""The words (triage/wording.py): every engine question, value, sign, group, rule and
outcome has words, and nothing there is unknown to the engine. The reasons a person reads
are whole sentences, checked whole."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.journeys import SELF_CARE
from triage.engine import (
    NONE,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    RED_FLAG_GROUPS,
    RED_FLAGS,
    RULES,
    AnswerError,
    Outcome,
    evaluate,
)
from triage.reminder import DAYS
from triage.wording import (
    ANSWER_ERRORS,
    GROUP_HEADINGS,
    OUTCOME_LABELS,
    OUTCOME_TEXT,
    REASONS,
    REMINDER_TEXT,
    SIGNS,
    WORDING,
    describe_answer,
    expired_message,
    question_text,
    reason,
    sign_groups,
)

LOCATIONS = [None, "neck", "upper_back", "lower_back"]

#: Every code ``Question.clean`` gives an ``AnswerError`` (triage.engine).
ANSWER_ERROR_CODES = {"required", "invalid_choice", "exclusive", "score"}


def answers(**changes: Any) -> dict[str, Any]:
    return {**SELF_CARE, **changes}


def reasons_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Each triggered rule's id and its reason, in protocol order."""
    result = evaluate(data)
    return [(rule.id, reason(rule, result.answers)) for rule in result.triggered]


# --- Words for every code, and no others ----------------------------------------------------


def test_every_engine_question_has_wording_and_nothing_else_does():
    assert set(WORDING) == {question.key for question in QUESTIONS}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_every_engine_value_has_a_label_and_every_label_an_engine_value(question):
    assert set(WORDING[question.key].choices) == set(question.values)


def test_every_red_flag_has_a_sign_and_nothing_else_does():
    assert set(SIGNS) == RED_FLAGS
    for value, sign in SIGNS.items():
        assert str(sign.lead).strip() and str(sign.lead).endswith("."), value
        assert str(sign.description).strip(), value
        assert not str(sign.description).endswith("."), value  # a reason adds its own stop


def test_every_sign_group_has_a_heading_and_nothing_else_does():
    assert set(GROUP_HEADINGS) == {group.key for group in RED_FLAG_GROUPS}
    assert [str(GROUP_HEADINGS[group.key]) for group in RED_FLAG_GROUPS] == [
        "Bladder, bowel and legs",
        "Sudden severe pain, chest or belly",
        "Head and neck",
        "After an accident or a blow",
        "After a hard workout",
    ]


def test_every_rule_has_a_reason_and_nothing_else_does():
    assert set(REASONS) == {rule.id for rule in RULES}


def test_every_outcome_has_its_words_and_nothing_else_does():
    assert set(OUTCOME_TEXT) == set(Outcome)
    assert set(OUTCOME_LABELS) == set(Outcome)
    # A reminder for every outcome but an emergency (get help now), and its words.
    assert set(REMINDER_TEXT) == set(DAYS) == set(Outcome) - {Outcome.EMERGENCY}


def test_every_answer_error_code_has_words_and_nothing_else_does():
    # "required" is each question's own (Wording.required).
    assert set(ANSWER_ERRORS) | {"required"} == ANSWER_ERROR_CODES
    codes = set()
    for question in QUESTIONS:
        for raw in (None, ["banana"], ["none", question.values[0] if question.values else ""]):
            try:
                question.clean(raw)
            except AnswerError as error:
                codes.add(error.code)
    assert codes == ANSWER_ERROR_CODES


def test_the_signs_come_in_the_engines_groups_with_their_words():
    groups = sign_groups()
    assert [str(group.heading) for group in groups] == [
        str(GROUP_HEADINGS[group.key]) for group in RED_FLAG_GROUPS
    ]
    assert [[sign.value for sign in group.signs] for group in groups] == [
        list(group.values) for group in RED_FLAG_GROUPS
    ]
    for group in groups:
        for sign in group.signs:
            assert (sign.lead, sign.description) == (
                SIGNS[sign.value].lead,
                SIGNS[sign.value].description,
            )


def test_the_emergency_question_offers_exactly_the_engines_signs():
    text = question_text("emergency", location=None)
    choices = [(value, choice) for value, choice in text.choices if value != NONE]
    assert [value for value, _ in choices] == list(QUESTIONS_BY_KEY["emergency"].values[:-1])
    for value, choice in choices:
        assert (choice.lead, choice.label) == (SIGNS[value].lead, SIGNS[value].description)
    assert text.title == "Since your pain began, have you had any of these new signs?"


@pytest.mark.parametrize(
    ("flag", "elements"),
    [
        ("bladder_bowel", ["bladder", "bowel", "new trouble peeing"]),
        ("leg_paralysis", ["one or both legs", "move or feel"]),
        ("saddle_numbness", ["inner thighs", "buttocks", "genitals", "back passage", "sex"]),
        (
            "head_neuro",
            [
                "headache",
                "double vision",
                "loss of sight in one eye",
                "dizziness or fainting",
                "slurred speech",
                "trouble swallowing",
                "drooping eyelid",
                "numb face",
                "weakness on one side of your body",
                "unsteady",
            ],
        ),
        ("serious_accident", ["car", "motorbike", "ladder", "horse", "5 stairs", "head-first"]),
        ("faint_belly", ["faint", "belly", "back pain"]),
        ("chest_symptoms", ["chest pain", "shortness of breath", "cold sweats"]),
        ("meningitis_signs", ["stiff neck", "fever", "headache", "rash", "light"]),
    ],
)
def test_each_sign_keeps_every_element_of_the_protocol(flag: str, elements: list[str]) -> None:
    for element in elements:
        assert element in str(SIGNS[flag].description).lower(), element


# --- The questions --------------------------------------------------------------------------


@pytest.mark.parametrize("location", LOCATIONS)
@pytest.mark.parametrize("key", [question.key for question in QUESTIONS])
def test_wording_has_no_unfilled_placeholders_or_codes(key, location):
    text = question_text(key, location=location)
    words = [text.title, text.hint, text.summary, text.required]
    words += [part for _, choice in text.choices for part in (choice.label, choice.hint)]
    for line in words:
        assert "{" not in line and "}" not in line
        assert "_" not in line  # no protocol codes shown as words
    assert text.title.endswith("?")
    assert [value for value, _ in text.choices] == list(QUESTIONS_BY_KEY[key].values)


def test_neck_pain_changes_the_words_about_limbs():
    neck = question_text("nerve", location="neck")
    back = question_text("nerve", location="lower_back")
    assert neck.title == "Do you have any of these symptoms in your arms or hands?"
    assert back.title == "Do you have any of these symptoms in your legs or feet?"
    assert neck.labels["radiating"] == "Pain that spreads down your arm, below the elbow"
    assert back.labels["radiating"] == "Pain that spreads down your leg, below the knee"
    assert neck.labels["weakness"] == "New weakness: your arm gives way or you cannot grip"
    assert back.labels["weakness"] == (
        "New weakness: your leg gives way, your foot drops or your toes catch"
    )
    # Clumsy hands or unsteady walking is asked the same way for every location (v2).
    assert neck.labels["clumsy_unsteady"] == back.labels["clumsy_unsteady"]
    assert question_text("history", location="neck").labels["recurring"] == (
        "This kind of neck pain keeps coming back after exercise"
    )


def test_describe_answer_uses_plain_words_in_protocol_order():
    assert describe_answer("severity", 7, location=None) == ["7 out of 10"]
    assert describe_answer("location", "upper_back", location=None) == ["Upper back"]
    assert describe_answer("impact", ["cannot_exercise", "disturbs_sleep"], location=None) == [
        "It wakes me up or stops me sleeping",
        "I cannot get back to exercise because of it",
    ]
    assert describe_answer("impact", frozenset({"cannot_exercise"}), location=None) == [
        "I cannot get back to exercise because of it"
    ]


def test_no_jargon_on_screen_without_plain_words():
    # No "HIIT", "plyometrics" or "radiating" without plain words beside them.
    for key in (q.key for q in QUESTIONS):
        for location in LOCATIONS:
            text = question_text(key, location=location)
            for _, choice in text.choices:
                assert "plyometric" not in (choice.label + choice.hint).lower()
                if "HIIT" in choice.label + choice.hint:
                    assert "fast interval workouts (HIIT)" in choice.hint
                if "radiating" in (choice.label + choice.hint).lower():
                    assert choice.label.startswith("Pain that spreads down")


def test_severity_says_worst_in_24_hours_with_words_at_0_5_and_10():
    text = question_text("severity", location=None)
    assert text.title == "What is the worst your pain has been in the last 24 hours?"
    assert "0 means no pain" in text.hint
    assert "5 means pain that is hard to ignore" in text.hint
    assert "10 means the worst pain you can imagine" in text.hint


def test_the_answer_errors_in_full():
    assert {code: str(words) for code, words in ANSWER_ERRORS.items()} == {
        "invalid_choice": "Select an answer from the list",
        "exclusive": "Select 'None of these', or select the ones that apply to you, not both",
        "score": "Enter a number from {low} to {high}",
    }


@pytest.mark.parametrize(
    ("seconds", "message"),
    [
        (3 * 3600, "Your answers were deleted after 3 hours to protect your privacy"),
        (3600, "Your answers were deleted after 1 hour to protect your privacy"),
        (60, "Your answers were deleted after 1 hour to protect your privacy"),
    ],
)
def test_the_expired_message_counts_the_hours(seconds, message):
    assert expired_message(seconds).startswith(message + ", or we could not find them.")


# --- Why: the reason for each rule ---------------------------------------------------------


def test_reasons_name_the_legs_for_back_pain_and_the_arms_for_neck_pain() -> None:
    back = dict(reasons_of(answers(nerve=["weakness"])))["U1"]
    neck = dict(reasons_of(answers(nerve=["weakness"], location="neck")))["U1"]
    assert "legs" in back
    assert "arms or hands" in neck
    assert "legs" not in neck


@pytest.mark.parametrize(
    ("location", "limbs"),
    [("neck", "arms or hands"), ("upper_back", "legs"), ("lower_back", "legs")],
)
def test_limbs_for_each_location(location: str, limbs: str) -> None:
    assert dict(reasons_of(answers(nerve=["weakness"], location=location)))["U1"] == (
        f"You have new weakness in your {limbs}."
    )


def test_limbs_for_answers_read_from_json() -> None:
    # Strings from a request or a file are not interned: "neck" is compared by value.
    data = json.loads(json.dumps(answers(nerve=["weakness"], location="neck")))
    assert dict(reasons_of(data))["U1"] == "You have new weakness in your arms or hands."


def test_no_reason_is_left_with_a_placeholder() -> None:
    def ticked(key: str) -> list[str]:
        return [value for value in QUESTIONS_BY_KEY[key].values if value != NONE]

    everything = answers(
        onset="sudden_during",
        duration="over_3_months",
        severity=10,
        trend="worse",
        age="under_20",
        **{key: ticked(key) for key in ("nerve", "impact", "general", "history")},
    )
    for location in ("neck", "lower_back"):
        for rule_id, text in reasons_of({**everything, "location": location}):
            assert "{" not in text and "}" not in text, rule_id


V3_REASONS = [
    (
        {"general": ["cancer_history"], "nerve": ["clumsy_unsteady"], "location": "neck"},
        "E3",
        "You have had cancer, and now you have clumsy hands or unsteady walking. Something "
        "may be pressing on your spinal cord: you need a scan today.",
    ),
    (
        {"general": ["fever", "immune_drugs"]},
        "E4",
        "You have a fever or feel unwell, together with a weak immune system or injecting "
        "drugs. This can be an infection in the spine: it needs checking today.",
    ),
    (
        {"general": ["fever"], "nerve": ["none", "radiating"]},
        "E4",
        "You have a fever or feel unwell, together with pain spreading down into your legs. "
        "This can be an infection in the spine: it needs checking today.",
    ),
    (
        {"general": ["blood_thinners"], "onset": "sudden_during", "severity": 7},
        "E5",
        "You take a medicine that thins the blood, and your pain came on suddenly while you "
        "were exercising and is bad (7 or more out of 10). This can be bleeding near the "
        "spine: it needs checking today.",
    ),
    (
        {"general": ["blood_thinners"], "nerve": ["weakness"], "location": "neck"},
        "E5",
        "You take a medicine that thins the blood, and you have new weakness in your arms or "
        "hands. This can be bleeding near the spine: it needs checking today.",
    ),
    (
        {"general": ["osteoporosis_steroids"], "onset": "sudden_during"},
        "U10",
        "You have thin bones (osteoporosis) or take steroid tablets, and the pain came on "
        "suddenly while you were exercising. A bone in the spine may be broken: you need an "
        "X-ray in the next day or two.",
    ),
    (
        {"general": ["muscle_swelling"]},
        "U11",
        "After a hard or new workout, your muscles are much more painful, swollen or weak "
        "than normal soreness. You need a blood test today or tomorrow to check for muscle "
        "breakdown, which can harm the kidneys.",
    ),
    (
        {"age": "under_20", "history": ["recurring"]},
        "D15",
        "You are under 20 and your low back pain keeps coming back. In young athletes this "
        "can be a small stress fracture in the spine, which a doctor should check.",
    ),
    (
        {"age": "under_20", "duration": "over_3_months", "history": ["recurring"]},
        "D15",
        "You are under 20 and your low back pain has lasted more than 3 months and keeps "
        "coming back. In young athletes this can be a small stress fracture in the spine, "
        "which a doctor should check.",
    ),
    (
        {"age": "under_20", "duration": "over_3_months"},
        "D15",
        "You are under 20 and your low back pain has lasted more than 3 months. In young "
        "athletes this can be a small stress fracture in the spine, which a doctor should "
        "check.",
    ),
    (
        {"general": ["pregnant"]},
        "D16",
        "You are pregnant or had a baby in the last 6 weeks. Your own doctor or midwife "
        "knows your pregnancy and should check your pain.",
    ),
    # D2 names only what the person reported.
    ({"nerve": ["radiating"]}, "D2", "Pain spreads down into your legs."),
    (
        {"nerve": ["numbness_tingling"], "location": "neck"},
        "D2",
        "You have numbness or tingling in your arms or hands.",
    ),
    ({"impact": ["disturbs_sleep"]}, "D3", "The pain stops you sleeping."),
    ({"impact": ["daily_activities"]}, "D3", "The pain makes everyday movements hard."),
    ({"history": ["disc_condition"]}, "D8", "You have a known disc problem."),
    (
        {"history": ["stenosis_arthritis"]},
        "D8",
        "You have narrowing (stenosis) or arthritis in your spine.",
    ),
    ({"general": ["cancer_history"]}, "U4", "You have had cancer."),
    ({"general": ["weight_loss"]}, "U4", "You have lost weight without knowing why."),
]


@pytest.mark.parametrize(("change", "rule_id", "expected"), V3_REASONS)
def test_reasons_name_only_what_the_person_reported(
    change: dict[str, Any], rule_id: str, expected: str
) -> None:
    assert dict(reasons_of(answers(**change)))[rule_id] == expected


EVERYTHING = answers(
    age="65_plus",
    onset="sudden_during",
    duration="3_weeks_to_3_months",
    character="shooting_burning",
    severity=10,
    trend="worse",
    nerve=["radiating", "numbness_tingling", "weakness", "clumsy_unsteady"],
    impact=["disturbs_sleep", "night_rest_pain", "daily_activities", "cannot_exercise"],
    general=[
        "fever",
        "weight_loss",
        "cancer_history",
        "osteoporosis_steroids",
        "injury_trauma",
        "immune_drugs",
    ],
    history=["disc_condition", "stenosis_arthritis", "recurring"],
)


def _reasons_for(limbs: str) -> list[tuple[str, str]]:
    return [
        (
            "E3",
            f"You have had cancer, and now you have numbness or tingling in your {limbs}, new "
            f"weakness in your {limbs} and clumsy hands or unsteady walking. Something may be "
            "pressing on your spinal cord: you need a scan today.",
        ),
        (
            "E4",
            f"You have a fever or feel unwell, together with pain spreading down into your "
            f"{limbs}, numbness or tingling in your {limbs}, new weakness in your {limbs}, "
            "clumsy hands or unsteady walking and a weak immune system or injecting drugs. "
            "This can be an infection in the spine: it needs checking today.",
        ),
        ("U1", f"You have new weakness in your {limbs}."),
        ("U2", "You have a fever or chills, or you feel generally unwell."),
        ("U3", "Your pain started with a fall, a knock or an accident."),
        ("U4", "You have had cancer, and you have lost weight without knowing why."),
        (
            "U5",
            "Your pain came on suddenly while you were exercising, and it is bad "
            "(7 or more out of 10).",
        ),
        (
            "U6",
            f"You have numbness or tingling in your {limbs}, and your pain is getting worse.",
        ),
        ("U7", "Your pain is very bad (9 or more out of 10)."),
        ("U8", "Your hands have become clumsy, or your walking has become unsteady."),
        (
            "U9",
            "You have a weak immune system or you inject drugs, and the pain is there at "
            "night or when you rest.",
        ),
        (
            "U10",
            "You have thin bones (osteoporosis) or take steroid tablets, and the pain came on "
            "suddenly while you were exercising. A bone in the spine may be broken: you need an "
            "X-ray in the next day or two.",
        ),
        ("D1", "You have had the pain for more than a week."),
        ("D2", f"Pain spreads down into your {limbs}, and you have numbness or tingling there."),
        ("D3", "The pain stops you sleeping and makes everyday movements hard."),
        ("D4", "The pain stops you getting back to exercise."),
        ("D5", "Your pain came on suddenly while you were exercising."),
        ("D6", "Your pain is getting worse."),
        ("D7", "Your pain is bad (7 or more out of 10)."),
        (
            "D8",
            "You have a known disc problem, and narrowing (stenosis) or arthritis in your spine.",
        ),
        (
            "D9",
            "You have thin bones (osteoporosis), or you take steroid tablets for a long time.",
        ),
        ("D11", "Your pain is shooting, burning or like an electric shock."),
        ("D12", "You have a weak immune system, or you inject drugs."),
        (
            "D13",
            "The pain is there at night or when you rest, and it does not ease when you lie "
            "still or move.",
        ),
        ("P2", "This kind of pain keeps coming back after you exercise."),
    ]


def test_every_reason_in_full_for_back_pain() -> None:
    result = evaluate(EVERYTHING)
    assert result.outcome is Outcome.EMERGENCY
    assert reasons_of(EVERYTHING) == _reasons_for("legs")


def test_every_reason_in_full_for_neck_pain() -> None:
    e2 = (
        "E2",
        "You are 65 or over and your neck pain started with a fall, a knock or an accident. "
        "At your age a neck injury needs a scan today.",
    )
    assert reasons_of({**EVERYTHING, "location": "neck"}) == [e2, *_reasons_for("arms or hands")]


def test_the_other_reasons_in_full() -> None:
    reasons = {
        rule_id: text
        for change in (
            {"onset": "not_exercise", "duration": "over_3_months"},
            {"onset": "gradual", "age": "50_to_64"},
        )
        for rule_id, text in reasons_of(answers(**change))
    }
    assert reasons == {
        "D10": "Your pain may not be from exercise.",
        "P1": "You have had the pain for more than 3 months.",
        "D14": "You are 50 or over and the pain built up slowly.",
    }


@pytest.mark.parametrize("flag", sorted(RED_FLAGS))
def test_each_red_flag_reason_in_full(flag: str) -> None:
    result = evaluate({"emergency": [flag]})
    sign = str(SIGNS[flag].description)
    assert [(rule.id, rule.outcome, reason(rule, result.answers)) for rule in result.triggered] == [
        (
            "E1",
            Outcome.EMERGENCY,
            "You told us about a sign that needs emergency care straight away: "
            f"{sign[0].lower()}{sign[1:]}.",
        )
    ]


def test_the_emergency_reason_names_each_sign_ticked_in_plain_words() -> None:
    assert reasons_of({"emergency": ["serious_accident", "none", "little_urine"]}) == [
        (
            "E1",
            "You told us about a sign that needs emergency care straight away: "
            "peeing much less than usual, or not at all, after a hard workout, and your "
            "muscles are much more painful, swollen or weak than normal soreness; "
            "the pain started with a serious accident: a crash in a car or on a bike or "
            "motorbike, a fall from a height (a ladder, a horse, more than 5 stairs), a hard "
            "landing on your head (a head-first fall or tackle), or diving into shallow water.",
        )
    ]


def test_every_red_flag_reason_holds_its_full_description() -> None:
    for flag in RED_FLAGS:
        [(_, text)] = reasons_of({"emergency": [flag]})
        assert str(SIGNS[flag].description)[1:] in text, flag
