"""Finding the way on the guidance pages, as a new clinic has them (``seed_content``) and
through real result pages: a page opened from a result leads back to that result, opened
any other way it keeps its breadcrumb, and a plan sends people to stretches that exist
somewhere, never to stretches "on this page" (its page has none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Guide, Plan, Stretch, Tip
from tests.content.seeded_pages import RESULT_URL, text
from tests.journeys import JOURNEYS, SELF_CARE, answer_all, main_html, outcome_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

RECOMMENDED = re.compile(r'<a[^>]*href="([^"]+)"[^>]*data-recommend="(stretch|tip|plan|guide)"')
BACK_LINK = re.compile(r'<a class="nhsuk-back-link" href="([^"]*)">(.*?)</a>', re.DOTALL)


def back_links(html: str) -> list[tuple[str, str]]:
    """Every back link on a page (inside <main>'s container, before the content)."""
    return [(href, text(words)) for href, words in BACK_LINK.findall(html)]


def result_links(client: Client, journey: dict[str, object]) -> list[tuple[str, str]]:
    answer_all(client, journey)
    response = client.get(reverse("triage:result"))
    return [(kind, href) for href, kind in RECOMMENDED.findall(main_html(response))]


# --- Back to the result -------------------------------------------------------------------


def test_the_result_address_is_the_one_the_pages_lead_back_to():
    assert reverse("triage:result") == RESULT_URL


@pytest.mark.parametrize("outcome", ["self_care", "physio", "see_doctor"])
def test_every_page_a_result_links_to_leads_back_to_that_result(client, outcome):
    links = result_links(client, JOURNEYS[outcome])
    assert {kind for kind, _ in links} >= {"stretch", "tip", "plan"}
    for kind, href in links:
        assert href.endswith("/?from=result"), href
        response = client.get(href)
        assert response.status_code == 200, href
        body = response.content.decode()
        assert back_links(body) == [(RESULT_URL, "Back to your result")], (kind, href)
        assert "nhsuk-breadcrumb" not in body, href
    # ... and the result is still there when the person goes back.
    assert outcome_of(client.get(RESULT_URL)) == outcome


NOT_FROM_A_RESULT = [
    "",
    "?from=https://evil.example/",
    "?from=//evil.example/",
    "?from=RESULT",
    "?next=https://evil.example/",
    "?from=result%2F..%2F..%2Fevil",
]


@pytest.mark.parametrize(
    ("model", "list_name", "list_title"),
    [
        (Stretch, "content:stretch_list", "Stretches"),
        (Tip, "content:tip_list", "Tips to protect your back and neck"),
        (Plan, "content:plan_list", "Return-to-exercise plans"),
        (Guide, "content:guide_list", "Guides"),
    ],
)
def test_opened_any_other_way_a_page_keeps_its_breadcrumb(client, model, list_name, list_title):
    item = model.objects.published().order_by("pk").first()
    for query in NOT_FROM_A_RESULT:
        body = client.get(item.get_absolute_url() + query).content.decode()
        expected = [(reverse(list_name), f"Back to {list_title}")]
        assert back_links(body) == expected, query
        assert "evil" not in body, query
        assert "Back to your result" not in body, query


def test_a_plan_from_a_result_points_back_to_its_stretches(client):
    links = dict(result_links(client, SELF_CARE))
    body = main_html(client.get(links["plan"]))
    assert re.findall(r'<p><a href="([^"]+)">([^<]+)</a></p>', body) == [
        (RESULT_URL, "See the stretches suggested with your result")
    ]


def test_a_plan_from_the_library_links_the_checker_and_all_stretches(client):
    plan = Plan.objects.published().order_by("pk").first()
    body = main_html(client.get(plan.get_absolute_url()))
    paragraph = re.search(r"<p><a href=\"/\">Check your symptoms</a>.*?</p>", body)
    assert paragraph is not None
    assert text(paragraph.group(0)) == (
        "Check your symptoms to see the stretches that suit your pain, or see all "
        "stretches and gentle exercises."
    )
    assert f'<a href="{reverse("content:stretch_list")}">' in paragraph.group(0)


# --- Plans point at stretches that are somewhere ------------------------------------------

PAGE_WORDS = re.compile(r"\b(?:this page|on the page|below|above)\b", re.IGNORECASE)


def sentences(words: str) -> Iterator[str]:
    yield from (s for s in re.split(r"(?<=[.!?])\s+", words) if s)


def test_no_plan_points_at_stretches_on_its_own_page(client):
    found = {}
    for plan in Plan.objects.published():
        body = main_html(client.get(plan.get_absolute_url()))
        article = body[body.index("<article") : body.index("</article>")]
        for sentence in sentences(text(article)):
            if PAGE_WORDS.search(sentence):
                found.setdefault(sentence, set()).add(plan.slug)
    assert found == {
        "For now, avoid heavy lifting, lifting above your head and contact sports.": {
            "gentle-return-with-arm-symptoms"
        },
    }


def test_plans_send_people_to_the_stretches_their_result_suggested():
    phrases = [
        phase.what_to_do
        for plan in Plan.objects.published()
        for phase in plan.phases.all()
        if "suggested with your result" in phase.what_to_do
    ]
    assert len(phrases) == 8
