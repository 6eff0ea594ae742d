"""Pages never show anything stale or anyone else's answers: a staff edit shows on the
next result; a question page shows each person their own answer, in words for their own
location and language, with each request's own CSRF token and CSP nonce, though its
inputs are rendered once per worker (docs/decisions/0006-performance.md).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from content.models import CareAdvice, ClinicProfile, Status, Stretch
from tests.content.test_admin import stretch_data
from tests.factories import make_stretch
from tests.journeys import SELF_CARE, answer, answer_all, main_html, step_url, store, stored
from tests.perf.conftest import make_library

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
    html = result_html(patient)
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


# --- Question pages: each person sees their own answer ---------------------------------------


def checked_values(html: str, key: str) -> set[str]:
    return set(re.findall(rf'name="{key}" type="\w+" value="([^"]+)" checked', html))


def test_each_person_sees_their_own_stored_answer(db):
    weak, fine = Client(), Client()
    answer_all(weak, {**SELF_CARE, "nerve": ["weakness", "radiating"]})
    answer_all(fine, SELF_CARE)
    for _ in range(2):
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


def test_an_error_page_is_never_shown_to_the_next_person(db):
    first, second = Client(), Client()
    answer_all(first, {key: SELF_CARE[key] for key in ("emergency", "age", "location", "onset")})
    answer_all(second, {key: SELF_CARE[key] for key in ("emergency", "age", "location", "onset")})
    error = answer(first, "duration", "").content.decode()
    assert "nhsuk-error-message" in error
    page = second.get(step_url("duration")).content.decode()
    assert "nhsuk-error-message" not in page


# --- Question pages: each request's own token and nonce, the inputs kept per worker ----------


def token_and_nonce(response) -> tuple[str, str]:
    html = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    nonce = re.search(r'<script [^>]*nonce="([^"]+)"', html)
    assert token and nonce, "a question page carries a CSRF token and a script nonce"
    return token.group(1), nonce.group(1)


def inputs_rendered(response) -> bool:
    """Whether this response rendered the question's inputs (the crispy field template),
    rather than taking them from the fragment kept by {% cache %}."""
    return "nhsuk/field.html" in [template.name for template in response.templates]


def test_each_visitor_gets_their_own_token_and_nonce_on_the_same_page(db):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page, second_page = first.get(step_url("emergency")), second.get(step_url("emergency"))
    assert not inputs_rendered(second_page)  # the same inputs as the first visitor's
    (first_token, first_nonce), (second_token, second_nonce) = map(
        token_and_nonce, (first_page, second_page)
    )
    assert first_token != second_token
    assert first_nonce != second_nonce
    for page, nonce in ((first_page, first_nonce), (second_page, second_nonce)):
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
    # Each token is the one its own visitor's cookie validates, and only that one.
    emergency_none = {"emergency": "none"}
    refused = first.post(
        step_url("emergency"), {**emergency_none, "csrfmiddlewaretoken": second_token}
    )
    assert refused.status_code == 403
    for client, token in ((first, first_token), (second, second_token)):
        response = client.post(
            step_url("emergency"), {**emergency_none, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
        assert response["Location"] == step_url("age")


def test_a_post_without_the_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    client.get(step_url("emergency"))
    assert client.post(step_url("emergency"), {"emergency": "none"}).status_code == 403


def test_the_inputs_are_rendered_once_then_reused(db):
    masked = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]+"')
    first, second = Client().get(step_url("emergency")), Client().get(step_url("emergency"))
    assert inputs_rendered(first)
    assert not inputs_rendered(second)
    assert masked.sub("", second.content.decode()) == masked.sub("", first.content.decode())


def test_the_same_question_in_another_language_is_not_the_english_fragment(db, settings):
    # With USE_I18N off (config/settings.py) the active language, get_language(), is
    # LANGUAGE_CODE; once the site is translated it is the request's.
    english = Client().get(step_url("emergency"))
    settings.LANGUAGE_CODE = "es"
    spanish = [Client().get(step_url("emergency")) for _ in "ab"]
    settings.LANGUAGE_CODE = "en-us"
    english_again = Client().get(step_url("emergency"))
    assert [inputs_rendered(page) for page in (english, *spanish, english_again)] == [
        True,
        True,
        False,
        False,
    ]


def test_a_new_release_does_not_reuse_the_inputs_of_the_last(db, settings):
    assert inputs_rendered(Client().get(step_url("emergency")))
    settings.RELEASE = "the-next-release"
    assert inputs_rendered(Client().get(step_url("emergency")))


def test_a_page_whose_inputs_are_kept_builds_no_form(db, monkeypatch):
    from triage import views

    built = []
    real = views.build_form
    monkeypatch.setattr(views, "build_form", lambda *a, **k: built.append(a) or real(*a, **k))
    Client().get(step_url("emergency"))
    Client().get(step_url("emergency"))
    assert len(built) == 1  # the first visitor's; the second page took the kept inputs


def test_the_kept_header_and_footer_follow_the_clinic_name_and_emergency_number(db, settings):
    Client().get(step_url("emergency"))  # keeps the header and footer for these settings
    settings.CLINIC_NAME = "Eastside Sports Clinic"
    settings.EMERGENCY_NUMBER = "112"
    html = Client().get(step_url("emergency")).content.decode()
    header, footer = html.split("</header>")[0], html.split("<footer")[1]
    assert "Eastside Sports Clinic" in header
    assert "Eastside Sports Clinic" in footer
    assert 'href="tel:112"' in footer
    assert "911" not in footer


def test_a_form_with_errors_is_never_kept_nor_served_from_the_fragment(db):
    client = Client()
    answer_all(client, {key: SELF_CARE[key] for key in ("emergency", "age", "location", "onset")})
    assert "nhsuk-error-message" not in client.get(step_url("duration")).content.decode()
    for _ in range(2):  # the inputs kept for this unanswered page are not the error's
        error = answer(client, "duration", "")
        assert error.status_code == 200
        assert inputs_rendered(error)
        assert "nhsuk-error-message" in error.content.decode()
        page = client.get(step_url("duration"))
        assert "nhsuk-error-message" not in page.content.decode()
        assert "Error:" not in page.content.decode()


def test_a_change_page_keeps_its_own_action_and_back_link(db):
    client = Client()
    answer_all(client, SELF_CARE)
    plain = client.get(step_url("severity")).content.decode()
    change = client.get(step_url("severity", change=True)).content.decode()
    assert f'action="{step_url("severity")}"' in plain
    assert f'action="{step_url("severity", change=True)}"' in change
    assert f'href="{reverse("triage:answers")}">Back' in change
    assert f'href="{reverse("triage:answers")}">Back' not in plain


def test_a_message_is_shown_to_its_own_person_only(db):
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
def test_a_corrupt_stored_answer_is_asked_again_unticked(db, corrupt):
    client = Client()
    answer_all(client, SELF_CARE)
    store(client, {**stored(client), "nerve": corrupt})
    response = client.get(step_url("nerve"))
    assert response.status_code == 200
    assert checked_values(response.content.decode(), "nerve") == set()


def _cache_down(*args, **kwargs):
    raise ConnectionError("the cache is down")


def test_a_question_page_never_needs_the_shared_cache(db, monkeypatch):
    # The first question, with its emergency signs, needs neither the shared cache nor the
    # database: its inputs are kept per worker (the "template_fragments" cache), being the
    # same for everyone.
    for method in ("get", "set", "add", "get_many"):
        monkeypatch.setattr(DatabaseCache, method, _cache_down)
    for _ in range(2):  # rendered, then kept
        response = Client().get(step_url("emergency"))
        assert response.status_code == 200
        _, nonce = token_and_nonce(response)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_the_kept_emergency_inputs_are_grouped_with_each_persons_own_answer(db):
    from triage.wording import sign_groups

    groups = sign_groups()
    fresh = [Client().get(step_url("emergency")).content.decode() for _ in "ab"]
    headings = re.findall(r'<h2 class="bot-checkboxes__heading"[^>]*>(.*?)</h2>', fresh[1])
    assert headings == [str(group.heading) for group in groups]
    assert checked_values(fresh[1], "emergency") == set()
    # Someone who answered "None of these" and comes back sees it ticked, in the same
    # groups; the inputs kept for a fresh visitor are not theirs.
    answered = Client()
    answer_all(answered, {key: SELF_CARE[key] for key in ("emergency", "age")})
    for _ in range(2):
        page = answered.get(step_url("emergency", change=True)).content.decode()
        assert checked_values(page, "emergency") == {"none"}
        assert page.count('class="bot-checkboxes__heading"') == len(groups)
    assert (
        checked_values(Client().get(step_url("emergency")).content.decode(), "emergency") == set()
    )


# --- Rendered content partials, kept beside their selection -----------------------------------


def _partials_rendered(monkeypatch, *, failing: str = "") -> list[str]:
    from content import results

    rendered: list[str] = []
    real = results.render_to_string

    def render(template, *args, **kwargs):
        rendered.append(template)
        if template == failing:
            raise OperationalError("database went away")
        return real(template, *args, **kwargs)

    monkeypatch.setattr(results, "render_to_string", render)
    return rendered


def test_the_next_result_reuses_the_rendered_partials(patient, monkeypatch):
    masked = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # a new mask each time
    first = masked.sub("", result_html(patient))
    rendered = _partials_rendered(monkeypatch)
    assert masked.sub("", result_html(patient)) == first
    assert rendered == []  # none of the three content partials rendered again


def test_a_partial_that_failed_is_not_kept(patient, monkeypatch, caplog):
    rendered = _partials_rendered(monkeypatch, failing="content/_recommendations.html")
    assert 'data-recommend="stretch"' not in result_html(patient)
    assert "content/_recommendations.html" in rendered
    monkeypatch.undo()
    assert 'data-recommend="stretch"' in result_html(patient)
