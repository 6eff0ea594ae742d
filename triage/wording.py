"""Every word the triage service says to a person, in one translatable module.

The engine (``triage.engine``) keeps the protocol's codes and rules (PROTOCOL.md:
question keys, values, outcome codes, rule ids); this module gives them words, through
Django's ``gettext``: the questions, hints and answer labels, the emergency signs, the
reason for each rule, what each outcome says, the calendar reminder, and the wizard's
own messages and errors. Templates hold the rest. Protocol values never change with the
language; only these words do. A test checks that every engine value and rule has words
here and that nothing here is unknown to the engine.

Wording can adapt to where the pain is (location is asked before the questions that
use it): ``{pain}``, ``{limbs}``, ``{limb}``, ``{joint}`` and ``{weakness_examples}`` are
filled in for neck pain with the arm words, and otherwise with the leg words
(``vocabulary``). The emergency number is the ``EMERGENCY_NUMBER`` setting, never typed
into a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from triage.engine import (
    BLEED_SIGNS,
    CORD_SIGNS,
    NONE,
    QUESTIONS_BY_KEY,
    RED_FLAG_GROUPS,
    Answers,
    Kind,
    Outcome,
    TriggeredRule,
    in_protocol_order,
    sudden_and_bad,
)

__all__ = [
    "ANSWER_ERRORS",
    "FALLBACK_TEXT",
    "OUTCOME_LABELS",
    "OUTCOME_TEXT",
    "REASONS",
    "REMINDER_TEXT",
    "SIGNS",
    "WORDING",
    "Choice",
    "OutcomeText",
    "QuestionText",
    "ReminderText",
    "SignGroupText",
    "SignWords",
    "Wording",
    "describe_answer",
    "emergency_number",
    "expired_message",
    "fill",
    "question_text",
    "reason",
    "sign_groups",
    "vocabulary",
]

#: Words: a sentence, or a lazy one (``gettext_lazy``) that is translated when shown.
type Text = str | Promise

#: The number to call in an emergency (the ``EMERGENCY_NUMBER`` setting), read when a
#: sentence is shown, so that every sentence and template says the same number.
emergency_number = lazy(lambda: str(settings.EMERGENCY_NUMBER), str)()


# --- The emergency signs -------------------------------------------------------------


@dataclass(frozen=True)
class SignWords:
    """One emergency sign: a few bold words that lead in (``lead``), then its full
    description (``description``). The lead-in never replaces the description: every
    element of the protocol's wording is in ``description`` (PROTOCOL.md v3)."""

    lead: Text
    description: Text


#: Each emergency sign in plain words, by its ``emergency`` value.
SIGNS: Mapping[str, SignWords] = MappingProxyType(
    {
        "bladder_bowel": SignWords(
            _("Bladder or bowel problems."),
            _(
                "New loss of control of your bladder or bowels (you cannot stop pee or poo coming "
                "out), or new trouble peeing"
            ),
        ),
        "saddle_numbness": SignWords(
            _("Numbness between your legs."),
            _(
                "Numbness, tingling or a strange feeling in your inner thighs, buttocks (bottom), "
                "genitals or back passage (for example when you wipe), or new loss of feeling "
                "during sex"
            ),
        ),
        "leg_paralysis": SignWords(
            _("Legs that will not work."),
            _("You suddenly cannot move or feel one or both legs"),
        ),
        "both_legs": SignWords(
            _("Both legs affected."),
            _("Numbness, tingling, pain or weakness in both legs"),
        ),
        "excruciating": SignWords(
            _("The worst pain ever."),
            _("Sudden, very bad pain in your back or neck: the worst you have ever had"),
        ),
        "chest_symptoms": SignWords(
            _("Chest pain or trouble breathing."),
            _(
                "Chest pain, shortness of breath or cold sweats, together with the back or neck "
                "pain"
            ),
        ),
        "faint_belly": SignWords(
            _("Fainting or belly pain."),
            _(
                "You faint or nearly faint, or you have a new, very bad pain in your belly, "
                "together with the back pain"
            ),
        ),
        "head_neuro": SignWords(
            _("Neck pain with head or nerve signs."),
            _(
                "Neck pain with any of these: a sudden, very bad headache, double vision, loss of "
                "sight in one eye, dizziness or fainting, slurred speech, trouble swallowing, a "
                "drooping eyelid, a numb face, weakness on one side of your body, or walking that "
                "has suddenly become unsteady"
            ),
        ),
        "meningitis_signs": SignWords(
            _("Stiff neck with a fever."),
            _(
                "A stiff neck and a fever, together with a bad headache, a rash, or light hurting "
                "your eyes"
            ),
        ),
        "serious_accident": SignWords(
            _("A serious accident."),
            _(
                "The pain started with a serious accident: a crash in a car or on a bike or "
                "motorbike, a fall from a height (a ladder, a horse, more than 5 stairs), a hard "
                "landing on your head (a head-first fall or tackle), or diving into shallow water"
            ),
        ),
        "neck_injury_neuro": SignWords(
            _("A neck injury with numbness or weakness."),
            _(
                "Neck pain after a blow, fall or collision, and your arms or legs feel numb, "
                "tingly or weak"
            ),
        ),
        "dark_urine": SignWords(
            _("Very dark pee."),
            _(
                "Very dark pee (the color of tea or cola) after a hard workout, and your muscles "
                "are much more painful, swollen or weak than normal soreness"
            ),
        ),
        "little_urine": SignWords(
            _("Very little pee."),
            _(
                "Peeing much less than usual, or not at all, after a hard workout, and your "
                "muscles are much more painful, swollen or weak than normal soreness"
            ),
        ),
    }
)

