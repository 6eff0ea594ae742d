import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from content.management.commands import seed_content as command
from content.models import (
    CareAdvice,
    ClinicProfile,
    Guide,
    PainRelief,
    Plan,
    PlanPhase,
    Status,
    Stretch,
    Tag,
    TagKind,
    Tip,
)
from content.seed import SeedError, seed_content
from content.starter_files import (
    KINDS,
    TAG_CODES,
    StarterFileError,
    emergency_signs,
    read_all,
)

pytestmark = pytest.mark.django_db


REVIEW = "last_reviewed_on: 2026-11-23\nreviewed_by: Test clinical team\n"
EDITORIAL = "title: {title}\nsummary: {summary}\norder: {order}\n"

SMALL_FILES = {
    "clinic.md": """---
name: Test Clinic
tagline: Backs and necks
phone: (555) 010-2000
urgent_phone: (555) 010-2001
email: hi@example.org
booking_url: https://example.org/book
emergency_number: '911'
locations:
  - name: Downtown
    address: |-
      1 Main St
      Town
    phone: '1'
    opening_hours: ''
---

# Opening hours

Weekdays 8 to 6
""",
    "stretches/knee-hug.md": f"""---
{EDITORIAL.format(title="Knee hug", summary="Eases the lower back.", order=10)}\
body_areas: [lower_back]
patterns: [soreness, strain]
avoid_patterns: [nerve]
avoid_history: [disc_condition]
avoid_general: [pregnant]
position: Lying on your back
hold: Hold for 20 seconds
repetitions: Do 3 times
{REVIEW}---

# Steps

1. Lie on your back.
2. Hug your knees.

# Take care

Go gently.

# Stop if

Stop if it hurts more.
""",
    "tips/brace.md": f"""---
{EDITORIAL.format(title="Brace before you lift", summary="Protects the back.", order=10)}\
activities: [heavy_lifting]
body_areas: []
safety_relevant: false
{REVIEW}---

Tighten your stomach.
""",
    "plans/soreness-plan.md": f"""---
{EDITORIAL.format(title="Soreness plan", summary="Back to exercise.", order=10)}\
patterns: [soreness]
body_areas: []
after_doctor_check: false
{REVIEW}---
"""
    + "".join(
        f"""
# Phase {n}: Phase {n}

## How long

2 days

## What to do

Walk.

## Move on when

Less pain.

## Stop if

More pain.
"""
        for n in (1, 2, 3)
    ),
    **{
        f"care_advice/{outcome}.md": f"""---
headline: Advice for {outcome}
{REVIEW}---

# What to do now

Do this.

# What not to do

Not that.

# When to get help sooner

Call 911 if worse.

# What to tell the clinician

When it started.
"""
        for outcome in ["emergency", "urgent", "see_doctor", "physio", "self_care"]
    },
    "pain_relief.md": f"""---
{REVIEW}---

# For most people

Ibuprofen can help. Ask a pharmacist first if you have had a stomach ulcer or bleeding,
have kidney or heart problems, high blood pressure or asthma, take a blood thinner, are
pregnant, or are 65 or over.

# If anti-inflammatories are not safe for you

Ask a pharmacist which pain relief is safe for you.
""",
    "guides/faq.md": f"""---
{EDITORIAL.format(title="Questions", summary="Answers.", order=10)}\
topic: faq
outcomes: [self_care]
{REVIEW}---

## Q

A.

{{{{ emergency_signs }}}}
""",
}


