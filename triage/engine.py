"""The triage engine: PROTOCOL.md v3 as plain, typed Python.

Pure on purpose (no Django imports): the wizard, the result page and the
``triage_check`` command all call :func:`evaluate` (or :func:`evaluate_answers`), so the
clinical logic lives in exactly one place and can be tested without a web request.

Safety principle (PROTOCOL.md): when answers conflict or are incomplete, pick the more
urgent reading, and never guess unreadable input into a milder outcome. So:

* a red flag in ``emergency`` wins over everything, even over invalid other answers;
* anything else that is missing or unreadable raises :class:`InvalidAnswers`;
* ``none`` ticked together with other values counts as the other values (plus a note).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

__all__ = [
    "NONE",
    "PROTOCOL_VERSION",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "RED_FLAGS",
    "RED_FLAG_GROUPS",
    "RED_FLAG_SIGNS",
    "RULES",
    "RULES_BY_ID",
    "Answers",
    "InvalidAnswers",
    "Kind",
    "Outcome",
    "Pattern",
    "Progress",
    "Question",
    "Result",
    "Rule",
    "Sign",
    "SignGroup",
    "Travel",
    "TriggeredRule",
    "evaluate",
    "evaluate_answers",
    "is_emergency",
    "most_urgent",
    "parse_answers",
    "pattern_for",
    "read_progress",
]

PROTOCOL_VERSION = "3"

#: The exclusive "none of these" value of the multi-choice questions that have one.
NONE = "none"


class Outcome(StrEnum):
    """Where the person should go next, most urgent first (PROTOCOL.md "Outcomes")."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SEE_DOCTOR = "see_doctor"
    PHYSIO = "physio"
    SELF_CARE = "self_care"

    @property
    def urgency(self) -> int:
        """A rank for comparing outcomes: higher is more urgent (emergency is highest)."""
        return _URGENCY[self]

    @property
    def offers_exercise(self) -> bool:
        """Stretches, prevention tips and a return-to-exercise plan: not for emergency or
        urgent (PROTOCOL.md "What the result page offers, by outcome")."""
        return self not in {Outcome.EMERGENCY, Outcome.URGENT}

    @property
    def offers_pattern_plan(self) -> bool:
        """Stretches and the plan chosen for the pattern (physio, self_care); see_doctor
        gets gentle stretches and the plan "after your doctor has checked you"."""
        return self in {Outcome.PHYSIO, Outcome.SELF_CARE}

    @classmethod
    def most_urgent(cls, outcomes: Iterable[Outcome]) -> Outcome:
        """The most urgent of ``outcomes``; ``self_care`` if there are none."""
        return max(outcomes, key=lambda outcome: outcome.urgency, default=cls.SELF_CARE)


_URGENCY: Mapping[Outcome, int] = MappingProxyType(
    {
        Outcome.EMERGENCY: 4,
        Outcome.URGENT: 3,
        Outcome.SEE_DOCTOR: 2,
        Outcome.PHYSIO: 1,
        Outcome.SELF_CARE: 0,
    }
)


def most_urgent(outcomes: Iterable[Outcome]) -> Outcome:
    """The most urgent of ``outcomes``; ``self_care`` if there are none."""
    return Outcome.most_urgent(outcomes)


class Pattern(StrEnum):
    """Which content suits the person (PROTOCOL.md "Pattern"); never shown as a diagnosis."""

    NERVE = "nerve"
    STRAIN = "strain"
    SORENESS = "soreness"
    PERSISTENT = "persistent"
    GENERAL = "general"


class Kind(StrEnum):
    """How a question is answered."""

    SINGLE = "single"  # radios: exactly one value
    MULTI = "multi"  # checkboxes: one or more values
    INTEGER = "integer"  # a whole number from min_value to max_value


@dataclass(frozen=True)
class Question:
    """One protocol question: its key and its allowed values, in protocol order.

    ``values`` is empty for INTEGER questions, which use ``min_value``..``max_value``
    (inclusive). For MULTI questions that have it, ``none`` is the last value.
    """

    key: str
    kind: Kind
    values: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None

    @property
    def exclusive(self) -> str | None:
        """The "none of these" value of a multi question, if it has one."""
        return NONE if self.kind is Kind.MULTI and NONE in self.values else None


QUESTIONS: tuple[Question, ...] = (
    Question(
        "emergency",
        Kind.MULTI,
        (
            "bladder_bowel",
            "saddle_numbness",
            "leg_paralysis",
            "excruciating",
            "chest_symptoms",
            "neck_injury_neuro",
            "both_legs",
            "dark_urine",
            "little_urine",
            "head_neuro",
            "meningitis_signs",
            "serious_accident",
            "faint_belly",
            NONE,
        ),
    ),
    Question("age", Kind.SINGLE, ("under_20", "20_to_49", "50_to_64", "65_plus")),
    Question("location", Kind.SINGLE, ("neck", "upper_back", "lower_back")),
    Question("onset", Kind.SINGLE, ("sudden_during", "delayed_after", "gradual", "not_exercise")),
    Question(
        "duration",
        Kind.SINGLE,
        ("under_3_days", "3_to_7_days", "1_to_3_weeks", "3_weeks_to_3_months", "over_3_months"),
    ),
    Question("character", Kind.SINGLE, ("dull_ache", "sharp", "shooting_burning")),
    Question("severity", Kind.INTEGER, min_value=0, max_value=10),
    Question("trend", Kind.SINGLE, ("improving", "same", "worse")),
    Question(
        "nerve",
        Kind.MULTI,
        ("radiating", "numbness_tingling", "weakness", "clumsy_unsteady", NONE),
    ),
    Question(
        "impact",
        Kind.MULTI,
        ("disturbs_sleep", "night_rest_pain", "daily_activities", "cannot_exercise", NONE),
    ),
    Question(
        "general",
        Kind.MULTI,
        (
            "fever",
            "weight_loss",
            "cancer_history",
            "osteoporosis_steroids",
            "injury_trauma",
            "immune_drugs",
            "blood_thinners",
            "pregnant",
            "muscle_swelling",
            NONE,
        ),
    ),
    Question(
        "activity",
        Kind.MULTI,
        (
            "high_impact",
            "heavy_lifting",
            "twisting",
            "yoga_backbends",
            "pivoting_sports",
            "contact_sports",
            "core_work",
            "other",
        ),
    ),
    Question("history", Kind.MULTI, ("disc_condition", "stenosis_arthritis", "recurring", NONE)),
)

