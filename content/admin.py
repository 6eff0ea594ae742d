"""Admin for clinic guidance, with the editorial workflow.

- Content editors (group "Content editor") write and change drafts. They cannot
  publish, cannot set the review fields, and published items are read-only for them.
- Clinical reviewers (group "Clinical reviewer", permission ``publish_<model>``)
  review, publish, unpublish and revert.
Every change is kept by django-simple-history (docs/decisions/0003-revision-history.md):
the "History" button shows who changed what and when, and can revert.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from content.models import (
    CareAdvice,
    ClinicLocation,
    ClinicProfile,
    Guide,
    PainRelief,
    Plan,
    PlanPhase,
    Reviewed,
    Status,
    Stretch,
    Tag,
    Tip,
    one_year_after,
    protocol_words,
)
from content.starter_files import read_clinic

if TYPE_CHECKING:
    # Generic only for the type checker: these classes are not subscriptable at runtime.
    BaseModelForm = forms.ModelForm[Any]
    PhaseForm = forms.ModelForm[PlanPhase]
    PhaseInline = admin.StackedInline[PlanPhase, Plan]
    LocationInline = admin.StackedInline[ClinicLocation, ClinicProfile]
    TagModelAdmin = admin.ModelAdmin[Tag]
else:
    BaseModelForm = PhaseForm = forms.ModelForm
    PhaseInline = LocationInline = admin.StackedInline
    TagModelAdmin = admin.ModelAdmin

REVIEW_FIELDS = ("status", "last_reviewed_on", "reviewed_by", "next_review_due")
PUBLISH_REFUSED = (
    "Only a clinical reviewer can publish. Save it as a draft and ask a reviewer to "
    "check and publish it."
)
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


def can_publish(request: HttpRequest, model: type[models.Model]) -> bool:
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("overdue", "Review overdue"), ("due_soon", "Review due in the next 30 days")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "due_soon":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + datetime.timedelta(days=30),
            )
        return queryset


class EditorialForm(BaseModelForm):
    """Refuses publishing by anyone without the publish permission, even if the status
    field were tampered into the POST (the admin also shows it read-only to them)."""

    can_publish: ClassVar[bool] = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.can_publish and cleaned.get("status") == Status.PUBLISHED:
            self.add_error("status" if "status" in self.fields else None, PUBLISH_REFUSED)
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, with reverting held to the same permissions as
    editing: simple-history only checks *view* permission before saving a revert."""

    def history_record(self, object_id: str, version_id: str) -> Any:
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            return None
        return self.model.history.model.objects.filter(
            **{self.model._meta.pk.attname: object_id, "history_id": version_id}
        ).first()

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            current = self.get_object(request, object_id)
            record = self.history_record(object_id, version_id)
            # Both the item as it is and the version being restored must be editable by
            # this user: an editor may not revert a published item, nor restore a
            # published version of a draft (that would publish it without review).
            if (
                current is None
                or record is None
                or not self.has_change_permission(request, current)
                or not self.has_change_permission(request, record.instance)
            ):
                raise PermissionDenied
        return super().history_form_view(  # type: ignore[no-any-return]
            request, object_id, version_id, extra_context
        )

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> QuerySet[Any]:
        # As django-simple-history's own, minus its argument-less select_related() on
        # models without foreign keys, which Django 6.1 deprecates (warnings are errors).
        return history_manager.filter(**{pk_name: object_id}).select_related(  # type: ignore[no-any-return]
            "history_user"
        )


class _HistoricalTagsMixin:
    """Pre-ticks the tags a past version had on the admin's "Revert" form.

    django-simple-history fills the revert form from the old row, but many-to-many
    fields would show today's tags; the tag history (``_history_m2m_fields``) knows
    the old ones, and which stretches are "never suggest if" matters clinically.
    """

    history_tags: ClassVar[dict[str, list[int]]] = {}
    initial: dict[str, Any]
    is_bound: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(self.history_tags)


