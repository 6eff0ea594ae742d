"""Property tests of triage/engine.py: the safety promises of PROTOCOL.md hold for any input."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from triage.engine import (
    NONE,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    RED_FLAGS,
    AnswerError,
    InvalidAnswers,
    Kind,
    Outcome,
    Result,
    evaluate,
    in_protocol_order,
    is_emergency,
    most_urgent,
    parse_answers,
    read_progress,
)

MULTI_KEYS = [q.key for q in QUESTIONS if q.kind is Kind.MULTI]
RED_FLAG_LIST = sorted(RED_FLAGS)


def _symptoms(key: str) -> list[str]:
    """The values of a multi question other than ``none``."""
    return [v for v in QUESTIONS_BY_KEY[key].values if v != NONE]


def _multi_answer(key: str) -> st.SearchStrategy[list[str]]:
    symptoms = st.lists(st.sampled_from(_symptoms(key)), min_size=1, unique=True)
    if key == "activity":
        return symptoms
    return st.one_of(st.just([NONE]), symptoms)


def _question_answer(key: str) -> st.SearchStrategy[Any]:
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.SINGLE:
        return st.sampled_from(question.values)
    if question.kind is Kind.INTEGER:
        return st.integers(min_value=0, max_value=10)
    return _multi_answer(key)


#: Complete, valid, non-emergency answer sets.
valid_answers = st.fixed_dictionaries(
    {"emergency": st.just([NONE])}
    | {q.key: _question_answer(q.key) for q in QUESTIONS if q.key != "emergency"}
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _near_miss(key: str) -> st.SearchStrategy[Any]:
    """Values close to valid for ``key``: the right ones, junk, wrong shapes and mixtures."""
    values = list(QUESTIONS_BY_KEY[key].values) or ["7"]
    return st.one_of(
        _question_answer(key),
        st.sampled_from(values),
        st.lists(st.one_of(st.sampled_from(values), json_values), max_size=4),
        st.integers(min_value=-3, max_value=13),
        st.text(alphabet="0123456789 -.", max_size=5),
        st.floats(),
        st.booleans(),
        json_values,
    )


#: Dicts that are sometimes valid, mostly not: protocol keys with near-miss values,
#: missing keys, and extra keys of any kind.
answerish = st.fixed_dictionaries(
    {},
    optional={q.key: _near_miss(q.key) for q in QUESTIONS}
    | {"extra": json_values, "": json_values},
)

#: Any JSON-ish data at all (including things that are not dicts).
anything = st.one_of(
    answerish,
    json_values,
    st.dictionaries(st.one_of(st.none(), st.integers(), st.text(max_size=8)), json_values),
)


def urgency(data: dict[str, Any]) -> int:
    return evaluate(data).outcome.urgency


def _check_consistent(result: Result) -> None:
    assert result.outcome is most_urgent(rule.outcome for rule in result.triggered)
    ids = [rule.id for rule in result.triggered]
    assert len(ids) == len(set(ids))
    assert (result.pattern is None) == (result.outcome is Outcome.EMERGENCY)
    assert result.protocol_version == "3"


@given(
    flags=st.lists(st.sampled_from(RED_FLAG_LIST), min_size=1),
    extras=st.lists(st.one_of(st.just(NONE), st.text(max_size=12), json_values), max_size=4),
    others=answerish,
    shuffle=st.randoms(use_true_random=False),
)
def test_any_red_flag_is_an_emergency(
    flags: list[str], extras: list[Any], others: dict[str, Any], shuffle: Any
) -> None:
    emergency = flags + extras
    shuffle.shuffle(emergency)
    data = {**others, "emergency": emergency}
    assert is_emergency(data)
    result = evaluate(data)
    assert result.outcome is Outcome.EMERGENCY
    assert result.rule_ids == ("E1",)
    assert result.pattern is None


@given(flag=st.sampled_from(RED_FLAG_LIST), others=answerish)
def test_a_bare_red_flag_string_is_an_emergency(flag: str, others: dict[str, Any]) -> None:
    assert evaluate({**others, "emergency": flag}).outcome is Outcome.EMERGENCY


def _ticked(*values: str) -> list[str]:
    """Each value once, as the checkboxes send them (a value already ticked stays one)."""
    return list(dict.fromkeys(values))


@given(data=valid_answers, key=st.sampled_from(MULTI_KEYS), choice=st.data())
def test_adding_a_symptom_never_lowers_urgency(data: dict[str, Any], key: str, choice: Any) -> None:
    value = choice.draw(st.sampled_from(_symptoms(key)))
    before = urgency(data)
    replaced = [v for v in data[key] if v != NONE]
    assert urgency({**data, key: _ticked(*replaced, value)}) >= before
    # Ticking it beside "none" (a conflict) must not lower urgency either.
    assert urgency({**data, key: _ticked(*data[key], value)}) >= before


@given(data=valid_answers, low=st.integers(0, 10), high=st.integers(0, 10))
def test_more_severe_pain_never_lowers_urgency(data: dict[str, Any], low: int, high: int) -> None:
    low, high = min(low, high), max(low, high)
    assert urgency({**data, "severity": high}) >= urgency({**data, "severity": low})


@given(data=valid_answers, others=st.lists(st.sampled_from(_symptoms("general")), max_size=3))
def test_e2_whenever_its_three_answers_hold(data: dict[str, Any], others: list[str]) -> None:
    data = {**data, "location": "neck", "age": "65_plus", "general": ["injury_trauma", *others]}
    result = evaluate(data)
    assert result.outcome is Outcome.EMERGENCY
    assert "E2" in result.rule_ids
    assert result.pattern is None


@given(data=valid_answers)
def test_being_older_never_lowers_urgency(data: dict[str, Any]) -> None:
    ages = QUESTIONS_BY_KEY["age"].values  # youngest first
    urgencies = [urgency({**data, "age": age}) for age in ages]
    assert urgencies[1:] == sorted(urgencies[1:])
    # Under 20 is the one exception, by design: D15 (a possible stress fracture of the
    # spine in a young athlete) adds a reason to see a doctor that older people lack.
    if "D15" not in evaluate({**data, "age": "under_20"}).rule_ids:
        assert urgencies == sorted(urgencies)


@given(
    data=valid_answers,
    combination=st.sampled_from(
        [
            ("E3", {"general": ["cancer_history"]}, {"nerve": ["weakness"]}),
            ("E3", {"general": ["cancer_history"]}, {"nerve": ["numbness_tingling"]}),
            ("E3", {"general": ["cancer_history"]}, {"nerve": ["clumsy_unsteady"]}),
            ("E4", {"general": ["fever"]}, {"nerve": ["radiating"]}),
            ("E4", {"general": ["fever"]}, {"nerve": ["clumsy_unsteady"]}),
            ("E4", {"general": ["fever", "immune_drugs"]}, {}),
            ("E5", {"general": ["blood_thinners"]}, {"onset": "sudden_during", "severity": 7}),
            ("E5", {"general": ["blood_thinners"]}, {"nerve": ["weakness"]}),
            ("E5", {"general": ["blood_thinners"]}, {"nerve": ["numbness_tingling"]}),
        ]
    ),
    more_general=st.lists(st.sampled_from(_symptoms("general")), max_size=4),
    more_nerve=st.lists(st.sampled_from(_symptoms("nerve")), max_size=3),
    none_too=st.booleans(),
)
def test_an_emergency_combination_is_always_an_emergency(
    data: dict[str, Any],
    combination: tuple[str, dict[str, Any], dict[str, Any]],
    more_general: list[str],
    more_nerve: list[str],
    none_too: bool,
) -> None:
    rule_id, general, rest = combination
    nerve = [*rest.get("nerve", []), *more_nerve] or data["nerve"]
    data = {
        **data,
        **rest,
        "general": [*general["general"], *more_general] + ([NONE] if none_too else []),
        "nerve": nerve + ([NONE] if none_too else []),
    }
    if rule_id == "E5" and "severity" in rest:
        data["severity"] = max(7, data["severity"])
    result = evaluate(data)
    assert result.outcome is Outcome.EMERGENCY
    assert rule_id in result.rule_ids
    assert result.travel is not None


@given(data=valid_answers, location=st.sampled_from(QUESTIONS_BY_KEY["location"].values))
def test_adding_a_nerve_symptom_or_a_general_answer_never_lowers_urgency_anywhere(
    data: dict[str, Any], location: str
) -> None:
    data = {**data, "location": location}
    before = urgency(data)
    for key in ("nerve", "general"):
        for value in _symptoms(key):
            kept = [v for v in data[key] if v != NONE]
            assert urgency({**data, key: _ticked(*kept, value)}) >= before, (key, value)


@given(data=valid_answers)
def test_getting_worse_never_lowers_urgency(data: dict[str, Any]) -> None:
    trends = QUESTIONS_BY_KEY["trend"].values  # improving, same, worse
    urgencies = [urgency({**data, "trend": trend}) for trend in trends]
    assert urgencies == sorted(urgencies)


def _e2_holds(data: Any) -> bool:
    """PROTOCOL.md E2's three answers, read from raw data."""
    general = data.get("general") if isinstance(data, dict) else None
    return (
        isinstance(data, dict)
        and data.get("location") == "neck"
        and data.get("age") == "65_plus"
        and isinstance(general, list)
        and "injury_trauma" in general
    )