QUESTIONS_BY_KEY: Mapping[str, Question] = MappingProxyType({q.key: q for q in QUESTIONS})

#: Every emergency value except ``none``: any one of them means rule E1.
RED_FLAGS: frozenset[str] = frozenset(QUESTIONS_BY_KEY["emergency"].values) - {NONE}


@dataclass(frozen=True)
class Sign:
    """One emergency sign: a few bold words that lead in (``lead``), then its full
    description (``description``). The lead-in never replaces the description: every
    element of the protocol's wording is in ``description`` (PROTOCOL.md v3)."""

    value: str
    lead: str
    description: str


@dataclass(frozen=True)
class SignGroup:
    """A group of emergency signs under a short heading (PROTOCOL.md v3, "Presentation")."""

    heading: str
    signs: tuple[Sign, ...]


#: The emergency signs in plain words, in the protocol's five groups and order: the one
#: source for the emergency question's choices, the home page's "do not use this service
#: in an emergency" list, every result's safety net and rule E1's reason.
RED_FLAG_GROUPS: tuple[SignGroup, ...] = (
    SignGroup(
        "Bladder, bowel and legs",
        (
            Sign(
                "bladder_bowel",
                "Bladder or bowel problems.",
                "New loss of control of your bladder or bowels (you cannot stop pee or poo "
                "coming out), or new trouble peeing",
            ),
            Sign(
                "saddle_numbness",
                "Numbness between your legs.",
                "Numbness, tingling or a strange feeling in your inner thighs, buttocks "
                "(bottom), genitals or back passage (for example when you wipe), or new "
                "loss of feeling during sex",
            ),
            Sign(
                "leg_paralysis",
                "Legs that will not work.",
                "You suddenly cannot move or feel one or both legs",
            ),
            Sign(
                "both_legs",
                "Both legs affected.",
                "Numbness, tingling, pain or weakness in both legs",
            ),
        ),
    ),
    SignGroup(
        "Sudden severe pain, chest or belly",
        (
            Sign(
                "excruciating",
                "The worst pain ever.",
                "Sudden, very bad pain in your back or neck: the worst you have ever had",
            ),
            Sign(
                "chest_symptoms",
                "Chest pain or trouble breathing.",
                "Chest pain, shortness of breath or cold sweats, together with the back or "
                "neck pain",
            ),
            Sign(
                "faint_belly",
                "Fainting or belly pain.",
                "You faint or nearly faint, or you have a new, very bad pain in your belly, "
                "together with the back pain",
            ),
        ),
    ),
    SignGroup(
        "Head and neck",
        (
            Sign(
                "head_neuro",
                "Neck pain with head or nerve signs.",
                "Neck pain with any of these: a sudden, very bad headache, double vision, "
                "loss of sight in one eye, dizziness or fainting, slurred speech, trouble "
                "swallowing, a drooping eyelid, a numb face, weakness on one side of your "
                "body, or walking that has suddenly become unsteady",
            ),
            Sign(
                "meningitis_signs",
                "Stiff neck with a fever.",
                "A stiff neck and a fever, together with a bad headache, a rash, or light "
                "hurting your eyes",
            ),
        ),
    ),
    SignGroup(
        "After an accident or a blow",
        (
            Sign(
                "serious_accident",
                "A serious accident.",
                "The pain started with a serious accident: a crash in a car or on a bike or "
                "motorbike, a fall from a height (a ladder, a horse, more than 5 stairs), a "
                "hard landing on your head (a head-first fall or tackle), or diving into "
                "shallow water",
            ),
            Sign(
                "neck_injury_neuro",
                "A neck injury with numbness or weakness.",
                "Neck pain after a blow, fall or collision, and your arms or legs feel numb, "
                "tingly or weak",
            ),
        ),
    ),
    SignGroup(
        "After a hard workout",
        (
            Sign(
                "dark_urine",
                "Very dark pee.",
                "Very dark pee (the color of tea or cola) after a hard workout, and your "
                "muscles are much more painful, swollen or weak than normal soreness",
            ),
            Sign(
                "little_urine",
                "Very little pee.",
                "Peeing much less than usual, or not at all, after a hard workout, and your "
                "muscles are much more painful, swollen or weak than normal soreness",
            ),
        ),
    ),
)

#: Every sign's full description by value (from ``RED_FLAG_GROUPS``).
RED_FLAG_SIGNS: Mapping[str, str] = MappingProxyType(
    {sign.value: sign.description for group in RED_FLAG_GROUPS for sign in group.signs}
)


#: ``general`` values for which anti-inflammatory painkillers are never suggested.
_NO_ANTI_INFLAMMATORIES = frozenset({"blood_thinners", "pregnant", "muscle_swelling"})


