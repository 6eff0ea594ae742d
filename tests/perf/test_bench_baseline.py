"""The benchmark's baseline does the same work as our wizard.

`make bench` compares our CPU per complete journey with a django-formtools wizard over the
same questions (bench/baseline/, bench/journey_cpu.py). These tests walk both with the
benchmark's own journey code, through Django's test client, and check that the baseline
asks the same questions with the same choices and reaches the same outcome as ours, so the
comparison is of equal work.
"""

from __future__ import annotations

import pytest
from django.test import Client

from bench import journey_cpu
from bench.journeys import JOURNEYS, SELF_CARE
from triage.engine import QUESTIONS, Kind


@pytest.fixture
def send(db):
    return journey_cpu.client_transport(Client(enforce_csrf_checks=True))


@pytest.mark.parametrize("outcome", ["emergency", "urgent", "physio", "self_care"])
def test_baseline_and_ours_reach_the_same_outcome(send, outcome, starter_content):
    ours = journey_cpu.ours_journey(send, outcome)
    with journey_cpu.baseline_settings():
        baseline = journey_cpu.baseline_journey(send, outcome)
    asked = len(JOURNEYS[outcome])
    assert ours == 2 * asked + (2 if outcome == "emergency" else 3)
    assert baseline == 1 + asked  # the first step, then one POST per answer


def test_the_emergency_skip_ends_the_baseline_after_one_answer(send):
    with journey_cpu.baseline_settings():
        assert journey_cpu.baseline_journey(send, "emergency") == 2


def test_a_wrong_outcome_fails_the_journey(send, monkeypatch):
    """The check the comparison relies on can fail: a journey whose answers lead elsewhere."""
    monkeypatch.setitem(JOURNEYS, "self_care", {**SELF_CARE, "nerve": ["weakness"]})
    with (
        journey_cpu.baseline_settings(),
        pytest.raises(journey_cpu.JourneyError, match="outcome urgent"),
    ):
        journey_cpu.baseline_journey(send, "self_care")


@pytest.mark.django_db
def test_baseline_asks_the_same_questions_with_the_same_choices():
    from bench.baseline.forms import FORMS

    assert [key for key, _form in FORMS] == [question.key for question in QUESTIONS]
    for (key, form_class), question in zip(FORMS, QUESTIONS, strict=True):
        field = form_class(location="neck").fields[key]
        if question.kind is Kind.INTEGER:
            assert (field.min_value, field.max_value) == (question.min_value, question.max_value)
        else:
            assert [value for value, _label in field.choices] == list(question.values)


def test_baseline_rejects_none_beside_a_sign():
    from bench.baseline.forms import FORMS

    form_class = dict(FORMS)["nerve"]
    assert not form_class(data={"nerve": ["none", "weakness"]}).is_valid()
    assert form_class(data={"nerve": ["weakness"]}).is_valid()
