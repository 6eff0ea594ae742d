"""The "check again" calendar file (RFC 5545) offered on the result page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.journeys import (
    SELF_CARE,
    answer,
    answer_all,
    answers_like,
    main_html,
)
from triage.reminder import build_ics

pytestmark = pytest.mark.django_db


def ics_lines(response) -> list[str]:
    body = response.content.decode()
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")  # CRLF only (RFC 5545 section 3.1)
    return body[:-2].split("\r\n")


def unfolded(lines: list[str]) -> dict[str, str]:
    properties: dict[str, str] = {}
    text = "\r\n".join(lines).replace("\r\n ", "")
    for line in text.split("\r\n"):
        name, _, value = line.partition(":")
        properties.setdefault(name, value)
    return properties


@pytest.mark.parametrize(
    ("answers", "days"),
    [
        pytest.param(SELF_CARE, 3, id="self_care"),
        pytest.param(answers_like(history=["recurring"]), 7, id="physio"),
        pytest.param(answers_like(trend="worse"), 7, id="see_doctor"),
        pytest.param(answers_like(general=["fever"]), 7, id="urgent"),
    ],
)
def test_the_reminder_is_an_all_day_event_days_ahead(client, answers, days):
    answer_all(client, answers)
    page = main_html(client.get(reverse("triage:result")))
    assert f'href="{reverse("triage:reminder")}"' in page
    assert "Save a reminder to check again" in page

    response = client.get(reverse("triage:reminder"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert ".ics" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    lines = ics_lines(response)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    props = unfolded(lines)
    assert props["VERSION"] == "2.0"
    assert props["PRODID"]
    assert re.fullmatch(r"[0-9a-f-]{36}@testserver", props["UID"])
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    expected = timezone.localdate() + timedelta(days=days)
    assert props["DTSTART;VALUE=DATE"] == f"{expected:%Y%m%d}"
    assert props["DTEND;VALUE=DATE"] == f"{expected + timedelta(days=1):%Y%m%d}"
    assert props["SUMMARY"] == "Check your back pain again"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


def test_the_reminder_holds_no_health_data(client):
    """Two different people with the same follow-up get the same file but for its UID
    and time stamp: nothing in it comes from the answers."""
    from django.test import Client

    other = Client()
    answer_all(client, answers_like(trend="worse"))
    answer_all(
        other,
        answers_like(location="neck", nerve=["numbness_tingling"], severity=6, activity=["other"]),
    )
    first, second = (
        [
            line
            for line in ics_lines(c.get(reverse("triage:reminder")))
            if not line.startswith(("UID:", "DTSTAMP:"))
        ]
        for c in (client, other)
    )
    assert first == second
    assert set(unfolded(first)) == {
        "BEGIN",
        "VERSION",
        "PRODID",
        "CALSCALE",
        "METHOD",
        "DTSTART;VALUE=DATE",
        "DTEND;VALUE=DATE",
        "SUMMARY",
        "DESCRIPTION",
        "URL",
        "TRANSP",
        "END",
    }


def test_there_is_no_reminder_after_an_emergency(client):
    answer(client, "emergency", ["dark_urine"])
    assert reverse("triage:reminder") not in client.get(reverse("triage:result")).content.decode()
    assert client.get(reverse("triage:reminder")).status_code == 404


def test_long_lines_are_folded_and_text_is_escaped():
    ics = build_ics(
        start=date(2030, 1, 31),
        stamp=datetime(2030, 1, 28, 9, 30, tzinfo=UTC),
        uid="abc@example.org",
        url="https://example.org/a,b;c/" + "a" * 120,
    )
    lines = ics.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    assert sum(line.startswith(" ") for line in lines) >= 2
    assert "DTSTART;VALUE=DATE:20300131" in lines
    assert "DTEND;VALUE=DATE:20300201" in lines
    assert "DTSTAMP:20300128T093000Z" in lines
    props = unfolded(lines)
    assert props["DESCRIPTION"].endswith("next: https://example.org/a\\,b\\;c/" + "a" * 120)
    assert props["URL"] == "https://example.org/a,b;c/" + "a" * 120


@pytest.mark.parametrize(
    ("host", "secure", "server_port", "origin"),
    [
        ("testserver:6666", False, "8000", "http://testserver:8000"),
        ("testserver:6666", True, "8000", "https://testserver"),
        ("testserver", False, "80", "http://testserver"),
    ],
)
def test_the_reminder_link_never_takes_its_port_from_the_host_header(
    client, host, secure, server_port, origin
):
    # Issue 11: a client can send any port in Host; the link in the file must not carry it.
    answer_all(client, SELF_CARE)
    response = client.get(
        reverse("triage:reminder"), HTTP_HOST=host, SERVER_PORT=server_port, secure=secure
    )
    props = unfolded(ics_lines(response))
    assert props["URL"] == origin + reverse("triage:start")
    assert props["UID"].endswith("@testserver")