@dataclass(frozen=True)
class Answers:
    """A validated answer set (build it with :func:`parse_answers`).

    After a red flag only ``emergency`` is filled in: the protocol asks nothing else, so
    the other fields are ``None`` or empty. A multi answer may hold ``none`` together
    with other values (a conflict); the rules then use the other values.
    """

    emergency: frozenset[str]
    age: str | None = None
    location: str | None = None
    onset: str | None = None
    duration: str | None = None
    character: str | None = None
    severity: int | None = None
    trend: str | None = None
    nerve: frozenset[str] = frozenset()
    impact: frozenset[str] = frozenset()
    general: frozenset[str] = frozenset()
    activity: frozenset[str] = frozenset()
    history: frozenset[str] = frozenset()

    @property
    def red_flags(self) -> frozenset[str]:
        """The red flags ticked (empty unless this is an emergency)."""
        return self.emergency & RED_FLAGS

    @property
    def limbs(self) -> str:
        """The limbs the nerve questions are about: arms or hands for neck pain."""
        return _limbs(self.location)

    @property
    def avoid_anti_inflammatories(self) -> bool:
        """Anti-inflammatory painkillers (ibuprofen, naproxen, aspirin) may harm: a blood
        thinner, pregnancy, muscles far worse than normal soreness, or age 65 or over
        (PROTOCOL.md v3, "medicines"); the result says to ask a pharmacist or doctor."""
        return bool(self.general & _NO_ANTI_INFLAMMATORIES) or self.age == "65_plus"

    def as_data(self) -> dict[str, str | int | list[str]]:
        """The answers as plain JSON-ready data (multi values in protocol order).

        ``parse_answers(answers.as_data()) == answers`` for any parsed ``answers``, so
        this is the form to keep in a session.
        """
        data: dict[str, str | int | list[str]] = {}
        for question in QUESTIONS:
            value = getattr(self, question.key)
            if question.kind is Kind.MULTI:
                if value:
                    data[question.key] = _in_protocol_order(question, value)
            elif value is not None:
                data[question.key] = value
        return data


class InvalidAnswers(ValueError):
    """The answers cannot be triaged safely. ``errors`` maps a key to a plain message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{key}: {message}" for key, message in self.errors.items()))


@dataclass(frozen=True)
class Rule:
    """One row of the PROTOCOL.md rules table.

    ``reason`` is for the person, in plain words; ``{limbs}`` in it becomes "legs or
    feet" or, for neck pain, "arms or hands", and ``{signs}`` each red flag ticked. A
    reason that depends on which values were ticked is a callable of the answers (D2
    names only what the person reported). ``mentions`` are the answers the reason speaks
    of, as ``key`` or ``key=value``: the result page says each thing once, so a less
    urgent reason is left out when everything it mentions was said already. ``summary``
    is a short clinical label for staff (used by ``triage_check``).
    """

    id: str
    outcome: Outcome
    condition: Callable[[Answers], bool]
    reason: str | Callable[[Answers], str]
    summary: str = ""
    mentions: frozenset[str] | Callable[[Answers], frozenset[str]] = frozenset()

    def render_reason(self, answers: Answers) -> str:
        """The reason with ``{limbs}`` and ``{signs}`` filled in for these answers.

        ``{signs}`` names each red flag ticked, in plain words (PROTOCOL.md: E1's reason
        names every sign the person ticked).
        """
        reason = self.reason(answers) if callable(self.reason) else self.reason
        reason = reason.replace("{limbs}", answers.limbs)
        if "{signs}" in reason:
            signs = [
                RED_FLAG_SIGNS[flag]
                for flag in _in_protocol_order(QUESTIONS_BY_KEY["emergency"], answers.red_flags)
            ]
            reason = reason.replace("{signs}", "; ".join(s[:1].lower() + s[1:] for s in signs))
        return reason

    def mentioned(self, answers: Answers) -> frozenset[str]:
        """The ``mentions`` that hold for these answers (what the reason actually says)."""
        if callable(self.mentions):
            return self.mentions(answers)
        return frozenset(m for m in self.mentions if _holds(m, answers))


def _holds(mention: str, answers: Answers) -> bool:
    """Whether ``key=value`` (or ``severity>=N``) is true of the answers."""
    if mention.startswith("severity>="):
        return _severity_at_least(answers, int(mention.removeprefix("severity>=")))
    key, _, value = mention.partition("=")
    answer = getattr(answers, key)
    return value in answer if isinstance(answer, frozenset) else answer == value


def _severity_at_least(answers: Answers, minimum: int) -> bool:
    return answers.severity is not None and answers.severity >= minimum


def _spreading_or_numb(answers: Answers) -> str:
    """D2 in the person's own terms: only the symptoms they ticked."""
    spreading = "radiating" in answers.nerve
    numb = "numbness_tingling" in answers.nerve
    if spreading and numb:
        return "Pain spreads down into your {limbs}, and you have numbness or tingling there."
    if spreading:
        return "Pain spreads down into your {limbs}."
    return "You have numbness or tingling in your {limbs}."


def _sudden_and_bad(answers: Answers) -> bool:
    return answers.onset == "sudden_during" and _severity_at_least(answers, 7)


#: Each nerve symptom in a few words, for reasons that name what the person ticked.
_SYMPTOM_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "radiating": "pain spreading down into your {limbs}",
        "numbness_tingling": "numbness or tingling in your {limbs}",
        "weakness": "new weakness in your {limbs}",
        "clumsy_unsteady": "clumsy hands or unsteady walking",
    }
)