class PublishWorkflowAdmin(HistoryAdmin):
    """Shared admin behaviour for everything with a draft/published status."""

    form = EditorialForm
    formfield_overrides = CHECKBOXES
    actions = ["publish", "unpublish", "mark_reviewed_today"]

    def can_publish(self, request: HttpRequest) -> bool:
        return can_publish(request, self.model)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return self.can_publish(request)

    def _locked(self, request: HttpRequest, obj: Reviewed | None) -> bool:
        return obj is not None and obj.is_published and not self.can_publish(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Published pages are read-only for editors: a change would reach patients unreviewed.
        return bool(super().has_change_permission(request, obj)) and not self._locked(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(super().has_delete_permission(request, obj)) and not self._locked(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            readonly += REVIEW_FIELDS
        return readonly

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form: type[forms.ModelForm[Any]] = super().get_form(request, obj, change, **kwargs)
        # get_form builds a fresh class per request, so this does not leak between users.
        form.can_publish = self.can_publish(request)  # type: ignore[attr-defined]
        history_tags = getattr(request, "_content_history_tags", None)
        if history_tags:
            form = type(form.__name__, (_HistoricalTagsMixin, form), {"history_tags": history_tags})
        return form

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        names = getattr(self.model, "_history_m2m_fields", [])
        record = self.history_record(object_id, version_id)
        if record is not None and names:
            # Every tracked many-to-many field here is to Tag: its rows have a tag_id.
            request._content_history_tags = {  # type: ignore[attr-defined]
                name: [row.tag_id for row in getattr(record, name).all()] for name in names
            }
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description="Next review", ordering="next_review_due")
    def review_due(self, obj: Reviewed) -> str:
        if obj.next_review_due is None:
            return "Not reviewed yet"
        due = obj.next_review_due.strftime("%-d %b %Y")
        return f"OVERDUE since {due}" if obj.is_overdue else due

    @admin.action(description="Publish selected items", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        published, refused = 0, []
        for obj in queryset:
            obj.status = Status.PUBLISHED
            try:
                obj.full_clean()
            except ValidationError:
                refused.append(str(obj))
                continue
            obj.save()
            published += 1
        if published:
            self.message_user(request, f"Published {published}.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                "Not published (add the review date and reviewer first): " + ", ".join(refused),
                messages.WARNING,
            )

    @admin.action(description="Move selected items back to draft", permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = 0
        for obj in queryset.filter(status=Status.PUBLISHED):
            obj.status = Status.DRAFT
            obj.save()
            count += 1
        self.message_user(request, f"Moved {count} back to draft.", messages.SUCCESS)

    @admin.action(
        description="Mark selected items as reviewed by me today", permissions=["publish"]
    )
    def mark_reviewed_today(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        today = timezone.localdate()
        user = request.user
        reviewer = (user.get_full_name() if hasattr(user, "get_full_name") else "") or str(
            user.get_username()
        )
        count = 0
        for obj in queryset:
            obj.last_reviewed_on = today
            obj.reviewed_by = reviewer
            obj.next_review_due = one_year_after(today)
            obj.save()
            count += 1
        self.message_user(request, f"Marked {count} as reviewed today.", messages.SUCCESS)


REVIEW_FIELDSET = (
    "Clinical review and publishing",
    {
        "fields": REVIEW_FIELDS,
        "description": "Only clinical reviewers can change these. Patients see the review "
        "date and reviewer at the bottom of the page.",
    },
)


class EditorialAdmin(PublishWorkflowAdmin):
    list_display: tuple[str, ...] = ("title", "status", "review_due", "order", "updated_at")
    list_display_links = ("title",)
    list_filter: tuple[Any, ...] = ("status", ReviewOverdueFilter)
    search_fields: tuple[str, ...] = ("title", "summary", "slug")
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("title",)}
    list_select_related = False
    history_list_display: ClassVar[list[str]] = ["status"]


# ---------------------------------------------------------------------- stretches


@admin.register(Stretch)
class StretchAdmin(EditorialAdmin):
    list_display = ("title", "areas", "status", "review_due", "order", "updated_at")
    list_filter = (
        "status",
        ReviewOverdueFilter,
        ("body_areas", admin.RelatedOnlyFieldListFilter),
        ("patterns", admin.RelatedOnlyFieldListFilter),
        ("avoid_if", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "summary", "slug", "steps", "cautions")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "order")}),
        ("How to do it", {"fields": ("position", "steps", "hold", "repetitions")}),
        ("Safety", {"fields": ("cautions", "stop_if")}),
        (
            "Who it is suggested to",
            {
                "fields": ("body_areas", "patterns", "avoid_if"),
                "description": "The symptom checker suggests this stretch only when the pain "
                "area is ticked, and (for self-care and physical therapy results) the pain "
                "pattern is ticked. It is never suggested when anything under “never suggest "
                "if” applies.",
            },
        ),
        REVIEW_FIELDSET,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Stretch]:
        return super().get_queryset(request).prefetch_related("body_areas")  # type: ignore[no-any-return]

    @admin.display(description="Where it helps")
    def areas(self, obj: Stretch) -> str:
        return ", ".join(tag.wording for tag in obj.body_areas.all()) or "None ticked"


# --------------------------------------------------------------------------- tips


@admin.register(Tip)
class TipAdmin(EditorialAdmin):
    list_display = (
        "title",
        "activity_list",
        "safety_relevant",
        "status",
        "review_due",
        "order",
        "updated_at",
    )
    list_filter = (
        "status",
        ReviewOverdueFilter,
        "safety_relevant",
        ("activities", admin.RelatedOnlyFieldListFilter),
        ("body_areas", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "summary", "slug", "body")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "order")}),
        ("Advice", {"fields": ("body",)}),
        (
            "Who it is suggested to",
            {
                "fields": ("activities", "body_areas", "safety_relevant"),
                "description": "A result page shows up to six tips: those that match the "
                "most of the person's activities first, then by order. Tips ticked “always "
                "show when it matches” are always shown, even if that makes more than six.",
            },
        ),
        REVIEW_FIELDSET,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tip]:
        return super().get_queryset(request).prefetch_related("activities")  # type: ignore[no-any-return]

    @admin.display(description="For")
    def activity_list(self, obj: Tip) -> str:
        return ", ".join(tag.wording for tag in obj.activities.all()) or "None ticked"


