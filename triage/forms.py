"""One small form per question, built from the engine's question and the plain wording.

Each form has a single field named by its protocol key (``name="severity"``), with the
protocol values as its choices, so anyone can post straight to a question page with the
keys and values of PROTOCOL.md. The fields are derived from the engine's question
definitions, and a field checks a posted answer with the engine's own ``Question.clean``
(the one validator); its cleaned value is the engine's typed answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from triage.engine import QUESTIONS_BY_KEY, AnswerError, Kind, Question, Value
from triage.wording import ANSWER_ERRORS, Text, fill, question_text, sign_groups

__all__ = ["AnswerField", "NhsCheckboxes", "NhsRadios", "StepForm", "build_form"]


class _NhsOptions:
    """Option ids and extras for the NHS.UK radios and checkboxes templates.

    The first option takes the field's own id (``id_<key>``) so that error summary links
    to ``#id_<key>`` land on the first input, as the NHS.UK error summary pattern asks;
    the others are ``id_<key>_<n>``. Each option also carries its hint, its bold lead-in,
    the heading of the group it is shown under ("" when it is in none) and whether it is
    the exclusive "none of these" choice.
    """

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        hints: Mapping[str, Text] | None = None,
        leads: Mapping[str, Text] | None = None,
        groups: Mapping[str, Text] | None = None,
        exclusive: str | None = None,
    ) -> None:
        super().__init__(attrs)  # type: ignore[call-arg]
        self.hints = dict(hints or {})
        self.leads = dict(leads or {})
        self.groups = dict(groups or {})
        self.exclusive = exclusive

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        if not id_ or index is None or index == "0":
            return id_
        return f"{id_}_{index}"

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(  # type: ignore[misc]
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        option["hint"] = self.hints.get(str(value), "")
        option["lead"] = self.leads.get(str(value), "")
        option["group"] = self.groups.get(str(value), "")
        option["exclusive"] = self.exclusive is not None and str(value) == self.exclusive
        return option


class NhsRadios(_NhsOptions, forms.RadioSelect):
    """Radios rendered by ``templates/nhsuk/radios.html``."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        # Every posted value, so that the engine refuses two answers to a single choice
        # rather than the form silently keeping the last one.
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return values if len(values) > 1 else super().value_from_datadict(data, files, name)


class ScoreInput(forms.TextInput):
    """The severity's text box: every posted value, like ``NhsRadios``, so that two
    numbers posted for one question are refused rather than the last one kept."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return values if len(values) > 1 else super().value_from_datadict(data, files, name)


class NhsCheckboxes(_NhsOptions, forms.CheckboxSelectMultiple):
    """Checkboxes rendered by ``templates/nhsuk/checkboxes.html``."""


class AnswerField(forms.Field):
    """A question's answer, checked by the engine's own ``Question.clean``: the one
    validator, so a page can never accept what the engine refuses or refuse what it
    accepts. Its cleaned value is the engine's typed answer (a value, a number or a set
    of values); its errors are the engine's codes in the person's words
    (``triage.wording.ANSWER_ERRORS`` and the question's own "required" text).

    A red flag is kept whatever is ticked beside it (rule E1, in ``Question.clean``), so
    the emergency question's form never stands between a red flag and the emergency
    result.
    """

    def __init__(self, *, question: Question, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question

    def clean(self, value: Any) -> Value:
        try:
            return self.question.clean(value)
        except AnswerError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from None


def _group_headings(key: str) -> dict[str, Text]:
    """Each grouped value's heading, in the order the page shows them (group by group):
    the emergency signs, in the protocol's groups (PROTOCOL.md v3, "Presentation": one
    question and one key, in five groups)."""
    if key != "emergency":
        return {}
    return {sign.value: group.heading for group in sign_groups() for sign in group.signs}


class StepForm(forms.Form):
    """A question page's form: one field, named by the protocol key (see ``build_form``)."""

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = key


def _field(key: str, *, location: str | None) -> AnswerField:
    question = QUESTIONS_BY_KEY[key]
    text = question_text(key, location=location)
    errors = {
        "required": text.required,
        "invalid_choice": ANSWER_ERRORS["invalid_choice"],
        "exclusive": ANSWER_ERRORS["exclusive"],
        "score": fill(
            ANSWER_ERRORS["score"],
            {"low": str(question.min_value), "high": str(question.max_value)},
        ),
    }
    common: dict[str, Any] = {
        "question": question,
        "label": text.title,
        "help_text": text.hint,
        "error_messages": errors,
    }
    if question.kind is Kind.INTEGER:
        widget = ScoreInput(
            attrs={
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocomplete": "off",
                "class": "nhsuk-input--width-2",
            }
        )
        return AnswerField(widget=widget, **common)
    groups = _group_headings(key)
    # Grouped values first, in their groups' order, so each group is one run of
    # checkboxes (and the first input shown takes the field's id); then the others.
    order = [*groups, *(value for value, _choice in text.choices if value not in groups)]
    words = dict(text.choices)
    hints = {value: choice.hint for value, choice in text.choices if choice.hint}
    leads = {value: choice.lead for value, choice in text.choices if choice.lead}
    options: _NhsOptions
    if question.kind is Kind.SINGLE:
        options = NhsRadios(hints=hints)
    else:
        options = NhsCheckboxes(
            hints=hints, leads=leads, groups=groups, exclusive=question.exclusive
        )
    options.choices = [(value, words[value].label) for value in order]
    return AnswerField(widget=options, **common)


def build_form(
    key: str,
    *,
    location: str | None,
    data: Mapping[str, Any] | None = None,
    initial: object = None,
) -> StepForm:
    """The form for question ``key``, worded for ``location``; ``initial`` is the answer
    given so far (the engine's typed value)."""
    if isinstance(initial, frozenset):  # checkboxes take a list of the ticked values
        initial = [value for value in QUESTIONS_BY_KEY[key].values if value in initial]
    form = StepForm(data=data, initial={key: initial} if initial is not None else None, key=key)
    form.fields[key] = _field(key, location=location)
    return form
