"""What the wizard tests share: the worked answer sets and a patient's moves.

The answer sets are the benchmark's (``bench/journeys.py``): one copy of each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.conf import settings
from django.test import Client
from django.urls import reverse

from bench.journeys import JOURNEYS, KEYS, SELF_CARE
from triage.models import SavedAnswers

__all__ = [
    "JOURNEYS",
    "KEYS",
    "SELF_CARE",
    "answer",
    "answer_all",
    "answers_like",
    "main_html",
    "outcome_of",
    "step_url",
    "store",
    "stored",
]


def step_url(key: str, *, change: bool = False) -> str:
    return reverse("triage:question", kwargs={"key": key}) + ("?change=1" if change else "")


def answers_like(**changes: object) -> dict[str, object]:
    return {**SELF_CARE, **changes}


def answer(client: Client, key: str, value: object, *, change: bool = False):
    """Post one answer to its page, named by its protocol key, as a browser would."""
    return client.post(step_url(key, change=change), {key: value})


def answer_all(client: Client, answers: Mapping[str, object]):
    """Post every given answer in protocol order; returns the last response."""
    response = None
    for key in KEYS:
        if key in answers:
            response = answer(client, key, answers[key])
            assert response.status_code == 302, (key, response.content.decode()[:2000])
    return response


def outcome_of(response) -> str:
    match = re.search(r'<main[^>]*\bdata-outcome="([a-z_]+)"', response.content.decode())
    assert match, "no data-outcome on <main>"
    return match.group(1)


def main_html(response) -> str:
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def stored(client: Client) -> dict[str, object] | None:
    """The answers saved for the client's session, as stored (None: nothing saved)."""
    key = client.session.session_key
    return SavedAnswers.objects.filter(session_id=key).values_list("answers", flat=True).first()


def store(client: Client, answers: Mapping[str, object]) -> None:
    """Save ``answers`` for the client's session as they are, valid or not (as if an
    older release, or a hand, had written them), without going through the pages."""
    session = client.session
    session.save()  # the session row the answers belong to
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    SavedAnswers.objects.update_or_create(
        session_id=session.session_key, defaults={"answers": dict(answers)}
    )
