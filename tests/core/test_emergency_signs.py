"""The emergency signs are one list: the home page, the emergency question, every result's
safety net and the emergency result's reason all show the same signs, in the same five
groups and order: the engine's groups (``RED_FLAG_GROUPS``) in the words of
``triage.wording``. PROTOCOL.md v3: each sign opens with a few bold words
and goes on with its full description; the lead-in never replaces it, so no element of a
sign is ever dropped (never a narrower copy)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.journeys import JOURNEYS, answer, answer_all, main_html, step_url
from triage.engine import QUESTIONS_BY_KEY, RED_FLAG_GROUPS, RED_FLAGS
from triage.wording import SIGNS as SIGN_WORDS
from triage.wording import sign_groups

pytestmark = pytest.mark.django_db

NON_EMERGENCY = ["urgent", "see_doctor", "physio", "self_care"]
GROUPS = sign_groups()
SIGNS = [sign for group in GROUPS for sign in group.signs]
#: Each sign's full description by value.
DESCRIPTIONS = {value: str(words.description) for value, words in SIGN_WORDS.items()}

#: Each group's heading and each sign as the home page and the safety net show it.
LISTED = [
    (
        escape(str(group.heading)),
        [
            f'<strong class="bot-signs__lead">{escape(sign.lead)}</strong> '
            f"{escape(sign.description)}"
            for sign in group.signs
        ],
    )
    for group in GROUPS
]
#: The same, as the emergency question's checkbox labels.
ASKED = [
    (heading, [item.replace("bot-signs__lead", "bot-lead") for item in items])
    for heading, items in LISTED
]

_LIST_GROUP = re.compile(
    r'\s*<div class="bot-signs__group">\s*<h3 class="bot-signs__heading">(.*?)</h3>'
    r'\s*<ul class="nhsuk-list nhsuk-list--bullet">(.*?)</ul>\s*</div>',
    re.S,
)
_QUESTION_GROUP = re.compile(
    r'<div class="bot-checkboxes__group" role="group" aria-labelledby="([^"]+)">'
    r'\s*<h2 class="bot-checkboxes__heading" id="([^"]+)">(.*?)</h2>',
    re.S,
)
_LABEL = re.compile(r'<label class="nhsuk-label nhsuk-checkboxes__label"[^>]*>(.*?)</label>', re.S)


def _listed(html: str, start: str) -> list[tuple[str, list[str]]]:
    """The groups of the first sign list after ``start``: one after another, each its
    heading and its items (HTML), until something else comes."""
    tail = html[html.index(start) :]
    opening = '<div class="bot-signs">'
    position = tail.index(opening) + len(opening)
    groups = []
    while match := _LIST_GROUP.match(tail, position):
        items = re.findall(r"<li>(.*?)</li>", match.group(2), re.S)
        groups.append((match.group(1), [" ".join(item.split()) for item in items]))
        position = match.end()
    return groups


def _asked(html: str) -> list[tuple[str, list[str]]]:
    """The emergency question's groups: each heading (which names its group) and the
    labels up to the next group, or to the "or" before "None of these"."""
    starts = list(_QUESTION_GROUP.finditer(html))
    ends = [start.start() for start in starts[1:]] + [html.index("nhsuk-checkboxes__divider")]
    groups = []
    for match, end in zip(starts, ends, strict=True):
        labelled_by, heading_id, heading = match.groups()
        assert labelled_by == heading_id
        body = html[match.end() : end]
        groups.append((heading, [" ".join(label.split()) for label in _LABEL.findall(body)]))
    return groups


def _home() -> str:
    from django.test import Client

    return Client().get(reverse("core:home")).content.decode()


def _safety_net(client, outcome: str) -> str:
    answer_all(client, JOURNEYS[outcome])
    return main_html(client.get(reverse("triage:result")))


def test_every_emergency_value_is_one_sign_in_one_group():
    values = [v for v in QUESTIONS_BY_KEY["emergency"].values if v != "none"]
    assert sorted(sign.value for sign in SIGNS) == sorted(values)
    assert len(SIGNS) == len({sign.value for sign in SIGNS}) == 13
    assert [[sign.value for sign in group.signs] for group in GROUPS] == [
        list(group.values) for group in RED_FLAG_GROUPS
    ]
    assert [group.heading for group in GROUPS] == [
        "Bladder, bowel and legs",
        "Sudden severe pain, chest or belly",
        "Head and neck",
        "After an accident or a blow",
        "After a hard workout",
    ]
    assert {sign.value: sign.description for sign in SIGNS} == DESCRIPTIONS
    assert set(DESCRIPTIONS) == RED_FLAGS


def test_the_home_page_lists_every_sign_in_its_group_in_full(client):
    html = client.get(reverse("core:home")).content.decode()
    assert _listed(html, "Do not use this service in an emergency") == LISTED


def test_the_emergency_question_asks_the_same_signs_in_the_same_groups(client):
    html = client.get(step_url("emergency")).content.decode()
    assert _asked(html) == ASKED
    labels = [" ".join(label.split()) for label in _LABEL.findall(html)]
    assert labels[-1] == "None of these"
    assert len(labels) == len(SIGNS) + 1


@pytest.mark.parametrize("outcome", NON_EMERGENCY)
def test_every_safety_net_lists_every_sign_in_its_group_in_full(client, outcome):
    assert _listed(_safety_net(client, outcome), 'id="safety-net"') == LISTED


# The elements a shortened copy once dropped (PROTOCOL.md v3, "What the result page offers").
DROPPED_BEFORE = [
    "one or both legs",
    "new trouble peeing",
    "loss of sight in one eye",
    "a drooping eyelid",
    "a numb face",
    "weakness on one side of your body",
    "walking that has suddenly become unsteady",
    "a hard landing on your head",
]


@pytest.mark.parametrize("words", DROPPED_BEFORE)
def test_no_element_of_a_sign_is_dropped_on_the_home_page_or_the_safety_net(client, words):
    assert any(words in sign.description for sign in SIGNS), "the engine's words changed"
    assert escape(words) in main_html(client.get(reverse("core:home")))
    assert escape(words) in _safety_net(client, "self_care").split('id="safety-net"')[1]


@pytest.mark.parametrize("sign", SIGNS, ids=[sign.value for sign in SIGNS])
def test_each_full_description_reaches_the_question_home_page_and_safety_net(client, sign):
    full = escape(str(sign.description))
    assert full in client.get(step_url("emergency")).content.decode()
    assert full in _home()
    net = _safety_net(client, "see_doctor")
    assert full in net[net.index('id="safety-net"') :]


@pytest.mark.parametrize("flag", list(DESCRIPTIONS))
def test_the_emergency_result_names_the_sign_ticked_in_full(client, flag):
    answer(client, "emergency", [flag])
    html = main_html(client.get(reverse("triage:result")))
    why = html[html.index('id="why-this-result"') :]
    listing = why[why.index("<ul") : why.index("</ul>")]
    sign = DESCRIPTIONS[flag]
    assert re.findall(r"<li>(.*?)</li>", listing, re.S) == [
        escape(
            "You told us about a sign that needs emergency care straight away: "
            + sign[0].lower()
            + sign[1:]
            + "."
        )
    ]
