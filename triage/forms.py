"""One small form per question, built from the engine's question and the plain wording.

Each form has a single field named by its protocol key (``name="severity"``), with the
protocol values as its choices, so anyone can post straight to a question page with the
keys and values of PROTOCOL.md. The fields are derived from the engine's question
definitions (values, range, the exclusive "none"); a form checks a posted answer, the
one place input is validated, and its cleaned value is the engine's typed answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from triage.engine import QUESTIONS_BY_KEY, RED_FLAG_GROUPS, Kind, SignGroup
from triage.questions import question_text

__all__ = [
    "EXCLUSIVE_ERROR",
    "INVALID_CHOICE_ERROR",
    "GROUPS",
    "ExclusiveMultipleChoiceField",
    "NhsCheckboxes",
    "NhsRadios",
    "ScoreField",
    "StepForm",
    "build_form",
]

EXCLUSIVE_ERROR = "Select 'None of these', or select the ones that apply to you, not both"
# Tampered or stale values: say what to do, never echo the value back.
INVALID_CHOICE_ERROR = "Select an answer from the list"


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
        hints: Mapping[str, str] | None = None,
        leads: Mapping[str, str] | None = None,
        groups: Mapping[str, str] | None = None,
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


class NhsCheckboxes(_NhsOptions, forms.CheckboxSelectMultiple):
    """Checkboxes rendered by ``templates/nhsuk/checkboxes.html``."""


class ExclusiveMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes where one value ("none of these") cannot be chosen with the others.

    The cleaned value is the set of chosen values (the engine's answer type): a post
    that repeats values (or shuffles them) gives the same answer as a plain one, so a
    stored answer never grows past the number of choices. A post with more values than
    there are choices is refused before anything else is done with it.
    """

    def __init__(self, *, exclusive: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.exclusive = exclusive
        self.values = tuple(str(value) for value, _label in kwargs["choices"])

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list | tuple) and len(value) > len(self.values):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        return super().to_python(value)

    def clean(self, value: Any) -> frozenset[str]:
        return frozenset(super().clean(value))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.exclusive is not None and self.exclusive in value and len(set(value)) > 1:
            raise ValidationError(EXCLUSIVE_ERROR, code="exclusive")


class ScoreField(forms.Field):
    """A whole number in a range, typed as digits only (no "5.0", no "+5", no "five")."""

    _digits = re.compile(r"[0-9]{1,3}")

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_value = min_value
        self.max_value = max_value

    def to_python(self, value: Any | None) -> int | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if not self._digits.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = int(text)
        if not self.min_value <= number <= self.max_value:
            raise ValidationError(self.error_messages["invalid"], code="out_of_range")
        return number


#: Questions shown in groups, each under a short heading: the emergency signs
#: (PROTOCOL.md v3, "Presentation": one question and one key, in five groups).
GROUPS: Mapping[str, tuple[SignGroup, ...]] = MappingProxyType({"emergency": RED_FLAG_GROUPS})


def _group_headings(key: str) -> dict[str, str]:
    """Each grouped value's heading, in the order the page shows them (group by group)."""
    return {sign.value: group.heading for group in GROUPS.get(key, ()) for sign in group.signs}


class StepForm(forms.Form):
    """A question page's form: one field, named by the protocol key (see ``build_form``)."""

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = key


def _field(key: str, *, location: str | None) -> forms.Field:
    question = QUESTIONS_BY_KEY[key]
    text = question_text(key, location=location)
    common: dict[str, Any] = {"label": text.title, "help_text": text.hint}
    if question.kind is Kind.INTEGER:
        low, high = question.min_value or 0, question.max_value or 10
        return ScoreField(
            min_value=low,
            max_value=high,
            widget=forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "spellcheck": "false",
                    "autocomplete": "off",
                    "class": "nhsuk-input--width-2",
                }
            ),
            error_messages={
                "required": text.required,
                "invalid": f"Enter a number from {low} to {high}",
            },
            **common,
        )
    groups = _group_headings(key)
    # Grouped values first, in their groups' order, so each group is one run of
    # checkboxes (and the first input shown takes the field's id); then the others.
    order = [*groups, *(value for value, _choice in text.choices if value not in groups)]
    words = dict(text.choices)
    choices = [(value, words[value].label) for value in order]
    hints = {value: choice.hint for value, choice in text.choices if choice.hint}
    leads = {value: choice.lead for value, choice in text.choices if choice.lead}
    errors = {"required": text.required, "invalid_choice": INVALID_CHOICE_ERROR}
    if question.kind is Kind.SINGLE:
        return forms.ChoiceField(
            choices=choices, widget=NhsRadios(hints=hints), error_messages=errors, **common
        )
    return ExclusiveMultipleChoiceField(
        choices=choices,
        exclusive=question.exclusive,
        widget=NhsCheckboxes(hints=hints, leads=leads, groups=groups, exclusive=question.exclusive),
        error_messages={**errors, "invalid_list": INVALID_CHOICE_ERROR},
        **common,
    )


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
