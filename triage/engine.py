"""The triage engine: PROTOCOL.md v2 as plain, typed Python.

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
    "RED_FLAG_SHORT",
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
    "TriggeredRule",
    "evaluate",
    "evaluate_answers",
    "is_emergency",
    "most_urgent",
    "parse_answers",
    "pattern_for",
    "read_progress",
    "red_flag_signs",
]

PROTOCOL_VERSION = "2"

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

#: The emergency signs in plain words, in protocol order: the one source for the
#: emergency question's choices, the home page's "do not use this service in an
#: emergency" list, every result's safety net and rule E1's reason (PROTOCOL.md v2).
RED_FLAG_SIGNS: Mapping[str, str] = MappingProxyType(
    {
        "bladder_bowel": ("New problems controlling when you pee or poo, or new trouble peeing"),
        "saddle_numbness": (
            "Numbness, tingling or a strange feeling around your bottom, genitals or "
            "inner thighs (for example when you wipe), or new loss of feeling during sex"
        ),
        "leg_paralysis": "You suddenly cannot move or feel one or both legs",
        "excruciating": ("Sudden, very bad pain in your back or neck: the worst you have ever had"),
        "chest_symptoms": (
            "Chest pain, trouble breathing or cold sweats as well as the back or neck pain"
        ),
        "neck_injury_neuro": (
            "Neck pain after a hit, fall or crash, and your arms or legs feel numb, tingly or weak"
        ),
        "both_legs": "Numbness, tingling, pain or weakness in both legs",
        "dark_urine": (
            "Very dark pee (like tea or cola) after a hard workout, and your muscles are "
            "much more painful, swollen or weak than normal soreness"
        ),
        "little_urine": (
            "Peeing much less than usual, or not at all, after a hard workout, and your "
            "muscles are much more painful, swollen or weak than normal soreness"
        ),
        "head_neuro": (
            "Neck pain with a sudden bad headache, double vision, dizziness or fainting, "
            "slurred speech, trouble swallowing, a drooping eyelid, a numb face, or "
            "sudden unsteady walking"
        ),
        "meningitis_signs": (
            "A stiff neck and a fever, together with a bad headache, a rash, or light "
            "hurting your eyes"
        ),
        "serious_accident": (
            "The pain started with a serious accident: a crash in a car or on a bike or "
            "motorbike, a fall from a height (a ladder, a horse, more than 5 stairs), or "
            "diving into shallow water"
        ),
    }
)


#: The same signs, each in a few words, for lists a person reads at a glance: the home
#: page and every result's safety net (issue 13). Same signs, same order, same source.
RED_FLAG_SHORT: Mapping[str, str] = MappingProxyType(
    {
        "bladder_bowel": "New trouble controlling your pee or poo, or you cannot pee",
        "saddle_numbness": "Numbness or tingling around your bottom, genitals or inner thighs",
        "leg_paralysis": "You suddenly cannot move or feel your legs",
        "excruciating": "Sudden back or neck pain that is the worst you have ever had",
        "chest_symptoms": "Chest pain, trouble breathing or cold sweats",
        "neck_injury_neuro": "Numb, tingly or weak arms or legs after a hit, fall or crash",
        "both_legs": "Numbness, tingling, pain or weakness in both legs",
        "dark_urine": "Very dark pee (like tea or cola) and very sore, swollen muscles",
        "little_urine": "Peeing very little or not at all, with very sore, swollen muscles",
        "head_neuro": (
            "Neck pain with a sudden bad headache, double vision, dizziness, slurred speech "
            "or trouble swallowing"
        ),
        "meningitis_signs": "A stiff neck with a fever and a bad headache, a rash or sore eyes",
        "serious_accident": "A serious accident, such as a crash or a fall from a height",
    }
)


def red_flag_signs(*, short: bool = False) -> tuple[str, ...]:
    """The emergency signs in plain words, in protocol order (``RED_FLAG_SIGNS``, or
    ``RED_FLAG_SHORT`` when ``short``)."""
    words = RED_FLAG_SHORT if short else RED_FLAG_SIGNS
    order = QUESTIONS_BY_KEY["emergency"].values
    return tuple(words[value] for value in order if value != NONE)


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

    ``reason`` is for the person, in plain words; ``{limbs}`` in it becomes "legs" or,
    for neck pain, "arms or hands". ``summary`` is a short clinical label for staff
    (used by ``triage_check``).
    """

    id: str
    outcome: Outcome
    condition: Callable[[Answers], bool]
    reason: str
    summary: str = ""

    def render_reason(self, answers: Answers) -> str:
        """The reason with ``{limbs}`` and ``{signs}`` filled in for these answers.

        ``{signs}`` names each red flag ticked, in plain words (PROTOCOL.md: E1's reason
        names every sign the person ticked).
        """
        reason = self.reason.replace("{limbs}", answers.limbs)
        if "{signs}" in reason:
            signs = [
                RED_FLAG_SIGNS[flag]
                for flag in _in_protocol_order(QUESTIONS_BY_KEY["emergency"], answers.red_flags)
            ]
            reason = reason.replace("{signs}", "; ".join(s[:1].lower() + s[1:] for s in signs))
        return reason