#: The heading of each group of signs (``triage.engine.RED_FLAG_GROUPS``), by its key.
GROUP_HEADINGS: Mapping[str, Text] = MappingProxyType(
    {
        "bladder_bowel_legs": _("Bladder, bowel and legs"),
        "severe_pain_chest_belly": _("Sudden severe pain, chest or belly"),
        "head_neck": _("Head and neck"),
        "accident": _("After an accident or a blow"),
        "hard_workout": _("After a hard workout"),
    }
)


@dataclass(frozen=True)
class SignText:
    value: str
    lead: Text
    description: Text


@dataclass(frozen=True)
class SignGroupText:
    """A group of signs with its words: how the question page, the home page and every
    result's safety net show the engine's ``RED_FLAG_GROUPS``."""

    heading: Text
    signs: tuple[SignText, ...]


def sign_groups() -> tuple[SignGroupText, ...]:
    """The emergency signs in the protocol's groups and order, each in full, in the
    active language."""
    return _sign_groups(get_language())


# Fixed for a release and a language, and asked for by every emergency page, the home page
# and every result's safety net: each worker keeps one copy per language.
@lru_cache(maxsize=16)
def _sign_groups(language: str | None) -> tuple[SignGroupText, ...]:
    return tuple(
        SignGroupText(
            heading=str(GROUP_HEADINGS[group.key]),
            signs=tuple(
                SignText(value, str(SIGNS[value].lead), str(SIGNS[value].description))
                for value in group.values
            ),
        )
        for group in RED_FLAG_GROUPS
    )


