"""Bad input on the question pages: form errors that name the field, never a 500."""

from __future__ import annotations

import random
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.journeys import (
    KEYS,
    SELF_CARE,
    answer,
    answer_all,
    step_url,
    stored,
)
from triage.engine import NONE, QUESTIONS_BY_KEY, evaluate
from triage.wording import ANSWER_ERRORS

pytestmark = pytest.mark.django_db

EXCLUSIVE_ERROR = str(ANSWER_ERRORS["exclusive"])
INVALID_CHOICE_ERROR = str(ANSWER_ERRORS["invalid_choice"])


def answer_up_to(client: Client, key: str) -> None:
    """Answer every question before ``key`` (self-care answers)."""
    answer_all(client, {k: SELF_CARE[k] for k in KEYS[: KEYS.index(key)]})


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def input_ids(response) -> set[str]:
    return set(re.findall(r'<input[^>]*\bid="([^"]+)"', response.content.decode()))


def summary_links(response) -> list[str]:
    body = response.content.decode()
    start = body.index('class="nhsuk-error-summary"')
    summary = body[start : body.index("</ul>", start)]
    return re.findall(r'href="#([^"]+)"', summary)


def checked_values(response, key: str) -> set[str]:
    return set(
        re.findall(
            rf'name="{key}" type="[a-z]+" value="([^"]+)" checked', response.content.decode()
        )
    )


@pytest.mark.parametrize("key", KEYS)
def test_nothing_chosen_shows_the_error_pattern(client, key):
    answer_up_to(client, key)
    response = client.post(step_url(key), {})
    assert response.status_code == 200
    body = response.content.decode()
    assert title_of(response).startswith("Error: ")
    assert 'class="nhsuk-error-summary"' in body
    assert 'role="alert"' in body
    assert 'tabindex="-1"' in body
    # The summary links to the first input of the field, which exists on the page.
    assert summary_links(response) == [f"id_{key}"]
    assert f"id_{key}" in input_ids(response)
    assert f'<span class="nhsuk-error-message" id="id_{key}-error">' in body
    assert "nhsuk-form-group--error" in body
    assert key not in (stored(client) or {})


def test_a_page_without_errors_has_no_error_title_or_summary(client):
    response = client.get(step_url("emergency"))
    assert not title_of(response).startswith("Error")
    assert "nhsuk-error-summary" not in response.content.decode()


def test_each_input_has_a_label_and_the_hint_is_linked(client):
    answer_up_to(client, "nerve")
    body = client.get(step_url("nerve")).content.decode()
    for input_id in re.findall(r'<input class="nhsuk-checkboxes__input" id="([^"]+)"', body):
        assert f'<label class="nhsuk-label nhsuk-checkboxes__label" for="{input_id}">' in body
    assert '<fieldset class="nhsuk-fieldset" aria-describedby="id_nerve-hint">' in body
    assert '<div class="nhsuk-hint" id="id_nerve-hint">' in body


# The emergency question is not here: a red flag beside 'none' is an emergency, not an
# error (test_wizard_journeys.py).
@pytest.mark.parametrize("key", ["nerve", "impact", "general", "history"])
def test_none_with_another_answer_is_an_error_that_keeps_the_ticks(client, key):
    answer_up_to(client, key)
    other = QUESTIONS_BY_KEY[key].values[0]
    response = answer(client, key, ["none", other])
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert EXCLUSIVE_ERROR.replace("'", "&#x27;") in response.content.decode()
    assert checked_values(response, key) == {"none", other}
    assert key not in stored(client)


@pytest.mark.parametrize(
    ("key", "other", "rule_id"),
    [
        ("nerve", "weakness", "U1"),
        ("impact", "cannot_exercise", "D4"),
        ("general", "fever", "U2"),
        ("history", "recurring", "P2"),
    ],
)
def test_the_none_rule_is_the_same_on_the_page_and_in_the_engine(client, key, other, rule_id):
    # One rule (PROTOCOL.md: "none" with anything else is a validation error): the page
    # refuses it with the exclusive message; an answer set that holds it anyway (a
    # vignette file) is read the more urgent way, as the other value, and noted.
    answer_up_to(client, key)
    response = answer(client, key, [NONE, other])
    assert response.status_code == 200
    body = response.content.decode()
    assert EXCLUSIVE_ERROR.replace("'", "&#x27;") in body
    assert INVALID_CHOICE_ERROR not in body
    assert key not in stored(client)
    result = evaluate({**SELF_CARE, key: [NONE, other]})
    assert rule_id in result.rule_ids
    assert getattr(result.answers, key) == {NONE, other}
    assert result.notes == (
        f"{key}: 'none' was chosen together with other answers; the other answers were used",
    )