def write_files(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def small(tmp_path):
    """A tiny stand-in for content/starter/ with the same layout."""
    return write_files(tmp_path / "starter", SMALL_FILES)


def edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_seed_creates_published_reviewed_content_with_tags(small):
    result = seed_content(directory=small)
    # clinic, 1+1+1 items, 5 advice, 1 guide, pain relief
    assert (result.created, result.kept) == (11, 0)
    stretch = Stretch.objects.get(slug="knee-hug")
    assert stretch.status == Status.PUBLISHED
    assert stretch.last_reviewed_on == datetime.date(2026, 11, 23)
    assert stretch.reviewed_by == "Test clinical team"
    assert stretch.next_review_due == datetime.date(2027, 11, 23)
    assert stretch.order == 10
    assert stretch.step_list == ["Lie on your back.", "Hug your knees."]
    assert (stretch.cautions, stretch.stop_if) == ("Go gently.", "Stop if it hurts more.")
    assert {tag.code for tag in stretch.body_areas.all()} == {"lower_back"}
    assert {tag.code for tag in stretch.patterns.all()} == {"soreness", "strain"}
    assert {(tag.kind, tag.code) for tag in stretch.avoid_if.all()} == {
        ("pattern", "nerve"),
        ("history", "disc_condition"),
        ("general", "pregnant"),
    }
    tip = Tip.objects.get()
    assert (tip.body, tip.safety_relevant) == ("Tighten your stomach.", False)
    assert [tag.code for tag in tip.activities.all()] == ["heavy_lifting"]
    assert not tip.body_areas.exists()
    plan = Plan.objects.get()
    assert [(p.order, p.title, p.duration, p.what_to_do) for p in plan.phases.all()] == [
        (1, "Phase 1", "2 days", "Walk."),
        (2, "Phase 2", "2 days", "Walk."),
        (3, "Phase 3", "2 days", "Walk."),
    ]
    assert CareAdvice.objects.published().count() == 5
    advice = CareAdvice.objects.get(outcome="urgent")
    assert (advice.headline, advice.do_now, advice.do_not, advice.escalate) == (
        "Advice for urgent",
        "Do this.",
        "Not that.",
        "Call 911 if worse.",
    )
    pain_relief = PainRelief.objects.get()
    assert pain_relief.status == Status.PUBLISHED
    assert pain_relief.may_suggest.startswith("Ibuprofen can help. Ask a pharmacist first")
    assert pain_relief.ask_first == "Ask a pharmacist which pain relief is safe for you."
    guide = Guide.objects.get()
    assert [tag.code for tag in guide.outcomes.all()] == ["self_care"]
    # The placeholder line becomes the engine's emergency signs (content/starter/README.md).
    assert guide.body == "## Q\n\nA.\n\n" + emergency_signs()
    clinic = ClinicProfile.objects.get()
    assert (clinic.emergency_number, clinic.opening_hours) == ("911", "Weekdays 8 to 6")
    assert [(loc.order, loc.name, loc.address) for loc in clinic.locations.all()] == [
        (1, "Downtown", "1 Main St\nTown")
    ]
    assert stretch.history.earliest().history_change_reason == "Loaded starter content"


def test_second_run_creates_nothing(small):
    seed_content(directory=small)
    result = seed_content(directory=small)
    assert (result.created, result.kept) == (0, 11)
    assert Stretch.objects.count() == 1
    assert ClinicProfile.objects.count() == 1
    assert Plan.objects.get().phases.count() == 3


def test_seed_never_overwrites_staff_edits(small):
    seed_content(directory=small)
    stretch = Stretch.objects.get(slug="knee-hug")
    stretch.title = "Knee hug (edited by Dr R)"
    stretch.status = Status.DRAFT
    stretch.save()
    stretch.avoid_if.clear()
    advice = CareAdvice.objects.get(outcome="self_care")
    advice.headline = "Our own words"
    advice.save()
    clinic = ClinicProfile.objects.get()
    clinic.phone = "(555) 999-0000"
    clinic.save()
    pain_relief = PainRelief.objects.get()
    pain_relief.ask_first = "Ask us which pain relief is safe for you."
    pain_relief.save()
    PlanPhase.objects.filter(order=3).delete()
    edit(small, "stretches/knee-hug.md", "title: Knee hug", "title: Knee hug, new words")

    seed_content(directory=small)

    stretch.refresh_from_db()
    assert stretch.title == "Knee hug (edited by Dr R)"
    assert stretch.status == Status.DRAFT
    assert not stretch.avoid_if.exists()
    assert CareAdvice.objects.get(outcome="self_care").headline == "Our own words"
    assert ClinicProfile.objects.get().phone == "(555) 999-0000"
    assert PainRelief.objects.get().ask_first == "Ask us which pain relief is safe for you."
    assert Plan.objects.get().phases.count() == 2


def test_missing_items_are_added_later(small):
    seed_content(directory=small)
    write_files(
        small,
        {
            "tips/warm-up.md": (small / "tips/brace.md")
            .read_text(encoding="utf-8")
            .replace("Brace before you lift", "Warm up")
        },
    )
    result = seed_content(directory=small)
    assert (result.created, result.kept) == (1, 11)
    assert list(Tip.objects.values_list("slug", "title")) == [
        ("brace", "Brace before you lift"),
        ("warm-up", "Warm up"),
    ]


def test_unknown_tag_code_is_an_error_naming_the_file_and_field_and_nothing_is_saved(small):
    edit(small, "stretches/knee-hug.md", "body_areas: [lower_back]", "body_areas: [knee]")
    with pytest.raises(StarterFileError) as error:
        seed_content(directory=small)
    assert str(error.value) == (
        f"{small}/stretches/knee-hug.md: body_areas: unknown where the pain is code 'knee' "
        "(allowed: neck, upper_back, lower_back)"
    )
    assert not Stretch.objects.exists()
    assert not ClinicProfile.objects.exists()


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "tips/brace.md",
            "activities: [heavy_lifting]",
            "activities: [heavy_lifting, heavy_lifting]",
            "activities: lists a code twice",
        ),
        (
            "tips/brace.md",
            "activities: [heavy_lifting]",
            "activities: heavy_lifting",
            "activities: must be a list like [high_impact], not 'heavy_lifting'",
        ),
        (
            "guides/faq.md",
            "outcomes: [self_care]",
            "outcomes: [self-care]",
            "outcomes: unknown triage result code 'self-care' (allowed: emergency, urgent, "
            "see_doctor, physio, self_care)",
        ),
        (
            "guides/faq.md",
            "topic: faq",
            "topic: faqs",
            "topic: unknown code 'faqs' (allowed: soreness_vs_injury, causes, "
            "risky_activities, treatments, when_to_see_doctor, physical_therapy, faq, "
            "emergency_signs)",
        ),
        (
            "tips/brace.md",
            "body_areas: []",
            "body_area: []",
            "front matter: 'body_areas' is missing; 'body_area' is not a field here",
        ),
        (
            "clinic.md",
            "emergency_number: '911'",
            "emergency_number: 911",
            "emergency_number: must be text, not 911 (put it in quotes)",
        ),
        (
            "tips/brace.md",
            "safety_relevant: false",
            "safety_relevant: maybe",
            "safety_relevant: must be true or false, not 'maybe'",
        ),
        (
            "tips/brace.md",
            "last_reviewed_on: 2026-11-23",
            "last_reviewed_on: 23/11/2026",
            "last_reviewed_on: must be a date written YYYY-MM-DD, not '23/11/2026'",
        ),
        (
            "stretches/knee-hug.md",
            "2. Hug your knees.",
            "3. Hug your knees.",
            "body 'Steps': step 2 must be a line starting 2. , not '3. Hug your knees.'",
        ),
        (
            "stretches/knee-hug.md",
            "# Take care",
            "# Cautions",
            "body headings are ['Steps', 'Cautions', 'Stop if']; they must be exactly "
            "['Steps', 'Take care', 'Stop if'], once each",
        ),
        (
            "plans/soreness-plan.md",
            "# Phase 2: Phase 2",
            "# Phase 3: Phase 2",
            "heading 'Phase 3: Phase 2' must be '# Phase 2: <title>'",
        ),
        (
            "plans/soreness-plan.md",
            "## Move on when",
            "## Move on",
            "Phase 1: headings are ['How long', 'What to do', 'Move on', 'Stop if']; they "
            "must be exactly ['How long', 'What to do', 'Move on when', 'Stop if'], once each",
        ),
        (
            "stretches/knee-hug.md",
            "avoid_general: [pregnant]",
            "avoid_general: [fever]",
            "avoid_general: unknown health or medicine code 'fever' (allowed: "
            "osteoporosis_steroids, blood_thinners, pregnant)",
        ),
        (
            "pain_relief.md",
            "# If anti-inflammatories are not safe for you",
            "# If ibuprofen is not safe",
            "body headings are ['For most people', 'If ibuprofen is not safe']; they must be "
            "exactly ['For most people', 'If anti-inflammatories are not safe for you'], "
            "once each",
        ),
        (
            "guides/faq.md",
            "{{ emergency_signs }}",
            "{{ emergency_sign }}",
            "body: {{ }} is only for a line {{ emergency_signs }} of its own",
        ),
        (
            "guides/faq.md",
            "---\ntitle:",
            "title:",
            "must start with front matter between two '---' lines",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else None,
)
def test_a_faulty_file_is_refused_with_its_name_and_what_to_fix(small, name, old, new, message):
    edit(small, name, old, new)
    with pytest.raises(StarterFileError) as error:
        seed_content(directory=small)
    assert str(error.value) == f"{small / name}: {message}"
    assert not ClinicProfile.objects.exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # PROTOCOL.md v3, "medicines": wherever they are suggested, the full caution.
        ("high blood pressure or asthma", "or high blood pressure", "It leaves out: asthma."),
        # ... and never suggested to the people they may harm.
        (
            "Ask a pharmacist which pain relief is safe for you.",
            "Try naproxen.",
            "do not name ibuprofen, naproxen, aspirin",
        ),
    ],
    ids=["caution incomplete", "named where unsafe"],
)
def test_pain_relief_that_could_harm_is_refused_and_nothing_is_saved(small, old, new, message):
    edit(small, "pain_relief.md", old, new)
    with pytest.raises(ValidationError, match=message):
        seed_content(directory=small)
    assert not PainRelief.objects.exists()
    assert not ClinicProfile.objects.exists()


