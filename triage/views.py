"""The wizard's pages. Thin: the flow is in triage.wizard, the rules in triage.engine.

Every page that shows or takes answers is ``never_cache``: answers are health data and
must not sit in a shared cache or the browser's cache (back and refresh re-ask the
server, which shows the stored answer).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.csp import CONTEXT_KEY as CSP_CONTEXT_KEY
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triage import wizard
from triage.engine import Progress, is_emergency
from triage.forms import build_form
from triage.questions import describe_answer, question_text, vocabulary
from triage.reminder import build_ics, reminder_for
from triage.result import build_result, load_recommendations, render_guidance, safety_net_signs
from triage.wizard import Page, Redirect


def _hours(seconds: int) -> str:
    hours = max(1, round(seconds / 3600))
    return f"{hours} hour" if hours == 1 else f"{hours} hours"


def _follow(request: HttpRequest, target: Redirect) -> HttpResponse:
    if target.expired:
        messages.info(
            request,
            f"Your answers were deleted after {_hours(settings.SESSION_COOKIE_AGE)} to protect "
            "your privacy, or we could not find them. Please answer the questions again.",
        )
    if target.page is Page.RESULT:
        return redirect("triage:result")
    if target.page is Page.ANSWERS:
        return redirect("triage:answers")
    url = reverse("triage:question", kwargs={"key": target.key or wizard.FIRST_STEP})
    return redirect(url + "?change=1" if target.change else url)


def _answer_rows(progress: Progress, *, change_links: bool) -> list[dict[str, Any]]:
    """The summary list rows: each answered question in plain words, in protocol order."""
    location = progress.location
    return [
        {
            "key": key,
            "question": question_text(key, location=location).summary,
            "answer": describe_answer(key, value, location=location),
            "change_url": (
                reverse("triage:question", kwargs={"key": key}) + "?change=1"
                if change_links
                else ""
            ),
        }
        for key, value in progress.given.items()
    ]


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return redirect("triage:question", key=wizard.FIRST_STEP)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, key: str) -> HttpResponse:
    if key not in wizard.STEPS:
        raise Http404("No such question")
    progress = wizard.progress(request.session)
    if (target := wizard.gate(progress, page=Page.QUESTION, key=key)) is not None:
        return _follow(request, target)
    change = request.GET.get("change") == "1"
    location = progress.location

    if request.method == "POST":
        posted = request.POST.getlist(key)
        if key == wizard.FIRST_STEP and is_emergency({key: posted}):
            # PROTOCOL.md E1: a red flag ends the questions, even beside 'none' or an
            # unknown value (safety over validation).
            wizard.record(request.session, key, frozenset(posted))
            return _follow(request, Redirect(Page.RESULT))
        form = build_form(key, location=location, data=request.POST)
        if form.is_valid():
            saved = wizard.record(request.session, key, form.cleaned_data[key])
            if saved is None:  # the session ended meanwhile: nothing to add this answer to
                return _follow(request, wizard.EXPIRED)
            return _follow(request, wizard.destination_after(key, saved, change=change))
        return render(
            request, "triage/question.html", _question_context(key, location, change, form)
        )
    return _question_page(request, key, progress, change)


def _question_context(key: str, location: str | None, change: bool, form: Any) -> dict[str, Any]:
    previous = wizard.previous_step(key)
    if change:
        back_url = reverse("triage:answers")
    elif previous is not None:
        back_url = reverse("triage:question", kwargs={"key": previous})
    else:
        back_url = reverse("core:home")
    action = reverse("triage:question", kwargs={"key": key}) + ("?change=1" if change else "")
    return {
        "form": form,
        "field": form[key],
        "title": question_text(key, location=location).title,
        "back_url": back_url,
        "action": action,
        "step_number": wizard.STEPS.index(key) + 1,
        "step_count": len(wizard.STEPS),
    }


# --- Question pages, rendered once per worker (docs/decisions/0006-performance.md) -------
#
# A question page before any error or message is the same for everyone with the same answer
# so far, except for two values that are each request's own: the CSRF token in the form and
# the CSP nonce on the script tag. Rendering it (the crispy inputs, the base template) was
# most of its cost, so it is rendered once with a marker where each of the two goes, and
# each request puts in its own. A form with errors, or a page with a message, is never kept.
#
# The rendered page is a pure function of the running code and the key below (answer so far,
# location, "change"): nothing in it comes from the database, so it cannot go stale while
# the process lives, and every worker and machine of one release renders the same. So it is
# kept in the "release" cache (config/settings.py: Django's LocMemCache, per process), which
# holds only such values; a shared cache would add a round trip per page and make the page
# depend on Redis being up. NUL never occurs in a rendered page.
_TOKEN_MARK = "\x00csrf-token\x00"  # noqa: S105 (a marker, not a secret)
_NONCE_MARK = "\x00csp-nonce\x00"


def _question_page(
    request: HttpRequest, key: str, progress: Progress, change: bool
) -> HttpResponse:
    """A question page before anything is posted to it: kept (above), or rendered afresh
    when there is a message to show or no CSP nonce."""
    location = progress.location
    initial = progress.given.get(key)
    nonce = get_nonce(request)
    if nonce is None or len(messages.get_messages(request)):  # loads them, shows none
        form = build_form(key, location=location, initial=initial)
        return render(
            request, "triage/question.html", _question_context(key, location, change, form)
        )
    answer = sorted(initial) if isinstance(initial, frozenset) else initial
    parts = [get_script_prefix(), key, location, answer, change]
    page_key = "question-page:" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    pages = caches["release"]
    page = pages.get(page_key)
    if page is None:
        form = build_form(key, location=location, initial=initial)
        context = _question_context(key, location, change, form)
        context |= {"csrf_token": _TOKEN_MARK, CSP_CONTEXT_KEY: _NONCE_MARK}
        page = render_to_string("triage/question.html", context, request=request)
        pages.set(page_key, page)
    # The token first: a nonce is URL-safe base64 and cannot contain the token's marker.
    return HttpResponse(
        page.replace(_TOKEN_MARK, get_token(request)).replace(_NONCE_MARK, str(nonce))
    )


@never_cache
@require_safe
def check_answers(request: HttpRequest) -> HttpResponse:
    progress = wizard.progress(request.session)
    if (target := wizard.gate(progress, page=Page.ANSWERS)) is not None:
        return _follow(request, target)
    return render(
        request,
        "triage/check_answers.html",
        {
            "rows": _answer_rows(progress, change_links=True),
            "back_url": reverse("triage:question", kwargs={"key": wizard.STEPS[-1]}),
        },
    )


@never_cache
@require_safe
def result(request: HttpRequest) -> HttpResponse:
    progress = wizard.progress(request.session)
    if (target := wizard.gate(progress, page=Page.RESULT)) is not None:
        return _follow(request, target)
    page = build_result(progress)
    location = progress.location
    follow_up = reminder_for(page.outcome, location=location)
    today = timezone.localdate()
    recommendations = load_recommendations(page)
    return render(
        request,
        "triage/result.html",
        {
            "page": page,
            "guidance": render_guidance(request, page=page, recommendations=recommendations),
            # The first screen's action (issue 13): the clinic's phone or booking link.
            "clinic": None
            if page.is_emergency or recommendations is None
            else recommendations.clinic,
            "area_word": vocabulary(location)["area"],
            "limbs_word": vocabulary(location)["limbs"],
            "safety_net": safety_net_signs(),
            "rows": _answer_rows(progress, change_links=False),
            "reminder": follow_up,
            "reminder_on": today + timedelta(days=follow_up.days) if follow_up else None,
            "checked_on": today,
        },
    )


@never_cache
@require_safe
def reminder(request: HttpRequest) -> HttpResponse:
    progress = wizard.progress(request.session)
    if (target := wizard.gate(progress, page=Page.RESULT)) is not None:
        return _follow(request, target)
    follow_up = reminder_for(build_result(progress).outcome, location=progress.location)
    if follow_up is None:
        # No reminder after an emergency: the advice is to get help now.
        raise Http404("No reminder for this result")
    now = timezone.now()
    domain = _site_domain(request)
    body = build_ics(
        reminder=follow_up,
        start=timezone.localdate(now) + timedelta(days=follow_up.days),
        stamp=now.astimezone(UTC),
        uid=f"{uuid.uuid4()}@{domain}",
        url=_site_origin(request, domain) + reverse("triage:start"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pain-check-reminder.ics"'
    return response


def _site_domain(request: HttpRequest) -> str:
    """The host name the request came to, checked against ALLOWED_HOSTS, without a port."""
    domain, _port = split_domain_port(request.get_host())
    return domain if ":" not in domain else f"[{domain}]"


def _site_origin(request: HttpRequest, domain: str) -> str:
    """The site's origin for a link that leaves the site (the calendar file).

    The port never comes from the Host header (a client may send any): behind HTTPS it is
    the default one, and otherwise the port this server listens on (issue 11).
    """
    if request.is_secure():
        return f"https://{domain}"
    port = request.META.get("SERVER_PORT", "80")
    return f"http://{domain}" + ("" if port == "80" else f":{port}")


@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    # flush(), not just forgetting the answers: the old session row is deleted at once and
    # the cookie gets a new key, so nothing of this person's answers stays on the server.
    request.session.flush()
    return redirect("triage:question", key=wizard.FIRST_STEP)
