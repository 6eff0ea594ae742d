"""The wizard's pages. Thin: the flow is in triage.wizard, the rules in triage.engine.

Every page that shows or takes answers is ``never_cache``: answers are health data and
must not sit in a shared cache or the browser's cache (back and refresh re-ask the
server, which shows the stored answer).
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from datetime import UTC, timedelta
from functools import lru_cache
from typing import Any

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.csp import CONTEXT_KEY as CSP_CONTEXT_KEY
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.context_processors import site
from triage import wizard
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


def _answer_rows(answers: dict[str, object], *, change_links: bool) -> list[dict[str, Any]]:
    """The summary list rows: each answered question in plain words, in protocol order."""
    location = wizard.location_of(answers)
    rows = []
    for key in wizard.STEPS:
        if key not in answers:
            continue
        rows.append(
            {
                "key": key,
                "question": question_text(key, location=location).summary,
                "answer": describe_answer(key, answers[key], location=location),
                "change_url": (
                    reverse("triage:question", kwargs={"key": key}) + "?change=1"
                    if change_links
                    else ""
                ),
            }
        )
    return rows


def _frozen(stored: object) -> Hashable | None:
    """A stored answer as a key for the per-worker caches; None when it cannot be one
    (only a tampered or corrupt session holds such a value)."""
    frozen = tuple(stored) if isinstance(stored, list) else stored
    try:
        hash(frozen)  # a tuple is Hashable, but not one holding a list or a dict
    except TypeError:
        return None
    return frozen


def _field_html(key: str, location: str | None, stored: object) -> SafeString:
    """The question's inputs (the crispy field) for a GET, with the stored answer filled in.
    They are the same for everyone with the same stored answer, so each worker renders
    them once (issue 6)."""
    if stored is not None and _frozen(stored) is None:
        return SafeString(as_crispy_field(build_form(key, location=location, initial=stored)[key]))
    return _unbound_field_html(key, location, _frozen(stored))


# A question's inputs are most of a question page's cost. They hold nothing of the request
# (the CSRF token and the <form> tag are outside them), only the question's wording for
# the location and the stored answer.
@lru_cache(maxsize=1024)
def _unbound_field_html(key: str, location: str | None, stored: Hashable) -> SafeString:
    initial = list(stored) if isinstance(stored, tuple) else stored
    return as_crispy_field(build_form(key, location=location, initial=initial)[key])  # type: ignore[no-any-return]


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return redirect("triage:question", key=wizard.FIRST_STEP)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, key: str) -> HttpResponse:
    if key not in wizard.STEPS:
        raise Http404("No such question")
    answers = wizard.load_answers(request.session)
    if (target := wizard.gate(answers, page=Page.QUESTION, key=key)) is not None:
        return _follow(request, target)
    change = request.GET.get("change") == "1"
    location = wizard.location_of(answers)

    if request.method == "POST":
        posted = request.POST.getlist(key)
        if key == wizard.FIRST_STEP and wizard.red_flags_in(posted):
            # PROTOCOL.md E1: a red flag ends the questions, even beside 'none' or an
            # unknown value (safety over validation).
            answers = wizard.with_answer(answers, key, posted)
            wizard.save_answers(request.session, answers)
            return _follow(request, Redirect(Page.RESULT))
        form = build_form(key, location=location, data=request.POST)
        if form.is_valid():
            answers = wizard.with_answer(answers, key, form.cleaned_data[key])
            wizard.save_answers(request.session, answers)
            return _follow(request, wizard.destination_after(key, answers, change=change))
        field_html = as_crispy_field(form[key])
    else:
        # No form is built for a GET: the page, or else its inputs, come from the worker's
        # cache (issue 6).
        stored = (answers or {}).get(key)
        if (page := _cached_question_page(request, key, location, stored, change)) is not None:
            return page
        form = None
        field_html = _field_html(key, location, stored)
    return render(
        request, "triage/question.html", _question_context(key, location, change, form, field_html)
    )


def _question_context(
    key: str, location: str | None, change: bool, form: Any, field_html: SafeString
) -> dict[str, Any]:
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
        "field_html": field_html,
        "title": question_text(key, location=location).title,
        "back_url": back_url,
        "action": action,
        "step_number": wizard.STEPS.index(key) + 1,
        "step_count": len(wizard.STEPS),
    }


# A question page before any error is the same for everyone with the same stored answer,
# except for two values: the CSRF token and the CSP nonce. Each worker renders such a page
# once with placeholders for them and fills them in per request (issue 6: template
# rendering was most of a question page's time). NUL never occurs in a rendered page.
_TOKEN_MARK = "\x00csrf-token\x00"  # noqa: S105 (a placeholder, not a secret)
_NONCE_MARK = "\x00csp-nonce\x00"


def _cached_question_page(
    request: HttpRequest, key: str, location: str | None, stored: object, change: bool
) -> HttpResponse | None:
    """The page from the worker's cache, or None when it must be rendered afresh (a
    message to show, an answer that cannot be a cache key, no CSP nonce)."""
    frozen = _frozen(stored)
    nonce = get_nonce(request)
    if nonce is None or (stored is not None and frozen is None):
        return None
    if len(messages.get_messages(request)):  # loads them without marking them shown
        return None
    page = _question_page(get_script_prefix(), key, location, frozen, change)
    # The token first: a nonce is URL-safe base64 and cannot contain the token's mark.
    return HttpResponse(
        page.replace(_TOKEN_MARK, get_token(request)).replace(_NONCE_MARK, str(nonce))
    )


@lru_cache(maxsize=1024)
def _question_page(
    script_prefix: str, key: str, location: str | None, stored: Hashable, change: bool
) -> str:
    context = _question_context(
        key, location, change, None, _unbound_field_html(key, location, stored)
    )
    context |= site(None) | {
        "csrf_token": _TOKEN_MARK,
        CSP_CONTEXT_KEY: _NONCE_MARK,
        "messages": (),
    }
    return render_to_string("triage/question.html", context)


@never_cache
@require_safe
def check_answers(request: HttpRequest) -> HttpResponse:
    answers = wizard.load_answers(request.session)
    if (target := wizard.gate(answers, page=Page.ANSWERS)) is not None or answers is None:
        return _follow(request, target or wizard.EXPIRED)
    return render(
        request,
        "triage/check_answers.html",
        {
            "rows": _answer_rows(answers, change_links=True),
            "back_url": reverse("triage:question", kwargs={"key": wizard.STEPS[-1]}),
        },
    )


@never_cache
@require_safe
def result(request: HttpRequest) -> HttpResponse:
    answers = wizard.load_answers(request.session)
    if (target := wizard.gate(answers, page=Page.RESULT)) is not None or answers is None:
        return _follow(request, target or wizard.EXPIRED)
    page = build_result(answers)
    location = wizard.location_of(answers)
    follow_up = reminder_for(page.outcome, location=location)
    today = timezone.localdate()
    recommendations = load_recommendations(
        outcome=page.outcome, pattern=page.pattern, answers=answers
    )
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
            "safety_net": safety_net_signs(),
            "rows": _answer_rows(answers, change_links=False),
            "reminder": follow_up,
            "reminder_on": today + timedelta(days=follow_up.days) if follow_up else None,
            "checked_on": today,
        },
    )


@never_cache
@require_safe
def reminder(request: HttpRequest) -> HttpResponse:
    answers = wizard.load_answers(request.session)
    if (target := wizard.gate(answers, page=Page.RESULT)) is not None or answers is None:
        return _follow(request, target or wizard.EXPIRED)
    follow_up = reminder_for(build_result(answers).outcome, location=wizard.location_of(answers))
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