def _combination_holds(data: Any) -> bool:
    """E2-E5, the emergencies that only a combination of answers reveals, read from raw
    (valid) data by hand."""
    if not isinstance(data, dict):
        return False
    general, nerve = set(data.get("general") or ()), set(data.get("nerve") or ()) - {NONE}
    severity = data.get("severity")
    severe = isinstance(severity, int) and severity >= 7
    return (
        _e2_holds(data)
        or ("cancer_history" in general and bool(nerve - {"radiating"}))
        or ("fever" in general and (bool(nerve) or "immune_drugs" in general))
        or (
            "blood_thinners" in general
            and (
                (data.get("onset") == "sudden_during" and severe)
                or bool(nerve & {"weakness", "numbness_tingling"})
            )
        )
    )


@given(data=valid_answers)
def test_valid_answers_give_a_consistent_result(data: dict[str, Any]) -> None:
    result = evaluate(data)
    _check_consistent(result)
    # Without a red flag, only E2-E5 (combinations of answers) are emergencies.
    assert (result.outcome is Outcome.EMERGENCY) == _combination_holds(data)
    assert ("E2" in result.rule_ids) == _e2_holds(data)
    parsed = parse_answers(data)
    assert parse_answers(parsed.as_data()) == parsed
    # Read back from its stored form, the same answers give the same result.
    assert evaluate(parsed.as_data()) == result
    assert read_progress(parsed.as_data()).result == result


