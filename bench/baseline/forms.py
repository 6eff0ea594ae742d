"""One plain ``forms.Form`` per question, worded from the engine, as a developer would write it.

Same keys, same choices and the same wording (``triage.wording.question_text``, adapted to
where the pain is) as the wizard's own forms, but with Django's stock fields and widgets:
``ChoiceField`` with radios, ``MultipleChoiceField`` with checkboxes (and a ``clean`` that
refuses "none of these" beside another choice) and ``IntegerField`` for the score.
"""

from __future__ import annotations

from typing import Any

from django import forms

from triage.engine import QUESTIONS, Kind, Question
from triage.wording import question_text


class QuestionForm(forms.Form):
    """The form for one question; subclasses set ``question`` (see ``FORMS``)."""

    question: Question

    def __init__(self, *args: Any, location: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = self.question
        text = question_text(question.key, location=location)
        common: dict[str, Any] = {
            "label": text.title,
            "help_text": text.hint,
            "error_messages": {"required": text.required},
        }
        choices = [(value, choice.label) for value, choice in text.choices]
        field: forms.Field
        if question.kind is Kind.INTEGER:
            field = forms.IntegerField(
                min_value=question.min_value, max_value=question.max_value, **common
            )
        elif question.kind is Kind.SINGLE:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        else:
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        self.fields[question.key] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get(self.question.key)
        none = self.question.exclusive
        if none and isinstance(chosen, list) and none in chosen and len(chosen) > 1:
            raise forms.ValidationError("Select 'None of these', or the ones that apply, not both")
        return cleaned


def _form_for(question: Question) -> type[QuestionForm]:
    name = question.key.title().replace("_", "") + "Form"
    return type(name, (QuestionForm,), {"question": question})


#: (step name, form class) for every question, in protocol order: the wizard's form_list.
FORMS: list[tuple[str, type[QuestionForm]]] = [(q.key, _form_for(q)) for q in QUESTIONS]
