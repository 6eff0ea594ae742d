"""What the wizard says: question text, hints and answer labels, in plain English.

Presentation only. The keys and values come from the engine's ``QUESTIONS``
(PROTOCOL.md "Questions"); this module only gives them words, and a test checks that
every engine value has a label here and that nothing here is unknown to the engine.

Wording can adapt to where the pain is (location is asked before the questions that
use it): ``{pain}``, ``{limbs}``, ``{limb}``, ``{joint}`` and ``{weakness_examples}`` are
filled in for neck pain with the arm words, and otherwise with the leg words
(``vocabulary``). The emergency signs' words come from the engine (``RED_FLAG_SIGNS``),
the one source the home page and the safety net also use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from triage.engine import NONE, QUESTIONS_BY_KEY, RED_FLAG_GROUPS, Kind

__all__ = [
    "WORDING",
    "Choice",
    "QuestionText",
    "Wording",
    "describe_answer",
    "question_text",
    "vocabulary",
]


@dataclass(frozen=True)
class Choice:
    """The words for one answer value; ``hint`` is an optional line under the label, and
    ``lead`` a few bold words before it (the emergency signs' short names)."""

    label: str
    hint: str = ""
    lead: str = ""


@dataclass(frozen=True)
class Wording:
    """The words for one question, with ``{pain}``-style placeholders (see module doc)."""

    title: str
    hint: str
    summary: str  # short name of the question, for "check your answers" and print
    required: str  # error when nothing was chosen
    choices: Mapping[str, Choice]


_NONE = Choice("None of these")

WORDING: Mapping[str, Wording] = MappingProxyType(
    {
        "emergency": Wording(
            title="Since your pain began, have you had any of these new signs?",
            hint=(
                "These can be signs of a serious problem that needs help straight away. "
                "Select all that apply, or select 'None of these'."
            ),
            summary="Emergency signs",
            required="Select the signs you have, or select 'None of these'",
            # One source for the signs: the engine's plain words (PROTOCOL.md v3), shown
            # in the engine's groups (RED_FLAG_GROUPS) by the question page.
            choices={
                **{
                    sign.value: Choice(sign.description, lead=sign.lead)
                    for group in RED_FLAG_GROUPS
                    for sign in group.signs
                },
                NONE: _NONE,
            },
        ),
        "age": Wording(
            title="How old are you?",
            hint="Some back and neck problems are more likely as we get older.",
            summary="Age",
            required="Select how old you are",
            choices={
                "under_20": Choice("Under 20"),
                "20_to_49": Choice("20 to 49"),
                "50_to_64": Choice("50 to 64"),
                "65_plus": Choice("65 or over"),
            },
        ),
        "location": Wording(
            title="Where is your pain worst?",
            hint="If it hurts in more than one place, choose where it hurts most.",
            summary="Where it hurts most",
            required="Select where your pain is worst",
            choices={
                "neck": Choice("Neck"),
                "upper_back": Choice("Upper back", "Between or around your shoulder blades"),
                "lower_back": Choice("Lower back"),
            },
        ),
        "onset": Wording(
            title="How did your {pain} start?",
            hint="",
            summary="How it started",
            required="Select how your pain started",
            choices={
                "sudden_during": Choice(
                    "Suddenly, while I was exercising",
                    "For example, a sharp twinge in the middle of a lift",
                ),
                "delayed_after": Choice("Hours, or a day or two, after a workout"),
                "gradual": Choice("Slowly, over several workouts or weeks"),
                "not_exercise": Choice("It is not linked to exercise, or I am not sure"),
            },
        ),
        "duration": Wording(
            title="How long have you had the pain?",
            hint="",
            summary="How long",
            required="Select how long you have had the pain",
            choices={
                "under_3_days": Choice("Less than 3 days"),
                "3_to_7_days": Choice("3 to 7 days"),
                "1_to_3_weeks": Choice("More than a week, up to 3 weeks"),
                "3_weeks_to_3_months": Choice("More than 3 weeks, up to 3 months"),
                "over_3_months": Choice("More than 3 months"),
            },
        ),
        "character": Wording(
            title="What does the pain feel like?",
            hint="If it feels like more than one of these, choose the strongest feeling.",
            summary="What it feels like",
            required="Select what the pain feels like",
            choices={
                "dull_ache": Choice("A dull ache, stiffness or sore muscles"),
                "sharp": Choice("Sharp or stabbing"),
                "shooting_burning": Choice("Shooting, burning or like an electric shock"),
            },
        ),
        "severity": Wording(
            title="What is the worst your pain has been in the last 24 hours?",
            hint=(
                "Enter a number from 0 to 10. 0 means no pain. 5 means pain that is hard "
                "to ignore and gets in the way of what you do. 10 means the worst pain "
                "you can imagine."
            ),
            summary="Worst pain in the last 24 hours",
            required="Enter a number from 0 to 10 for how bad your pain has been",
            choices={},
        ),
        "trend": Wording(
            title="Is your pain getting better or worse?",
            hint="",
            summary="Getting better or worse",
            required="Select if your pain is getting better or worse",
            choices={
                "improving": Choice("Getting better"),
                "same": Choice("Staying about the same"),
                "worse": Choice("Getting worse"),
            },
        ),
        "nerve": Wording(
            title="Do you have any of these symptoms in your {limbs}?",
            hint="Select all that apply, or select 'None of these'.",
            summary="Symptoms in your {limbs}",
            required="Select the symptoms you have in your {limbs}, or select 'None of these'",
            choices={
                "radiating": Choice(
                    "Pain that spreads down your {limb}, below the {joint}",
                    "Doctors call this radiating pain",
                ),
                "numbness_tingling": Choice("Numbness, or tingling like pins and needles"),
                "weakness": Choice(
                    "New weakness: {weakness_examples}",
                    "Not a cramp",
                ),
                "clumsy_unsteady": Choice(
                    "Your hands have become clumsy, or your walking has become unsteady",
                    "For example, you drop things or have trouble with buttons",
                ),
                NONE: _NONE,
            },
        ),
        "impact": Wording(
            title="How is the pain affecting you?",
            hint="Select all that apply, or select 'None of these'.",
            summary="How it affects you",
            required="Select how the pain affects you, or select 'None of these'",
            choices={
                "disturbs_sleep": Choice("It wakes me up or stops me sleeping"),
                "night_rest_pain": Choice(
                    "It is there at night or when I rest, and it does not ease when I lie "
                    "still or change position"
                ),
                "daily_activities": Choice(
                    "It hurts to do everyday things, like sitting, bending or reaching"
                ),
                "cannot_exercise": Choice("I cannot get back to exercise because of it"),
                NONE: _NONE,
            },
        ),
        "general": Wording(
            title="Do any of these apply to you?",
            hint="Select all that apply, or select 'None of these'.",
            summary="Your health",
            required="Select any that apply to you, or select 'None of these'",
            choices={
                "fever": Choice("A fever or chills, or you feel unwell all over"),
                "weight_loss": Choice("You are losing weight and do not know why"),
                "cancer_history": Choice("You have had cancer"),
                "osteoporosis_steroids": Choice(
                    "You have thin bones (osteoporosis), or you take steroid tablets "
                    "for a long time"
                ),
                "injury_trauma": Choice("The pain started with a fall, a knock or an accident"),
                "immune_drugs": Choice(
                    "You have a weak immune system, or you inject drugs",
                    "For example, from cancer treatment (chemotherapy), a transplant or "
                    "HIV medicines",
                ),
                "blood_thinners": Choice(
                    "You take a medicine that thins the blood",
                    "For example, warfarin, apixaban (Eliquis), rivaroxaban (Xarelto), "
                    "dabigatran (Pradaxa) or clopidogrel (Plavix)",
                ),
                "pregnant": Choice("You are pregnant, or you had a baby in the last 6 weeks"),
                "muscle_swelling": Choice(
                    "After a hard or new workout, your muscles are much more painful, "
                    "swollen or weak than normal soreness"
                ),
                NONE: _NONE,
            },
        ),
        "activity": Wording(
            title="What were you doing when the pain started, or just before?",
            hint="Select all that apply.",
            summary="What you were doing",
            required="Select what you were doing when the pain started",
            choices={
                "high_impact": Choice(
                    "Running or jumping",
                    "For example, fast interval workouts (HIIT) or jump training",
                ),
                "heavy_lifting": Choice(
                    "Heavy lifting",
                    "For example, deadlifts, squats, kettlebell swings or Olympic lifts",
                ),
                "twisting": Choice("Twisting or turning moves"),
                "yoga_backbends": Choice(
                    "Yoga backbends or upside-down poses", "For example, wheel, plow or camel"
                ),
                "pivoting_sports": Choice(
                    "Sports with quick turns", "For example, tennis, basketball or hockey"
                ),
                "contact_sports": Choice(
                    "Contact sports", "For example, football, rugby or martial arts"
                ),
                "core_work": Choice("Crunches or sit-ups"),
                "other": Choice("Something else"),
            },
        ),
        "history": Wording(
            title="Have you had any of these problems before?",
            hint="Select all that apply, or select 'None of these'.",
            summary="Problems before",
            required="Select any problems you have had, or select 'None of these'",
            choices={
                "disc_condition": Choice(
                    "A disc problem that a doctor told you about",
                    "For example, a bulging, slipped or worn disc",
                ),
                "stenosis_arthritis": Choice(
                    "Narrowing of the spine (spinal stenosis), or arthritis in the spine"
                ),
                "recurring": Choice("This kind of {pain} keeps coming back after exercise"),
                NONE: _NONE,
            },
        ),
    }
)


_ARMS = {
    "limbs": "arms or hands",
    "limb": "arm",
    "joint": "elbow",
    "weakness_examples": "your arm gives way or you cannot grip",
}
_LEGS = {
    "limbs": "legs or feet",
    "limb": "leg",
    "joint": "knee",
    "weakness_examples": "your leg gives way, your foot drops or your toes catch",
}


def vocabulary(location: str | None) -> dict[str, str]:
    """The words that change with where the pain is (module doc)."""
    if location == "neck":
        return {"area": "neck", "pain": "neck pain", **_ARMS}
    if location is None:
        return {"area": "back or neck", "pain": "back or neck pain", **_LEGS}
    return {"area": "back", "pain": "back pain", **_LEGS}


@dataclass(frozen=True)
class QuestionText:
    """One question's words with the placeholders filled in; choices in protocol order."""

    key: str
    title: str
    hint: str
    summary: str
    required: str
    choices: tuple[tuple[str, Choice], ...]

    @property
    def labels(self) -> dict[str, str]:
        return {value: choice.label for value, choice in self.choices}


# Every page words its questions again; the words are fixed, so each worker keeps them
# (a few dozen frozen values; issue 6).
@lru_cache(maxsize=256)
def question_text(key: str, *, location: str | None) -> QuestionText:
    """The words for question ``key``, adapted to ``location`` (a protocol value or None)."""
    words = vocabulary(location)
    wording = WORDING[key]
    return QuestionText(
        key=key,
        title=wording.title.format_map(words),
        hint=wording.hint.format_map(words),
        summary=wording.summary.format_map(words),
        required=wording.required.format_map(words),
        choices=tuple(
            (
                value,
                Choice(
                    wording.choices[value].label.format_map(words),
                    wording.choices[value].hint.format_map(words),
                    wording.choices[value].lead,
                ),
            )
            for value in QUESTIONS_BY_KEY[key].values
        ),
    )


def describe_answer(key: str, value: object, *, location: str | None) -> list[str]:
    """A stored answer in plain words: one line per chosen value (protocol order)."""
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.INTEGER:
        return [f"{value} out of 10"]
    labels = question_text(key, location=location).labels
    if isinstance(value, str):
        chosen: list[object] = [value]
    elif isinstance(value, list | tuple | set | frozenset):
        chosen = list(value)
    else:
        chosen = []
    return [labels[v] for v in question.values if v in chosen]
