import datetime
import re

import pytest
from django.forms import modelform_factory
from django.urls import reverse

from content.admin import PUBLISH_REFUSED, EditorialForm
from content.models import ClinicProfile, PainRelief, Plan, Status, Stretch, Tag
from tests.factories import (
    MAY_SUGGEST,
    make_care_advice,
    make_clinic,
    make_guide,
    make_pain_relief,
    make_plan,
    make_stretch,
    make_tip,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each():
    return {
        "stretch": make_stretch(),
        "tip": make_tip(),
        "plan": make_plan(),
        "guide": make_guide(),
        "careadvice": make_care_advice(outcome="self_care"),
        "clinicprofile": make_clinic(),
        "painrelief": make_pain_relief(),
        "tag": Tag.objects.get(kind="location", code="neck"),
    }


def admin_url(model, view, *args):
    return reverse(f"admin:content_{model}_{view}", args=args)


def tag_ids(kind, *codes):
    return [
        str(pk) for pk in Tag.objects.filter(kind=kind, code__in=codes).values_list("pk", flat=True)
    ]


def stretch_data(stretch=None, **overrides):
    data = {
        "title": "Knee hug",
        "slug": "knee-hug",
        "summary": "Eases a sore lower back.",
        "order": "10",
        "position": "Lying on your back",
        "steps": "Lie down.\nHug your knees.",
        "hold": "Hold for 20 seconds",
        "repetitions": "Do 3 times",
        "cautions": "Go gently.",
        "stop_if": "Stop if it hurts more.",
        "body_areas": tag_ids("location", "lower_back"),
        "patterns": tag_ids("pattern", "soreness"),
        "avoid_if": tag_ids("pattern", "nerve"),
        "status": "draft",
        "last_reviewed_on": "",
        "reviewed_by": "",
        "next_review_due": "",
        "_save": "Save",
    }
    if stretch is not None:
        data.update(
            {
                "title": stretch.title,
                "slug": stretch.slug,
                "summary": stretch.summary,
                "order": str(stretch.order),
                "position": stretch.position,
                "steps": stretch.steps,
                "hold": stretch.hold,
                "repetitions": stretch.repetitions,
                "cautions": stretch.cautions,
                "stop_if": stretch.stop_if,
                "body_areas": [str(tag.pk) for tag in stretch.body_areas.all()],
                "patterns": [str(tag.pk) for tag in stretch.patterns.all()],
                "avoid_if": [str(tag.pk) for tag in stretch.avoid_if.all()],
                "status": stretch.status,
                "last_reviewed_on": str(stretch.last_reviewed_on or ""),
                "reviewed_by": stretch.reviewed_by,
                "next_review_due": str(stretch.next_review_due or ""),
            }
        )
    data.update(overrides)
    return data


def plan_data(phases, **overrides):
    data = {
        "title": "Soreness plan",
        "slug": "soreness-plan",
        "summary": "Back to exercise after soreness.",
        "order": "10",
        "patterns": tag_ids("pattern", "soreness"),
        "status": "draft",
        "phases-TOTAL_FORMS": str(len(phases)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "1",
        "phases-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, phase in enumerate(phases):
        for key, value in phase.items():
            data[f"phases-{index}-{key}"] = value
    data.update(overrides)
    return data


# ------------------------------------------------------------ every page opens


MODELS = ["stretch", "tip", "plan", "guide", "careadvice", "clinicprofile", "painrelief", "tag"]


@pytest.mark.parametrize("model", MODELS)
def test_superuser_opens_every_changelist_change_and_history_page(admin_client, one_of_each, model):
    obj = one_of_each[model]
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    if model != "tag":
        assert admin_client.get(admin_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    "model", ["stretch", "tip", "plan", "guide", "careadvice", "clinicprofile", "painrelief"]
)
def test_superuser_opens_every_add_page(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", ["stretch", "tip", "plan", "guide", "careadvice", "painrelief"])
@pytest.mark.parametrize("review", ["overdue", "due_soon"])
def test_changelist_filters_open(admin_client, one_of_each, model, review):
    response = admin_client.get(
        admin_url(model, "changelist"), {"review": review, "status__exact": "published"}
    )
    assert response.status_code == 200


def test_change_page_links_to_the_public_page(admin_client, one_of_each):
    body = admin_client.get(
        admin_url("stretch", "change", one_of_each["stretch"].pk)
    ).content.decode()
    assert "View on site" in body


def test_tags_cannot_be_added_or_deleted(admin_client, one_of_each):
    assert admin_client.get(admin_url("tag", "add")).status_code == 403
    assert admin_client.get(admin_url("tag", "delete", one_of_each["tag"].pk)).status_code == 403


def test_pain_relief_advice_is_one_item_that_cannot_be_added_twice_or_deleted(admin_client):
    advice = make_pain_relief()
    assert admin_client.get(admin_url("painrelief", "add")).status_code == 403
    assert admin_client.get(admin_url("painrelief", "delete", advice.pk)).status_code == 403
    assert PainRelief.objects.count() == 1


def pain_relief_data(**overrides):
    return {
        "may_suggest": MAY_SUGGEST,
        "ask_first": "Ask a pharmacist which pain relief is safe for you.",
        "status": "published",
        "last_reviewed_on": "2026-11-01",
        "reviewed_by": "Dr Test, PT",
        "next_review_due": "",
        "_save": "Save",
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        # PROTOCOL.md v3, "medicines": the full caution wherever they are suggested ...
        (
            "may_suggest",
            "Ibuprofen can help. Ask a pharmacist first if you have asthma.",
            "It leaves out: stomach ulcers, bleeding, kidney problems, heart problems, high "
            "blood pressure, blood thinners, pregnancy, being 65 or over.",
        ),
        # ... and never suggested to the people they may harm.
        ("ask_first", "Naproxen is fine for most people.", "do not name ibuprofen, naproxen"),
    ],
    ids=["caution incomplete", "named where unsafe"],
)
def test_pain_relief_that_could_harm_is_refused_with_a_message(admin_client, field, text, message):
    advice = make_pain_relief()
    response = admin_client.post(
        admin_url("painrelief", "change", advice.pk), pain_relief_data(**{field: text})
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    advice.refresh_from_db()
    assert getattr(advice, field) != text


def test_pain_relief_with_the_full_caution_is_saved(admin_client):
    advice = make_pain_relief()
    response = admin_client.post(
        admin_url("painrelief", "change", advice.pk),
        pain_relief_data(ask_first="Ask your pharmacist before you take any pain relief."),
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.ask_first == "Ask your pharmacist before you take any pain relief."


def test_second_clinic_profile_cannot_be_added(admin_client):
    make_clinic()
    assert admin_client.get(admin_url("clinicprofile", "add")).status_code == 403
    assert ClinicProfile.objects.count() == 1


def test_review_overdue_filter(admin_client):
    make_stretch(title="Fresh stretch")
    make_stretch(
        title="Stale stretch",
        last_reviewed_on=datetime.date(2020, 1, 1),
        next_review_due=datetime.date(2021, 1, 1),
    )
    body = admin_client.get(
        admin_url("stretch", "changelist"), {"review": "overdue"}
    ).content.decode()
    assert "Stale stretch" in body
    assert "Fresh stretch" not in body
    assert "OVERDUE since" in body


# ------------------------------------------------------------ validation messages


def test_duplicate_slug_is_refused(admin_client):
    make_stretch(slug="knee-hug")
    response = admin_client.post(admin_url("stretch", "add"), stretch_data(slug="knee-hug"))
    assert response.status_code == 200
    assert "Stretch with this Web address already exists." in response.content.decode()
    assert Stretch.objects.filter(slug="knee-hug").count() == 1


def test_script_in_markdown_is_refused_with_a_clear_message(admin_client):
    response = admin_client.post(
        admin_url("stretch", "add"), stretch_data(cautions="Careful <script>alert(1)</script>")
    )
    assert response.status_code == 200
    assert "Remove the &lt;script&gt; tag: raw HTML is not allowed." in response.content.decode()
    assert not Stretch.objects.exists()


def test_javascript_link_is_refused(admin_client):
    response = admin_client.post(
        admin_url("stretch", "add"), stretch_data(stop_if="[x](javascript:alert(1))")
    )
    assert "Remove the javascript: link" in response.content.decode()
    assert not Stretch.objects.exists()


def test_phase_without_duration_is_refused_with_a_message(admin_client):
    phase = {"order": "1", "title": "Calm it down", "what_to_do": "Rest a little.", "duration": ""}
    response = admin_client.post(admin_url("plan", "add"), plan_data([phase]))
    assert response.status_code == 200
    assert (
        "Enter how long this phase lasts, for example “1 to 3 days”." in response.content.decode()
    )
    assert not Plan.objects.exists()


def test_plan_with_phases_is_saved_in_order(admin_client):
    phases = [
        {"order": "2", "title": "Build up", "what_to_do": "Walk.", "duration": "1 week"},
        {"order": "1", "title": "Calm it down", "what_to_do": "Rest.", "duration": "2 days"},
    ]
    response = admin_client.post(admin_url("plan", "add"), plan_data(phases))
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert [phase.title for phase in plan.phases.order_by("order")] == ["Calm it down", "Build up"]


def test_publishing_needs_a_review_date_and_reviewer(admin_client):
    response = admin_client.post(admin_url("stretch", "add"), stretch_data(status="published"))
    body = response.content.decode()
    assert "Enter the date it was last reviewed before publishing." in body
    assert "Enter who reviewed it before publishing." in body
    assert not Stretch.objects.exists()


# ------------------------------------------------------------ editors and reviewers


def test_editor_cannot_set_status_or_review_fields(editor_client):
    body = editor_client.get(admin_url("stretch", "add")).content.decode()
    assert 'name="title"' in body
    for field in ["status", "last_reviewed_on", "reviewed_by", "next_review_due"]:
        assert f'name="{field}"' not in body


def test_editor_posting_published_still_saves_a_draft(editor_client):
    response = editor_client.post(
        admin_url("stretch", "add"),
        stretch_data(status="published", last_reviewed_on="2026-11-01", reviewed_by="Me"),
    )
    assert response.status_code == 302
    stretch = Stretch.objects.get()
    assert stretch.status == Status.DRAFT
    assert stretch.last_reviewed_on is None


def test_editor_can_change_a_draft(editor_client):
    draft = make_stretch(status="draft", title="Old")
    response = editor_client.post(
        admin_url("stretch", "change", draft.pk), stretch_data(draft, title="New")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "New"
    assert draft.status == Status.DRAFT


def test_editor_cannot_change_a_published_item(editor_client):
    live = make_stretch(title="Live")
    page = editor_client.get(admin_url("stretch", "change", live.pk))
    assert page.status_code == 200  # read-only view
    assert 'name="_save"' not in page.content.decode()
    response = editor_client.post(
        admin_url("stretch", "change", live.pk), stretch_data(live, title="Changed")
    )
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Live"


def test_editor_cannot_change_phases_of_a_published_plan(editor_client):
    plan = make_plan()
    body = editor_client.get(admin_url("plan", "change", plan.pk)).content.decode()
    assert 'name="phases-0-duration"' not in body


def test_editor_cannot_delete_or_publish(editor_client):
    draft = make_stretch(status="draft")
    assert editor_client.get(admin_url("stretch", "delete", draft.pk)).status_code == 403
    body = editor_client.get(admin_url("stretch", "changelist")).content.decode()
    assert 'value="publish"' not in body
    response = editor_client.post(
        admin_url("stretch", "changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert response.status_code in {200, 302}


def test_editor_cannot_change_the_clinic_profile(editor_client):
    clinic = make_clinic()
    assert editor_client.get(admin_url("clinicprofile", "add")).status_code == 403
    response = editor_client.post(admin_url("clinicprofile", "change", clinic.pk), {"name": "X"})
    assert response.status_code == 403


def test_editor_form_refuses_a_tampered_published_status():
    # Defence in depth: even if a form exposed the status field, an editor cannot publish.
    form_class = modelform_factory(Stretch, form=EditorialForm, fields=["status"])
    form_class.can_publish = False
    form = form_class(data={"status": "published"}, instance=make_stretch(status="draft"))
    assert not form.is_valid()
    assert form.errors["status"] == [PUBLISH_REFUSED]


def test_reviewer_can_publish_from_the_form(reviewer_client):
    response = reviewer_client.post(
        admin_url("stretch", "add"),
        stretch_data(status="published", last_reviewed_on="2026-11-01", reviewed_by="Dr Rita, PT"),
    )
    assert response.status_code == 302
    stretch = Stretch.objects.get()
    assert stretch.status == Status.PUBLISHED
    assert stretch.next_review_due == datetime.date(2027, 11, 1)


def test_reviewer_can_change_a_published_item(reviewer_client):
    live = make_stretch(title="Live")
    response = reviewer_client.post(
        admin_url("stretch", "change", live.pk), stretch_data(live, title="Better")
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Better"


def test_publish_action_publishes_reviewed_drafts_only(reviewer_client):
    reviewed = make_stretch(
        status="draft", last_reviewed_on=datetime.date(2026, 11, 1), reviewed_by="Dr R"
    )
    unreviewed = make_stretch(status="draft")
    response = reviewer_client.post(
        admin_url("stretch", "changelist"),
        {"action": "publish", "_selected_action": [reviewed.pk, unreviewed.pk]},
        follow=True,
    )
    reviewed.refresh_from_db()
    unreviewed.refresh_from_db()
    assert reviewed.status == Status.PUBLISHED
    assert unreviewed.status == Status.DRAFT
    assert "Not published (add the review date and reviewer first)" in response.content.decode()


def test_unpublish_and_mark_reviewed_actions(reviewer_client):
    live = make_stretch(
        last_reviewed_on=datetime.date(2020, 1, 1), next_review_due=datetime.date(2021, 1, 1)
    )
    url = admin_url("stretch", "changelist")
    reviewer_client.post(url, {"action": "mark_reviewed_today", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.last_reviewed_on == datetime.date.today()
    assert live.reviewed_by == "Rita"
    assert not live.is_overdue
    reviewer_client.post(url, {"action": "unpublish", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.status == Status.DRAFT


# ------------------------------------------------------------ history


def test_edit_records_who_changed_what_and_revert_restores_it(reviewer, reviewer_client):
    stretch = make_stretch(title="Knee hug", cautions="Old caution.")
    reviewer_client.post(
        admin_url("stretch", "change", stretch.pk),
        stretch_data(stretch, cautions="New caution.", avoid_if=[]),
    )
    stretch.refresh_from_db()
    assert stretch.cautions == "New caution."
    latest = stretch.history.latest()
    assert latest.history_user == reviewer
    assert latest.cautions == "New caution."

    history_page = reviewer_client.get(admin_url("stretch", "history", stretch.pk)).content.decode()
    assert "reviewer" in history_page

    old = stretch.history.filter(cautions="Old caution.").latest()
    revert_url = reverse("admin:content_stretch_simple_history", args=[stretch.pk, old.history_id])
    form_page = reviewer_client.get(revert_url)
    assert form_page.status_code == 200
    assert "Old caution." in form_page.content.decode()
    response = reviewer_client.post(revert_url, stretch_data(old.instance))
    assert response.status_code == 302
    stretch.refresh_from_db()
    assert stretch.cautions == "Old caution."
    assert stretch.history.latest().history_user == reviewer


def test_revert_restores_the_tags_too(reviewer_client):
    stretch = make_stretch(avoid_patterns=["nerve"])
    old = stretch.history.latest()
    reviewer_client.post(
        admin_url("stretch", "change", stretch.pk), stretch_data(stretch, avoid_if=[])
    )
    assert not stretch.avoid_if.exists()
    revert_url = reverse("admin:content_stretch_simple_history", args=[stretch.pk, old.history_id])
    body = reviewer_client.get(revert_url).content.decode()
    nerve = Tag.objects.get(kind="pattern", code="nerve")
    checkbox = re.search(rf'<input type="checkbox" name="avoid_if" value="{nerve.pk}"[^>]*>', body)
    assert checkbox is not None
    assert checkbox.group(0).endswith(" checked>")


def revert_url(obj, record):
    model = obj._meta.model_name
    return reverse(f"admin:content_{model}_simple_history", args=[obj.pk, record.history_id])


def test_editor_cannot_revert_a_published_item(editor_client):
    live = make_stretch(cautions="Old.")
    old = live.history.latest()
    live.cautions = "New."
    live.save()
    response = editor_client.post(revert_url(live, old), stretch_data(old.instance))
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.cautions == "New."


def test_editor_cannot_republish_a_draft_by_reverting_to_a_published_version(editor_client):
    stretch = make_stretch()
    published_version = stretch.history.latest()
    stretch.status = Status.DRAFT
    stretch.save()
    response = editor_client.post(revert_url(stretch, published_version), stretch_data(stretch))
    assert response.status_code == 403
    stretch.refresh_from_db()
    assert stretch.status == Status.DRAFT


def test_editor_can_revert_a_draft_to_an_earlier_draft(editor, editor_client):
    draft = make_stretch(status="draft", cautions="First.")
    first = draft.history.latest()
    draft.cautions = "Second."
    draft.save()
    response = editor_client.post(revert_url(draft, first), stretch_data(first.instance))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.cautions == "First."
    assert draft.history.latest().history_user == editor


def test_editor_cannot_revert_the_clinic_profile(editor_client):
    clinic = make_clinic(phone="(555) 000-0001")
    old = clinic.history.latest()
    clinic.phone = "(555) 000-0002"
    clinic.save()
    assert editor_client.get(revert_url(clinic, old)).status_code == 200  # may look
    response = editor_client.post(
        revert_url(clinic, old), {"name": clinic.name, "phone": "(555) 000-0001"}
    )
    assert response.status_code == 403
    clinic.refresh_from_db()
    assert clinic.phone == "(555) 000-0002"


@pytest.mark.parametrize("model", [name for name in MODELS if name != "tag"])
def test_every_content_history_page_links_each_revision_to_revert(admin_client, one_of_each, model):
    obj = one_of_each[model]
    page = admin_client.get(admin_url(model, "history", obj.pk)).content.decode()
    assert f'href="{revert_url(obj, obj.history.latest())}"' in page


def test_the_staff_groups_have_the_same_rights_on_pain_relief_as_on_care_advice(reviewer, editor):
    for action in ("add", "change", "view", "delete", "publish"):
        for user in (reviewer, editor):
            assert user.has_perm(f"content.{action}_painrelief") == user.has_perm(
                f"content.{action}_careadvice"
            ), (user.username, action)
    assert reviewer.has_perm("content.publish_painrelief")
    assert not editor.has_perm("content.publish_painrelief")
