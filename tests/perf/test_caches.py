"""The per-worker caches of issue 6 never show anything stale or anyone else's answers.

- content.services.cached_recommendations_for: a staff edit shows on the next result.
- triage.views._unbound_field_html: a question's inputs show each person their own answer.
- triage.views._question_page: a whole question page, with each request's own CSRF token
  and CSP nonce filled in; the same page as rendering it afresh.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.models import CareAdvice, ClinicProfile, Status, Stretch
from tests.content.test_admin import stretch_data
from tests.factories import make_stretch
from tests.journeys import SELF_CARE, answer, answer_all, main_html, step_url
from tests.perf.conftest import make_library
from triage import views as triage_views

pytestmark = pytest.mark.django_db


def result_html(client: Client) -> str:
    response = client.get(reverse("triage:result"))
    assert response.status_code == 200
    return main_html(response)


@pytest.fixture
def patient(db):
    make_library(size=1)
    client = Client()
    answer_all(client, SELF_CARE)
    return client


def offered_stretch(patient: Client) -> Stretch:
    html = result_html(patient)  # also fills the cache
    slug = re.search(
        r'href="/guidance/stretches/([^/"]+)/\?from=result" data-recommend="stretch"', html
    )
    assert slug, "the self-care result offers a stretch"
    return Stretch.objects.get(slug=slug.group(1))


# --- Content: staff edits show on the next result --------------------------------------------


def test_a_title_changed_in_the_admin_shows_on_the_next_result(patient, admin_client):
    stretch = offered_stretch(patient)
    url = reverse("admin:content_stretch_change", args=[stretch.pk])
    response = admin_client.post(url, stretch_data(stretch, title="Renamed in the admin"))
    assert response.status_code == 302
    assert "Renamed in the admin" in result_html(patient)


def test_a_stretch_untagged_in_the_admin_is_no_longer_offered(patient, admin_client):
    # Only the tags change (a many-to-many edit): the location no longer matches.
    stretch = offered_stretch(patient)
    neck = [str(tag.pk) for tag in stretch.body_areas.model.objects.filter(code="neck")]
    url = reverse("admin:content_stretch_change", args=[stretch.pk])
    assert admin_client.post(url, stretch_data(stretch, body_areas=neck)).status_code == 302
    assert stretch.get_absolute_url() not in result_html(patient)


def test_a_stretch_unpublished_by_the_admin_action_is_no_longer_offered(patient, admin_client):
    stretch = offered_stretch(patient)
    admin_client.post(
        reverse("admin:content_stretch_changelist"),
        {"action": "unpublish", "_selected_action": [stretch.pk]},
    )
    assert Stretch.objects.get(pk=stretch.pk).status == Status.DRAFT
    assert stretch.get_absolute_url() not in result_html(patient)


def test_deleted_and_new_content_show_on_the_next_result(patient):
    stretch = offered_stretch(patient)
    stretch.delete()
    assert stretch.get_absolute_url() not in result_html(patient)
    added = make_stretch(title="Brand new stretch", order=0, patterns=["soreness"])
    assert added.get_absolute_url() in result_html(patient)


def test_changed_care_advice_shows_on_the_next_result(patient):
    result_html(patient)
    advice = CareAdvice.objects.get(outcome="self_care")
    advice.headline = "A clearer headline from the clinic"
    advice.save()
    assert "A clearer headline from the clinic" in result_html(patient)


def test_a_clinic_location_changed_in_the_admin_shows_on_the_next_result(patient, admin_client):
    assert "Location 1" in result_html(patient)
    clinic = ClinicProfile.objects.get()
    location = clinic.locations.get()
    data = {
        "name": clinic.name,
        "tagline": clinic.tagline,
        "phone": clinic.phone,
        "urgent_phone": clinic.urgent_phone,
        "email": clinic.email,
        "booking_url": clinic.booking_url,
        "emergency_number": clinic.emergency_number,
        "opening_hours": clinic.opening_hours,
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "1",
        "locations-MIN_NUM_FORMS": "1",
        "locations-MAX_NUM_FORMS": "1000",
        "locations-0-id": str(location.pk),
        "locations-0-clinic": str(clinic.pk),
        "locations-0-order": str(location.order),
        "locations-0-name": "The riverside clinic",
        "locations-0-address": location.address,
        "locations-0-phone": location.phone,
        "locations-0-opening_hours": location.opening_hours,
        "_save": "Save",
    }
    url = reverse("admin:content_clinicprofile_change", args=[clinic.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = result_html(patient)
    assert "The riverside clinic" in html
    assert "Location 1" not in html


def test_a_change_the_version_cannot_see_shows_once_the_entry_expires(patient, monkeypatch):
    # QuerySet.update() leaves updated_at alone: only the expiry catches it.
    stretch = offered_stretch(patient)
    Stretch.objects.filter(pk=stretch.pk).update(title="Changed by hand")
    monkeypatch.setattr(services, "CACHE_SECONDS", 0.0)
    assert "Changed by hand" in result_html(patient)


def test_the_version_changes_with_every_kind_of_edit(patient):
    before = services.content_version()
    stretch = offered_stretch(patient)
    stretch.patterns.remove(*stretch.patterns.all())  # a many-to-many change on its own
    assert services.content_version() != before


def test_a_stand_in_selection_never_shares_entries_with_the_real_one(patient, monkeypatch):
    real = offered_stretch(patient)
    monkeypatch.setattr(services, "recommendations_for", lambda **kw: services.Recommendations())
    assert real.get_absolute_url() not in result_html(patient)
    monkeypatch.undo()
    assert real.get_absolute_url() in result_html(patient)


# --- Question pages: each person sees their own answer ---------------------------------------


def checked_values(html: str, key: str) -> set[str]:
    return set(re.findall(rf'name="{key}" type="\w+" value="([^"]+)" checked', html))


def test_each_person_sees_their_own_stored_answer(db):
    weak, fine = Client(), Client()
    answer_all(weak, {**SELF_CARE, "nerve": ["weakness", "radiating"]})
    answer_all(fine, SELF_CARE)
    for _ in range(2):  # the second time from the cache
        weak_page = weak.get(step_url("nerve", change=True)).content.decode()
        fine_page = fine.get(step_url("nerve", change=True)).content.decode()
        assert checked_values(weak_page, "nerve") == {"weakness", "radiating"}
        assert checked_values(fine_page, "nerve") == {"none"}


def test_question_words_follow_the_stored_location(db):
    neck, back = Client(), Client()
    answer_all(neck, {**SELF_CARE, "location": "neck"})
    answer_all(back, SELF_CARE)
    for _ in range(2):
        assert "arms or hands" in neck.get(step_url("nerve")).content.decode()
        assert "arms or hands" not in back.get(step_url("nerve")).content.decode()


def test_an_error_page_is_never_cached_for_the_next_person(db):
    first, second = Client(), Client()
    answer_all(first, {key: SELF_CARE[key] for key in ("emergency", "age", "location", "onset")})
    answer_all(second, {key: SELF_CARE[key] for key in ("emergency", "age", "location", "onset")})
    error = answer(first, "duration", "").content.decode()
    assert "nhsuk-error-message" in error
    page = second.get(step_url("duration")).content.decode()
    assert "nhsuk-error-message" not in page


# --- Whole question pages: each request's own token and nonce ---------------------------------


def token_and_nonce(response) -> tuple[str, str]:
    html = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    nonce = re.search(r'<script [^>]*nonce="([^"]+)"', html)
    assert token and nonce, "a question page carries a CSRF token and a script nonce"
    return token.group(1), nonce.group(1)


def test_each_fresh_visitor_gets_their_own_token_and_nonce(db):
    pages = [Client(enforce_csrf_checks=True).get(step_url("emergency")) for _ in range(3)]
    assert triage_views._question_page.cache_info().hits == 2
    seen = [token_and_nonce(page) for page in pages]
    assert len({token for token, _ in seen}) == 3
    assert len({nonce for _, nonce in seen}) == 3
    for page, (_, nonce) in zip(pages, seen, strict=True):
        assert "\x00" not in page.content.decode()
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
        assert "csrftoken" in page.cookies or "__Host-csrftoken" in page.cookies


def test_the_token_from_a_cached_page_is_accepted(db):
    Client().get(step_url("emergency"))  # fills the cache
    client = Client(enforce_csrf_checks=True)
    token, _ = token_and_nonce(client.get(step_url("emergency")))
    assert triage_views._question_page.cache_info().hits == 1
    response = client.post(
        step_url("emergency"), {"emergency": "none", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response["Location"] == step_url("age")
    forged = Client(enforce_csrf_checks=True)
    forged.get(step_url("emergency"))
    assert forged.post(step_url("emergency"), {"emergency": "none"}).status_code == 403


@pytest.mark.parametrize("change", [False, True])
def test_a_cached_page_is_the_page_rendered_afresh(db, change):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    client = Client()
    answer_all(client, {**SELF_CARE, "location": "neck"})
    for key, value in SELF_CARE.items():
        if key == "emergency":
            continue
        client.get(step_url(key, change=change))  # fills the cache
        response = client.get(step_url(key, change=change))
        token, nonce = token_and_nonce(response)
        stored = value if key != "location" else "neck"
        frozen = tuple(stored) if isinstance(stored, list) else stored
        request = RequestFactory().get(step_url(key, change=change))
        afresh = render_to_string(
            "triage/question.html",
            triage_views._question_context(
                key,
                "neck",
                change,
                None,
                triage_views._unbound_field_html(key, "neck", frozen),
            )
            | {"csrf_token": token, "csp_nonce": nonce, "messages": ()},
            request=request,
        )
        assert response.content.decode() == afresh, key
    assert triage_views._question_page.cache_info().hits >= len(SELF_CARE) - 1


def test_a_message_is_shown_and_not_cached(db):
    client = Client()
    answer_all(client, {key: SELF_CARE[key] for key in ("emergency", "location")})
    session = client.session
    session.flush()  # as if the answers had expired
    client.cookies.pop("sessionid", None)
    response = client.get(step_url("onset"), follow=True)
    assert "Please answer the questions again" in response.content.decode()
    assert (
        "Please answer the questions again"
        not in Client().get(step_url("emergency")).content.decode()
    )


@pytest.mark.parametrize("corrupt", [[{"a": 1}], {"a": 1}, [["none"]]])
def test_a_corrupt_stored_answer_is_rendered_afresh_not_cached(db, corrupt):
    from triage.wizard import SESSION_KEY

    client = Client()
    answer_all(client, SELF_CARE)
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "nerve": corrupt}
    session.save()
    response = client.get(step_url("nerve"))
    assert response.status_code == 200
    assert checked_values(response.content.decode(), "nerve") == set()
    assert triage_views._question_page.cache_info().currsize == 0