def _severity_at_least(answers: Answers, minimum: int) -> bool:
    return answers.severity is not None and answers.severity >= minimum


# The PROTOCOL.md v2 rules table, row for row, in protocol order. Change it only with
# a new protocol version.
RULES: tuple[Rule, ...] = (
    Rule(
        "E1",
        Outcome.EMERGENCY,
        lambda a: bool(a.red_flags),
        "You told us about a sign that needs emergency care straight away: {signs}.",
        "red flag",
    ),
    Rule(
        "E2",
        Outcome.EMERGENCY,
        lambda a: a.location == "neck" and "injury_trauma" in a.general and a.age == "65_plus",
        "You are 65 or over and your neck pain started with a fall, a knock or an accident. "
        "At your age a neck injury needs a scan today.",
        "neck injury at 65 or over (Canadian C-spine rule)",
    ),
    Rule(
        "U1",
        Outcome.URGENT,
        lambda a: "weakness" in a.nerve,
        "You have new weakness in your {limbs}.",
        "new weakness in the limbs",
    ),
    Rule(
        "U2",
        Outcome.URGENT,
        lambda a: "fever" in a.general,
        "You have a fever or chills, or you feel generally unwell.",
        "fever or unwell",
    ),
    Rule(
        "U3",
        Outcome.URGENT,
        lambda a: "injury_trauma" in a.general,
        "Your pain started with a fall, a knock or an accident.",
        "started with trauma",
    ),
    Rule(
        "U4",
        Outcome.URGENT,
        lambda a: bool(a.general & {"cancer_history", "weight_loss"}),
        "You have had cancer, or you have lost weight without knowing why.",
        "cancer history or unexplained weight loss",
    ),
    Rule(
        "U5",
        Outcome.URGENT,
        lambda a: a.onset == "sudden_during" and _severity_at_least(a, 7),
        "Your pain came on suddenly while you were exercising, and it is bad "
        "(7 or more out of 10).",
        "sudden onset in exercise with severity >= 7",
    ),
    Rule(
        "U6",
        Outcome.URGENT,
        lambda a: "numbness_tingling" in a.nerve and a.trend == "worse",
        "You have numbness or tingling in your {limbs}, and your pain is getting worse.",
        "numbness/tingling and getting worse",
    ),
    Rule(
        "U7",
        Outcome.URGENT,
        lambda a: _severity_at_least(a, 9),
        "Your pain is very bad (9 or more out of 10).",
        "severity >= 9",
    ),
    Rule(
        "U8",
        Outcome.URGENT,
        lambda a: "clumsy_unsteady" in a.nerve,
        "Your hands have become clumsy, or your walking has become unsteady.",
        "clumsy hands or unsteady walking",
    ),
    Rule(
        "U9",
        Outcome.URGENT,
        lambda a: "immune_drugs" in a.general and "night_rest_pain" in a.impact,
        "You have a weak immune system or you inject drugs, and the pain is there at night "
        "or when you rest.",
        "weak immune system or injects drugs, with night or rest pain",
    ),
    Rule(
        "D1",
        Outcome.SEE_DOCTOR,
        lambda a: a.duration in {"1_to_3_weeks", "3_weeks_to_3_months"},
        "You have had the pain for more than a week.",
        "pain for 1 week to 3 months",
    ),
    Rule(
        "D2",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.nerve & {"radiating", "numbness_tingling"}),
        "Pain spreads into your {limbs}, or you have numbness or tingling there.",
        "radiating pain or numbness/tingling",
    ),
    Rule(
        "D3",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.impact & {"disturbs_sleep", "daily_activities"}),
        "The pain stops you sleeping or makes everyday movements hard.",
        "disturbs sleep or daily activities",
    ),
    Rule(
        "D4",
        Outcome.SEE_DOCTOR,
        lambda a: "cannot_exercise" in a.impact,
        "The pain stops you getting back to exercise.",
        "cannot get back to exercise",
    ),
    Rule(
        "D5",
        Outcome.SEE_DOCTOR,
        lambda a: a.onset == "sudden_during",
        "Your pain came on suddenly while you were exercising.",
        "sudden onset in exercise",
    ),
    Rule(
        "D6",
        Outcome.SEE_DOCTOR,
        lambda a: a.trend == "worse",
        "Your pain is getting worse.",
        "getting worse",
    ),
    Rule(
        "D7",
        Outcome.SEE_DOCTOR,
        lambda a: _severity_at_least(a, 7),
        "Your pain is bad (7 or more out of 10).",
        "severity >= 7",
    ),
    Rule(
        "D8",
        Outcome.SEE_DOCTOR,
        lambda a: bool(a.history & {"disc_condition", "stenosis_arthritis"}),
        "You have a known disc problem, or narrowing or arthritis in your spine.",
        "disc condition, stenosis or arthritis",
    ),
    Rule(
        "D9",
        Outcome.SEE_DOCTOR,
        lambda a: "osteoporosis_steroids" in a.general,
        "You have thin bones (osteoporosis), or you take steroid tablets for a long time.",
        "osteoporosis or long-term steroids",
    ),
    Rule(
        "D10",
        Outcome.SEE_DOCTOR,
        lambda a: a.onset == "not_exercise",
        "Your pain may not be from exercise.",
        "not linked to exercise",
    ),
    Rule(
        "D11",
        Outcome.SEE_DOCTOR,
        lambda a: a.character == "shooting_burning",
        "Your pain is shooting, burning or like an electric shock.",
        "shooting or burning pain",
    ),
    Rule(
        "D12",
        Outcome.SEE_DOCTOR,
        lambda a: "immune_drugs" in a.general,
        "You have a weak immune system, or you inject drugs.",
        "weak immune system or injects drugs",
    ),
    Rule(
        "D13",
        Outcome.SEE_DOCTOR,
        lambda a: "night_rest_pain" in a.impact,
        "The pain is there at night or when you rest, and it does not ease when you lie "
        "still or move.",
        "night or rest pain",
    ),
    Rule(
        "D14",
        Outcome.SEE_DOCTOR,
        lambda a: a.age in {"50_to_64", "65_plus"} and a.onset == "gradual",
        "You are 50 or over and the pain built up slowly.",
        "gradual onset at 50 or over",
    ),
    Rule(
        "P1",
        Outcome.PHYSIO,
        lambda a: a.duration == "over_3_months",
        "You have had the pain for more than 3 months.",
        "pain over 3 months",
    ),
    Rule(
        "P2",
        Outcome.PHYSIO,
        lambda a: "recurring" in a.history,
        "This kind of pain keeps coming back after you exercise.",
        "keeps coming back after exercise",
    ),
)

RULES_BY_ID: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in RULES})


@dataclass(frozen=True)
class TriggeredRule:
    """A rule that applied to these answers, with its reason already in plain words."""

    id: str
    outcome: Outcome
    reason: str


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
        beside it: nothing else is asked (rule E1). A change of
        ``location`` between the neck and the back clears ``nerve``: that answer was
        about the other limbs, so it is asked again (PROTOCOL.md, after the questions).
        """
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
        TriggeredRule(rule.id, rule.outcome, rule.render_reason(answers))
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
