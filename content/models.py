"""Clinic guidance: stretches, prevention tips, return-to-exercise plans, guides, care
advice and the clinic's contact details, all edited by clinic staff in the admin.

Which items a triage result offers is decided by their tags (PROTOCOL.md, "What the
result page offers"), never by lists of slugs in code: see ``content/services.py``.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from content.markdown import ALLOWED_URL_SCHEMES, validate_markdown
from triage.engine import Outcome
from triage.wording import OUTCOME_LABELS, WORDING, Text, emergency_number, fill, vocabulary

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

REVIEW_INTERVAL_MONTHS = 12

MARKDOWN_HELP = (
    " Write in Markdown: a blank line starts a new paragraph, “- ” starts a bullet point, "
    "“## ” a heading, **two stars** make text bold and [words](https://…) make a link. "
    "HTML is not allowed."
)


def one_year_after(day: datetime.date) -> datetime.date:
    """The same day twelve months later (28 February when the day is 29 February)."""
    try:
        return day.replace(year=day.year + REVIEW_INTERVAL_MONTHS // 12)
    except ValueError:
        return day.replace(year=day.year + REVIEW_INTERVAL_MONTHS // 12, day=28)


# ---------------------------------------------------------------------------- tags


class TagKind(models.TextChoices):
    LOCATION = "location", "Where the pain is"
    PATTERN = "pattern", "Pain pattern"
    ACTIVITY = "activity", "Exercise or activity"
    HISTORY = "history", "Back history"
    OUTCOME = "outcome", "Triage result"
    GENERAL = "general", "Health or medicine"


#: The ``general`` answers a stretch may be marked "never suggest if" for (PROTOCOL.md v3,
#: "What the result page offers"): osteoporosis or long-term steroids (no loaded bending
#: forward or twisting), pregnancy (nothing lying flat on the back or the front) and a
#: blood thinner. The other ``general`` answers always lead to a doctor first.
AVOID_IF_GENERAL: tuple[str, ...] = ("osteoporosis_steroids", "pregnant", "blood_thinners")


# The symptom-checker question whose answers each kind of tag stands for: such tags read
# as that question's choices (triage/wording.py), so a tip says "Running or jumping"
# where the question did, whatever label is stored: one name for one thing.
_QUESTION_OF_KIND: dict[str, str] = {
    TagKind.LOCATION: "location",
    TagKind.ACTIVITY: "activity",
    TagKind.HISTORY: "history",
    TagKind.GENERAL: "general",
}


def protocol_words(kind: str, code: str) -> str | None:
    """The words the symptom checker uses for a protocol value, or None when it has none
    (pain patterns, which are never asked; codes the protocol does not know). Outcomes
    read as the results do in the admin (``OUTCOME_CHOICES`` below)."""
    if kind == TagKind.OUTCOME:
        return str(OUTCOME_LABELS[Outcome(code)]) if code in Outcome else None
    question = _QUESTION_OF_KIND.get(kind)
    choice = WORDING[question].choices.get(code) if question else None
    if choice is None:
        return None
    # Placeholders such as {pain} get the words for no particular area.
    return fill(choice.label, vocabulary(None))


class Tag(models.Model):
    """A protocol value (a pain location, pattern, activity, history, outcome or health
    code) that content is tagged with. The codes come from PROTOCOL.md and are seeded by a
    data migration; staff pick tags with checkboxes, they do not invent codes."""

    Kind = TagKind

    kind = models.CharField(
        "kind",
        max_length=20,
        choices=Kind.choices,
        help_text="Which question of the symptom checker this tag answers.",
    )
    code = models.SlugField(
        "code",
        max_length=40,
        help_text=(
            "The value the symptom checker uses (from the triage protocol). "
            "Do not change it: content would stop matching."
        ),
    )
    label = models.CharField(
        "label",
        max_length=120,
        help_text="How the tag reads to staff and patients, in plain English.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Lower numbers are listed first."
    )

    class Meta:
        verbose_name = "tag"
        verbose_name_plural = "tags"
        ordering = ["kind", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="content_tag_unique_kind_code"),
            models.CheckConstraint(
                condition=Q(kind__in=TagKind.values),
                name="content_tag_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.wording

    @property
    def wording(self) -> str:
        """How the tag reads to patients and staff: the question's own words for a value
        the symptom checker asks about, otherwise the stored label."""
        return protocol_words(self.kind, self.code) or self.label


def tag_field(
    *,
    verbose_name: str,
    help_text: str,
    kinds: list[TagKind],
    related_name: str,
    exclude_codes: tuple[str, ...] = (),
) -> models.ManyToManyField[Tag, Any]:
    """Tags of the given kinds, ticked with checkboxes in the admin."""
    choices = Q(kind__in=[kind.value for kind in kinds])
    if exclude_codes:
        choices &= ~Q(code__in=exclude_codes)
    return models.ManyToManyField(
        Tag,
        verbose_name=verbose_name,
        help_text=help_text,
        blank=True,
        related_name=related_name,
        limit_choices_to=choices,
    )


# ------------------------------------------------------------------ editorial base


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (not shown to patients)"
    PUBLISHED = "published", "Published"


class ReviewedQuerySet[M: "Reviewed"](models.QuerySet[M]):
    def published(self) -> Self:
        return self.filter(status=Status.PUBLISHED)

    def drafts(self) -> Self:
        return self.filter(status=Status.DRAFT)

    def overdue(self, *, today: datetime.date | None = None) -> Self:
        """Items whose next clinical review date has passed."""
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def visible_to(self, *, staff: bool) -> Self:
        """Everything for staff (so they can preview drafts), published only otherwise."""
        return self if staff else self.published()


class Reviewed(models.Model):
    """Editorial fields shared by everything patients read: a draft/published status
    and the clinical review trail (who last reviewed it, when, and when it is due)."""

    status = models.CharField(
        "status",
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=(
            "Only published items are shown to patients. Only a clinical reviewer "
            "can publish, or change something already published."
        ),
    )
    last_reviewed_on = models.DateField(
        "last reviewed on",
        null=True,
        blank=True,
        help_text="The date a clinician last checked this is correct and safe. "
        "Needed before publishing.",
    )
    reviewed_by = models.CharField(
        "reviewed by",
        max_length=200,
        blank=True,
        help_text="Name and role of the clinician who reviewed it, as patients will see it. "
        "Needed before publishing.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="When it must be checked again. Leave empty to set it 12 months after "
        "the last review.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed_on__isnull=True)
                | Q(next_review_due__gte=F("last_reviewed_on")),
                name="%(app_label)s_%(class)s_review_due_after_review",
            ),
            # A published item always carries its review trail (patients see it).
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED)
                | (
                    Q(last_reviewed_on__isnull=False)
                    & Q(next_review_due__isnull=False)
                    & ~Q(reviewed_by="")
                ),
                name="%(app_label)s_%(class)s_published_is_reviewed",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived field only: the review due date follows the review date by default.
        if self.last_reviewed_on is not None and self.next_review_due is None:
            self.next_review_due = one_year_after(self.last_reviewed_on)
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_overdue(self) -> bool:
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    def clean(self) -> None:
        super().clean()
        if self.last_reviewed_on is not None and self.next_review_due is None:
            self.next_review_due = one_year_after(self.last_reviewed_on)
        errors: dict[str, str] = {}
        if self.status == Status.PUBLISHED:
            if self.last_reviewed_on is None:
                errors["last_reviewed_on"] = (
                    "Enter the date it was last reviewed before publishing."
                )
            if not self.reviewed_by.strip():
                errors["reviewed_by"] = "Enter who reviewed it before publishing."
        if (
            self.last_reviewed_on is not None
            and self.next_review_due is not None
            and self.next_review_due < self.last_reviewed_on
        ):
            errors["next_review_due"] = (
                "The next review must be on or after the last review date. "
                "Leave it empty to set it 12 months after the review."
            )
        if errors:
            raise ValidationError(errors)


class EditorialContent(Reviewed):
    """A page patients can open on its own: slug, title and one-sentence summary."""

    slug = models.SlugField(
        "web address",
        max_length=80,
        unique=True,
        help_text="The last part of the page address, e.g. “knee-to-chest”. Lowercase letters, "
        "numbers and hyphens. Changing it breaks links people may have saved.",
    )
    title = models.CharField(
        "title",
        max_length=120,
        help_text="A short, plain-English title, e.g. “Knee-to-chest stretch”.",
    )
    summary = models.CharField(
        "summary",
        max_length=300,
        help_text="One sentence saying what this is and who it helps. Shown in lists.",
    )
    order = models.PositiveSmallIntegerField(
        "order",
        default=100,
        help_text="Lower numbers are shown first (then alphabetical by title).",
    )

    class Meta(Reviewed.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.title


# ----------------------------------------------------------------------- stretches


class Stretch(EditorialContent):
    position = models.CharField(
        "starting position",
        max_length=120,
        help_text="A few words, e.g. “Lying on your back” or “Sitting on a chair”.",
    )
    steps = models.TextField(
        "steps",
        help_text="One step per line, in order. Each step one or two plain sentences. "
        "They are numbered for you.",
    )
    hold = models.CharField(
        "how long to hold",
        max_length=120,
        blank=True,
        help_text="e.g. “Hold for 20 to 30 seconds”. Leave empty for moving exercises.",
    )
    repetitions = models.CharField(
        "how many times",
        max_length=160,
        help_text="e.g. “Do 3 times on each side, up to 3 times a day”.",
    )
    cautions = models.TextField(
        "take care",
        blank=True,
        validators=[validate_markdown],
        help_text="Who should take extra care or skip it, and how to go gently." + MARKDOWN_HELP,
    )
    stop_if = models.TextField(
        "stop if",
        validators=[validate_markdown],
        help_text="Signs that mean stop at once and get advice." + MARKDOWN_HELP,
    )
    body_areas = tag_field(
        verbose_name="where it helps",
        help_text="Tick every area of the back or neck this stretch is for. A stretch is only "
        "suggested for pain in a ticked area.",
        kinds=[Tag.Kind.LOCATION],
        related_name="stretches",
    )
    patterns = tag_field(
        verbose_name="suits these pain patterns",
        help_text="Tick the pain patterns it suits. Self-care and physical therapy results "
        "only suggest it for a ticked pattern.",
        kinds=[Tag.Kind.PATTERN],
        related_name="suited_stretches",
    )
    avoid_if = tag_field(
        verbose_name="never suggest if",
        help_text="Tick any pain pattern, back history or health answer for which this "
        "stretch must NOT be suggested. This always wins over the boxes above. For "
        "example: thin bones (osteoporosis) for bending forward with weight on the spine "
        "or twisting; pregnancy for anything lying flat on the back or the front.",
        kinds=[Tag.Kind.PATTERN, Tag.Kind.HISTORY, Tag.Kind.GENERAL],
        related_name="avoided_stretches",
    )

    objects = ReviewedQuerySet["Stretch"].as_manager()
    # Tag changes are recorded in the history too: who untick "never suggest if" matters.
    _history_m2m_fields: ClassVar[list[str]] = ["body_areas", "patterns", "avoid_if"]

    class Meta(EditorialContent.Meta):
        verbose_name = "stretch"
        verbose_name_plural = "stretches"
        ordering = ["order", "title"]
        permissions = [("publish_stretch", "Can publish stretches")]

    def get_absolute_url(self) -> str:
        return reverse("content:stretch_detail", kwargs={"slug": self.slug})

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


# ---------------------------------------------------------------------------- tips


class Tip(EditorialContent):
    body = models.TextField(
        "advice",
        validators=[validate_markdown],
        help_text="Two to five short paragraphs or a bullet list." + MARKDOWN_HELP,
    )
    activities = tag_field(
        verbose_name="for these activities",
        help_text="Tick the activities this tip is for. It is suggested to people who were "
        "doing a ticked activity when their pain started. Tips that match more of a "
        "person's activities are shown first, and among those the tips written for fewer "
        "activities: tick only the activities the tip is really about.",
        kinds=[Tag.Kind.ACTIVITY],
        related_name="tips",
    )
    body_areas = tag_field(
        verbose_name="only for pain in these areas",
        help_text="Leave all unticked if the tip suits back and neck pain alike. Tick areas "
        "only if it is written for them (for example a tip about crunches and the lower "
        "back): it is then never suggested for pain anywhere else.",
        kinds=[Tag.Kind.LOCATION],
        related_name="area_tips",
    )
    safety_relevant = models.BooleanField(
        "always show when it matches",
        default=False,
        help_text=format_lazy(
            _(
                "Tick if this tip tells people when to get urgent help (for example “dark "
                "urine after a hard workout: call {number}”). A result page shows only a few "
                "tips; a ticked tip is always shown to people it matches, however many others "
                "there are."
            ),
            number=emergency_number,
        ),
    )

    objects = ReviewedQuerySet["Tip"].as_manager()
    _history_m2m_fields: ClassVar[list[str]] = ["activities", "body_areas"]

    class Meta(EditorialContent.Meta):
        verbose_name = "prevention tip"
        verbose_name_plural = "prevention tips"
        ordering = ["order", "title"]
        permissions = [("publish_tip", "Can publish prevention tips")]

    def get_absolute_url(self) -> str:
        return reverse("content:tip_detail", kwargs={"slug": self.slug})

    @property
    def for_every_activity(self) -> bool:
        """Ticked for every activity the symptom checker asks about (uses the prefetched
        tags when there are any)."""
        codes = {tag.code for tag in self.activities.all()}
        return codes >= set(WORDING["activity"].choices)


# --------------------------------------------------------------------------- plans


class Plan(EditorialContent):
    patterns = tag_field(
        verbose_name="for these pain patterns",
        help_text="Tick the pain patterns this plan is for (self-care and physical therapy "
        "results). Not used when “after a doctor has checked you” is ticked.",
        kinds=[Tag.Kind.PATTERN],
        related_name="plans",
    )
    after_doctor_check = models.BooleanField(
        "after a doctor has checked you",
        default=False,
        help_text="Tick for the plan offered to people told to see a doctor first. "
        "It is shown on “see a doctor” results instead of the pattern plans.",
    )
    body_areas = tag_field(
        verbose_name="written for pain in these areas",
        help_text="Leave all unticked if the plan suits back and neck pain alike. Tick the "
        "areas it is written for if its words or moves only fit them (for example pelvic "
        "tilts are for the lower back): it is then never shown for pain anywhere else, "
        "and it is chosen before a plan for any area.",
        kinds=[Tag.Kind.LOCATION],
        related_name="area_plans",
    )

    objects = ReviewedQuerySet["Plan"].as_manager()
    _history_m2m_fields: ClassVar[list[str]] = ["patterns", "body_areas"]

    if TYPE_CHECKING:
        phases: RelatedManager[PlanPhase]

    class Meta(EditorialContent.Meta):
        verbose_name = "return-to-exercise plan"
        verbose_name_plural = "return-to-exercise plans"
        ordering = ["order", "title"]
        permissions = [("publish_plan", "Can publish return-to-exercise plans")]

    def get_absolute_url(self) -> str:
        return reverse("content:plan_detail", kwargs={"slug": self.slug})


class PlanPhase(models.Model):
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="phases",
        verbose_name="plan",
        help_text="The plan this phase belongs to.",
    )
    order = models.PositiveSmallIntegerField(
        "step number", default=1, help_text="Phases are shown from the lowest number up."
    )
    title = models.CharField("title", max_length=120, help_text="e.g. “Phase 1: calm it down”.")
    what_to_do = models.TextField(
        "what to do",
        validators=[validate_markdown],
        help_text="What to do in this phase, in short steps." + MARKDOWN_HELP,
    )
    duration = models.CharField(
        "how long",
        max_length=80,
        help_text="Roughly how long this phase lasts, e.g. “1 to 3 days”. Required: people "
        "need to know what to expect.",
        error_messages={
            "blank": "Enter how long this phase lasts, for example “1 to 3 days”.",
        },
    )
    move_on_when = models.TextField(
        "move on when",
        blank=True,
        validators=[validate_markdown],
        help_text="What should be true before moving to the next phase." + MARKDOWN_HELP,
    )
    stop_if = models.TextField(
        "stop if",
        blank=True,
        validators=[validate_markdown],
        help_text="Signs that mean stop and get advice." + MARKDOWN_HELP,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phase"
        verbose_name_plural = "phases"
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duration=""), name="content_planphase_duration_required"
            ),
        ]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------- care advice


#: The triage outcomes as staff choose them, most urgent first: the engine's codes
#: (``triage.engine.Outcome``, PROTOCOL.md "Outcomes") with the words staff see for them
#: (``triage.wording.OUTCOME_LABELS``). A stored outcome is an engine ``Outcome`` value,
#: so code compares it with the engine's ``Outcome`` itself: there is no second enum.
OUTCOME_CHOICES: list[tuple[str, Text]] = [
    (outcome.value, OUTCOME_LABELS[outcome]) for outcome in Outcome
]


class CareAdviceQuerySet(ReviewedQuerySet["CareAdvice"]):
    def with_pain_relief(self, *, anti_inflammatories: bool) -> Self:
        """Each advice with the clinic's published pain relief advice as ``pain_relief``
        (its Markdown; None when there is none): the text that suggests anti-inflammatory
        painkillers, or, when ``anti_inflammatories`` is False, the one that asks the
        person to check with a pharmacist or doctor (PROTOCOL.md v3, "medicines"). A
        subquery, so the result page still costs one query for its care advice."""
        text = "may_suggest" if anti_inflammatories else "ask_first"
        chosen = PainRelief.objects.published().order_by("pk").values(text)[:1]
        return self.annotate(pain_relief=Subquery(chosen))


class CareAdvice(Reviewed):
    """What to do now for one triage result: exactly one per outcome."""

    outcome = models.CharField(
        "result",
        max_length=20,
        choices=OUTCOME_CHOICES,
        unique=True,
        help_text="The symptom-checker result this advice is shown on. One per result.",
    )
    headline = models.CharField(
        "headline",
        max_length=200,
        help_text=format_lazy(
            _("One short sentence saying what to do, e.g. “Call {number} now”."),
            number=emergency_number,
        ),
    )
    do_now = models.TextField(
        "what to do now",
        validators=[validate_markdown],
        help_text="Steps to take now." + MARKDOWN_HELP,
    )
    do_not = models.TextField(
        "what not to do",
        blank=True,
        validators=[validate_markdown],
        help_text="Things to avoid until seen or better." + MARKDOWN_HELP,
    )
    escalate = models.TextField(
        "when to get help sooner",
        validators=[validate_markdown],
        help_text="Signs that mean get more urgent help, and where. On the emergency result "
        "this is headed “If you get worse while you wait”." + MARKDOWN_HELP,
    )
    tell_clinician = models.TextField(
        "what to tell the clinician",
        blank=True,
        validators=[validate_markdown],
        help_text=format_lazy(
            "{}{}",
            format_lazy(
                _(
                    "What to tell the person who will help. It is headed for the result: "
                    "“the {number} call handler” (emergency), “the doctor” (urgent, see a "
                    "doctor), “your physical therapist” (physical therapy), “a doctor or "
                    "physical therapist” (self-care)."
                ),
                number=emergency_number,
            ),
            MARKDOWN_HELP,
        ),
    )

    objects = CareAdviceQuerySet.as_manager()

    if TYPE_CHECKING:
        #: Set by ``CareAdvice.objects.with_pain_relief()`` only.
        pain_relief: str | None

    class Meta(Reviewed.Meta):
        verbose_name = "care advice"
        verbose_name_plural = "care advice"
        ordering = ["outcome"]
        permissions = [("publish_careadvice", "Can publish care advice")]
        constraints = [
            *Reviewed.Meta.constraints,
            models.CheckConstraint(
                condition=Q(outcome__in=[outcome.value for outcome in Outcome]),
                name="content_careadvice_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.headline}"

    @property
    def escalate_heading(self) -> str:
        """The heading above ``escalate``: on an emergency page there is nothing sooner."""
        return str(_ESCALATE_HEADINGS.get(self.outcome, _("When to get help sooner")))

    @property
    def tell_clinician_heading(self) -> str:
        """The heading above ``tell_clinician``, naming who the person will talk to."""
        return str(_TELL_HEADINGS.get(self.outcome, _("What to tell the doctor")))


# Keyed by the engine's Outcome, a str: the stored code finds its heading.
_ESCALATE_HEADINGS: dict[str, Text] = {Outcome.EMERGENCY: _("If you get worse while you wait")}
_TELL_HEADINGS: dict[str, Text] = {
    Outcome.EMERGENCY: format_lazy(
        _("What to tell the {number} call handler"), number=emergency_number
    ),
    Outcome.URGENT: _("What to tell the doctor"),
    Outcome.SEE_DOCTOR: _("What to tell the doctor"),
    Outcome.PHYSIO: _("What to tell your physical therapist"),
    Outcome.SELF_CARE: _("What to tell a doctor or physical therapist"),
}


# --------------------------------------------------------------------- pain relief

#: Anti-inflammatory painkillers by the names people know them.
ANTI_INFLAMMATORY_NAMES: tuple[str, ...] = ("ibuprofen", "naproxen", "aspirin")

#: What a text that suggests anti-inflammatory painkillers must warn about (PROTOCOL.md
#: v3, "medicines"): each entry is the words staff see, then the word stems looked for.
ANTI_INFLAMMATORY_CAUTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("stomach ulcers", ("ulcer",)),
    ("bleeding", ("bleed",)),
    ("kidney problems", ("kidney",)),
    ("heart problems", ("heart",)),
    ("high blood pressure", ("blood pressure",)),
    ("asthma", ("asthma",)),
    ("blood thinners", ("thins the blood", "thin the blood", "blood thinner")),
    ("pregnancy", ("pregnan",)),
    ("being 65 or over", ("65",)),
)


def names_anti_inflammatories(text: str) -> bool:
    """Whether ``text`` names anti-inflammatory painkillers."""
    lowered = text.lower()
    return "anti-inflammator" in lowered or any(name in lowered for name in ANTI_INFLAMMATORY_NAMES)


def missing_cautions(text: str) -> list[str]:
    """The cautions (in staff words) that ``text`` leaves out."""
    lowered = text.lower()
    return [
        words
        for words, stems in ANTI_INFLAMMATORY_CAUTIONS
        if not any(stem in lowered for stem in stems)
    ]


class PainRelief(Reviewed):
    """The clinic's one piece of advice about pain relief medicines, shown under "Pain
    relief" with the care advice of every result but the emergency one. It has two texts,
    and each result shows one of them: anti-inflammatory painkillers are never suggested
    to someone on a blood thinner, pregnant, aged 65 or over, or whose muscles may be
    breaking down (PROTOCOL.md v3, "medicines"; ``engine.Result.no_anti_inflammatories``).
    """

    # Always True, unique: the database itself refuses a second one.
    singleton = models.BooleanField(default=True, editable=False)
    may_suggest = models.TextField(
        "for most people",
        validators=[validate_markdown],
        help_text="Shown to people for whom pain relief from a pharmacy, such as ibuprofen, "
        "may be suggested. If it names anti-inflammatory painkillers, it must say to ask a "
        "pharmacist or doctor first for stomach ulcers or bleeding, kidney or heart "
        "problems, high blood pressure, asthma, a blood thinner, pregnancy, or age 65 or "
        "over." + MARKDOWN_HELP,
    )
    ask_first = models.TextField(
        "for people who must not be offered anti-inflammatories",
        validators=[validate_markdown],
        help_text="Shown instead to people who take a blood thinner, are pregnant, are 65 "
        "or over, or whose muscles are far more painful, swollen or weak than normal "
        "soreness. It must not suggest any anti-inflammatory painkiller (ibuprofen, "
        "naproxen, aspirin): tell them to ask a pharmacist or doctor which pain relief is "
        "safe for them." + MARKDOWN_HELP,
    )

    objects = ReviewedQuerySet["PainRelief"].as_manager()

    class Meta(Reviewed.Meta):
        verbose_name = "pain relief advice"
        verbose_name_plural = "pain relief advice"
        ordering = ["pk"]
        permissions = [("publish_painrelief", "Can publish pain relief advice")]
        constraints = [
            *Reviewed.Meta.constraints,
            models.UniqueConstraint(fields=["singleton"], name="content_painrelief_singleton"),
            models.CheckConstraint(
                condition=Q(singleton=True), name="content_painrelief_singleton_true"
            ),
        ]

    def __str__(self) -> str:
        return "Pain relief advice"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            super().clean()
        except ValidationError as error:
            errors |= {field: " ".join(msgs) for field, msgs in error.message_dict.items()}
        if PainRelief.objects.exclude(pk=self.pk).exists():
            errors["__all__"] = "There is only one pain relief advice. Edit the existing one."
        if names_anti_inflammatories(self.may_suggest) and (
            left := missing_cautions(self.may_suggest)
        ):
            errors["may_suggest"] = (
                "It suggests anti-inflammatory painkillers, so it must also say who should "
                "ask a pharmacist or doctor first. It leaves out: " + ", ".join(left) + "."
            )
        if names_anti_inflammatories(self.ask_first):
            errors["ask_first"] = (
                "This text is for people who must not be offered anti-inflammatory "
                "painkillers: do not name ibuprofen, naproxen, aspirin or "
                "anti-inflammatories. Tell them to ask a pharmacist or doctor which pain "
                "relief is safe for them."
            )
        if errors:
            raise ValidationError(errors)


# -------------------------------------------------------------------------- guides


class GuideTopic(models.TextChoices):
    """A guide's topic: its label is the caption patients read above the guide."""

    SORENESS_VS_INJURY = "soreness_vs_injury", _("Soreness or injury?")
    CAUSES = "causes", _("Causes")
    RISKY_ACTIVITIES = "risky_activities", _("Risky activities")
    TREATMENTS = "treatments", _("Treatments")
    WHEN_TO_SEE_DOCTOR = "when_to_see_doctor", _("When to see a doctor")
    PHYSICAL_THERAPY = "physical_therapy", _("Physical therapy")
    FAQ = "faq", _("Questions people ask")
    EMERGENCY_SIGNS = "emergency_signs", _("Emergency signs")


