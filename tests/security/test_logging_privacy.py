"""Nothing a person answers reaches the logs or error reports (docs/privacy.md)."""

import logging
import sys
from html.parser import HTMLParser

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.debug import ExceptionReporter


class _FormReader(HTMLParser):
    """The answer inputs of a wizard page: name → (input type, [values])."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, tuple[str, list[str]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        name = attributes.get("name", "")
        if tag not in {"input", "select", "textarea"} or not name or name == "csrfmiddlewaretoken":
            return
        kind = attributes.get("type", tag)
        self.inputs.setdefault(name, (kind, []))[1].append(attributes.get("value", ""))


def _choose(kind: str, values: list[str]) -> list[str]:
    """A complete, non-urgent answer: 'none' where offered, else the last choice."""
    if kind in {"checkbox", "radio"}:
        return ["none"] if "none" in values else [values[-1]]
    return ["4"]


def _walk_wizard(client: Client) -> list[str]:
    """Answer every question; returns the values posted."""
    posted: list[str] = []
    response = client.get(reverse("triage:start"), follow=True)
    for _ in range(30):
        path = response.request["PATH_INFO"]
        form = _FormReader()
        form.feed(response.content.decode())
        if not form.inputs:
            break
        data = {name: _choose(kind, values) for name, (kind, values) in form.inputs.items()}
        posted += [value for values in data.values() for value in values]
        response = client.post(path, data, follow=True)
        assert response.status_code == 200
    return posted


@pytest.mark.django_db
def test_answers_never_reach_the_logs(caplog):
    client = Client()
    with caplog.at_level(logging.DEBUG):
        posted = _walk_wizard(client)
        client.get(reverse("triage:answers"))
        client.get(reverse("triage:result"))
        # Tampered input too: an unknown value and a missing answer.
        client.post(
            reverse("triage:question", kwargs={"key": "location"}), {"location": "zzz_tampered_zzz"}
        )
        client.post(reverse("triage:question", kwargs={"key": "no_such_question"}), {"x": "y"})
    assert len(posted) >= 5, posted  # the walk really answered the questions

    # Answer values are short codes; check the distinctive ones (not "none" or "4").
    distinctive = {value for value in posted if "_" in value or len(value) >= 6}
    distinctive.add("zzz_tampered_zzz")
    assert len(distinctive) >= 3, posted
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    leaked = sorted(value for value in distinctive if value in logged)
    assert leaked == [], logged


def test_gunicorn_access_log_has_no_client_address_or_query():
    from config import gunicorn

    assert "%(h)s" not in gunicorn.access_log_format  # remote address
    assert "%({x-forwarded-for}i)s" not in gunicorn.access_log_format.lower()
    assert "%(q)s" not in gunicorn.access_log_format  # query string


@override_settings(DEBUG=False)
def test_error_reports_mask_posted_answers_and_local_variables():
    request = RequestFactory().post(
        "/check/severity/", {"severity": "9", "history": "disc_condition"}
    )

    def failing_view(answers):
        raise ValueError("boom")

    try:
        # Built at run time, so that the source lines quoted in the report do not hold it.
        failing_view({"general": "_".join(["cancer", "history"])})
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "boom" in report  # the report itself is still useful
    assert "disc_condition" not in report
    assert "cancer_history" not in report
    assert "severity" in report  # field names stay, values are masked