# --- The questions -------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The words for one answer value; ``hint`` is an optional line under the label, and
    ``lead`` a few bold words before it (the emergency signs' short names)."""

    label: Text
    hint: Text = ""
    lead: Text = ""


@dataclass(frozen=True)
class Wording:
    """The words for one question, with ``{pain}``-style placeholders (see module doc)."""

    title: Text
    hint: Text
    summary: Text  # short name of the question, for "check your answers" and print
    required: Text  # error when nothing was chosen
    choices: Mapping[str, Choice]


_NONE = Choice(_("None of these"))

WORDING: Mapping[str, Wording] = MappingProxyType(
    {
        "emergency": Wording(
            title=_("Since your pain began, have you had any of these new signs?"),
            hint=(
                _(
                    "These can be signs of a serious problem that needs help straight away. "
                    "Select all that apply, or select 'None of these'."
                )
            ),
            summary=_("Emergency signs"),
            required=_("Select the signs you have, or select 'None of these'"),
            # One source for the signs' words (SIGNS), shown in the engine's groups
            # (RED_FLAG_GROUPS) by the question page.
            choices={
                **{
                    value: Choice(words.description, lead=words.lead)
                    for value, words in SIGNS.items()
                },
                NONE: _NONE,
            },
        ),
        "age": Wording(
            title=_("How old are you?"),
            hint=_("Some back and neck problems are more likely as we get older."),
            summary=_("Age"),
            required=_("Select how old you are"),
            choices={
                "under_20": Choice(_("Under 20")),
                "20_to_49": Choice(_("20 to 49")),
                "50_to_64": Choice(_("50 to 64")),
                "65_plus": Choice(_("65 or over")),
            },
        ),
        "location": Wording(
            title=_("Where is your pain worst?"),
            hint=_("If it hurts in more than one place, choose where it hurts most."),
            summary=_("Where it hurts most"),
            required=_("Select where your pain is worst"),
            choices={
                "neck": Choice(_("Neck")),
                "upper_back": Choice(_("Upper back"), _("Between or around your shoulder blades")),
                "lower_back": Choice(_("Lower back")),
            },
        ),
        "onset": Wording(
            title=_("How did your {pain} start?"),
            hint="",
            summary=_("How it started"),
            required=_("Select how your pain started"),
            choices={
                "sudden_during": Choice(
                    _("Suddenly, while I was exercising"),
                    _("For example, a sharp twinge in the middle of a lift"),
                ),
                "delayed_after": Choice(_("Hours, or a day or two, after a workout")),
                "gradual": Choice(_("Slowly, over several workouts or weeks")),
                "not_exercise": Choice(_("It is not linked to exercise, or I am not sure")),
            },
        ),
        "duration": Wording(
            title=_("How long have you had the pain?"),
            hint="",
            summary=_("How long"),
            required=_("Select how long you have had the pain"),
            choices={
                "under_3_days": Choice(_("Less than 3 days")),
                "3_to_7_days": Choice(_("3 to 7 days")),
                "1_to_3_weeks": Choice(_("More than a week, up to 3 weeks")),
                "3_weeks_to_3_months": Choice(_("More than 3 weeks, up to 3 months")),
                "over_3_months": Choice(_("More than 3 months")),
            },
        ),
        "character": Wording(
            title=_("What does the pain feel like?"),
            hint=_("If it feels like more than one of these, choose the strongest feeling."),
            summary=_("What it feels like"),
            required=_("Select what the pain feels like"),
            choices={
                "dull_ache": Choice(_("A dull ache, stiffness or sore muscles")),
                "sharp": Choice(_("Sharp or stabbing")),
                "shooting_burning": Choice(_("Shooting, burning or like an electric shock")),
            },
        ),
        "severity": Wording(
            title=_("What is the worst your pain has been in the last 24 hours?"),
            hint=(
                _(
                    "Enter a number from 0 to 10. 0 means no pain. 5 means pain that is hard "
                    "to ignore and gets in the way of what you do. 10 means the worst pain "
                    "you can imagine."
                )
            ),
            summary=_("Worst pain in the last 24 hours"),
            required=_("Enter a number from 0 to 10 for how bad your pain has been"),
            choices={},
        ),
        "trend": Wording(
            title=_("Is your pain getting better or worse?"),
            hint="",
            summary=_("Getting better or worse"),
            required=_("Select if your pain is getting better or worse"),
            choices={
                "improving": Choice(_("Getting better")),
                "same": Choice(_("Staying about the same")),
                "worse": Choice(_("Getting worse")),
            },
        ),
        "nerve": Wording(
            title=_("Do you have any of these symptoms in your {limbs}?"),
            hint=_("Select all that apply, or select 'None of these'."),
            summary=_("Symptoms in your {limbs}"),
            required=_("Select the symptoms you have in your {limbs}, or select 'None of these'"),
            choices={
                "radiating": Choice(
                    _("Pain that spreads down your {limb}, below the {joint}"),
                    _("Doctors call this radiating pain"),
                ),
                "numbness_tingling": Choice(_("Numbness, or tingling like pins and needles")),
                "weakness": Choice(
                    _("New weakness: {weakness_examples}"),
                    _("Not a cramp"),
                ),
                "clumsy_unsteady": Choice(
                    _("Your hands have become clumsy, or your walking has become unsteady"),
                    _("For example, you drop things or have trouble with buttons"),
                ),
                NONE: _NONE,
            },
        ),
        "impact": Wording(
            title=_("How is the pain affecting you?"),
            hint=_("Select all that apply, or select 'None of these'."),
            summary=_("How it affects you"),
            required=_("Select how the pain affects you, or select 'None of these'"),
            choices={
                "disturbs_sleep": Choice(_("It wakes me up or stops me sleeping")),
                "night_rest_pain": Choice(
                    _(
                        "It is there at night or when I rest, and it does not ease when I lie "
                        "still or change position"
                    )
                ),
                "daily_activities": Choice(
                    _("It hurts to do everyday things, like sitting, bending or reaching")
                ),
                "cannot_exercise": Choice(_("I cannot get back to exercise because of it")),
                NONE: _NONE,
            },
        ),
        "general": Wording(
            title=_("Do any of these apply to you?"),
            hint=_("Select all that apply, or select 'None of these'."),
            summary=_("Your health"),
            required=_("Select any that apply to you, or select 'None of these'"),
            choices={
                "fever": Choice(_("A fever or chills, or you feel unwell all over")),
                "weight_loss": Choice(_("You are losing weight and do not know why")),
                "cancer_history": Choice(_("You have had cancer")),
                "osteoporosis_steroids": Choice(
                    _(
                        "You have thin bones (osteoporosis), or you take steroid tablets "
                        "for a long time"
                    )
                ),
                "injury_trauma": Choice(_("The pain started with a fall, a knock or an accident")),
                "immune_drugs": Choice(
                    _("You have a weak immune system, or you inject drugs"),
                    _(
                        "For example, from cancer treatment (chemotherapy), a transplant or "
                        "HIV medicines"
                    ),
                ),
                "blood_thinners": Choice(
                    _("You take a medicine that thins the blood"),
                    _(
                        "For example, warfarin, apixaban (Eliquis), rivaroxaban (Xarelto), "
                        "dabigatran (Pradaxa) or clopidogrel (Plavix)"
                    ),
                ),
                "pregnant": Choice(_("You are pregnant, or you had a baby in the last 6 weeks")),
                "muscle_swelling": Choice(
                    _(
                        "After a hard or new workout, your muscles are much more painful, "
                        "swollen or weak than normal soreness"
                    )
                ),
                NONE: _NONE,
            },
        ),
        "activity": Wording(
            title=_("What were you doing when the pain started, or just before?"),
            hint=_("Select all that apply."),
            summary=_("What you were doing"),
            required=_("Select what you were doing when the pain started"),
            choices={
                "high_impact": Choice(
                    _("Running or jumping"),
                    _("For example, fast interval workouts (HIIT) or jump training"),
                ),
                "heavy_lifting": Choice(
                    _("Heavy lifting"),
                    _("For example, deadlifts, squats, kettlebell swings or Olympic lifts"),
                ),
                "twisting": Choice(_("Twisting or turning moves")),
                "yoga_backbends": Choice(
                    _("Yoga backbends or upside-down poses"), _("For example, wheel, plow or camel")
                ),
                "pivoting_sports": Choice(
                    _("Sports with quick turns"), _("For example, tennis, basketball or hockey")
                ),
                "contact_sports": Choice(
                    _("Contact sports"), _("For example, football, rugby or martial arts")
                ),
                "core_work": Choice(_("Crunches or sit-ups")),
                "other": Choice(_("Something else")),
            },
        ),
        "history": Wording(
            title=_("Have you had any of these problems before?"),
            hint=_("Select all that apply, or select 'None of these'."),
            summary=_("Problems before"),
            required=_("Select any problems you have had, or select 'None of these'"),
            choices={
                "disc_condition": Choice(
                    _("A disc problem that a doctor told you about"),
                    _("For example, a bulging, slipped or worn disc"),
                ),
                "stenosis_arthritis": Choice(
                    _("Narrowing of the spine (spinal stenosis), or arthritis in the spine")
                ),
                "recurring": Choice(_("This kind of {pain} keeps coming back after exercise")),
                NONE: _NONE,
            },
        ),
    }
)


_ARMS: Mapping[str, Text] = {
    "limbs": _("arms or hands"),
    "limb": _("arm"),
    "joint": _("elbow"),
    "weakness_examples": _("your arm gives way or you cannot grip"),
}
_LEGS: Mapping[str, Text] = {
    "limbs": _("legs or feet"),
    "limb": _("leg"),
    "joint": _("knee"),
    "weakness_examples": _("your leg gives way, your foot drops or your toes catch"),
}


def vocabulary(location: str | None) -> Mapping[str, Text]:
    """The words that change with where the pain is (module doc)."""
    if location == "neck":
        return {"area": _("neck"), "pain": _("neck pain"), **_ARMS}
    if location is None:
        return {"area": _("back or neck"), "pain": _("back or neck pain"), **_LEGS}
    return {"area": _("back"), "pain": _("back pain"), **_LEGS}


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
        return {value: str(choice.label) for value, choice in self.choices}


def fill(text: Text, words: Mapping[str, Text]) -> str:
    """``text`` in the active language with its ``{pain}``-style placeholders filled in."""
    return str(text).format_map({key: str(word) for key, word in words.items()})


def question_text(key: str, *, location: str | None) -> QuestionText:
    """The words for question ``key``, adapted to ``location`` (a protocol value or None),
    in the active language."""
    return _question_text(key, location, get_language())


# Every page words its questions again; the words are fixed for a release and a language,
# so each worker keeps them (a few dozen frozen values per language; docs/decisions/
# 0006-performance.md). ``language`` is part of the key: the words are filled in (and
# translated) when first built.
@lru_cache(maxsize=512)
def _question_text(key: str, location: str | None, language: str | None) -> QuestionText:
    words = vocabulary(location)
    wording = WORDING[key]
    return QuestionText(
        key=key,
        title=fill(wording.title, words),
        hint=fill(wording.hint, words),
        summary=fill(wording.summary, words),
        required=fill(wording.required, words),
        choices=tuple(
            (
                value,
                Choice(
                    fill(wording.choices[value].label, words),
                    fill(wording.choices[value].hint, words),
                    str(wording.choices[value].lead),
                ),
            )
            for value in QUESTIONS_BY_KEY[key].values
        ),
    )


def describe_answer(key: str, value: object, *, location: str | None) -> list[str]:
    """A stored answer in plain words: one line per chosen value (protocol order)."""
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.INTEGER:
        return [_("{score} out of 10").format(score=value)]
    labels = question_text(key, location=location).labels
    if isinstance(value, str):
        chosen: list[object] = [value]
    elif isinstance(value, list | tuple | set | frozenset):
        chosen = list(value)
    else:
        chosen = []
    return [labels[v] for v in question.values if v in chosen]


#: What a question page says when an answer cannot be used, by the engine's error code
#: (``triage.engine.AnswerError``): the form shows these, the engine decides which.
#: ``required`` is the question's own (``Wording.required``). Tampered or stale values
#: are told what to do, never shown back.
ANSWER_ERRORS: Mapping[str, Text] = MappingProxyType(
    {
        "invalid_choice": _("Select an answer from the list"),
        "exclusive": _("Select 'None of these', or select the ones that apply to you, not both"),
        "score": _("Enter a number from {low} to {high}"),
    }
)


# --- Why: the reason for each rule (PROTOCOL.md "Rules") --------------------------------

#: Each nerve symptom in a few words, for reasons that name what the person ticked.
_SYMPTOM_WORDS: Mapping[str, Text] = MappingProxyType(
    {
        "radiating": _("pain spreading down into your {limbs}"),
        "numbness_tingling": _("numbness or tingling in your {limbs}"),
        "weakness": _("new weakness in your {limbs}"),
        "clumsy_unsteady": _("clumsy hands or unsteady walking"),
    }
)

#: The limbs a reason speaks of: the arms for neck pain, else the legs.
_REASON_LIMBS: Mapping[str, Text] = MappingProxyType({"neck": _("arms or hands"), "": _("legs")})


def _and(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


def _symptoms(answers: Answers, values: frozenset[str]) -> list[str]:
    """The nerve symptoms among ``values`` in plain words, in protocol order."""
    return [
        str(_SYMPTOM_WORDS[v]) for v in QUESTIONS_BY_KEY["nerve"].values if v in values - {NONE}
    ]


# E3-E5 name only the answers that made them fire (PROTOCOL.md: the reason is "the
# answers that triggered it, in plain words").
def _cord(answers: Answers) -> Text:
    symptoms = _symptoms(answers, answers.nerve & CORD_SIGNS)
    return _(
        "You have had cancer, and now you have {symptoms}. Something may be pressing on "
        "your spinal cord: you need a scan today."
    ).format(symptoms=_and(symptoms))


def _infection(answers: Answers) -> Text:
    parts = _symptoms(answers, answers.nerve)
    if "immune_drugs" in answers.general:
        parts.append(str(_("a weak immune system or injecting drugs")))
    return _(
        "You have a fever or feel unwell, together with {things}. This can be an "
        "infection in the spine: it needs checking today."
    ).format(things=_and(parts))


def _bleeding(answers: Answers) -> Text:
    parts = []
    if sudden_and_bad(answers):
        parts.append(
            str(
                _(
                    "your pain came on suddenly while you were exercising and is bad "
                    "(7 or more out of 10)"
                )
            )
        )
    if symptoms := _symptoms(answers, answers.nerve & BLEED_SIGNS):
        parts.append(_("you have {symptoms}").format(symptoms=_and(symptoms)))
    return _(
        "You take a medicine that thins the blood, and {things}. This can be bleeding near "
        "the spine: it needs checking today."
    ).format(things=str(_(", and ")).join(parts))


def _cancer_or_weight(answers: Answers) -> Text:
    both = {"cancer_history", "weight_loss"} <= answers.general
    if both:
        return _("You have had cancer, and you have lost weight without knowing why.")
    if "cancer_history" in answers.general:
        return _("You have had cancer.")
    return _("You have lost weight without knowing why.")


def _spreading_or_numb(answers: Answers) -> Text:
    """D2 in the person's own terms: only the symptoms they ticked."""
    spreading = "radiating" in answers.nerve
    numb = "numbness_tingling" in answers.nerve
    if spreading and numb:
        return _("Pain spreads down into your {limbs}, and you have numbness or tingling there.")
    if spreading:
        return _("Pain spreads down into your {limbs}.")
    return _("You have numbness or tingling in your {limbs}.")


def _sleep_or_daily(answers: Answers) -> Text:
    sleep = "disturbs_sleep" in answers.impact
    daily = "daily_activities" in answers.impact
    if sleep and daily:
        return _("The pain stops you sleeping and makes everyday movements hard.")
    if sleep:
        return _("The pain stops you sleeping.")
    return _("The pain makes everyday movements hard.")


def _spine_history(answers: Answers) -> Text:
    disc = "disc_condition" in answers.history
    narrowing = "stenosis_arthritis" in answers.history
    if disc and narrowing:
        return _(
            "You have a known disc problem, and narrowing (stenosis) or arthritis in your spine."
        )
    if disc:
        return _("You have a known disc problem.")
    return _("You have narrowing (stenosis) or arthritis in your spine.")


def _young_athlete(answers: Answers) -> Text:
    lasting = answers.duration == "over_3_months"
    recurring = "recurring" in answers.history
    if lasting and recurring:
        return _(
            "You are under 20 and your low back pain has lasted more than 3 months and keeps "
            "coming back. In young athletes this can be a small stress fracture in the spine, "
            "which a doctor should check."
        )
    if lasting:
        return _(
            "You are under 20 and your low back pain has lasted more than 3 months. In young "
            "athletes this can be a small stress fracture in the spine, which a doctor should "
            "check."
        )
    return _(
        "You are under 20 and your low back pain keeps coming back. In young athletes this "
        "can be a small stress fracture in the spine, which a doctor should check."
    )


#: The reason for each rule, by rule id: a sentence, or a function of the answers for a
#: reason that names only what the person reported (D2, E3-E5 ...). ``{limbs}`` and
#: ``{signs}`` are filled in by :func:`reason`.
REASONS: Mapping[str, Text | Callable[[Answers], Text]] = MappingProxyType(
    {
        "E1": _("You told us about a sign that needs emergency care straight away: {signs}."),
        "E2": _(
            "You are 65 or over and your neck pain started with a fall, a knock or an accident. "
            "At your age a neck injury needs a scan today."
        ),
        "U1": _("You have new weakness in your {limbs}."),
        "U2": _("You have a fever or chills, or you feel generally unwell."),
        "U3": _("Your pain started with a fall, a knock or an accident."),
        "U5": _(
            "Your pain came on suddenly while you were exercising, and it is bad (7 or more out "
            "of 10)."
        ),
        "U6": _("You have numbness or tingling in your {limbs}, and your pain is getting worse."),
        "U7": _("Your pain is very bad (9 or more out of 10)."),
        "U8": _("Your hands have become clumsy, or your walking has become unsteady."),
        "U9": _(
            "You have a weak immune system or you inject drugs, and the pain is there at night or "
            "when you rest."
        ),
        "U10": _(
            "You have thin bones (osteoporosis) or take steroid tablets, and the pain came on "
            "suddenly while you were exercising. A bone in the spine may be broken: you need an "
            "X-ray in the next day or two."
        ),
        "U11": _(
            "After a hard or new workout, your muscles are much more painful, swollen or weak "
            "than normal soreness. You need a blood test today or tomorrow to check for muscle "
            "breakdown, which can harm the kidneys."
        ),
        "D1": _("You have had the pain for more than a week."),
        "D4": _("The pain stops you getting back to exercise."),
        "D5": _("Your pain came on suddenly while you were exercising."),
        "D6": _("Your pain is getting worse."),
        "D7": _("Your pain is bad (7 or more out of 10)."),
        "D9": _("You have thin bones (osteoporosis), or you take steroid tablets for a long time."),
        "D10": _("Your pain may not be from exercise."),
        "D11": _("Your pain is shooting, burning or like an electric shock."),
        "D12": _("You have a weak immune system, or you inject drugs."),
        "D13": _(
            "The pain is there at night or when you rest, and it does not ease when you lie still "
            "or move."
        ),
        "D14": _("You are 50 or over and the pain built up slowly."),
        "D16": _(
            "You are pregnant or had a baby in the last 6 weeks. Your own doctor or midwife knows "
            "your pregnancy and should check your pain."
        ),
        "P1": _("You have had the pain for more than 3 months."),
        "P2": _("This kind of pain keeps coming back after you exercise."),
        "E3": _cord,
        "E4": _infection,
        "E5": _bleeding,
        "U4": _cancer_or_weight,
        "D2": _spreading_or_numb,
        "D3": _sleep_or_daily,
        "D8": _spine_history,
        "D15": _young_athlete,
    }
)


def reason(rule: TriggeredRule, answers: Answers) -> str:
    """Why ``rule`` applied, in plain words, for these answers.

    ``{limbs}`` becomes "legs" or, for neck pain, "arms or hands", and ``{signs}`` names
    each red flag ticked (PROTOCOL.md: E1's reason names every sign the person ticked).
    """
    words = REASONS[rule.id]
    text = str(words(answers) if callable(words) else words)
    limbs = str(_REASON_LIMBS["neck" if answers.location == "neck" else ""])
    signs = "; ".join(
        _lower_first(str(SIGNS[flag].description))
        for flag in in_protocol_order(QUESTIONS_BY_KEY["emergency"], answers.red_flags)
    )
    return text.replace("{limbs}", limbs).replace("{signs}", signs)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- What each outcome says (PROTOCOL.md "Outcomes") -------------------------------------


@dataclass(frozen=True)
class OutcomeText:
    """How the result page states an outcome: the NHS.UK care card and what to do now."""

    heading: Text
    #: The visually hidden start of the heading, as the NHS.UK care cards have.
    prefix: Text
    do_now: tuple[Text, ...]
    #: The few most important things to do today, shown on the first screen (self-care).
    today: tuple[Text, ...] = ()


_NON_URGENT = _("Non-urgent advice: ")
_URGENT = _("Urgent advice: ")

OUTCOME_TEXT: Mapping[Outcome, OutcomeText] = MappingProxyType(
    {
        Outcome.EMERGENCY: OutcomeText(
            heading=format_lazy(
                _("Call {number} now or go to the emergency room"), number=emergency_number
            ),
            prefix=_("Immediate action required: "),
            # How to get there depends on the signs (PROTOCOL.md v3; Result.travel): the
            # template says it before this line.
            do_now=(_("If you can, ask someone to stay with you."),),
        ),
        Outcome.URGENT: OutcomeText(
            heading=_("See a doctor today or tomorrow"),
            prefix=_URGENT,
            do_now=(
                _(
                    "Get an appointment with a doctor for today or tomorrow, "
                    "or go to an urgent care center."
                ),
                _(
                    "Stop exercising until you are seen. That means no workouts, sports, "
                    "stretches or heavy lifting."
                ),
            ),
        ),
        Outcome.SEE_DOCTOR: OutcomeText(
            heading=_("Book an appointment with a doctor"),
            prefix=_NON_URGENT,
            do_now=(
                _(
                    "Book an appointment with a doctor or a spine specialist in the next "
                    "week or two."
                ),
                _("Until then, go gently. Do not do anything that makes the pain worse."),
            ),
        ),
        Outcome.PHYSIO: OutcomeText(
            heading=_("Book an appointment with a physical therapist"),
            prefix=_NON_URGENT,
            do_now=(
                _(
                    "A physical therapist can help with this kind of pain. Book an "
                    "appointment with one."
                ),
                _("If a doctor has never checked this pain, see a doctor too."),
            ),
        ),
        Outcome.SELF_CARE: OutcomeText(
            heading=_("You can look after this at home"),
            prefix=_NON_URGENT,
            do_now=(
                _(
                    "This sounds like normal soreness after exercise, or a small strain. "
                    "It should get better on its own in a few days."
                ),
            ),
            today=(
                _(
                    "Rest from the exercise that caused it for a few days, but keep moving "
                    "gently: short walks help more than lying in bed."
                ),
                _(
                    "Use an ice pack in a towel for up to 20 minutes, a few times a day, for "
                    "2 days. Then use heat or ice, whichever feels better."
                ),
                _("Stop anything that makes the pain worse or sharper."),
            ),
        ),
    }
)

#: Shown when the engine cannot judge answers the wizard believed complete: the safe
#: side is urgent care (PROTOCOL.md safety principle), never self-care.
FALLBACK_TEXT = OutcomeText(
    heading=_("See a doctor today or go to urgent care"),
    prefix=_URGENT,
    do_now=(
        _(
            "We could not work out a result from your answers. To be safe, see a doctor "
            "today or go to an urgent care center."
        ),
        _("Stop exercising until a doctor has checked you."),
    ),
)

#: Each outcome in a few words, for the clinic's staff (the admin's choices).
OUTCOME_LABELS: Mapping[Outcome, Text] = MappingProxyType(
    {
        Outcome.EMERGENCY: format_lazy(_("Emergency: call {number}"), number=emergency_number),
        Outcome.URGENT: _("See a doctor within 24 to 48 hours"),
        Outcome.SEE_DOCTOR: _("Book a doctor in the next week or two"),
        Outcome.PHYSIO: _("See a physical therapist"),
        Outcome.SELF_CARE: _("Look after it at home"),
    }
)


# --- The calendar reminder -------------------------------------------------------------


@dataclass(frozen=True)
class ReminderText:
    """What a follow-up reminder says; ``{pain}`` becomes "back pain" or "neck pain"."""

    summary: Text
    description: Text
    #: What the result page says about the reminder, before the download link.
    page_text: Text


_SAFETY = format_lazy(
    _("Call {number} if you get any of the emergency signs."), number=emergency_number
)

REMINDER_TEXT: Mapping[Outcome, ReminderText] = MappingProxyType(
    {
        Outcome.URGENT: ReminderText(
            summary=_("Have you seen a doctor about your {pain}?"),
            description=format_lazy(
                "{} {}",
                _(
                    "If you have not seen a doctor yet, call your doctor or the clinic "
                    "today, or go to an urgent care center."
                ),
                _SAFETY,
            ),
            page_text=_(
                "If you have not been seen by a doctor within 48 hours, call your doctor or "
                "the clinic, or go to an urgent care center."
            ),
        ),
        Outcome.SEE_DOCTOR: ReminderText(
            summary=_("Have you booked a doctor for your {pain}?"),
            description=format_lazy(
                "{} {}",
                _(
                    "If you have not booked yet, book an appointment with a doctor now. If "
                    "the pain is worse or you have new symptoms, answer the questions again."
                ),
                _SAFETY,
            ),
            page_text=_("In 7 days, check that you have booked a doctor."),
        ),
        Outcome.PHYSIO: ReminderText(
            summary=_("Have you booked a physical therapist for your {pain}?"),
            description=format_lazy(
                "{} {}",
                _(
                    "If you have not booked yet, book a physical therapist now. If the pain "
                    "is worse or you have new symptoms, answer the questions again."
                ),
                _SAFETY,
            ),
            page_text=_("In 7 days, check that you have booked a physical therapist."),
        ),
        Outcome.SELF_CARE: ReminderText(
            summary=_("Is your {pain} better? Check it again"),
            description=format_lazy(
                "{} {}",
                _(
                    "If your {pain} is not clearly better, or it is worse, answer the "
                    "questions again to see what to do next."
                ),
                _SAFETY,
            ),
            page_text=_(
                "If your pain is not clearly better in 3 days, answer the questions again."
            ),
        ),
    }
)

#: The calendar event's last line, before the link back to the questions.
REMINDER_LINK = _("Answer the questions again: {url}")


# --- The wizard's own messages -------------------------------------------------------


def expired_message(seconds: int) -> str:
    """Why the person is back at the first question: their answers are gone."""
    hours = max(1, round(seconds / 3600))
    return ngettext(
        "Your answers were deleted after %(hours)d hour to protect your privacy, or we "
        "could not find them. Please answer the questions again.",
        "Your answers were deleted after %(hours)d hours to protect your privacy, or we "
        "could not find them. Please answer the questions again.",
        hours,
    ) % {"hours": hours}