def test_a_care_advice_file_must_be_named_after_an_outcome(small):
    (small / "care_advice/physio.md").rename(small / "care_advice/physical_therapy.md")
    with pytest.raises(StarterFileError, match=r"physical_therapy.md: file name: unknown code"):
        seed_content(directory=small)


def test_a_tag_missing_from_the_database_is_an_error_and_nothing_is_saved(small):
    Tag.objects.filter(kind="history", code="disc_condition").delete()
    with pytest.raises(SeedError) as error:
        seed_content(directory=small)
    assert str(error.value) == (
        f"{small}/stretches/knee-hug.md: avoid_history: no back history tag "
        "'disc_condition' in the database"
    )
    assert not Stretch.objects.exists()


def test_the_protocol_codes_are_the_tags_in_the_database():
    # The files are checked against the engine's codes, the database has the migration's
    # tags: they must be the same, or a valid file could not be loaded.
    in_database = {(tag.kind, tag.code) for tag in Tag.objects.all()}
    from_engine = {(kind.value, code) for kind, codes in TAG_CODES.items() for code in codes}
    assert from_engine == in_database
    assert {kind.value for kind in TAG_CODES} == set(TagKind.values)


def test_unsafe_markdown_in_the_files_is_refused(small):
    edit(small, "tips/brace.md", "Tighten your stomach.", "<script>alert(1)</script>")
    with pytest.raises(ValidationError, match="raw HTML is not allowed"):
        seed_content(directory=small)
    assert not Tip.objects.exists()


