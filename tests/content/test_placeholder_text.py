"""No placeholder text for patients on a database loaded by ``seed_content``, as a new
clinic has it, on any public page or result; and staff are asked to replace the sample
clinic's contact details with their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from content.models import ClinicProfile, Stretch
from tests.content.seeded_pages import RESULT_URL, guidance_urls, text
from tests.journeys import JOURNEYS, answer_all, outcome_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

PLACEHOLDER = re.compile(
    r"example\.org|example\.com|starter content|starter example|lorem|\btodo\b", re.IGNORECASE
)


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