def test_the_none_option_is_exclusive_and_set_apart(client):
    body = client.get(step_url("emergency")).content.decode()
    divider = body.index('<div class="nhsuk-checkboxes__divider">or</div>')
    none_input = body.index('value="none" data-behaviour="exclusive" data-checkbox-exclusive>')
    assert divider < none_input
    assert body.count('data-behaviour="exclusive"') == 1
    assert body.count("data-checkbox-exclusive") == 1


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "11", "-1", "5.5", "5.0", "five", "1e1", "+5", "0x5", "100000", "٣", "007"],
)
def test_severity_refuses_anything_but_a_whole_number_from_0_to_10(client, typed):
    answer_up_to(client, "severity")
    response = answer(client, "severity", typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert title_of(response).startswith("Error: ")
    assert "Enter a number from 0 to 10" in body
    assert summary_links(response) == ["id_severity"]
    if typed.strip():
        # What was typed is kept, so the person can see and fix it.
        assert f'value="{typed}"' in body
    assert "severity" not in stored(client)
    # Not stored, so the next question is still out of reach.
    assert client.get(step_url("trend"))["Location"] == step_url("severity")


@pytest.mark.parametrize(("typed", "expected"), [("0", 0), ("10", 10), (" 7 ", 7), ("07", 7)])
def test_severity_accepts_whole_numbers_from_0_to_10(client, typed, expected):
    answer_up_to(client, "severity")
    response = answer(client, "severity", typed)
    assert response.status_code == 302
    assert stored(client)["severity"] == expected


@pytest.mark.parametrize("typed", [["3", "9"], ["9", "3"], ["7", "7"]])
def test_severity_typed_twice_is_refused_not_guessed(client, typed):
    answer_up_to(client, "severity")
    response = answer(client, "severity", typed)
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert "Enter a number from 0 to 10" in response.content.decode()
    assert "severity" not in stored(client)


def test_severity_is_a_numeric_text_input_named_severity(client):
    answer_up_to(client, "severity")
    body = client.get(step_url("severity")).content.decode()
    field = re.search(r"<input[^>]*\bid=\"id_severity\"[^>]*>", body).group(0)
    assert 'name="severity"' in field
    assert 'inputmode="numeric"' in field
    assert 'type="text"' in field
    assert 'aria-describedby="id_severity-hint"' in field
    assert '<label class="nhsuk-label nhsuk-label--l" for="id_severity">' in body


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("location", "banana"),
        # Two radios posted: a browser cannot do it, and neither is guessed.
        ("location", ["neck", "lower_back"]),
        ("onset", "<script>alert(1)</script>"),
        ("nerve", ["radiating", "tail"]),
        ("activity", ["none"]),  # activity has no 'none'
        ("history", "x" * 5000),
    ],
)
def test_tampered_values_get_a_form_error_not_a_500(client, key, value):
    answer_up_to(client, key)
    response = answer(client, key, value)
    assert response.status_code == 200
    body = response.content.decode()
    assert title_of(response).startswith("Error: ")
    assert INVALID_CHOICE_ERROR in body
    assert "<script>alert(1)</script>" not in body
    assert key not in stored(client)


def test_an_unknown_extra_field_is_ignored(client):
    answer_up_to(client, "location")
    response = client.post(
        step_url("location"), {"location": "neck", "diagnosis": "x", "onset": "?"}
    )
    assert response.status_code == 302
    assert stored(client) == {"emergency": ["none"], "age": "20_to_49", "location": "neck"}


def test_an_unknown_question_is_a_404(client):
    assert client.get("/check/diagnosis/").status_code == 404
    assert client.post("/check/diagnosis/", {"diagnosis": "x"}).status_code == 404


def test_other_methods_are_refused(client):
    assert client.put(step_url("emergency")).status_code == 405
    assert client.post(reverse("triage:result")).status_code == 405
    assert client.get(reverse("triage:start_again")).status_code == 405


def test_a_post_without_the_csrf_token_gets_the_friendly_403():
    client = Client(enforce_csrf_checks=True)
    client.get(step_url("emergency"))
    response = client.post(step_url("emergency"), {"emergency": ["none"]})
    assert response.status_code == 403
    assert "Sorry, we could not save your answer" in response.content.decode()
    assert stored(client) is None


def test_the_csrf_token_is_on_every_question_page(client):
    answer_all(client, SELF_CARE)
    for key in KEYS:
        assert 'name="csrfmiddlewaretoken"' in client.get(step_url(key)).content.decode()


# --- Repeated values (a visitor must not grow the session or any cache) -------------------


def test_repeated_and_shuffled_values_store_the_same_plain_answer(client):
    answer_up_to(client, "activity")
    seen = set()
    rng = random.Random(11)
    for _ in range(50):
        values = ["twisting", "heavy_lifting", "twisting", "core_work", "heavy_lifting"]
        rng.shuffle(values)
        response = client.post(step_url("activity"), {"activity": values})
        assert response.status_code == 302
        seen.add(tuple(stored(client)["activity"]))
    # Each value once, in protocol order: one stored form however the post was written.
    assert seen == {("heavy_lifting", "twisting", "core_work")}


def test_more_values_than_choices_is_refused_and_nothing_is_stored(client):
    answer_up_to(client, "nerve")
    before = stored(client)
    response = client.post(step_url("nerve"), {"nerve": ["radiating", "weakness"] * 250})
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert INVALID_CHOICE_ERROR in response.content.decode()
    assert stored(client) == before


def test_none_repeated_alone_is_still_none(client):
    answer_up_to(client, "history")
    assert client.post(step_url("history"), {"history": ["none", "none"]}).status_code == 302
    assert stored(client)["history"] == ["none"]


def test_a_red_flag_among_hundreds_of_values_is_still_an_emergency(client):
    response = client.post(step_url("emergency"), {"emergency": ["none"] * 300 + ["both_legs"]})
    assert response["Location"] == reverse("triage:result")
    assert stored(client) == {"emergency": ["both_legs"]}


# --- Bad input to the questions protocol v2 added -----------------------------------------


def test_an_age_posted_before_the_emergency_page_is_not_stored(client):
    response = answer(client, "age", "65_plus")
    assert response.status_code == 302
    assert response["Location"] == step_url("emergency")
    assert stored(client) is None


@pytest.mark.parametrize("age", ["", "70", "65plus", "65_PLUS"])
def test_an_unknown_or_missing_age_is_a_form_error(client, age):
    answer_up_to(client, "age")
    response = client.post(step_url("age"), {"age": age} if age else {})
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert "age" not in stored(client)


def test_none_with_a_new_v2_sign_is_still_an_emergency(client):
    response = answer(client, "emergency", ["none", "meningitis_signs"])
    assert response["Location"] == reverse("triage:result")
    assert stored(client) == {"emergency": ["meningitis_signs"]}
