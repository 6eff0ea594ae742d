"""The triage engine: PROTOCOL.md v3 as plain, typed Python.

Pure on purpose (no Django imports): codes and rules only. The wizard, the result page
and the ``triage_check`` command all call :func:`evaluate` (or read a
:class:`Progress`), so the clinical logic lives in exactly one place and can be tested
without a web request. What a person reads (questions, reasons, outcomes) is in
``triage.wording``, keyed by these codes.

Safety principle (PROTOCOL.md): when answers conflict or are incomplete, pick the more
urgent reading, and never guess unreadable input into a milder outcome. So:

* a red flag in ``emergency`` wins over everything, even over invalid other answers;
* anything else that is missing or unreadable raises :class:`InvalidAnswers`;
* ``none`` with other values is refused on a question page (``Question.clean``); an
  answer set that holds it anyway counts as the other values (plus a note).
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
    "RULES",
    "RULES_BY_ID",
    "SCORE_PATTERN",
    "BLEED_SIGNS",
    "CORD_SIGNS",
    "AnswerError",
    "Answers",
    "InvalidAnswers",
    "Kind",
    "Outcome",
    "Pattern",
    "Progress",
    "Question",
    "Result",
    "Rule",
    "SignGroup",
    "Travel",
    "TriggeredRule",
    "evaluate",
    "in_protocol_order",
    "is_emergency",
    "most_urgent",
    "parse_answers",
    "pattern_for",
    "read_progress",
    "sudden_and_bad",
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
    def is_emergency(self) -> bool:
        """Call the emergency number or go to the emergency room: no other advice
        competes with it."""
        return self is Outcome.EMERGENCY

    @property
    def is_urgent(self) -> bool:
        """Seen within 24 to 48 hours: the clinic's same-day number is the first action."""
        return self is Outcome.URGENT

    @property
    def books_appointment(self) -> bool:
        """An appointment to book in the next week or two (a doctor, or a physical
        therapist): the clinic's booking link is the first action."""
        return self in {Outcome.SEE_DOCTOR, Outcome.PHYSIO}

    @property
    def card(self) -> str:
        """The NHS.UK care card this outcome is shown on: "emergency", "urgent" or
        "non-urgent" (also its CSS modifier, ``nhsuk-card--care--<card>``)."""
        return _CARDS.get(self, "non-urgent")

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


