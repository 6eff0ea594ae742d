import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from content.models import (
    CareAdvice,
    ClinicProfile,
    PainRelief,
    PlanPhase,
    Status,
    Stretch,
    Tag,
    one_year_after,
    tel_href,
)
from tests.factories import (
    make_care_advice,
    make_clinic,
    make_guide,
    make_pain_relief,
    make_plan,
    make_stretch,
    make_tip,
)

pytestmark = pytest.mark.django_db

PROTOCOL_VALUES = {
    "location": {"neck", "upper_back", "lower_back"},
    "pattern": {"nerve", "strain", "soreness", "persistent", "general"},
    "activity": {
        "high_impact",
        "heavy_lifting",
        "twisting",
        "yoga_backbends",
        "pivoting_sports",
        "contact_sports",
        "core_work",
        "other",
    },
    "history": {"disc_condition", "stenosis_arthritis", "recurring"},
    "outcome": {"emergency", "urgent", "see_doctor", "physio", "self_care"},
    # PROTOCOL.md v3: the ``general`` answers an avoid-if tag may name.
    "general": {"osteoporosis_steroids", "pregnant", "blood_thinners"},
}


def test_data_migration_creates_a_tag_for_every_protocol_value():
    for kind, codes in PROTOCOL_VALUES.items():
        assert set(Tag.objects.filter(kind=kind).values_list("code", flat=True)) == codes


def test_health_tags_are_the_engines_general_values_and_read_as_the_question_does():
    from triage.engine import QUESTIONS_BY_KEY

    tags = Tag.objects.filter(kind="general")
    assert {tag.code for tag in tags} <= set(QUESTIONS_BY_KEY["general"].values)
    assert Tag.objects.get(kind="general", code="pregnant").wording == (
        "You are pregnant, or you had a baby in the last 6 weeks"
    )


def test_only_one_pain_relief_advice():
    make_pain_relief()
    with pytest.raises(ValidationError, match="only one pain relief advice"):
        PainRelief(may_suggest="Rest.", ask_first="Ask a pharmacist.").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PainRelief.objects.create(may_suggest="Rest.", ask_first="Ask a pharmacist.")


def test_pain_relief_that_names_no_painkiller_needs_no_caution():
    PainRelief(
        may_suggest="Ask a pharmacist which pain relief suits you.", ask_first="Ask."
    ).full_clean()


def test_tag_kind_and_code_are_unique_in_the_database():
    with pytest.raises(IntegrityError):
        Tag.objects.create(kind="location", code="neck", label="Neck again")


def test_duplicate_slug_is_refused_by_validation_and_database():
    make_stretch(slug="knee-hug")
    duplicate = Stretch(
        slug="knee-hug",
        title="Another",
        summary="s",
        position="p",
        steps="x",
        repetitions="r",
        stop_if="s",
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_next_review_defaults_to_twelve_months_after_review():
    stretch = make_stretch(last_reviewed_on=datetime.date(2026, 3, 5))
    assert stretch.next_review_due == datetime.date(2027, 3, 5)


def test_review_date_of_29_february_moves_to_28_february():
    assert one_year_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_next_review_before_last_review_is_refused():
    stretch = make_stretch()
    stretch.next_review_due = stretch.last_reviewed_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        stretch.full_clean()
    assert "next_review_due" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        stretch.save()


def test_publishing_without_a_review_is_refused():
    stretch = make_stretch(status=Status.DRAFT)
    stretch.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        stretch.full_clean()
    assert error.value.message_dict["last_reviewed_on"] == [
        "Enter the date it was last reviewed before publishing."
    ]
    assert "reviewed_by" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        stretch.save()


def test_invalid_status_is_refused_by_the_database():
    stretch = make_stretch()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stretch.objects.filter(pk=stretch.pk).update(status="live")


def test_phase_without_duration_is_refused_with_a_clear_message():
    plan = make_plan(phases=0)
    phase = PlanPhase(plan=plan, order=1, title="Rest", what_to_do="Rest.", duration="")
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert error.value.message_dict["duration"] == [
        "Enter how long this phase lasts, for example “1 to 3 days”."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        phase.save()


def test_script_in_markdown_is_refused_by_model_validation():
    stretch = make_stretch()
    stretch.cautions = "Careful <script>alert(1)</script>"
    with pytest.raises(ValidationError) as error:
        stretch.full_clean()
    assert error.value.message_dict["cautions"] == [
        "Remove the <script> tag: raw HTML is not allowed."
    ]


def test_one_care_advice_per_outcome():
    make_care_advice(outcome="self_care")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_care_advice(outcome="self_care")
    assert CareAdvice.objects.count() == 1


def test_care_advice_outcome_must_be_a_protocol_outcome():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_care_advice(outcome="maybe")


def test_only_one_clinic_profile():
    make_clinic()
    second = ClinicProfile(name="Second", phone="1")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "only be one clinic profile" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_published_and_overdue_querysets():
    live = make_stretch()
    draft = make_stretch(status=Status.DRAFT)
    overdue = make_stretch(
        last_reviewed_on=datetime.date(2020, 1, 1), next_review_due=datetime.date(2021, 1, 1)
    )
    assert set(Stretch.objects.published()) == {live, overdue}
    assert set(Stretch.objects.drafts()) == {draft}
    assert list(Stretch.objects.overdue(today=datetime.date(2026, 1, 1))) == [overdue]
    assert overdue.is_overdue
    assert not live.is_overdue


def test_str_and_absolute_urls():
    stretch = make_stretch(title="Knee hug", slug="knee-hug")
    tip = make_tip(slug="warm-up")
    plan = make_plan(slug="soreness-plan")
    guide = make_guide(slug="faq")
    assert str(stretch) == "Knee hug"
    assert stretch.get_absolute_url() == "/guidance/stretches/knee-hug/"
    assert tip.get_absolute_url() == "/guidance/prevention/warm-up/"
    assert plan.get_absolute_url() == "/guidance/plans/soreness-plan/"
    assert guide.get_absolute_url() == "/guidance/guides/faq/"
    assert str(plan.phases.first()) == "Phase 1"
    assert str(make_care_advice(outcome="urgent")).startswith("See a doctor within")
    assert str(make_clinic(name="Riverside")) == "Riverside"


def test_stretch_steps_are_split_into_lines():
    stretch = make_stretch(steps="First.\n\n  Second.  \nThird.")
    assert stretch.step_list == ["First.", "Second.", "Third."]


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("(555) 010-2000", "tel:5550102000"),
        ("+1 555 010 2000", "tel:+15550102000"),
        ("911", "tel:911"),
    ],
)
def test_tel_href(number, href):
    assert tel_href(number) == href