class Guide(EditorialContent):
    Topic = GuideTopic

    topic = models.CharField(
        "topic",
        max_length=40,
        choices=GuideTopic.choices,
        help_text="What the guide is about. Used to group guides.",
    )
    body = models.TextField(
        "article",
        validators=[validate_markdown],
        help_text="The article, 250 to 700 words, with “## ” headings and short paragraphs."
        + MARKDOWN_HELP,
    )
    outcomes = tag_field(
        verbose_name="link from these results",
        help_text="Tick the symptom-checker results whose page should link to this guide. "
        "Guides are never shown on emergency or urgent results.",
        kinds=[Tag.Kind.OUTCOME],
        related_name="guides",
        # PROTOCOL "What the result page offers": emergency and urgent pages link nothing.
        exclude_codes=("emergency", "urgent"),
    )

    objects = ReviewedQuerySet["Guide"].as_manager()
    _history_m2m_fields: ClassVar[list[str]] = ["outcomes"]

    class Meta(EditorialContent.Meta):
        verbose_name = "guide"
        verbose_name_plural = "guides"
        ordering = ["order", "title"]
        permissions = [("publish_guide", "Can publish guides")]
        constraints = [
            *EditorialContent.Meta.constraints,
            models.CheckConstraint(
                condition=Q(topic__in=GuideTopic.values),
                name="content_guide_topic_valid",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("content:guide_detail", kwargs={"slug": self.slug})


# -------------------------------------------------------------------------- clinic


#: The only schemes a link from content may have on a page: the ones Markdown may link
#: to, less email (an address field is a page or a phone). The admin refuses others, but a
#: value written another way (a data migration, the shell, a fixture) reaches the template
#: unchecked, and ``javascript:`` runs when clicked.
LINK_SCHEMES = ALLOWED_URL_SCHEMES - {"mailto"}
# What a browser ignores in a URL (the WHATWG URL standard): leading and trailing C0
# controls and spaces, and tabs and newlines anywhere ("java\tscript:" is "javascript:").
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_IGNORED = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def safe_href(url: object) -> str:
    """``url`` as a link target if its scheme is web or phone (``LINK_SCHEMES``), else ""
    (no link). A relative or scheme-less address is refused too: content links are full
    addresses. Never raises."""
    if not isinstance(url, str):
        return ""
    cleaned = url.translate(_URL_IGNORED).strip(_URL_EDGES)
    scheme = _SCHEME.match(cleaned)
    if scheme is None or scheme.group(1).lower() not in LINK_SCHEMES:
        return ""
    return cleaned


def tel_href(number: str) -> str:
    """A ``tel:`` link target: digits and a leading plus only."""
    digits = "".join(char for char in number if char.isdigit())
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"


class ClinicProfile(models.Model):
    """The clinic's contact details. There is only ever one."""

    # Always True, unique: the database itself refuses a second profile.
    singleton = models.BooleanField(default=True, editable=False)
    name = models.CharField(
        "clinic name",
        max_length=120,
        help_text="As patients know it, e.g. “Riverside Spine Clinic”.",
    )
    tagline = models.CharField(
        "tagline", max_length=200, blank=True, help_text="Optional: one short line under the name."
    )
    phone = models.CharField(
        "main phone", max_length=40, help_text="The main booking line, e.g. “(555) 010-2000”."
    )
    urgent_phone = models.CharField(
        "same-day phone",
        max_length=40,
        blank=True,
        help_text="The line for same-day or next-day appointments, if different.",
    )
    email = models.EmailField("email", blank=True, help_text="Optional: a monitored address.")
    booking_url = models.URLField(
        "online booking address",
        blank=True,
        help_text="Full web address of online booking, starting with https://.",
    )
    emergency_number = models.CharField(
        "emergency number",
        max_length=10,
        default=settings.EMERGENCY_NUMBER,
        help_text=format_lazy(
            _("The emergency phone number patients are told to call. {number} in the US."),
            number=emergency_number,
        ),
    )
    opening_hours = models.TextField(
        "opening hours",
        blank=True,
        validators=[validate_markdown],
        help_text="When the phones are answered." + MARKDOWN_HELP,
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    history = HistoricalRecords()

    if TYPE_CHECKING:
        locations: RelatedManager[ClinicLocation]

    class Meta:
        verbose_name = "clinic profile"
        verbose_name_plural = "clinic profile"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="content_clinicprofile_singleton"),
            models.CheckConstraint(
                condition=Q(singleton=True), name="content_clinicprofile_singleton_true"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if ClinicProfile.objects.exclude(pk=self.pk).exists():
            raise ValidationError(
                "There can only be one clinic profile. Edit the existing one instead."
            )

    @property
    def phone_href(self) -> str:
        return tel_href(self.phone)

    @property
    def safe_booking_url(self) -> str:
        """The online booking address as a link target; "" (no link) unless it is a web
        address (``safe_href``)."""
        return safe_href(self.booking_url)

    @property
    def urgent_phone_href(self) -> str:
        return tel_href(self.urgent_phone)

    @property
    def emergency_href(self) -> str:
        return tel_href(self.emergency_number)


class ClinicLocation(models.Model):
    clinic = models.ForeignKey(
        ClinicProfile,
        on_delete=models.CASCADE,
        related_name="locations",
        verbose_name="clinic",
        help_text="The clinic this location belongs to.",
    )
    order = models.PositiveSmallIntegerField(
        "order", default=1, help_text="Lower numbers are listed first."
    )
    name = models.CharField("name", max_length=120, help_text="e.g. “Downtown clinic”.")
    address = models.TextField("address", help_text="The street address, one part per line.")
    phone = models.CharField(
        "phone", max_length=40, blank=True, help_text="Optional: this location's own number."
    )
    opening_hours = models.TextField(
        "opening hours",
        blank=True,
        help_text="Optional: when this location is open, in plain words.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "clinic location"
        verbose_name_plural = "clinic locations"
        ordering = ["clinic", "order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_href(self) -> str:
        return tel_href(self.phone)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]
