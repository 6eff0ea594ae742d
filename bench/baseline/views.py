"""The baseline wizard: django-formtools' ``SessionWizardView`` over the 13 questions.

The straightforward formtools way, following its documentation: one URL, the wizard state
in the session, each POST answered with the next step's page; ``condition_dict`` skips
every question after the first when it names an emergency sign (the docs' idiom, reading
``get_cleaned_data_for_step``); the wording after the location question reads the location
the same way; ``done()`` evaluates the answers with the engine and renders the outcome
with its reasons.
"""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from formtools.wizard.views import SessionWizardView

from bench.baseline.forms import FORMS
from triage.engine import QUESTIONS, evaluate, is_emergency
from triage.wording import OUTCOME_TEXT, reason

KEYS = [question.key for question in QUESTIONS]
#: The questions whose wording depends on where the pain is (asked after "location").
WORDED_BY_LOCATION = set(KEYS[KEYS.index("location") + 1 :])


def no_emergency_sign(wizard: SessionWizardView) -> bool:
    cleaned = wizard.get_cleaned_data_for_step("emergency") or {}
    return not is_emergency(cleaned)


class BaselineWizard(SessionWizardView):  # type: ignore[misc]  # formtools has no types
    form_list = FORMS
    condition_dict = dict.fromkeys(KEYS[1:], no_emergency_sign)
    template_name = "baseline/step.html"

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        if step in WORDED_BY_LOCATION:
            location = (self.get_cleaned_data_for_step("location") or {}).get("location")
            return {"location": location}
        return {}

    def done(self, form_list: list[Form], **kwargs: Any) -> HttpResponse:
        result = evaluate(self.get_all_cleaned_data())
        context = {
            "outcome": result.outcome.value,
            "heading": OUTCOME_TEXT[result.outcome].heading,
            "do_now": OUTCOME_TEXT[result.outcome].do_now,
            "reasons": [reason(rule, result.answers) for rule in result.triggered],
        }
        return render(self.request, "baseline/result.html", context)