def test_saving_records_history():
    stretch = make_stretch(title="Old title")
    stretch.title = "New title"
    stretch.save()
    assert stretch.history.count() >= 2
    assert stretch.history.earliest().title == "Old title"
    assert stretch.history.latest().title == "New title"


def test_tag_changes_are_recorded_in_history():
    stretch = make_stretch(avoid_patterns=("nerve",))
    stretch.avoid_if.clear()
    latest = stretch.history.latest()
    assert list(latest.avoid_if.all()) == []
    earlier = stretch.history.order_by("history_date")[len(stretch.history.all()) - 2]
    assert [row.tag.code for row in earlier.avoid_if.all()] == ["nerve"]


def test_care_advice_offers_the_engines_outcomes_in_its_order_in_the_staffs_words():
    from triage.engine import Outcome

    choices = CareAdvice._meta.get_field("outcome").choices
    assert [(value, str(label)) for value, label in choices] == [
        ("emergency", "Emergency: call 911"),
        ("urgent", "See a doctor within 24 to 48 hours"),
        ("see_doctor", "Book a doctor in the next week or two"),
        ("physio", "See a physical therapist"),
        ("self_care", "Look after it at home"),
    ]
    assert [value for value, _label in choices] == list(Outcome)


def test_outcome_tags_read_as_the_staffs_words_for_the_engines_outcomes():
    from content.models import protocol_words

    assert protocol_words(Tag.Kind.OUTCOME, "urgent") == "See a doctor within 24 to 48 hours"
    assert protocol_words(Tag.Kind.OUTCOME, "maybe_fine") is None


@pytest.mark.parametrize(
    ("outcome", "escalate", "tell"),
    [
        ("emergency", "If you get worse while you wait", "What to tell the 112 call handler"),
        ("urgent", "When to get help sooner", "What to tell the doctor"),
        ("see_doctor", "When to get help sooner", "What to tell the doctor"),
        ("physio", "When to get help sooner", "What to tell your physical therapist"),
        ("self_care", "When to get help sooner", "What to tell a doctor or physical therapist"),
    ],
)
def test_care_advice_headings_name_the_emergency_number_setting(settings, outcome, escalate, tell):
    settings.EMERGENCY_NUMBER = "112"  # never typed: the setting, read when shown
    advice = CareAdvice(outcome=outcome)
    assert (advice.escalate_heading, advice.tell_clinician_heading) == (escalate, tell)
    help_texts = [
        str(CareAdvice._meta.get_field(name).help_text) for name in ("headline", "tell_clinician")
    ]
    assert ["112" in text and "911" not in text for text in help_texts] == [True, True]
