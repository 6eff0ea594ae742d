"""The wizard's pages. Thin: the flow is in triage.wizard, the rules in triage.engine.

The result page itself is the content app's (``content.results``: the engine's result
with the clinic's content); it uses ``follow`` and ``answer_rows`` from here.

Every page that shows or takes answers is ``never_cache``: answers are health data and
must not sit in a shared cache or the browser's cache (back and refresh re-ask the
server, which shows the stored answer).
"""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triage import wizard
from triage.engine import Progress
from triage.forms import StepForm, build_form
from triage.reminder import build_ics, reminder_for
from triage.result import build_result
from triage.wizard import Page, Redirect
from triage.wording import describe_answer, expired_message, question_text


def follow(request: HttpRequest, target: Redirect) -> HttpResponse:
    """The redirect to where the wizard's gate sends the person (``wizard.gate``), with
    the "answers deleted" message when their answers expired."""
    if target.expired:
        messages.info(request, expired_message(settings.SESSION_COOKIE_AGE))
    if target.page is Page.RESULT:
        return redirect("triage:result")
    if target.page is Page.ANSWERS:
        return redirect("triage:answers")
    url = reverse("triage:question", kwargs={"key": target.key or wizard.FIRST_STEP})
    return redirect(url + "?change=1" if target.change else url)


def answer_rows(progress: Progress, *, change_links: bool) -> list[dict[str, Any]]:
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
        return follow(request, target)
    change = request.GET.get("change") == "1"
    location = progress.location

    if request.method == "POST":
        # A red flag passes the form whatever is ticked beside it (PROTOCOL.md E1, in the
        # engine's Question.clean), and after it the next page is the emergency result.
        form = build_form(key, location=location, data=request.POST)
        if form.is_valid():
            saved = wizard.record(request.session, key, form.cleaned_data[key])
            if saved is None:  # the session ended meanwhile: nothing to add this answer to
                return follow(request, wizard.EXPIRED)
            return follow(request, wizard.destination_after(key, saved, change=change))
        context = _question_context(key, location, change, form, form[key])
        return render(request, "triage/question.html", context)
    return _question_page(request, key, progress, change)


def _question_context(
    key: str, location: str | None, change: bool, form: StepForm | None, field: Any
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
        "key": key,
        "form": form,
        "field": field,
        "title": question_text(key, location=location).title,
        "back_url": back_url,
        "action": action,
        "step_number": wizard.STEPS.index(key) + 1,
        "step_count": len(wizard.STEPS),
    }


# --- Question pages (docs/decisions/0006-performance.md) ----------------------------------


def _question_page(
    request: HttpRequest, key: str, progress: Progress, change: bool
) -> HttpResponse:
    """A question page before anything is posted to it, with the answer given so far.

    Its inputs are a ``{% cache %}`` fragment (templates/triage/question.html), kept per
    worker and keyed by, among others, the ``location`` and ``answer`` given here; the
    rest of the page (CSRF token, CSP nonce, messages) is rendered for each request.
    There is no bound form, so no errors; the field is built only if its fragment is not
    kept yet (a kept page needs no form at all).
    """
    location = progress.location
    initial = progress.given.get(key)
    field = SimpleLazyObject(lambda: build_form(key, location=location, initial=initial)[key])
    context = _question_context(key, location, change, None, field)
    # A set's order follows its hashes: sorted, the same answer is always the same key.
    answer = sorted(initial) if isinstance(initial, frozenset) else initial
    return render(
        request, "triage/question.html", context | {"location": location, "answer": answer}
    )


@never_cache
@require_safe
def check_answers(request: HttpRequest) -> HttpResponse:
    progress = wizard.progress(request.session)
    if (target := wizard.gate(progress, page=Page.ANSWERS)) is not None:
        return follow(request, target)
    return render(
        request,
        "triage/check_answers.html",
        {
            "rows": answer_rows(progress, change_links=True),
            "back_url": reverse("triage:question", kwargs={"key": wizard.STEPS[-1]}),
        },
    )


@never_cache
@require_safe
def reminder(request: HttpRequest) -> HttpResponse:
    progress = wizard.progress(request.session)
    if (target := wizard.gate(progress, page=Page.RESULT)) is not None:
        return follow(request, target)
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
    the default one, and otherwise the port this server listens on.
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
