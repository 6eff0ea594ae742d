"""Public guidance pages: thin GET views over QuerySet methods (GET and HEAD only: they
change nothing, so any other method is a 405).

Drafts are 404 for the public; signed-in staff may open them to preview (the admin's
"view on site" link), with a banner saying patients cannot see the page yet.

A result page links its stretches, tips, plan and guides with ``?from=result``; those
pages then lead back to the result, so that a person in pain gets back to what to do
without answering again. The result lives at one fixed address (the answers are in the
session), so the flag is all that is read: never an address from the query string, which
would be an open redirect.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from content.models import Guide, Plan, PlanPhase, Stretch, Tag, TagKind, Tip


def _is_staff(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


#: The query string a result page adds to the guidance it links: ``?from=result``.
FROM_RESULT = "result"


def _result_url(request: HttpRequest) -> str | None:
    """The result page's address when this page was opened from it, else None."""
    return reverse("triage:result") if request.GET.get("from") == FROM_RESULT else None


def _tags(kind: TagKind) -> list[Tag]:
    return list(Tag.objects.filter(kind=kind).order_by("order", "label"))


def _chosen(request: HttpRequest, name: str, tags: list[Tag]) -> Tag | None:
    """The tag picked in a GET filter, or None (an unknown value is ignored, not a 500)."""
    code = request.GET.get(name, "")
    return next((tag for tag in tags if tag.code == code), None)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    guides = Guide.objects.visible_to(staff=_is_staff(request)).order_by("order", "title")
    return render(
        request,
        "content/index.html",
        {"guides": guides, "areas": _tags(Tag.Kind.LOCATION)},
    )


@require_safe
def stretch_list(request: HttpRequest) -> HttpResponse:
    areas = _tags(Tag.Kind.LOCATION)
    area = _chosen(request, "area", areas)
    stretches = Stretch.objects.visible_to(staff=_is_staff(request)).order_by("order", "title")
    if area is not None:
        stretches = stretches.filter(body_areas=area)
    return render(
        request,
        "content/stretch_list.html",
        {"stretches": stretches, "areas": areas, "area": area},
    )


@require_safe
def stretch_detail(request: HttpRequest, slug: str) -> HttpResponse:
    stretch = get_object_or_404(
        Stretch.objects.visible_to(staff=_is_staff(request)).prefetch_related("body_areas"),
        slug=slug,
    )
    return render(
        request,
        "content/stretch_detail.html",
        {"stretch": stretch, "result_url": _result_url(request)},
    )


@require_safe
def tip_list(request: HttpRequest) -> HttpResponse:
    activities = _tags(Tag.Kind.ACTIVITY)
    activity = _chosen(request, "activity", activities)
    tips = Tip.objects.visible_to(staff=_is_staff(request)).order_by("order", "title")
    if activity is not None:
        tips = tips.filter(activities=activity)
    return render(
        request,
        "content/tip_list.html",
        {"tips": tips, "activities": activities, "activity": activity},
    )


@require_safe
def tip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tip = get_object_or_404(
        Tip.objects.visible_to(staff=_is_staff(request)).prefetch_related("activities"),
        slug=slug,
    )
    return render(
        request, "content/tip_detail.html", {"tip": tip, "result_url": _result_url(request)}
    )


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.visible_to(staff=_is_staff(request)).order_by(
        "-after_doctor_check", "order", "title"
    )
    return render(request, "content/plan_list.html", {"plans": plans})


@require_safe
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(
        Plan.objects.visible_to(staff=_is_staff(request)).prefetch_related(
            Prefetch("phases", queryset=PlanPhase.objects.order_by("order", "pk"))
        ),
        slug=slug,
    )
    return render(
        request, "content/plan_detail.html", {"plan": plan, "result_url": _result_url(request)}
    )


@require_safe
def guide_list(request: HttpRequest) -> HttpResponse:
    guides = Guide.objects.visible_to(staff=_is_staff(request)).order_by("order", "title")
    return render(request, "content/guide_list.html", {"guides": guides})


@require_safe
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_object_or_404(Guide.objects.visible_to(staff=_is_staff(request)), slug=slug)
    return render(
        request,
        "content/guide_detail.html",
        {"guide": guide, "result_url": _result_url(request)},
    )
