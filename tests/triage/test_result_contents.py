"""The "On this page" links on long results: only sections the page has, each one there."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from content.models import Status, Stretch
from tests.journeys import SELF_CARE, answer_all, answers_like, outcome_of
from triage.result import Guidance, _contents

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_content", verbosity=0)


def result(answers) -> str:
    client = Client()
    answer_all(client, answers)
    response = client.get(reverse("triage:result"))
    assert response.status_code == 200
    return response.content.decode()


def contents_links(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="bot-result__contents[^"]*"[^>]*>(.*?)</nav>', html, re.S)
    if nav is None:
        return []
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav.group(1))


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(SELF_CARE, id="self_care"),
        pytest.param(answers_like(history=["recurring"]), id="physio"),
        pytest.param(answers_like(duration="1_to_3_weeks"), id="see_doctor"),
    ],
)
def test_every_link_goes_to_a_section_on_the_page(seeded, answers):
    html = result(answers)
    links = contents_links(html)
    fragments = [fragment for fragment, _ in links]
    assert fragments[0] == "care-advice-do-now"
    assert fragments[-1] == "your-answers"
    assert {"safety-net", "recommended-stretches", "recommended-tips"} <= set(fragments)
    for fragment in fragments:
        assert html.count(f'id="{fragment}"') == 1, fragment
    # In page order, so that the list reads like the page.
    positions = [html.index(f'id="{fragment}"') for fragment in fragments]
    assert positions == sorted(positions)


def test_a_section_the_page_lacks_has_no_link(seeded):
    Stretch.objects.update(status=Status.DRAFT)
    html = result(SELF_CARE)
    fragments = [fragment for fragment, _ in contents_links(html)]
    assert 'id="recommended-stretches"' not in html
    assert "recommended-stretches" not in fragments
    assert "recommended-tips" in fragments


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        pytest.param(answers_like(nerve=["weakness"]), "urgent", id="urgent"),
        pytest.param({"emergency": ["saddle_numbness"]}, "emergency", id="emergency"),
    ],
)
def test_short_results_have_no_contents(seeded, answers, outcome):
    client = Client()
    answer_all(client, answers)
    response = client.get(reverse("triage:result"))
    assert outcome_of(response) == outcome
    assert contents_links(response.content.decode()) == []
    assert "On this page" not in response.content.decode()


def test_the_links_follow_what_was_rendered():
    assert _contents("", "", "") == (
        ("safety-net", "When to call 911"),
        ("your-answers", "Your answers"),
    )
    full = _contents("<p>", "<p>", 'id="recommended-plan"')
    assert ("care-advice-do-now", "What to do now") in full
    assert ("clinic-contact-heading", "Contact the clinic") in full
    assert ("recommended-plan", "Your return-to-exercise plan") in full
    assert Guidance().contents == ()