@given(data=anything)
def test_any_data_gives_a_result_or_invalid_answers(data: Any) -> None:
    flagged = is_emergency(data)
    assert isinstance(flagged, bool)
    try:
        result = evaluate(data)
    except InvalidAnswers as error:
        assert not flagged
        assert error.errors
        assert all(isinstance(m, str) and m for m in error.errors.values())
    else:
        _check_consistent(result)
        # The hand reading applies to the answers as parsed (one spelling for each).
        combination = _combination_holds(result.answers.as_data())
        assert (result.outcome is Outcome.EMERGENCY) == (flagged or combination)


@given(data=st.data(), key=st.sampled_from([q.key for q in QUESTIONS]))
def test_clean_gives_a_typed_answer_or_a_coded_error(data: Any, key: str) -> None:
    # One validator for every answer: never another exception, and what it returns is
    # read back the same from its stored form.
    question = QUESTIONS_BY_KEY[key]
    raw = data.draw(_near_miss(key), label="raw")
    try:
        value = question.clean(raw)
    except AnswerError as error:
        assert error.code in {"required", "invalid_choice", "exclusive", "score"}
        assert isinstance(error.args[0], str) and error.args[0]
        assert bool(error.reading) == (error.code == "exclusive")
        return
    if question.kind is Kind.MULTI:
        assert isinstance(value, frozenset) and value <= set(question.values)
        assert question.clean(in_protocol_order(question, value)) == value
        # Only a red flag keeps "none" beside it (E1): anything else ticked with it is refused.
        assert NONE not in value or len(value) == 1 or value & RED_FLAGS
    elif question.kind is Kind.SINGLE:
        assert value in question.values
    else:
        assert isinstance(value, int) and 0 <= value <= 10
        assert question.clean(str(value)) == value