def _and(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def _symptoms(values: frozenset[str]) -> list[str]:
    """The nerve symptoms among ``values`` in plain words, in protocol order (a ``none``
    ticked beside them is a conflict the rules read as the symptoms alone)."""
    return [_SYMPTOM_WORDS[v] for v in QUESTIONS_BY_KEY["nerve"].values if v in values - {NONE}]


# E3-E5 name only the answers that made them fire (PROTOCOL.md: the reason is "the
# answers that triggered it, in plain words").
def _cord_reason(answers: Answers) -> str:
    return (
        f"You have had cancer, and now you have {_and(_symptoms(answers.nerve & _CORD_SIGNS))}. "
        "Something may be pressing on your spinal cord: you need a scan today."
    )


def _infection_reason(answers: Answers) -> str:
    parts = _symptoms(answers.nerve)
    if "immune_drugs" in answers.general:
        parts.append("a weak immune system or injecting drugs")
    return (
        f"You have a fever or feel unwell, together with {_and(parts)}. "
        "This can be an infection in the spine: it needs checking today."
    )


def _bleeding_reason(answers: Answers) -> str:
    parts = []
    if _sudden_and_bad(answers):
        parts.append(
            "your pain came on suddenly while you were exercising and is bad (7 or more out of 10)"
        )
    if symptoms := _symptoms(answers.nerve & _BLEED_SIGNS):
        parts.append(f"you have {_and(symptoms)}")
    return (
        f"You take a medicine that thins the blood, and {', and '.join(parts)}. "
        "This can be bleeding near the spine: it needs checking today."
    )


_CORD_SIGNS = frozenset({"weakness", "numbness_tingling", "clumsy_unsteady"})  # E3
_BLEED_SIGNS = frozenset({"weakness", "numbness_tingling"})  # E5

# The PROTOCOL.md v3 rules table, row for row, in protocol order. Change it only with
# a new protocol version.
RULES: tuple[Rule, ...] = (
    Rule(
        "E1",
        Outcome.EMERGENCY,
        lambda a: bool(a.red_flags),
        "You told us about a sign that needs emergency care straight away: {signs}.",
        "red flag",
        frozenset({"emergency"}),
    ),
    Rule(
        "E2",
        Outcome.EMERGENCY,
        lambda a: a.location == "neck" and "injury_trauma" in a.general and a.age == "65_plus",
        "You are 65 or over and your neck pain started with a fall, a knock or an accident. "
        "At your age a neck injury needs a scan today.",
        "neck injury at 65 or over (Canadian C-spine rule)",
        frozenset({"location=neck", "general=injury_trauma", "age=65_plus"}),
    ),
    Rule(
        "E3",
        Outcome.EMERGENCY,
        lambda a: "cancer_history" in a.general and bool(a.nerve & _CORD_SIGNS),
        _cord_reason,
        "cancer history with nerve symptoms (NICE NG234, spinal cord compression)",
        frozenset(
            {
                "general=cancer_history",
                "nerve=weakness",
                "nerve=numbness_tingling",
                "nerve=clumsy_unsteady",
            }
        ),
    ),
    Rule(
        "E4",
        Outcome.EMERGENCY,
        lambda a: "fever" in a.general and (bool(a.nerve - {NONE}) or "immune_drugs" in a.general),
        _infection_reason,
        "fever with nerve symptoms or weak immunity (spinal infection)",
        frozenset(
            {
                "general=fever",
                "general=immune_drugs",
                "nerve=radiating",
                "nerve=numbness_tingling",
                "nerve=weakness",
                "nerve=clumsy_unsteady",
            }
        ),
    ),
    Rule(
        "E5",
        Outcome.EMERGENCY,
        lambda a: (
            "blood_thinners" in a.general and (_sudden_and_bad(a) or bool(a.nerve & _BLEED_SIGNS))
        ),
        _bleeding_reason,
        "blood thinner with sudden severe pain or nerve symptoms (bleeding)",
        lambda a: frozenset(
            {"general=blood_thinners"}
            | ({"onset=sudden_during", "severity>=7"} if _sudden_and_bad(a) else set())
            | {f"nerve={v}" for v in a.nerve & _BLEED_SIGNS}
        ),
    ),
    Rule(
        "U1",
        Outcome.URGENT,
        lambda a: "weakness" in a.nerve,
        "You have new weakness in your {limbs}.",
        "new weakness in the limbs",
        frozenset({"nerve=weakness"}),
    ),
    Rule(
        "U2",
        Outcome.URGENT,
        lambda a: "fever" in a.general,
        "You have a fever or chills, or you feel generally unwell.",
        "fever or unwell",
        frozenset({"general=fever"}),
    ),
    Rule(
        "U3",
        Outcome.URGENT,
        lambda a: "injury_trauma" in a.general,
        "Your pain started with a fall, a knock or an accident.",
        "started with trauma",
        frozenset({"general=injury_trauma"}),
    ),
    Rule(
        "U4",
        Outcome.URGENT,
        lambda a: bool(a.general & {"cancer_history", "weight_loss"}),
        lambda a: {
            frozenset({"cancer_history", "weight_loss"}): "You have had cancer, and you have "
            "lost weight without knowing why.",
            frozenset({"cancer_history"}): "You have had cancer.",
        }.get(
            a.general & {"cancer_history", "weight_loss"},
            "You have lost weight without knowing why.",
        ),
        "cancer history or unexplained weight loss",
        frozenset({"general=cancer_history", "general=weight_loss"}),
    ),
    Rule(
        "U5",
        Outcome.URGENT,
        _sudden_and_bad,
        "Your pain came on suddenly while you were exercising, and it is bad "
        "(7 or more out of 10).",
        "sudden onset in exercise with severity >= 7",
        frozenset({"onset=sudden_during", "severity>=7"}),
    ),
    Rule(
        "U6",
        Outcome.URGENT,
        lambda a: "numbness_tingling" in a.nerve and a.trend == "worse",
        "You have numbness or tingling in your {limbs}, and your pain is getting worse.",
        "numbness/tingling and getting worse",
        frozenset({"nerve=numbness_tingling", "trend=worse"}),
    ),
    Rule(
        "U7",
        Outcome.URGENT,
        lambda a: _severity_at_least(a, 9),
        "Your pain is very bad (9 or more out of 10).",
        "severity >= 9",
        # "9 or more" says "7 or more" too.
        frozenset({"severity>=9", "severity>=7"}),
    ),
    Rule(
        "U8",
        Outcome.URGENT,
        lambda a: "clumsy_unsteady" in a.nerve,
        "Your hands have become clumsy, or your walking has become unsteady.",
        "clumsy hands or unsteady walking",
        frozenset({"nerve=clumsy_unsteady"}),
    ),
    Rule(
        "U9",
        Outcome.URGENT,
        lambda a: "immune_drugs" in a.general and "night_rest_pain" in a.impact,
        "You have a weak immune system or you inject drugs, and the pain is there at night "
        "or when you rest.",
        "weak immune system or injects drugs, with night or rest pain",
        frozenset({"general=immune_drugs", "impact=night_rest_pain"}),
    ),
    Rule(
        "U10",
        Outcome.URGENT,
        lambda a: "osteoporosis_steroids" in a.general and a.onset == "sudden_during",
        "You have thin bones (osteoporosis) or take steroid tablets, and the pain came on "
        "suddenly while you were exercising. A bone in the spine may be broken: you need an "
        "X-ray in the next day or two.",
        "osteoporosis or steroids with sudden onset (vertebral fracture)",
        frozenset({"general=osteoporosis_steroids", "onset=sudden_during"}),
    ),
    Rule(
        "U11",
        Outcome.URGENT,
        lambda a: "muscle_swelling" in a.general,
        "After a hard or new workout, your muscles are much more painful, swollen or weak "
        "than normal soreness. You need a blood test today or tomorrow to check for muscle "
        "breakdown, which can harm the kidneys.",
        "muscles far worse than normal soreness (exertional rhabdomyolysis)",
        frozenset({"general=muscle_swelling"}),
    ),
    Rule(
        "D1",
        Outcome.SEE_DOCTOR,
        lambda a: a.duration in {"1_to_3_weeks", "3_weeks_to_3_months"},
        "You have had the pain for more than a week.",
        "pain for 1 week to 3 months",
        frozenset({"duration=1_to_3_weeks", "duration=3_weeks_to_3_months"}),
    ),
    Rule(
        "D2",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.nerve & {"radiating", "numbness_tingling"}),
        _spreading_or_numb,
        "radiating pain or numbness/tingling",
        frozenset({"nerve=radiating", "nerve=numbness_tingling"}),
    ),
    Rule(
        "D3",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.impact & {"disturbs_sleep", "daily_activities"}),
        lambda a: {
            frozenset({"disturbs_sleep"}): "The pain stops you sleeping.",
            frozenset({"daily_activities"}): "The pain makes everyday movements hard.",
        }.get(
            a.impact & {"disturbs_sleep", "daily_activities"},
            "The pain stops you sleeping and makes everyday movements hard.",
        ),
        "disturbs sleep or daily activities",
        frozenset({"impact=disturbs_sleep", "impact=daily_activities"}),
    ),
    Rule(
        "D4",
        Outcome.SEE_DOCTOR,
        lambda a: "cannot_exercise" in a.impact,
        "The pain stops you getting back to exercise.",
        "cannot get back to exercise",
        frozenset({"impact=cannot_exercise"}),
    ),
    Rule(
        "D5",
        Outcome.SEE_DOCTOR,
        lambda a: a.onset == "sudden_during",
        "Your pain came on suddenly while you were exercising.",
        "sudden onset in exercise",
        frozenset({"onset=sudden_during"}),
    ),
    Rule(
        "D6",
        Outcome.SEE_DOCTOR,
        lambda a: a.trend == "worse",
        "Your pain is getting worse.",
        "getting worse",
        frozenset({"trend=worse"}),
    ),
    Rule(
        "D7",
        Outcome.SEE_DOCTOR,
        lambda a: _severity_at_least(a, 7),
        "Your pain is bad (7 or more out of 10).",
        "severity >= 7",
        frozenset({"severity>=7"}),
    ),
    Rule(
        "D8",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.history & {"disc_condition", "stenosis_arthritis"}),
        lambda a: {
            frozenset({"disc_condition"}): "You have a known disc problem.",
            frozenset({"stenosis_arthritis"}): "You have narrowing (stenosis) or arthritis "
            "in your spine.",
        }.get(
            a.history & {"disc_condition", "stenosis_arthritis"},
            "You have a known disc problem, and narrowing (stenosis) or arthritis in your spine.",
        ),
        "disc condition, stenosis or arthritis",
        frozenset({"history=disc_condition", "history=stenosis_arthritis"}),
    ),
    Rule(
        "D9",
        Outcome.SEE_DOCTOR,
        lambda a: "osteoporosis_steroids" in a.general,
        "You have thin bones (osteoporosis), or you take steroid tablets for a long time.",
        "osteoporosis or long-term steroids",
        frozenset({"general=osteoporosis_steroids"}),
    ),
    Rule(
        "D10",
        Outcome.SEE_DOCTOR,
        lambda a: a.onset == "not_exercise",
        "Your pain may not be from exercise.",
        "not linked to exercise",
        frozenset({"onset=not_exercise"}),
    ),
    Rule(
        "D11",
        Outcome.SEE_DOCTOR,
        lambda a: a.character == "shooting_burning",
        "Your pain is shooting, burning or like an electric shock.",
        "shooting or burning pain",
        frozenset({"character=shooting_burning"}),
    ),
    Rule(
        "D12",
        Outcome.SEE_DOCTOR,
        lambda a: "immune_drugs" in a.general,
        "You have a weak immune system, or you inject drugs.",
        "weak immune system or injects drugs",
        frozenset({"general=immune_drugs"}),
    ),
    Rule(
        "D13",
        Outcome.SEE_DOCTOR,
        lambda a: "night_rest_pain" in a.impact,
        "The pain is there at night or when you rest, and it does not ease when you lie "
        "still or move.",
        "night or rest pain",
        frozenset({"impact=night_rest_pain"}),
    ),
    Rule(
        "D14",
        Outcome.SEE_DOCTOR,
        lambda a: a.age in {"50_to_64", "65_plus"} and a.onset == "gradual",
        "You are 50 or over and the pain built up slowly.",
        "gradual onset at 50 or over",
        frozenset({"age=50_to_64", "age=65_plus", "onset=gradual"}),
    ),
    Rule(
        "D15",
        Outcome.SEE_DOCTOR,
        lambda a: (
            a.age == "under_20"
            and a.location == "lower_back"
            and (a.duration == "over_3_months" or "recurring" in a.history)
        ),
        lambda a: (
            "You are under 20 and your low back pain "
            + (
                "has lasted more than 3 months and keeps coming back"
                if a.duration == "over_3_months" and "recurring" in a.history
                else "has lasted more than 3 months"
                if a.duration == "over_3_months"
                else "keeps coming back"
            )
            + ". In young athletes this can be a small stress fracture in the spine, which a "
            "doctor should check."
        ),
        "young athlete, lasting or recurring low back pain (spondylolysis)",
        frozenset(
            {"age=under_20", "location=lower_back", "duration=over_3_months", "history=recurring"}
        ),
    ),
    Rule(
        "D16",
        Outcome.SEE_DOCTOR,
        lambda a: "pregnant" in a.general,
        "You are pregnant or had a baby in the last 6 weeks. Your own doctor or midwife "
        "knows your pregnancy and should check your pain.",
        "pregnant or up to 6 weeks after birth",
        frozenset({"general=pregnant"}),
    ),
    Rule(
        "P1",
        Outcome.PHYSIO,
        lambda a: a.duration == "over_3_months",
        "You have had the pain for more than 3 months.",
        "pain over 3 months",
        frozenset({"duration=over_3_months"}),
    ),
    Rule(
        "P2",
        Outcome.PHYSIO,
        lambda a: "recurring" in a.history,
        "This kind of pain keeps coming back after you exercise.",
        "keeps coming back after exercise",
        frozenset({"history=recurring"}),
    ),
)

