"""Tags in the symptom checker's words wherever patients and staff see them, on a database
loaded by ``seed_content`` as a new clinic has it: activity, location, history and outcome
tags read as the questions and results do ("Running or jumping", never "hiit"), on the tip
pages and in the admin, and list cards are a title and a summary, never a wall of tags.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from content.models import Stretch, Tag, Tip
from tests.content.seeded_pages import guidance_urls, text
from tests.journeys import main_html
from triage.wording import WORDING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

# --- The questions' words ------------------------------------------------------------------

ACTIVITY_WORDS = {
    "high_impact": "Running or jumping",
    "heavy_lifting": "Heavy lifting",
    "twisting": "Twisting or turning moves",
    "yoga_backbends": "Yoga backbends or upside-down poses",
    "pivoting_sports": "Sports with quick turns",
    "contact_sports": "Contact sports",
    "core_work": "Crunches or sit-ups",
    "other": "Something else",
}


def wording(kind: str) -> dict[str, str]:
    return {tag.code: tag.wording for tag in Tag.objects.filter(kind=kind)}


def test_activity_and_location_tags_read_as_the_questions():
    assert wording("activity") == ACTIVITY_WORDS
    assert {
        value: choice.label for value, choice in WORDING["activity"].choices.items()
    } == ACTIVITY_WORDS
    assert wording("location") == {
        "neck": "Neck",
        "upper_back": "Upper back",
        "lower_back": "Lower back",
    }


def test_history_and_outcome_tags_read_as_the_symptom_checker_and_results_do():
    assert wording("history") == {
        "disc_condition": "A disc problem that a doctor told you about",
        "stenosis_arthritis": "Narrowing of the spine (spinal stenosis), or arthritis in the spine",
        "recurring": "This kind of back or neck pain keeps coming back after exercise",
    }
    assert wording("outcome") == {
        "emergency": "Emergency: call 911",
        "urgent": "See a doctor within 24 to 48 hours",
        "see_doctor": "Book a doctor in the next week or two",
        "physio": "See a physical therapist",
        "self_care": "Look after it at home",
    }


def test_a_value_the_questions_do_not_have_keeps_its_stored_label():
    # Pain patterns are worked out, never asked; a code the protocol drops stays readable.
    assert wording("pattern")["soreness"] == (
        "Soreness: dull ache a day or two after a workout, for under a week"
    )
    rowing = Tag.objects.create(kind="activity", code="rowing", label="Rowing", order=99)
    assert rowing.wording == "Rowing"
    assert str(rowing) == "Rowing"
    renamed = Tag.objects.get(kind="activity", code="high_impact")
    renamed.label = "Something staff typed"
    renamed.save()
    assert str(renamed) == "Running or jumping"


def test_the_tip_filter_offers_the_question_choices_in_order(client):
    body = main_html(client.get(reverse("content:tip_list")))
    nav = body[body.index('aria-labelledby="activity-filter-heading"') :]
    nav = nav[: nav.index("</nav>")]
    assert [text(a) for a in re.findall(r"<a [^>]*>.*?</a>", nav)] == [
        "All exercise",
        *ACTIVITY_WORDS.values(),
    ]


def test_a_tip_list_for_one_activity_is_headed_with_the_question_words(client):
    body = client.get(reverse("content:tip_list"), {"activity": "high_impact"}).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", body, re.DOTALL)
    assert heading is not None
    assert text(heading.group(1)) == "Tips to protect your back and neck: Running or jumping"
    assert "<title>Running or jumping: tips to protect your back and neck" in body


@pytest.mark.parametrize(
    ("slug", "written_for"),
    [
        ("use-a-spotter", ["Heavy lifting"]),
        (
            "low-impact-while-you-recover",
            ["Running or jumping", "Sports with quick turns", "Contact sports", "Something else"],
        ),
    ],
)
def test_a_tip_page_lists_its_activities_in_the_question_words(client, slug, written_for):
    body = main_html(client.get(reverse("content:tip_detail", args=[slug])))
    section = body[body.index("Written for</h2>") :]
    section = section[: section.index("</ul>")]
    assert [text(li) for li in re.findall(r"<li>.*?</li>", section)] == written_for


def test_a_tip_for_every_activity_says_so_in_one_line(client):
    body = main_html(client.get(reverse("content:tip_detail", args=["warm-up-before-you-start"])))
    assert '<p class="nhsuk-body-s">This tip is for every kind of exercise.</p>' in body
    assert "Written for" not in body


def test_no_guidance_page_shows_the_old_activity_labels(client):
    old = [
        "running, jumping, hiit",
        "heavy lifting: deadlifts",
        "twisting or rotation moves",
        "yoga backbends or inversions",
        "quick pivots and cuts",
    ]
    for url in guidance_urls():
        body = client.get(url).content.decode()
        assert "hiit" not in body, url  # "HIIT" only ever in capitals, with its meaning
        assert [words for words in old if words in body.lower()] == [], url


def test_the_admin_shows_staff_the_question_words(admin_client):
    tip = Tip.objects.get(slug="low-impact-while-you-recover")
    changelist = admin_client.get(reverse("admin:content_tip_changelist")).content.decode()
    assert (
        '<td class="field-activity_list">Running or jumping, Sports with quick turns, '
        "Contact sports, Something else</td>"
    ) in changelist
    change = admin_client.get(reverse("admin:content_tip_change", args=[tip.pk])).content.decode()
    boxes = re.findall(r'name="activities" value="\d+"[^>]*>\s*([^<]+?)\s*</label>', change)
    assert boxes == list(ACTIVITY_WORDS.values())


def test_the_admin_does_not_let_staff_rename_a_question_answer(admin_client):
    tag = Tag.objects.get(kind="activity", code="high_impact")
    url = reverse("admin:content_tag_change", args=[tag.pk])
    body = admin_client.get(url).content.decode()
    assert 'name="label"' not in body
    assert "Running or jumping (the symptom checker&#x27;s words for this answer)" in body
    pattern = Tag.objects.get(kind="pattern", code="soreness")
    assert (
        'name="label"'
        in admin_client.get(reverse("admin:content_tag_change", args=[pattern.pk])).content.decode()
    )


# --- No walls of tags on cards ------------------------------------------------------------

CARD = re.compile(r'<li class="nhsuk-card nhsuk-card--clickable">(.*?)</li>', re.DOTALL)


@pytest.mark.parametrize(
    ("name", "model"), [("content:stretch_list", Stretch), ("content:tip_list", Tip)]
)
def test_list_cards_are_a_title_and_a_summary(client, name, model):
    body = main_html(client.get(reverse(name)))
    cards = [text(card) for card in CARD.findall(body)]
    expected = [
        f"{item.title} {item.summary}"
        for item in model.objects.published().order_by("order", "title")
    ]
    assert cards == expected
    assert "For:" not in body