_CARDS: Mapping[Outcome, str] = MappingProxyType(
    {Outcome.EMERGENCY: "emergency", Outcome.URGENT: "urgent"}
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

    @property
    def ends_questions(self) -> frozenset[str]:
        """Values any one of which ends the questions at once, whatever else is ticked:
        the red flags (rule E1)."""
        return RED_FLAGS if self.key == "emergency" else frozenset()

    def clean(self, value: object) -> Value:
        """The typed answer (a value, a number or a set of values) for a raw one, or
        :class:`AnswerError`: the one check of an answer, wherever it comes from."""
        if self.kind is Kind.SINGLE:
            return _clean_single(self, value)
        if self.kind is Kind.INTEGER:
            return _clean_score(self, value)
        return _clean_multi(self, value)


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
class SignGroup:
    """A group of emergency signs (PROTOCOL.md v3, "Presentation"): its key and its
    ``emergency`` values. The words (a heading, each sign's lead-in and description)
    are in ``triage.wording``."""

    key: str
    values: tuple[str, ...]


#: The emergency signs in the protocol's five groups and order: the one source for the
#: emergency question's choices, the home page's "do not use this service in an
#: emergency" list, every result's safety net and rule E1's reason.
RED_FLAG_GROUPS: tuple[SignGroup, ...] = (
    SignGroup(
        "bladder_bowel_legs", ("bladder_bowel", "saddle_numbness", "leg_paralysis", "both_legs")
    ),
    SignGroup("severe_pain_chest_belly", ("excruciating", "chest_symptoms", "faint_belly")),
    SignGroup("head_neck", ("head_neuro", "meningitis_signs")),
    SignGroup("accident", ("serious_accident", "neck_injury_neuro")),
    SignGroup("hard_workout", ("dark_urine", "little_urine")),
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
                    data[question.key] = in_protocol_order(question, value)
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

    ``mentions`` are the answers the rule's reason speaks of, as ``key`` or
    ``key=value``: the result page says each thing once, so a less urgent reason is left
    out when everything it mentions was said already. ``summary`` is a short clinical
    label for staff (``triage_check``). The reason a person reads is in
    ``triage.wording`` (``reason``), by rule id.
    """

    id: str
    outcome: Outcome
    condition: Callable[[Answers], bool]
    summary: str = ""
    mentions: frozenset[str] | Callable[[Answers], frozenset[str]] = frozenset()

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


def sudden_and_bad(answers: Answers) -> bool:
    """Came on suddenly during exercise and is 7 or more out of 10 (U5; part of E5)."""
    return answers.onset == "sudden_during" and _severity_at_least(answers, 7)


#: The nerve symptoms that make a cancer history an emergency (E3), and a blood thinner
#: (E5); the reasons name the ones ticked.
CORD_SIGNS = frozenset({"weakness", "numbness_tingling", "clumsy_unsteady"})
BLEED_SIGNS = frozenset({"weakness", "numbness_tingling"})

# The PROTOCOL.md v3 rules table, row for row, in protocol order. Change it only with
# a new protocol version.
RULES: tuple[Rule, ...] = (
    Rule(
        "E1",
        Outcome.EMERGENCY,
        lambda a: bool(a.red_flags),
        "red flag",
        frozenset({"emergency"}),
    ),
    Rule(
        "E2",
        Outcome.EMERGENCY,
        lambda a: a.location == "neck" and "injury_trauma" in a.general and a.age == "65_plus",
        "neck injury at 65 or over (Canadian C-spine rule)",
        frozenset({"location=neck", "general=injury_trauma", "age=65_plus"}),
    ),
    Rule(
        "E3",
        Outcome.EMERGENCY,
        lambda a: "cancer_history" in a.general and bool(a.nerve & CORD_SIGNS),
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
            "blood_thinners" in a.general and (sudden_and_bad(a) or bool(a.nerve & BLEED_SIGNS))
        ),
        "blood thinner with sudden severe pain or nerve symptoms (bleeding)",
        lambda a: frozenset(
            {"general=blood_thinners"}
            | ({"onset=sudden_during", "severity>=7"} if sudden_and_bad(a) else set())
            | {f"nerve={v}" for v in a.nerve & BLEED_SIGNS}
        ),
    ),
    Rule(
        "U1",
        Outcome.URGENT,
        lambda a: "weakness" in a.nerve,
        "new weakness in the limbs",
        frozenset({"nerve=weakness"}),
    ),
    Rule(
        "U2",
        Outcome.URGENT,
        lambda a: "fever" in a.general,
        "fever or unwell",
        frozenset({"general=fever"}),
    ),
    Rule(
        "U3",
        Outcome.URGENT,
        lambda a: "injury_trauma" in a.general,
        "started with trauma",
        frozenset({"general=injury_trauma"}),
    ),
    Rule(
        "U4",
        Outcome.URGENT,
        lambda a: bool(a.general & {"cancer_history", "weight_loss"}),
        "cancer history or unexplained weight loss",
        frozenset({"general=cancer_history", "general=weight_loss"}),
    ),
    Rule(
        "U5",
        Outcome.URGENT,
        sudden_and_bad,
        "sudden onset in exercise with severity >= 7",
        frozenset({"onset=sudden_during", "severity>=7"}),
    ),
    Rule(
        "U6",
        Outcome.URGENT,
        lambda a: "numbness_tingling" in a.nerve and a.trend == "worse",
        "numbness/tingling and getting worse",
        frozenset({"nerve=numbness_tingling", "trend=worse"}),
    ),
    Rule(
        "U7",
        Outcome.URGENT,
        lambda a: _severity_at_least(a, 9),
        "severity >= 9",
        # "9 or more" says "7 or more" too.
        frozenset({"severity>=9", "severity>=7"}),
    ),
    Rule(
        "U8",
        Outcome.URGENT,
        lambda a: "clumsy_unsteady" in a.nerve,
        "clumsy hands or unsteady walking",
        frozenset({"nerve=clumsy_unsteady"}),
    ),
    Rule(
        "U9",
        Outcome.URGENT,
        lambda a: "immune_drugs" in a.general and "night_rest_pain" in a.impact,
        "weak immune system or injects drugs, with night or rest pain",
        frozenset({"general=immune_drugs", "impact=night_rest_pain"}),
    ),
    Rule(
        "U10",
        Outcome.URGENT,
        lambda a: "osteoporosis_steroids" in a.general and a.onset == "sudden_during",
        "osteoporosis or steroids with sudden onset (vertebral fracture)",
        frozenset({"general=osteoporosis_steroids", "onset=sudden_during"}),
    ),
    Rule(
        "U11",
        Outcome.URGENT,
        lambda a: "muscle_swelling" in a.general,
        "muscles far worse than normal soreness (exertional rhabdomyolysis)",
        frozenset({"general=muscle_swelling"}),
    ),
    Rule(
        "D1",
        Outcome.SEE_DOCTOR,
        lambda a: a.duration in {"1_to_3_weeks", "3_weeks_to_3_months"},
        "pain for 1 week to 3 months",
        frozenset({"duration=1_to_3_weeks", "duration=3_weeks_to_3_months"}),
    ),
    Rule(
        "D2",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.nerve & {"radiating", "numbness_tingling"}),
        "radiating pain or numbness/tingling",
        frozenset({"nerve=radiating", "nerve=numbness_tingling"}),
    ),
    Rule(
        "D3",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.impact & {"disturbs_sleep", "daily_activities"}),
        "disturbs sleep or daily activities",
        frozenset({"impact=disturbs_sleep", "impact=daily_activities"}),
    ),
    Rule(
        "D4",
        Outcome.SEE_DOCTOR,
        lambda a: "cannot_exercise" in a.impact,
        "cannot get back to exercise",
        frozenset({"impact=cannot_exercise"}),
    ),
    Rule(
        "D5",
        Outcome.SEE_DOCTOR,
        lambda a: a.onset == "sudden_during",
        "sudden onset in exercise",
        frozenset({"onset=sudden_during"}),
    ),
    Rule(
        "D6",
        Outcome.SEE_DOCTOR,
        lambda a: a.trend == "worse",
        "getting worse",
        frozenset({"trend=worse"}),
    ),
    Rule(
        "D7",
        Outcome.SEE_DOCTOR,
        lambda a: _severity_at_least(a, 7),
        "severity >= 7",
        frozenset({"severity>=7"}),
    ),
    Rule(
        "D8",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.history & {"disc_condition", "stenosis_arthritis"}),
        "disc condition, stenosis or arthritis",
        frozenset({"history=disc_condition", "history=stenosis_arthritis"}),
    ),
    Rule(
        "D9",
        Outcome.SEE_DOCTOR,
        lambda a: "osteoporosis_steroids" in a.general,
        "osteoporosis or long-term steroids",
        frozenset({"general=osteoporosis_steroids"}),
    ),
    Rule(
        "D10",
        Outcome.SEE_DOCTOR,
        lambda a: a.onset == "not_exercise",
        "not linked to exercise",
        frozenset({"onset=not_exercise"}),
    ),
    Rule(
        "D11",
        Outcome.SEE_DOCTOR,
        lambda a: a.character == "shooting_burning",
        "shooting or burning pain",
        frozenset({"character=shooting_burning"}),
    ),
    Rule(
        "D12",
        Outcome.SEE_DOCTOR,
        lambda a: "immune_drugs" in a.general,
        "weak immune system or injects drugs",
        frozenset({"general=immune_drugs"}),
    ),
    Rule(
        "D13",
        Outcome.SEE_DOCTOR,
        lambda a: "night_rest_pain" in a.impact,
        "night or rest pain",
        frozenset({"impact=night_rest_pain"}),
    ),
    Rule(
        "D14",
        Outcome.SEE_DOCTOR,
        lambda a: a.age in {"50_to_64", "65_plus"} and a.onset == "gradual",
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
        "young athlete, lasting or recurring low back pain (spondylolysis)",
        frozenset(
            {"age=under_20", "location=lower_back", "duration=over_3_months", "history=recurring"}
        ),
    ),
    Rule(
        "D16",
        Outcome.SEE_DOCTOR,
        lambda a: "pregnant" in a.general,
        "pregnant or up to 6 weeks after birth",
        frozenset({"general=pregnant"}),
    ),
    Rule(
        "P1",
        Outcome.PHYSIO,
        lambda a: a.duration == "over_3_months",
        "pain over 3 months",
        frozenset({"duration=over_3_months"}),
    ),
    Rule(
        "P2",
        Outcome.PHYSIO,
        lambda a: "recurring" in a.history,
        "keeps coming back after exercise",
        frozenset({"history=recurring"}),
    ),
)

RULES_BY_ID: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in RULES})


@dataclass(frozen=True)
class TriggeredRule:
    """A rule that applied to these answers (its reason's words: ``triage.wording``)."""

    id: str
    outcome: Outcome
    #: What the reason speaks of (``Rule.mentions`` that hold), so a page says it once.
    mentions: frozenset[str] = frozenset()


class Travel(StrEnum):
    """How to get to emergency care (PROTOCOL.md v3, "the emergency result says how to
    get there"), most careful first."""

    #: Call the emergency number and wait for the ambulance; keep the head and neck
    #: still, let no one move you unless you are in danger; never be driven.
    KEEP_STILL = "keep_still"
    #: Call the emergency number and wait for the ambulance: moving or driving is dangerous.
    AMBULANCE = "ambulance"
    #: Go to the emergency room now, or call the emergency number; do not drive yourself.
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


# --- Checking answers ------------------------------------------------------------------
#
# One validator: ``Question.clean`` checks one raw answer, and everything that takes an
# answer uses it: each question page's form field (triage.forms), the stored answers read
# back (read_progress) and a vignette file (parse_answers, for triage_check). Errors carry
# a code; the words a person reads for each code are in triage.wording.

#: A severity as typed: one or two digits (0 to 10 never needs more), nothing else.
SCORE_PATTERN = re.compile(r"[0-9]{1,2}")
_COLLECTIONS = (list, tuple, set, frozenset)


class AnswerError(ValueError):
    """One answer cannot be used. ``code`` says why, for the person's words
    (``triage.wording``); the message is a short English note for staff (``triage_check``).

    ``required``: nothing given. ``invalid_choice``: a value the question does not have,
    several values for a single choice, or more values than it has. ``exclusive``: "none"
    with other values (PROTOCOL.md: "choosing it with anything else is a validation
    error"); ``reading`` then holds the other values, the more urgent reading of the
    conflict (PROTOCOL.md safety principle). ``score``: not a whole number in range.
    """

    def __init__(self, code: str, message: str, *, reading: frozenset[str] = frozenset()):
        super().__init__(message)
        self.code = code
        self.reading = reading


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


def in_protocol_order(question: Question, values: object) -> list[str]:
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


def _clean_single(question: Question, value: object) -> str:
    if isinstance(value, _COLLECTIONS):
        items = list(value)
        if len(items) > 1:
            raise AnswerError("invalid_choice", "choose only one answer")
        value = items[0] if items else None
    if value is None or value == "":
        raise AnswerError("required", "missing")
    if not isinstance(value, str):
        raise AnswerError("invalid_choice", f"must be one of the choices, not {_show(value)}")
    if value not in question.values:
        raise AnswerError("invalid_choice", f"unknown answer {_show(value)}")
    return value


def _clean_score(question: Question, value: object) -> int:
    """A whole number in range; no guessing (floats, bools, "+5", "5.0" are refused)."""
    if isinstance(value, list | tuple) and len(value) <= 1:
        value = value[0] if value else None  # an empty list is nothing given, as elsewhere
    if value is None or (isinstance(value, str) and not value.strip()):
        raise AnswerError("required", "missing")
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and SCORE_PATTERN.fullmatch(value.strip()):
        number = int(value.strip())
    low, high = question.min_value, question.max_value
    if number is None or low is None or high is None or not low <= number <= high:
        raise AnswerError("score", f"must be a whole number from {low} to {high}")
    return number


def _clean_multi(question: Question, value: object) -> frozenset[str]:
    """At least one known value; repeats count once. A value that ends the questions
    (a red flag, rule E1) is kept whatever else is ticked: safety beats validation."""
    items = _as_items(value)
    if value is None or items == []:
        raise AnswerError("required", "missing")
    if items is None:
        raise AnswerError("invalid_choice", f"must be a list of choices, not {_show(value)}")
    # isinstance first: an unhashable item must not reach the set lookup.
    chosen = frozenset(item for item in items if isinstance(item, str))
    if ending := chosen & question.ends_questions:
        return ending | (chosen & {NONE})
    if len(items) > len(question.values):
        raise AnswerError("invalid_choice", f"more answers than there are choices ({len(items)})")
    unknown = [item for item in items if not isinstance(item, str) or item not in question.values]
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        shown = ", ".join(_show(i) for i in unknown[:3])
        raise AnswerError("invalid_choice", f"unknown answer{plural} {shown}")
    if question.exclusive in chosen and len(chosen) > 1:
        raise AnswerError(
            "exclusive",
            "'none' was chosen together with other answers",
            reading=chosen - {NONE},
        )
    return chosen


type Value = str | int | frozenset[str]


def _emergency_answers(data: Mapping[str, object]) -> Answers | None:
    """The answer set after a red flag (rule E1), or None when no red flag is ticked.

    Unknown values beside a red flag are dropped; a ticked "none" is kept so the result
    can note the conflict. No other question is read.
    """
    try:
        emergency = _clean_multi(QUESTIONS_BY_KEY["emergency"], _get(data, "emergency"))
    except AnswerError:
        return None
    return Answers(emergency=emergency) if emergency & RED_FLAGS else None


def parse_answers(data: Mapping[str, object]) -> Answers:
    """Validate and normalise a whole answer set (a vignette file: ``triage_check``).

    A red flag in ``emergency`` returns an emergency answer set at once, whatever else
    ``data`` holds (PROTOCOL.md E1: safety beats validation). Otherwise all 13 questions
    must be answered, each checked by ``Question.clean``; every problem is collected into
    one :class:`InvalidAnswers`. Keys that are not protocol questions are ignored.

    "None" given with other values is a validation error on a question page; an answer
    set that holds one anyway is read the more urgent way, as the other values (the
    protocol's safety principle), and the result notes it.

    Accepted spellings that keep the meaning: a one-item list for a single choice, a bare
    string for a multi choice, and severity as an int or a string of digits.
    """
    if not isinstance(data, Mapping):
        raise InvalidAnswers({"answers": "must be a set of answers (an object)"})

    if (emergency := _emergency_answers(data)) is not None:
        return emergency

    errors: dict[str, str] = {}
    values: dict[str, Value | None] = {}
    conflicts: set[str] = set()
    for question in QUESTIONS:
        try:
            values[question.key] = question.clean(_get(data, question.key))
        except AnswerError as error:
            if error.code == "exclusive":
                values[question.key] = error.reading | {NONE}
                conflicts.add(question.key)
            else:
                errors[question.key] = error.args[0]
    if "emergency" in errors:
        # Without a readable first answer we cannot tell whether the rest were needed,
        # so only answers that were given and are wrong are reported beside it.
        errors = {key: msg for key, msg in errors.items() if key == "emergency" or key in data}
    if errors:
        raise InvalidAnswers(errors)
    return Answers(**values)  # type: ignore[arg-type]  # every value parsed, none missing


def _limbs(location: object) -> str:
    """Which limbs the nerve questions are about: the arms for neck pain, else the legs."""
    return "arms" if location == "neck" else "legs"


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
        if key == "emergency" and (red_flags := RED_FLAGS & frozenset(_as_items(value) or ())):
            return _emergency_progress(Answers(emergency=red_flags))
        given = {**self.given, key: value}
        if key == "location" and _limbs(self.location) != _limbs(value):
            given.pop("nerve", None)
        return _progress(given)

    def as_data(self) -> dict[str, str | int | list[str]]:
        """The valid answers as JSON-ready data (multi values in protocol order), the
        form kept in the session: ``read_progress(p.as_data())`` gives ``p`` back."""
        return {
            key: in_protocol_order(QUESTIONS_BY_KEY[key], value)
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
        try:
            given[question.key] = question.clean(_get(data, question.key))
        except AnswerError:
            continue
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
        TriggeredRule(rule.id, rule.outcome, rule.mentioned(answers))
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


def evaluate(data: Mapping[str, object]) -> Result:
    """Parse raw answers and apply the rules; raises :class:`InvalidAnswers`."""
    return _apply(parse_answers(data))


def is_emergency(data: Mapping[str, object]) -> bool:
    """True if the ``emergency`` answer holds any red flag, whatever else is there.

    Never raises: the wizard can call it on the first page before anything is valid.
    """
    return isinstance(data, Mapping) and _emergency_answers(data) is not None