RULES_BY_ID: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in RULES})


@dataclass(frozen=True)
class TriggeredRule:
    """A rule that applied to these answers, with its reason already in plain words."""

    id: str
    outcome: Outcome
    reason: str
    #: What the reason speaks of (``Rule.mentions`` that hold), so a page says it once.
    mentions: frozenset[str] = frozenset()


class Travel(StrEnum):
    """How to get to emergency care (PROTOCOL.md v3, "the emergency result says how to
    get there"), most careful first."""

    #: Call 911 and wait for the ambulance; keep the head and neck still, let no one move
    #: you unless you are in danger; never be driven.
    KEEP_STILL = "keep_still"
    #: Call 911 and wait for the ambulance: moving or driving is dangerous.
    AMBULANCE = "ambulance"
    #: Go to the emergency room now, or call 911; do not drive yourself.
    EMERGENCY_ROOM = "emergency_room"


#: Signs (and rules) after which moving or driving is dangerous: wait for the ambulance.
_AMBULANCE_SIGNS = frozenset(
    {
        "chest_symptoms",
        "excruciating",
        "faint_belly",
        "head_neuro",
        "meningitis_signs",
        "leg_paralysis",
        "neck_injury_neuro",
        "serious_accident",
    }
)
_AMBULANCE_RULES = frozenset({"E2", "E5"})
#: Signs (and rules) of a possible neck injury: keep the head and neck still.
_KEEP_STILL_SIGNS = frozenset({"neck_injury_neuro", "serious_accident"})
_KEEP_STILL_RULES = frozenset({"E2"})
#: Signs (and rules) of muscle breakdown: no anti-inflammatories, sips of water.
_MUSCLE_SIGNS = frozenset({"dark_urine", "little_urine"})
_MUSCLE_RULES = frozenset({"U11"})