def test_the_database_holds_exactly_what_the_starter_files_say():
    call_command("seed_content", stdout=io.StringIO())
    for kind, items in zip(KINDS, read_all().values(), strict=True):
        for item in items:
            lookup = {kind.key: item.key} if kind.key else {}
            obj = kind.model._default_manager.get(**lookup)
            stored = {name: getattr(obj, name) for name in item.fields}
            assert stored == dict(item.fields), item.path
            for name, (tag_kind, tag_field) in kind.tags.items():
                codes = set(
                    getattr(obj, tag_field).filter(kind=tag_kind).values_list("code", flat=True)
                )
                assert codes == set(item.tags[name]), (item.path, name)
            if kind.children:
                rows = kind.children.model._default_manager.filter(
                    **{kind.children.parent: obj}
                ).order_by("order")
                fields = [*item.children[0]] if item.children else []
                assert [{f: getattr(row, f) for f in fields} for row in rows] == [
                    dict(row) for row in item.children
                ], item.path


def test_command_loads_the_starter_files_and_reports():
    expected = sum(len(items) for items in read_all().values())
    assert expected == 60
    out = io.StringIO()
    call_command("seed_content", stdout=out)
    assert out.getvalue().strip() == f"Created {expected}, kept 0"

    out = io.StringIO()
    call_command("seed_content", stdout=out)
    assert out.getvalue().strip() == f"Created 0, kept {expected}"


def test_command_without_the_starter_folder_fails_clearly(monkeypatch, tmp_path):
    monkeypatch.setattr(command, "STARTER_DIR", tmp_path / "no_such_folder")
    with pytest.raises(CommandError, match="no_such_folder is missing"):
        call_command("seed_content", stdout=io.StringIO())


def test_command_names_a_faulty_file(monkeypatch, small):
    edit(small, "tips/brace.md", "activities: [heavy_lifting]", "activities: [lifting]")
    monkeypatch.setattr(command, "STARTER_DIR", small)
    with pytest.raises(CommandError, match=r"^Starter content not loaded: .*tips/brace.md: "):
        call_command("seed_content", stdout=io.StringIO())
    assert not ClinicProfile.objects.exists()