# -------------------------------------------------------------------------- plans


class PlanPhaseForm(PhaseForm):
    class Meta:
        model = PlanPhase
        fields = ("order", "title", "duration", "what_to_do", "move_on_when", "stop_if")
        error_messages = {
            "duration": {
                "required": "Enter how long this phase lasts, for example “1 to 3 days”.",
            },
        }


class PlanPhaseInline(PhaseInline):
    model = PlanPhase
    form = PlanPhaseForm
    extra = 0
    min_num = 1
    ordering = ("order", "pk")
    verbose_name = "phase"
    verbose_name_plural = "phases (shown in order of step number)"

    def _locked(self, request: HttpRequest, obj: Plan | None) -> bool:
        return obj is not None and obj.is_published and not can_publish(request, Plan)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and not self._locked(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not self._locked(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._locked(request, obj)


@admin.register(Plan)
class PlanAdmin(EditorialAdmin):
    list_display = (
        "title",
        "after_doctor_check",
        "pattern_list",
        "status",
        "review_due",
        "order",
        "updated_at",
    )
    list_filter = (
        "status",
        ReviewOverdueFilter,
        "after_doctor_check",
        ("patterns", admin.RelatedOnlyFieldListFilter),
        ("body_areas", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "summary", "slug", "phases__title", "phases__what_to_do")
    inlines = (PlanPhaseInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "order")}),
        (
            "Who it is for",
            {
                "fields": ("after_doctor_check", "patterns", "body_areas"),
                "description": "“See a doctor” results show the plan ticked “after a doctor "
                "has checked you”. Self-care and physical therapy results show the first "
                "plan (by order) for the person's pain pattern. A plan written for the "
                "person's pain area is chosen before one for any area.",
            },
        ),
        REVIEW_FIELDSET,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Plan]:
        return super().get_queryset(request).prefetch_related("patterns")  # type: ignore[no-any-return]

    @admin.display(description="Pain patterns")
    def pattern_list(self, obj: Plan) -> str:
        if obj.after_doctor_check:
            return "After a doctor's check"
        return ", ".join(tag.wording for tag in obj.patterns.all()) or "None ticked"


# -------------------------------------------------------------------- care advice


@admin.register(CareAdvice)
class CareAdviceAdmin(PublishWorkflowAdmin):
    list_display = ("outcome", "headline", "status", "review_due", "updated_at")
    list_display_links = ("outcome", "headline")
    list_filter = ("status", ReviewOverdueFilter)
    search_fields = ("headline", "do_now", "do_not", "escalate", "tell_clinician")
    view_on_site = False
    fieldsets = (
        (None, {"fields": ("outcome", "headline")}),
        ("Advice", {"fields": ("do_now", "do_not", "escalate", "tell_clinician")}),
        REVIEW_FIELDSET,
    )


# -------------------------------------------------------------------- pain relief


