"""The wording module and the forms built from it: engine keys and values, no others."""

from __future__ import annotations

import re

import pytest

from triage.engine import QUESTIONS, QUESTIONS_BY_KEY, RED_FLAG_GROUPS, Kind, read_progress
from triage.forms import NhsCheckboxes, NhsRadios, build_form
from triage.questions import WORDING, describe_answer, question_text

LOCATIONS = [None, "neck", "upper_back", "lower_back"]


def test_every_engine_question_has_wording_and_nothing_else_does():
    assert set(WORDING) == {question.key for question in QUESTIONS}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_every_engine_value_has_a_label_and_every_label_an_engine_value(question):
    assert set(WORDING[question.key].choices) == set(question.values)


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


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_each_form_has_one_field_named_by_the_protocol_key(question):
    form = build_form(question.key, location=None)
    assert list(form.fields) == [question.key]
    field = form.fields[question.key]
    if question.kind is Kind.INTEGER:
        assert not hasattr(field, "choices")
        return
    values = list(question.values)
    if question.key == "emergency":  # shown in the protocol's five groups (v3)
        values = [sign.value for group in RED_FLAG_GROUPS for sign in group.signs] + ["none"]
    assert [value for value, _ in field.choices] == values
    widget = NhsRadios if question.kind is Kind.SINGLE else NhsCheckboxes
    assert isinstance(field.widget, widget)


def test_the_first_option_takes_the_field_id_for_the_error_summary():
    first = build_form("duration", location=None)["duration"].subwidgets[0]
    assert first.data["attrs"]["id"] == "id_duration"
    ids = [w.data["attrs"]["id"] for w in build_form("nerve", location=None)["nerve"].subwidgets]
    assert ids == ["id_nerve", "id_nerve_1", "id_nerve_2", "id_nerve_3", "id_nerve_4"]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("key", "value", "given"),
    [
        ("location", "neck", "neck"),
        ("location", ["neck"], "neck"),  # the engine's accepted spellings
        ("location", "knee", None),
        ("severity", 0, 0),
        ("severity", 10, 10),
        ("severity", "5", 5),
        ("severity", 11, None),
        ("severity", True, None),
        ("nerve", [], None),
        ("nerve", ["weakness", "kneecap"], None),  # one unknown value: asked again
        ("nerve", ["weakness", "radiating"], frozenset({"weakness", "radiating"})),
        ("activity", ["other", "twisting"], frozenset({"other", "twisting"})),
        ("activity", "twisting", frozenset({"twisting"})),
    ],
)
def test_a_stored_answer_is_given_only_if_the_engine_reads_it(key, value, given):
    stored = {"emergency": ["none"], key: value}
    progress = read_progress(stored)
    assert progress.given.get(key) == given
    assert progress.missing == ("age" if key != "age" else "location")


def test_the_template_pack_is_the_configured_crispy_pack(settings):
    assert settings.CRISPY_TEMPLATE_PACK == "nhsuk"
    from django.template.loader import get_template

    for name in ("nhsuk/field.html", "nhsuk/errors.html", "nhsuk/uni_form.html"):
        assert get_template(name)


def test_the_crispy_filter_renders_a_whole_form_nhs_style():
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    html = as_crispy_form(build_form("trend", location=None))
    assert '<h1 class="nhsuk-fieldset__heading">Is your pain getting better or worse?</h1>' in html
    assert len(re.findall(r'class="nhsuk-radios__input"', html)) == 3


def test_no_jargon_on_screen_without_plain_words():
    # Issue 10: no "HIIT", "plyometrics" or "radiating" without plain words beside them.
    for key in (q.key for q in QUESTIONS):
        for location in LOCATIONS:
            text = question_text(key, location=location)
            for _, choice in text.choices:
                assert "plyometric" not in (choice.label + choice.hint).lower()
                if "HIIT" in choice.label + choice.hint:
                    assert "fast interval workouts (HIIT)" in choice.hint
                if "radiating" in (choice.label + choice.hint).lower():
                    assert choice.label.startswith("Pain that spreads down")


def test_the_emergency_question_offers_exactly_the_engines_signs():
    text = question_text("emergency", location=None)
    signs = {sign.value: sign for group in RED_FLAG_GROUPS for sign in group.signs}
    choices = [(value, choice) for value, choice in text.choices if value != "none"]
    assert [value for value, _ in choices] == list(QUESTIONS_BY_KEY["emergency"].values[:-1])
    for value, choice in choices:
        assert (choice.lead, choice.label) == (signs[value].lead, signs[value].description)
    assert text.title == "Since your pain began, have you had any of these new signs?"


def test_severity_says_worst_in_24_hours_with_words_at_0_5_and_10():
    text = question_text("severity", location=None)
    assert text.title == "What is the worst your pain has been in the last 24 hours?"
    assert "0 means no pain" in text.hint
    assert "5 means pain that is hard to ignore" in text.hint
    assert "10 means the worst pain you can imagine" in text.hint
