"""The result page: the engine's result composed with the clinic's content.

``triage.result`` says what the engine worked out, in the protocol's words: the outcome,
why, what to do now and the safety net. This module adds what the clinic wrote for that
result (its care advice, stretches, tips, plan, guides and contact details, chosen by
``content.services``) and serves the page. It lives here, not in the triage app, so that
the dependency runs one way: content reads triage's results, and triage never imports
content (its rules run and are tested without the clinic's database).

The clinic content can fail (database, templates), and that may never cost the advice:
the page still shows the outcome, the built-in "what to do now" text and the safety net,
and leaves the content out (docs/decisions/0001-wizard.md). Failures are logged by type
and place only: exception messages may quote answers, and answers are health data
(docs/privacy.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from content import services
from content.services import Recommendations
from triage import wizard
from triage.reminder import reminder_for
from triage.result import ResultPage, build_result, log_failure
from triage.views import answer_rows, follow
from triage.wizard import Page
from triage.wording import sign_groups, vocabulary

__all__ = ["Guidance", "load_recommendations", "render_guidance", "result"]

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def result(request: HttpRequest) -> HttpResponse:
    """The result page, /check/result/ (``triage:result``; config/urls.py mounts it)."""
    progress = wizard.progress(request.session)
    if (target := wizard.gate(progress, page=Page.RESULT)) is not None:
        return follow(request, target)
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
            # The first screen's action (docs/decisions/0008-short-results.md): the
            # clinic's phone or booking link; none on an emergency result, which is the
            # emergency number only.
            "clinic": None
            if page.is_emergency or recommendations is None
            else recommendations.clinic,
            "area_word": vocabulary(location)["area"],
            "limbs_word": vocabulary(location)["limbs"],
            "safety_net": sign_groups(),
            "rows": answer_rows(progress, change_links=False),
            "reminder": follow_up,
            "reminder_on": today + timedelta(days=follow_up.days) if follow_up else None,
            "checked_on": today,
        },
    )


def load_recommendations(page: ResultPage) -> Recommendations | None:
    """The clinic's content for this result, or None if the content fails."""
    try:
        if page.result is None:  # the fallback: its outcome's care advice and the clinic
            return services.contact_for(outcome=page.outcome)
        return services.recommendations_for(result=page.result)
    except Exception as exc:  # database down, a bug: the outcome still shows
        log_failure(logger, "clinic content", exc)
        return None


@dataclass(frozen=True)
class Guidance:
    """The clinic content partials, rendered; an empty string means leave it out."""

    care_advice: str = ""
    recommendations: str = ""
    clinic: str = ""
    #: The clinic's own heading for the care card; the built-in one when empty.
    headline: str = ""


def _render_partial(template: str, context: dict[str, Any], request: HttpRequest) -> str | None:
    """The partial's HTML ("" when it has nothing to show), or None if rendering failed."""
    # Rendered here rather than {% include %}d, so that a failing partial (say, a lazy
    # query while the database is down) costs its own section, not the whole page.
    try:
        html = render_to_string(template, context, request=request)
    except TemplateDoesNotExist:
        return ""
    except Exception as exc:
        log_failure(logger, template, exc)
        return None
    return SafeString(html) if html.strip() else ""


def render_guidance(
    request: HttpRequest, *, page: ResultPage, recommendations: Recommendations | None
) -> Guidance:
    """The content for ``page``: care advice and clinic contact always; stretches, tips
    and plans only where PROTOCOL.md offers them (see_doctor, physio, self_care)."""
    if recommendations is None:
        return Guidance()
    # Kept in Django's cache beside the selection they are made from, under its key (which
    # names the release, the content version and the outcome), so a staff edit or a deploy
    # shows at once; no key when the selection was not kept (the cache failed). Nothing of
    # the visitor's own is in them: no token, no nonce. The cache never raises here
    # (services.cache_get): a failing cache costs a render, never the content.
    key = f"guidance:{recommendations.cache_key}" if recommendations.cache_key else ""
    if key and isinstance(kept := services.cache_get(key), Guidance):
        return kept
    care_advice = _render_partial(
        "content/_care_advice.html", {"care_advice": recommendations.care_advice}, request
    )
    exercise = (
        _render_partial(
            "content/_recommendations.html", {"recommendations": recommendations}, request
        )
        if page.offers_exercise
        else ""
    )
    clinic = _render_partial(
        "content/_clinic_contact.html", {"clinic": recommendations.clinic}, request
    )
    guidance = Guidance(
        care_advice=care_advice or "",
        recommendations=exercise or "",
        clinic=clinic or "",
        headline=_care_headline(recommendations),
    )
    if key and None not in (care_advice, exercise, clinic):  # never keep a failure
        services.cache_set(key, guidance, services.CACHE_SECONDS)  # as long as the selection
    return guidance


def _care_headline(recommendations: Recommendations) -> str:
    try:
        advice = recommendations.care_advice
        return str(advice.headline) if advice is not None else ""
    except Exception as exc:  # same fail-safe as the partials: keep the built-in heading
        log_failure(logger, "care advice headline", exc)
        return ""
