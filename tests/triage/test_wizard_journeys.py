"""Whole journeys through the wizard."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.journeys import (
    KEYS,
    SELF_CARE,
    answer,
    answer_all,
    answers_like,
    main_html,
    outcome_of,
    step_url,
    stored,
)
from triage import views
from triage.engine import RED_FLAGS

pytestmark = pytest.mark.django_db

# --- Journeys ---------------------------------------------------------------------------


def test_start_goes_to_the_first_question(client):
    response = client.get(reverse("triage:start"))
    assert response.status_code == 302
    assert response["Location"] == step_url("emergency")
    page = client.get(response["Location"])
    assert page.status_code == 200
    title = "Since your pain began, have you had any of these new signs?"
    assert f'<h1 class="nhsuk-fieldset__heading">{title}</h1>' in page.content.decode()


def test_each_answer_leads_to_the_next_question_then_check_answers(client):
    for index, key in enumerate(KEYS):
        response = answer(client, key, SELF_CARE[key])
        expected = step_url(KEYS[index + 1]) if index + 1 < len(KEYS) else reverse("triage:answers")
        assert response.status_code == 302
        assert response["Location"] == expected
    assert stored(client) == SELF_CARE


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param(SELF_CARE, "self_care", id="self_care"),
        pytest.param(answers_like(history=["recurring"]), "physio", id="physio"),
        pytest.param(answers_like(duration="1_to_3_weeks"), "see_doctor", id="see_doctor"),
        pytest.param(answers_like(nerve=["weakness"]), "urgent", id="urgent"),
        pytest.param({"emergency": ["saddle_numbness"]}, "emergency", id="emergency"),
    ],
)
def test_full_journey_to_each_outcome(client, answers, expected):
    answer_all(client, answers)
    response = client.get(reverse("triage:result"))
    assert response.status_code == 200
    assert outcome_of(response) == expected
    assert 'data-protocol="3"' in main_html(response)


def test_a_red_flag_goes_straight_to_the_emergency_result(client):
    response = answer(client, "emergency", ["bladder_bowel"])
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:result")
    assert stored(client) == {"emergency": ["bladder_bowel"]}
    assert outcome_of(client.get(reverse("triage:result"))) == "emergency"


@pytest.mark.parametrize(
    "ticked",
    [
        pytest.param(["both_legs", "none"], id="with-none"),
        pytest.param(["dark_urine", "not-a-real-value"], id="with-unknown-value"),
        pytest.param(["none", "head_neuro", "excruciating"], id="several"),
    ],
)
def test_a_red_flag_wins_over_invalid_companions(client, ticked):
    # PROTOCOL.md E1 and the safety principle: safety over validation.
    response = answer(client, "emergency", ticked)
    assert response["Location"] == reverse("triage:result")
    assert outcome_of(client.get(reverse("triage:result"))) == "emergency"
    assert "none" not in stored(client)["emergency"]


@pytest.mark.parametrize(
    "ticked",
    [
        pytest.param(["none", "meningitis_signs"], id="with-none"),
        pytest.param(["faint_belly", "not-a-real-value"], id="with-unknown-value"),
        pytest.param(["none"] * 50 + ["leg_paralysis", "junk"], id="with-many"),
    ],
)
def test_a_red_flag_beside_none_or_junk_passes_the_normal_form(client, monkeypatch, ticked):
    # No special case in the view: the emergency page's own form keeps the red flag (the
    # engine's Question.clean, PROTOCOL.md E1), and the next page is the emergency result.
    forms = []
    real_build_form = views.build_form

    def build_form(*args, **kwargs):
        form = real_build_form(*args, **kwargs)
        forms.append(form)
        return form

    monkeypatch.setattr(views, "build_form", build_form)
    response = answer(client, "emergency", ticked)
    assert response["Location"] == reverse("triage:result")
    [form] = forms
    assert form.is_bound and form.is_valid()
    red_flags = set(ticked) & RED_FLAGS
    assert form.cleaned_data["emergency"] == red_flags | ({"none"} & set(ticked))
    assert stored(client) == {"emergency": sorted(red_flags)}
    monkeypatch.undo()
    result = client.get(reverse("triage:result"))
    assert outcome_of(result) == "emergency"


def test_after_a_red_flag_every_page_leads_to_the_emergency_result(client):
    answer(client, "emergency", ["chest_symptoms"])
    result_url = reverse("triage:result")
    for key in KEYS:
        assert client.get(step_url(key))["Location"] == result_url
        assert client.post(step_url(key), {key: SELF_CARE[key]})["Location"] == result_url
    assert client.get(reverse("triage:answers"))["Location"] == result_url
    # Posting later steps changed nothing: only the red flag is kept.
    assert stored(client) == {"emergency": ["chest_symptoms"]}
    assert outcome_of(client.get(result_url)) == "emergency"


def test_a_red_flag_after_going_back_drops_the_other_answers(client):
    answer_all(client, SELF_CARE)
    answer(client, "emergency", ["leg_paralysis"])
    assert stored(client) == {"emergency": ["leg_paralysis"]}


def test_a_plain_http_client_with_cookies_and_csrf_tokens_can_follow_the_flow():
    """The clinic's own tests: GET each page, post the token with the answer, follow."""
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("triage:start"), follow=True)
    for key in KEYS:
        assert response.status_code == 200
        assert f'name="{key}"' in response.content.decode()
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
        ).group(1)
        response = client.post(
            response.request["PATH_INFO"],
            {"csrfmiddlewaretoken": token, key: answers_like(severity=9)[key]},
            follow=True,
        )
    assert response.request["PATH_INFO"] == reverse("triage:answers")
    assert outcome_of(client.get(reverse("triage:result"))) == "urgent"
