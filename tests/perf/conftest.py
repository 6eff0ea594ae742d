"""Fixtures for the performance budgets: content at two sizes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.factories import (
    make_care_advice,
    make_clinic,
    make_guide,
    make_pain_relief,
    make_plan,
    make_stretch,
    make_tip,
)
from triage.engine import Outcome


def make_library(*, size: int, clinic: bool = True) -> None:
    """``size`` of each kind of content, all matching the benchmark's answers, and (unless
    there is one already) a clinic with ``size`` locations, care advice for every outcome
    and the pain relief advice."""
    for _ in range(size):
        make_stretch(body_areas=["lower_back", "neck"], patterns=["soreness", "strain"])
        make_stretch(body_areas=["lower_back"], avoid_history=["disc_condition"])
        make_stretch(body_areas=["lower_back"], avoid_general=["pregnant"])
        make_tip(activities=["heavy_lifting", "twisting"])
        make_plan(patterns=["soreness", "strain"], phases=3)
        make_plan(after_doctor_check=True, phases=2)
        make_guide(outcomes=[outcome.value for outcome in Outcome])
    if clinic:
        make_clinic(locations=size)
        make_pain_relief()
        for outcome in Outcome:
            make_care_advice(outcome=outcome.value)


@pytest.fixture
def starter_content(db):
    """The starter content a new clinic gets (content/starter/)."""
    call_command("seed_content", stdout=io.StringIO())
