"""Staff edits reach patients' results, end to end on the starter content: a result's
recommended pages all open, an admin edit shows on the next result, a revert in the
history restores it, and an unpublished or deleted stretch drops out without breaking the
result."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from content.models import Stretch
from tests.content.test_admin import admin_url, stretch_data
from tests.journeys import SELF_CARE, answer_all, main_html, outcome_of

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a[^>]*href="([^"]+)"[^>]*data-recommend="(stretch|tip|plan|guide)"')


def slug_of(href: str) -> str:
    """The slug in a recommended link, e.g. ``/guidance/stretches/bridge/?from=result``."""
    return urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]


def recommended(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"stretch": [], "tip": [], "plan": [], "guide": []}
    for href, kind in LINK.findall(html):
        found[kind].append(href)
    return found


@pytest.fixture
def patient(seeded):
    client = Client()
    answer_all(client, SELF_CARE)
    return client


@pytest.fixture
def staff(seeded):
    user = get_user_model().objects.create_superuser("clinician", password="x" * 16)
    client = Client()
    client.force_login(user)
    return client


def result_html(patient: Client) -> str:
    response = patient.get(reverse("triage:result"))
    assert outcome_of(response) == "self_care"
    return main_html(response)


def test_a_self_care_result_recommends_stretches_a_tip_and_a_plan_that_all_open(patient):
    links = recommended(result_html(patient))
    assert len(links["stretch"]) >= 3
    assert len(links["tip"]) >= 1
    assert len(links["plan"]) == 1
    for href in [href for hrefs in links.values() for href in hrefs]:
        assert patient.get(href).status_code == 200, href


def test_an_admin_edit_shows_on_the_next_result_and_revert_restores_it(patient, staff):
    first_href = recommended(result_html(patient))["stretch"][0]
    stretch = Stretch.objects.get(slug=slug_of(first_href))
    old_title = stretch.title

    response = staff.post(
        admin_url("stretch", "change", stretch.pk),
        stretch_data(stretch, title="Gentle knee hug (clinic edit)"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = result_html(patient)
    assert "Gentle knee hug (clinic edit)" in html
    assert old_title not in html

    old = stretch.history.filter(title=old_title).earliest()
    revert_url = reverse("admin:content_stretch_simple_history", args=[stretch.pk, old.history_id])
    assert staff.post(revert_url, stretch_data(old.instance)).status_code == 302
    html = result_html(patient)
    assert old_title in html
    assert "Gentle knee hug (clinic edit)" not in html


def test_unpublishing_a_recommended_stretch_never_breaks_the_result(patient, staff):
    first_href = recommended(result_html(patient))["stretch"][0]
    stretch = Stretch.objects.get(slug=slug_of(first_href))
    staff.post(
        admin_url("stretch", "changelist"),
        {"action": "unpublish", "_selected_action": [stretch.pk]},
    )
    links = recommended(result_html(patient))
    assert first_href not in links["stretch"]
    assert len(links["stretch"]) >= 3
    stretch.delete()
    assert first_href not in recommended(result_html(patient))["stretch"]