@dataclass(frozen=True)
class Result:
    """The outcome, every rule that triggered (protocol order), the pattern and notes.

    ``pattern`` is ``None`` for an emergency (no content is offered). ``notes`` explain
    how conflicting answers were read.
    """

    outcome: Outcome
    triggered: tuple[TriggeredRule, ...]
    pattern: Pattern | None
    #: The answer set the rules were applied to (content selection reads it).
    answers: Answers
    notes: tuple[str, ...] = ()
    protocol_version: str = PROTOCOL_VERSION

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the triggered rules, in protocol order."""
        return tuple(rule.id for rule in self.triggered)

    @property
    def travel(self) -> Travel | None:
        """How to get to emergency care; None unless the outcome is an emergency. When
        signs differ, the most careful way wins."""
        if self.outcome is not Outcome.EMERGENCY:
            return None
        flags, ids = self.answers.red_flags, set(self.rule_ids)
        if flags & _KEEP_STILL_SIGNS or ids & _KEEP_STILL_RULES:
            return Travel.KEEP_STILL
        if flags & _AMBULANCE_SIGNS or ids & _AMBULANCE_RULES:
            return Travel.AMBULANCE
        return Travel.EMERGENCY_ROOM

    @property
    def muscle_breakdown(self) -> bool:
        """Possible muscle breakdown (``dark_urine``, ``little_urine``, U11): no
        anti-inflammatory painkillers, and sips of water while waiting unless being sick."""
        return bool(self.answers.red_flags & _MUSCLE_SIGNS or set(self.rule_ids) & _MUSCLE_RULES)

    @property
    def no_anti_inflammatories(self) -> bool:
        """Never suggest anti-inflammatory painkillers (PROTOCOL.md v3, "medicines")."""
        return self.answers.avoid_anti_inflammatories or self.muscle_breakdown


# --- Parsing -------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]{1,4}")
_SEVERITY_ERROR = "must be a whole number from 0 to 10"
_COLLECTIONS = (list, tuple, set, frozenset)


def _show(value: object) -> str:
    """A short, safe description of a bad value for an error message.

    Only strings are quoted (escaped and cut short); other values are named by type, so
    a message never depends on an arbitrary object's repr.
    """
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, _COLLECTIONS):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "a value of an unexpected type"


def _in_protocol_order(question: Question, values: object) -> list[str]:
    """Known values in protocol order, then any others (sorted) so nothing is lost."""
    items = _as_items(values) or []
    known = [v for v in question.values if v in items]
    others = sorted(str(v) for v in items if not isinstance(v, str) or v not in question.values)
    return known + others


def _as_items(value: object) -> list[object] | None:
    """The items of a multi answer: a bare string counts as one item; else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, _COLLECTIONS):
        return list(value)
    return None