@admin.register(PainRelief)
class PainReliefAdmin(PublishWorkflowAdmin):
    """The one pain relief advice (PROTOCOL.md v3, "medicines"): its model refuses a text
    for most people that names anti-inflammatories without the full caution, and names
    in the other text."""

    list_display = ("__str__", "status", "review_due", "updated_at")
    list_filter = ("status", ReviewOverdueFilter)
    search_fields = ("may_suggest", "ask_first")
    view_on_site = False
    fieldsets = (
        (
            "Advice",
            {
                "fields": ("may_suggest", "ask_first"),
                "description": "Shown under “Pain relief” with the care advice on every "
                "result except the emergency one. Each person sees one of the two texts: "
                "the second to anyone for whom anti-inflammatory painkillers may be "
                "harmful.",
            },
        ),
        REVIEW_FIELDSET,
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One pain relief advice only (also enforced by a database constraint).
        return bool(super().has_add_permission(request)) and not PainRelief.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Results need it: edit it, or move it back to draft, but never delete it.
        return False


# ------------------------------------------------------------------------- guides


@admin.register(Guide)
class GuideAdmin(EditorialAdmin):
    list_display = ("title", "topic", "status", "review_due", "order", "updated_at")
    list_filter = (
        "status",
        ReviewOverdueFilter,
        "topic",
        ("outcomes", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "summary", "slug", "body")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "topic", "order")}),
        ("Article", {"fields": ("body", "outcomes")}),
        REVIEW_FIELDSET,
    )


# ------------------------------------------------------------------------- clinic


class ClinicLocationInline(LocationInline):
    model = ClinicLocation
    extra = 0
    min_num = 1
    ordering = ("order", "name")


STARTER_DETAILS_WARNING = (
    "Some contact details are still the starter examples: {fields}. Patients see them on "
    "every result page. Replace them with your clinic's own."
)


def starter_details(clinic: ClinicProfile) -> list[str]:
    """The contact details still as the starter content has them (content/starter/clinic.md),
    by the names staff see in the form."""
    sample = read_clinic()
    left = [
        label
        for label, value, starter_value in (
            ("main phone", clinic.phone, sample["phone"]),
            ("same-day phone", clinic.urgent_phone, sample["urgent_phone"]),
            ("email", clinic.email, sample["email"]),
            ("online booking address", clinic.booking_url, sample["booking_url"]),
        )
        if starter_value and value == starter_value
    ]
    starter_addresses = {location["address"] for location in sample["locations"]}
    if any(location.address in starter_addresses for location in clinic.locations.all()):
        left.append("address")
    return left


@admin.register(ClinicProfile)
class ClinicProfileAdmin(HistoryAdmin):
    list_display = ("name", "phone", "urgent_phone", "emergency_number", "updated_at")
    search_fields = ("name",)
    inlines = (ClinicLocationInline,)
    view_on_site = False
    fieldsets = (
        (None, {"fields": ("name", "tagline")}),
        (
            "Contact",
            {
                "fields": (
                    "phone",
                    "urgent_phone",
                    "email",
                    "booking_url",
                    "emergency_number",
                    "opening_hours",
                ),
                "description": "Shown on every symptom-checker result page.",
            },
        ),
    )

    def _warn_if_starter(self, request: HttpRequest) -> None:
        # The starter clinic is a sample, and patients see its details on every result
        # page: staff are asked (patients never see this) to put in their own.
        clinic = ClinicProfile.objects.prefetch_related("locations").first()
        left = starter_details(clinic) if clinic is not None else []
        if left and request.method == "GET":
            messages.warning(request, STARTER_DETAILS_WARNING.format(fields=", ".join(left)))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._warn_if_starter(request)
        return super().changelist_view(request, extra_context)  # type: ignore[no-any-return]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self._warn_if_starter(request)
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[no-any-return]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One clinic profile only (also enforced by a database constraint).
        return bool(super().has_add_permission(request)) and not ClinicProfile.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Result pages need the clinic's phone numbers: edit the profile, never delete it.
        return False


# --------------------------------------------------------------------------- tags


@admin.register(Tag)
class TagAdmin(TagModelAdmin):
    """Tags are protocol codes: staff may never add or remove a code. A tag for an answer
    the symptom checker asks for reads as the question's choice (``Tag.wording``), so its
    label cannot be renamed here; other labels (pain patterns) can."""

    list_display = ("shown_as", "kind", "code", "order")
    list_filter = ("kind",)
    search_fields = ("label", "code")
    fields = ("kind", "code", "label", "shown_as", "order")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None and protocol_words(obj.kind, obj.code) is not None:
            return ("kind", "code", "label", "shown_as")
        return ("kind", "code", "shown_as")

    @admin.display(description="shown as")
    def shown_as(self, obj: Tag) -> str:
        if protocol_words(obj.kind, obj.code) is not None:
            return f"{obj.wording} (the symptom checker's words for this answer)"
        return obj.wording

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