@given(data=answerish)
def test_parsing_is_all_or_nothing(data: dict[str, Any]) -> None:
    # Either every needed answer is there, or there is an error: never a partial set
    # that would reach a milder outcome by omission.
    try:
        parsed = parse_answers(data)
    except InvalidAnswers:
        return
    if parsed.red_flags:
        assert evaluate(data).outcome is Outcome.EMERGENCY
    else:
        for question in QUESTIONS:
            value = getattr(parsed, question.key)
            assert value is not None and value != frozenset(), question.key


def _hand_reading(a: dict[str, Any]) -> tuple[str, set[str]]:
    """PROTOCOL.md v3's rules table read by hand, row by row, from valid raw answers
    (written apart from the engine, so that the two must agree)."""
    general, impact, history = set(a["general"]), set(a["impact"]), set(a["history"])
    nerve = set(a["nerve"]) - {NONE}
    sev, onset, age, duration = a["severity"], a["onset"], a["age"], a["duration"]
    rows = {
        "E2": a["location"] == "neck" and "injury_trauma" in general and age == "65_plus",
        "E3": "cancer_history" in general
        and bool(nerve & {"weakness", "numbness_tingling", "clumsy_unsteady"}),
        "E4": "fever" in general and (bool(nerve) or "immune_drugs" in general),
        "E5": "blood_thinners" in general
        and (
            (onset == "sudden_during" and sev >= 7)
            or bool(nerve & {"weakness", "numbness_tingling"})
        ),
        "U1": "weakness" in nerve,
        "U2": "fever" in general,
        "U3": "injury_trauma" in general,
        "U4": bool(general & {"cancer_history", "weight_loss"}),
        "U5": onset == "sudden_during" and sev >= 7,
        "U6": "numbness_tingling" in nerve and a["trend"] == "worse",
        "U7": sev >= 9,
        "U8": "clumsy_unsteady" in nerve,
        "U9": "immune_drugs" in general and "night_rest_pain" in impact,
        "U10": "osteoporosis_steroids" in general and onset == "sudden_during",
        "U11": "muscle_swelling" in general,
        "D1": duration in {"1_to_3_weeks", "3_weeks_to_3_months"},
        "D2": bool(nerve & {"radiating", "numbness_tingling"}),
        "D3": bool(impact & {"disturbs_sleep", "daily_activities"}),
        "D4": "cannot_exercise" in impact,
        "D5": onset == "sudden_during",
        "D6": a["trend"] == "worse",
        "D7": sev >= 7,
        "D8": bool(history & {"disc_condition", "stenosis_arthritis"}),
        "D9": "osteoporosis_steroids" in general,
        "D10": onset == "not_exercise",
        "D11": a["character"] == "shooting_burning",
        "D12": "immune_drugs" in general,
        "D13": "night_rest_pain" in impact,
        "D14": age in {"50_to_64", "65_plus"} and onset == "gradual",
        "D15": age == "under_20"
        and a["location"] == "lower_back"
        and (duration == "over_3_months" or "recurring" in history),
        "D16": "pregnant" in general,
        "P1": duration == "over_3_months",
        "P2": "recurring" in history,
    }
    fired = {rule for rule, holds in rows.items() if holds}
    for letter, outcome in (
        ("E", "emergency"),
        ("U", "urgent"),
        ("D", "see_doctor"),
        ("P", "physio"),
    ):
        if any(rule.startswith(letter) for rule in fired):
            return outcome, fired
    return "self_care", fired


@given(data=valid_answers, conflicts=st.lists(st.sampled_from(["nerve", "general"]), max_size=2))
def test_random_answer_sets_agree_with_a_hand_reading_of_the_rules(
    data: dict[str, Any], conflicts: list[str]
) -> None:
    for key in conflicts:  # "none" ticked beside other values counts as the other values
        data = {**data, key: [*data[key], NONE] if NONE not in data[key] else data[key]}
    result = evaluate(data)
    outcome, fired = _hand_reading(data)
    assert result.outcome.value == outcome
    assert set(result.rule_ids) == fired