def _get(data: Mapping[str, object], key: str) -> object:
    """The raw answer for ``key``.

    A multi-value mapping (Django's QueryDict) returns only the LAST value from ``get``,
    which could hide a red flag ticked before ``none``; so every value is read.
    """
    getlist = getattr(data, "getlist", None)
    if callable(getlist) and key in data:
        return list(getlist(key))
    return data.get(key)


def _red_flags_in(data: Mapping[str, object]) -> frozenset[str]:
    """Red flags in the raw ``emergency`` answer, whatever else it or ``data`` holds."""
    items = _as_items(_get(data, "emergency"))
    if not items:
        return frozenset()
    # isinstance first: an unhashable item must not reach the set lookup.
    return frozenset(item for item in items if isinstance(item, str) and item in RED_FLAGS)


def _parse_single(question: Question, value: object) -> tuple[str | None, str | None]:
    """(value, error) for a single-choice answer."""
    if isinstance(value, _COLLECTIONS):
        items = list(value)
        if len(items) > 1:
            return None, "choose only one answer"
        if not items:
            return None, "missing"
        value = items[0]
    if value is None:
        return None, "missing"
    if not isinstance(value, str):
        return None, f"must be one of the choices, not {_show(value)}"
    if value not in question.values:
        return None, f"unknown answer {_show(value)}"
    return value, None


def _parse_integer(question: Question, value: object) -> tuple[int | None, str | None]:
    """(value, error) for the severity answer; no guessing (floats and bools refused)."""
    if isinstance(value, list | tuple) and len(value) == 1:
        value = value[0]
    if value is None:
        return None, "missing"
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    low, high = question.min_value, question.max_value
    if number is None or low is None or high is None or not low <= number <= high:
        return None, _SEVERITY_ERROR
    return number, None


def _parse_multi(question: Question, value: object) -> tuple[frozenset[str], str | None]:
    """(values, error) for a checkbox answer: at least one known value."""
    if value is None:
        return frozenset(), "missing"
    items = _as_items(value)
    if items is None:
        return frozenset(), f"must be a list of choices, not {_show(value)}"
    if not items:
        return frozenset(), "choose at least one answer"
    known = frozenset(item for item in items if isinstance(item, str) and item in question.values)
    unknown = [item for item in items if not isinstance(item, str) or item not in known]
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        return frozenset(), f"unknown answer{plural} " + ", ".join(_show(i) for i in unknown[:3])
    return known, None


type Value = str | int | frozenset[str]


def _emergency_answers(data: Mapping[str, object]) -> Answers | None:
    """The answer set after a red flag (rule E1), or None when no red flag is ticked.

    Unknown values beside a red flag are dropped; a ticked "none" is kept so the result
    can note the conflict. No other question is read.
    """
    red_flags = _red_flags_in(data)
    if not red_flags:
        return None
    ticked = _as_items(_get(data, "emergency")) or []
    return Answers(emergency=red_flags | ({NONE} if NONE in ticked else set()))


def _parse(question: Question, value: object) -> tuple[Value | None, str | None]:
    """(value, error) for one raw answer, by the question's kind."""
    if question.kind is Kind.SINGLE:
        return _parse_single(question, value)
    if question.kind is Kind.INTEGER:
        return _parse_integer(question, value)
    return _parse_multi(question, value)


def parse_answers(data: Mapping[str, object]) -> Answers:
    """Validate and normalise raw answers (JSON-like data or cleaned form data).

    A red flag in ``emergency`` returns an emergency answer set at once, whatever else
    ``data`` holds (PROTOCOL.md E1: safety beats validation). Otherwise all 13 questions
    must be answered with known values; every problem is collected into one
    :class:`InvalidAnswers`. Keys that are not protocol questions are ignored.

    Accepted spellings that keep the meaning: a one-item list for a single choice, a bare
    string for a multi choice, and severity as an int or a string of digits.
    """
    if not isinstance(data, Mapping):
        raise InvalidAnswers({"answers": "must be a set of answers (an object)"})

    if (emergency := _emergency_answers(data)) is not None:
        return emergency

    errors: dict[str, str] = {}
    values: dict[str, Value | None] = {}
    for question in QUESTIONS:
        values[question.key], error = _parse(question, _get(data, question.key))
        if error is not None:
            errors[question.key] = error
    if "emergency" in errors:
        # Without a readable first answer we cannot tell whether the rest were needed,
        # so only answers that were given and are wrong are reported beside it.
        errors = {key: msg for key, msg in errors.items() if key == "emergency" or key in data}
    if errors:
        raise InvalidAnswers(errors)
    return Answers(**values)  # type: ignore[arg-type]  # every value parsed, none missing


def _limbs(location: object) -> str:
    """The limbs the nerve questions are about: arms or hands for neck pain."""
    return "arms or hands" if location == "neck" else "legs"


