"""The question pages' forms (triage/forms.py): one field per protocol question, checked
by the engine's own ``Question.clean`` (one validator: a page never accepts what the
engine refuses, nor refuses what it accepts)."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

from triage.engine import NONE, QUESTIONS, QUESTIONS_BY_KEY, RED_FLAG_GROUPS, AnswerError, Kind
from triage.forms import NhsCheckboxes, NhsRadios, build_form
from triage.wording import ANSWER_ERRORS, question_text

KEYS = [question.key for question in QUESTIONS]


def _posted(key: str, values: list[str] | None) -> QueryDict:
    """A POST body as a browser sends it: ``values`` under ``key`` (None: no field)."""
    data = QueryDict(mutable=True)
    if values is not None:
        data.setlist(key, values)
    return data


def _engine_reading(data: MultiValueDict, key: str) -> object:
    """What the engine is given for a posted field: every value, or None when the field
    was not posted at all (as ``parse_answers`` reads a multi-value mapping)."""
    return data.getlist(key) if key in data else None


def _same_verdict(key: str, data: MultiValueDict) -> None:
    """The page's form and ``Question.clean`` agree: the same typed answer, or an error
    with the same code, shown in the words for that code."""
    question = QUESTIONS_BY_KEY[key]
    form = build_form(key, location=None, data=data)
    try:
        expected = question.clean(_engine_reading(data, key))
    except AnswerError as error:
        assert not form.is_valid(), (data, form.cleaned_data)
        [problem] = form.errors.as_data()[key]
        assert problem.code == error.code, (data, problem.code, error.code)
        if error.code == "required":
            message = question_text(key, location=None).required
        else:
            message = ANSWER_ERRORS[error.code].format(
                low=question.min_value, high=question.max_value
            )
        assert problem.messages == [str(message)]
    else:
        assert form.is_valid(), (data, form.errors)
        assert form.cleaned_data == {key: expected}
        assert type(form.cleaned_data[key]) is type(expected)


# --- One validator --------------------------------------------------------------------

#: Raw strings a browser, a stale page or a hand-made post can send.
ODD_STRINGS = [
    "",
    " ",
    "   ",
    "none",
    "None",
    "NONE",
    "banana",
    "neck",
    "worse",
    "both_legs",
    "weakness",
    "<b>",
    "x" * 300,
    "0",
    "7",
    "07",
    "007",
    "10",
    "11",
    "-1",
    "5.0",
    "+5",
    " 7 ",
    "1e1",
    "\u0663",  # an Arabic-Indic 3
]


def _raw_values(key: str) -> st.SearchStrategy[list[str] | None]:
    question = QUESTIONS_BY_KEY[key]
    one = st.one_of(
        st.sampled_from(list(question.values) or ["5"]),
        st.sampled_from(ODD_STRINGS),
        st.sampled_from(list(question.values) or ["5"]).map(lambda value: f" {value}"),
        st.text(max_size=6),
    )
    return st.one_of(
        st.none(),
        st.lists(one, min_size=1, max_size=4),
        # Repeats and very long lists.
        st.tuples(one, st.integers(2, 400)).map(lambda pair: [pair[0]] * pair[1]),
        st.lists(one, min_size=5, max_size=40),
    )


@given(data=st.data(), key=st.sampled_from(KEYS))
def test_a_page_accepts_exactly_what_the_engine_accepts(data, key):
    values = data.draw(_raw_values(key), label="posted")
    _same_verdict(key, _posted(key, values))


def _table() -> list[tuple[str, list[str] | None]]:
    """Every question with a broad table of posts: each value alone, each value with
    "none", two values, unknown values, repeats, empty, blanks, numbers of every shape."""
    rows: list[tuple[str, list[str] | None]] = []
    for question in QUESTIONS:
        key, values = question.key, list(question.values)
        rows += [(key, None), (key, []), (key, [""]), (key, ["", ""])]
        rows += [(key, [odd]) for odd in ODD_STRINGS]
        rows += [(key, [value]) for value in values]
        rows += [(key, [value, NONE]) for value in values]
        rows += [(key, [NONE, value, "banana"]) for value in values]
        rows += [(key, values[:2]), (key, values[:2] * 2), (key, values), (key, values * 3)]
        rows += [(key, [NONE] * 300 + values[:1]), (key, ["7", "8"]), (key, ["7", "7"])]
    return rows


TABLE = _table()


@pytest.mark.parametrize(
    ("key", "values"), TABLE, ids=[f"{key}:{values!r:.40}" for key, values in TABLE]
)
def test_a_page_and_the_engine_agree_on_each_post_in_the_table(key, values):
    _same_verdict(key, _posted(key, values))


@pytest.mark.parametrize(
    ("key", "values", "code"),
    [
        ("location", ["neck", "lower_back"], "invalid_choice"),  # two radios
        ("location", ["neck", "neck"], "invalid_choice"),
        ("severity", ["3", "9"], "score"),  # two numbers: neither is guessed
        ("severity", ["9", "3"], "score"),
        ("severity", ["007"], "score"),
        ("nerve", ["none", "weakness"], "exclusive"),
        ("nerve", ["weakness", "tail"], "invalid_choice"),
        ("activity", ["none"], "invalid_choice"),
        ("history", [], "required"),
        ("severity", None, "required"),
        ("severity", ["  "], "required"),
    ],
)
def test_what_a_page_refuses(key, values, code):
    form = build_form(key, location=None, data=_posted(key, values))
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()[key]] == [code]


def test_a_red_flag_passes_the_emergency_form_whatever_is_beside_it():
    # PROTOCOL.md E1: safety over validation, in the engine's Question.clean.
    for posted in (["none", "both_legs"], ["dark_urine", "banana"], ["none"] * 300 + ["both_legs"]):
        form = build_form("emergency", location=None, data=_posted("emergency", posted))
        assert form.is_valid(), form.errors
        red_flags = {value for value in posted if value not in {"none", "banana"}}
        assert form.cleaned_data["emergency"] == red_flags | ({NONE} & set(posted))


# --- The fields and widgets --------------------------------------------------------------


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_each_form_has_one_field_named_by_the_protocol_key(question):
    form = build_form(question.key, location=None)
    assert list(form.fields) == [question.key]
    field = form.fields[question.key]
    assert field.question is question
    if question.kind is Kind.INTEGER:
        assert not hasattr(field.widget, "choices")
        return
    values = list(question.values)
    if question.key == "emergency":  # shown in the protocol's five groups (v3)
        values = [value for group in RED_FLAG_GROUPS for value in group.values] + ["none"]
    assert [value for value, _ in field.widget.choices] == values
    widget = NhsRadios if question.kind is Kind.SINGLE else NhsCheckboxes
    assert isinstance(field.widget, widget)


def test_the_first_option_takes_the_field_id_for_the_error_summary():
    first = build_form("duration", location=None)["duration"].subwidgets[0]
    assert first.data["attrs"]["id"] == "id_duration"
    ids = [w.data["attrs"]["id"] for w in build_form("nerve", location=None)["nerve"].subwidgets]
    assert ids == ["id_nerve", "id_nerve_1", "id_nerve_2", "id_nerve_3", "id_nerve_4"]
    assert len(set(ids)) == len(ids)


def test_a_checkbox_answer_given_so_far_is_ticked():
    form = build_form("nerve", location=None, initial=frozenset({"weakness", "radiating"}))
    assert form.initial == {"nerve": ["radiating", "weakness"]}


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
