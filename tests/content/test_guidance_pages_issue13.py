"""Issue 13, "Guidance pages": checked on a database loaded by ``seed_content``, as a new
clinic has it, and through real result pages.

- a stretch, tip, plan or guide opened from a result leads back to that result;
- tags read as the symptom checker's questions ("Running or jumping", never "hiit");
- no "For: …" walls of tags on cards;
- a plan never points at stretches "on this page" (its page has none);
- no placeholder text for patients, and staff are asked to replace the sample clinic.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from content.models import ClinicProfile, Guide, Plan, Stretch, Tag, Tip
from tests.journeys import JOURNEYS, SELF_CARE, answer_all, main_html, outcome_of
from triage.questions import WORDING

pytestmark = pytest.mark.django_db

RESULT_URL = "/check/result/"
RECOMMENDED = re.compile(r'<a[^>]*href="([^"]+)"[^>]*data-recommend="(stretch|tip|plan|guide)"')
BACK_LINK = re.compile(r'<a class="nhsuk-back-link" href="([^"]*)">(.*?)</a>', re.DOTALL)


@pytest.fixture(autouse=True)
def seeded(db):
    call_command("seed_content", stdout=io.StringIO())


def text(html: str) -> str:
    """The words a person reads: tags removed, entities decoded, spaces collapsed."""
    words = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([.,:;])", r"\1", words)


def before_main(html: str) -> str:
    return html[: html.index("<main")]


def back_links(html: str) -> list[tuple[str, str]]:
    """Every back link on a page (inside <main>'s container, before the content)."""
    return [(href, text(words)) for href, words in BACK_LINK.findall(html)]


def result_links(client: Client, journey: dict[str, object]) -> list[tuple[str, str]]:
    answer_all(client, journey)
    response = client.get(reverse("triage:result"))
    return [(kind, href) for href, kind in RECOMMENDED.findall(main_html(response))]


# --- 1. Back to the result ---------------------------------------------------------------------


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


# --- 2. Tags read as the questions -------------------------------------------------------------

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


# --- 3. No walls of tags on cards --------------------------------------------------------------

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


# --- 4. Plans point at stretches that are somewhere ----------------------------------------------

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


# --- 5. No placeholder text ----------------------------------------------------------------------

PLACEHOLDER = re.compile(
    r"example\.org|example\.com|starter content|starter example|lorem|\btodo\b", re.IGNORECASE
)


def guidance_urls() -> list[str]:
    urls = [
        reverse("content:index"),
        reverse("content:stretch_list"),
        reverse("content:tip_list"),
        reverse("content:plan_list"),
        reverse("content:guide_list"),
    ]
    urls += [
        f"{reverse('content:stretch_list')}?area={tag.code}"
        for tag in Tag.objects.filter(kind="location")
    ]
    urls += [
        f"{reverse('content:tip_list')}?activity={tag.code}"
        for tag in Tag.objects.filter(kind="activity")
    ]
    for model in (Stretch, Tip, Plan, Guide):
        for item in model.objects.published():
            urls += [item.get_absolute_url(), item.get_absolute_url() + "?from=result"]
    return urls


def public_pages() -> Iterator[tuple[str, str]]:
    client = Client()
    yield "home", client.get(reverse("core:home")).content.decode()
    for url in guidance_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()
    for outcome, journey in JOURNEYS.items():
        patient = Client()
        answer_all(patient, journey)
        response = patient.get(RESULT_URL)
        assert outcome_of(response) == outcome
        yield f"result {outcome}", response.content.decode()


def test_no_public_page_shows_placeholder_text():
    pages = dict(public_pages())
    assert len(pages) > 100
    found = {name: PLACEHOLDER.findall(body) for name, body in pages.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_review_note_names_the_clinical_team_only(client):
    stretch = Stretch.objects.published().order_by("pk").first()
    body = client.get(stretch.get_absolute_url()).content.decode()
    note = re.search(r'<p class="nhsuk-body-s bot-review-note">(.*?)</p>', body, re.DOTALL)
    assert note is not None
    assert text(note.group(1)) == (
        "Last reviewed on November 23, 2026 by BackOnTrack clinical team. "
        "Next review due November 23, 2027."
    )


def test_the_starter_clinic_has_no_made_up_email_or_booking_address():
    clinic = ClinicProfile.objects.get()
    assert (clinic.email, clinic.booking_url) == ("", "")


def test_staff_are_asked_to_replace_the_sample_clinic_details(admin_client):
    clinic = ClinicProfile.objects.get()
    url = reverse("admin:content_clinicprofile_change", args=[clinic.pk])
    warning = (
        "Some contact details are still the starter examples: main phone, same-day phone, "
        "address. Patients see them on every result page. Replace them with your clinic&#x27;s "
        "own."
    )
    assert warning in admin_client.get(url).content.decode()
    assert (
        warning
        in admin_client.get(reverse("admin:content_clinicprofile_changelist")).content.decode()
    )

    clinic.phone = "(212) 555-0100"
    clinic.save()
    body = admin_client.get(url).content.decode()
    assert "still the starter examples: same-day phone, address." in body

    clinic.urgent_phone = ""
    clinic.save()
    clinic.locations.update(address="1 River Road\nSpringfield, IL 62701")
    assert "starter examples" not in admin_client.get(url).content.decode()