@dataclass(frozen=True)
class Progress:
    """The answers so far, read once per request (:func:`read_progress`), changed one
    answer at a time (:meth:`answered`).

    ``given``: each valid answer, typed (a value, a number or a set of values), in
    protocol order. ``missing``: the first question without a valid answer; None once
    the set is complete, which after a red flag is at once (rule E1: nothing else is
    asked). ``answers``: the complete answer set; None while a question is missing.
    ``started``: whether anything was stored at all.
    """

    given: Mapping[str, Value]
    missing: str | None
    answers: Answers | None
    started: bool = True

    @property
    def location(self) -> str | None:
        location = self.given.get("location")
        return location if isinstance(location, str) else None

    @property
    def is_emergency(self) -> bool:
        return self.answers is not None and bool(self.answers.red_flags)

    @cached_property
    def result(self) -> Result | None:
        """The outcome of a complete answer set (the rules applied to ``answers``, once)."""
        return _apply(self.answers) if self.answers is not None else None

    def is_answered(self, key: str) -> bool:
        return key in self.given

    def answered(self, key: str, value: Value) -> Progress:
        """These answers with question ``key`` answered by ``value``, a valid answer (the
        question's form checked it).

        A red flag replaces everything, and is kept without any other value ticked
        beside it: nothing else is asked (rule E1), and no later answer replaces it (an
        answer from another tab or a double tap saved after it is ignored). A change of
        ``location`` between the neck and the back clears ``nerve``: that answer was
        about the other limbs, so it is asked again (PROTOCOL.md, after the questions).
        """
        if self.is_emergency:
            return self
        if key == "emergency" and (red_flags := _red_flags_in({key: value})):
            return _emergency_progress(Answers(emergency=red_flags))
        given = {**self.given, key: value}
        if key == "location" and _limbs(self.location) != _limbs(value):
            given.pop("nerve", None)
        return _progress(given)

    def as_data(self) -> dict[str, str | int | list[str]]:
        """The valid answers as JSON-ready data (multi values in protocol order), the
        form kept in the session: ``read_progress(p.as_data())`` gives ``p`` back."""
        return {
            key: _in_protocol_order(QUESTIONS_BY_KEY[key], value)
            if isinstance(value, frozenset)
            else value
            for key, value in self.given.items()
        }


def _emergency_progress(answers: Answers) -> Progress:
    return Progress(given={"emergency": answers.emergency}, missing=None, answers=answers)


def _progress(given: Mapping[str, Value]) -> Progress:
    """Progress from valid answers: the first question without one is the next."""
    ordered = {q.key: given[q.key] for q in QUESTIONS if q.key in given}
    missing = next((q.key for q in QUESTIONS if q.key not in ordered), None)
    answers = Answers(**ordered) if missing is None else None  # type: ignore[arg-type]
    return Progress(given=ordered, missing=missing, answers=answers)


def read_progress(data: Mapping[str, object] | None) -> Progress:
    """Read stored answers once: which are valid (typed), which question comes next, and
    the complete :class:`Answers` when nothing is missing. Never raises: an invalid
    answer is simply not given, so it is asked again."""
    if not isinstance(data, Mapping) or not data:
        return Progress(given={}, missing=QUESTIONS[0].key, answers=None, started=False)
    if (emergency := _emergency_answers(data)) is not None:
        return _emergency_progress(emergency)
    given: dict[str, Value] = {}
    for question in QUESTIONS:
        value, error = _parse(question, _get(data, question.key))
        if error is None and value is not None:
            given[question.key] = value
    return _progress(given)


# --- Applying the rules -----------------------------------------------------------------


def pattern_for(answers: Answers) -> Pattern:
    """The content pattern, checked in PROTOCOL.md order: nerve, strain, soreness, ..."""
    if answers.nerve - {NONE} or answers.character == "shooting_burning":
        return Pattern.NERVE
    if answers.onset == "sudden_during" or answers.character == "sharp":
        return Pattern.STRAIN
    if (
        answers.character == "dull_ache"
        and answers.onset == "delayed_after"
        and answers.duration in {"under_3_days", "3_to_7_days"}
    ):
        return Pattern.SORENESS
    if answers.duration == "over_3_months" or "recurring" in answers.history:
        return Pattern.PERSISTENT
    return Pattern.GENERAL


def _conflict_notes(answers: Answers) -> tuple[str, ...]:
    """Notes for each multi answer where ``none`` came with other values."""
    notes = []
    for question in QUESTIONS:
        values = getattr(answers, question.key)
        if question.exclusive and NONE in values and len(values) > 1:
            notes.append(
                f"{question.key}: 'none' was chosen together with other answers; "
                "the other answers were used"
            )
    return tuple(notes)


def _apply(answers: Answers) -> Result:
    triggered = tuple(
        TriggeredRule(rule.id, rule.outcome, rule.render_reason(answers), rule.mentioned(answers))
        for rule in RULES
        if rule.condition(answers)
    )
    outcome = most_urgent(rule.outcome for rule in triggered)
    return Result(
        outcome=outcome,
        triggered=triggered,
        # After a red flag nothing else was asked, and no content is offered.
        pattern=None if outcome is Outcome.EMERGENCY else pattern_for(answers),
        answers=answers,
        notes=_conflict_notes(answers),
    )


def evaluate_answers(answers: Answers) -> Result:
    """Apply the PROTOCOL.md rules to an answer set.

    The answers are checked again first (an :class:`Answers` can be built by hand), so
    an incomplete set raises :class:`InvalidAnswers` rather than reaching a milder
    outcome by omission.
    """
    return _apply(parse_answers(answers.as_data()))


def evaluate(data: Mapping[str, object]) -> Result:
    """Parse raw answers and apply the rules; raises :class:`InvalidAnswers`."""
    return _apply(parse_answers(data))


def is_emergency(data: Mapping[str, object]) -> bool:
    """True if the ``emergency`` answer holds any red flag, whatever else is there.

    Never raises: the wizard can call it on the first page before anything is valid.
    """
    return isinstance(data, Mapping) and bool(_red_flags_in(data))
