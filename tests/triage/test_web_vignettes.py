"""Every public vignette driven through the real web pages, as the clinic's tests do.

For each vignette: GET the start page, then for each answer GET its page, post the
answer by its protocol key with the CSRF token, follow the redirects; finally GET the
result and compare its ``data-outcome`` with the expected outcome. The vignette file
lives outside the repository (PROTOCOL.md, "Vignette files"): set TRIAGE_VIGNETTES to
use another path. Without the file the tests are skipped, except in CI (CI=true), where
a missing file is a failure.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.journeys import KEYS, outcome_of

pytestmark = pytest.mark.django_db

VIGNETTES = Path(os.environ.get("TRIAGE_VIGNETTES", "/work/shared/protocol/vignettes-public.json"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def _load() -> list[dict]:
    if not VIGNETTES.is_file():
        return []
    return json.loads(VIGNETTES.read_text())


CASES = _load()


def _csrf_token(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def test_the_vignette_file_is_there_in_ci():
    if not CASES and not IN_CI:
        pytest.skip(f"no vignette file at {VIGNETTES}")
    assert CASES, f"no vignettes at {VIGNETTES}"
    assert all({"id", "answers", "expected"} <= set(case) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_vignette_through_the_web_flow(case):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("triage:start"), follow=True)
    for key in KEYS:
        if key not in case["answers"]:
            continue
        # The page we were sent to is the one asking this question.
        assert page.status_code == 200
        assert page.request["PATH_INFO"] == reverse("triage:question", kwargs={"key": key})
        page = client.post(
            page.request["PATH_INFO"],
            {"csrfmiddlewaretoken": _csrf_token(page.content.decode()), key: case["answers"][key]},
            follow=True,
        )
    result = client.get(reverse("triage:result"))
    assert result.status_code == 200
    assert outcome_of(result) == case["expected"], case.get("note")
