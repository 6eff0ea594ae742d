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
from triage.engine import Outcome
from triage.reminder import DAYS, Reminder, build_ics, reminder_for

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
    ("answers", "days", "summary"),
    [
        pytest.param(SELF_CARE, 3, "Is your back pain better? Check it again", id="self_care"),
        pytest.param(
            answers_like(history=["recurring"]),
            7,
            "Have you booked a physical therapist for your back pain?",
            id="physio",
        ),
        pytest.param(
            answers_like(trend="worse"),
            7,
            "Have you booked a doctor for your back pain?",
            id="see_doctor",
        ),
        pytest.param(
            answers_like(general=["fever"]),
            2,
            "Have you seen a doctor about your back pain?",
            id="urgent",
        ),
        pytest.param(
            answers_like(location="neck"),
            3,
            "Is your neck pain better? Check it again",
            id="self_care-neck",
        ),
    ],
)
def test_the_reminder_is_an_all_day_event_with_an_alarm(client, answers, days, summary):
    answer_all(client, answers)
    page = main_html(client.get(reverse("triage:result")))
    assert f'href="{reverse("triage:reminder")}"' in page
    assert "Add a reminder to your calendar" in page
    reminder_on = timezone.localdate() + timedelta(days=days)
    when = f"{reminder_on:%A, %B} {reminder_on.day}"
    assert f"Add a reminder to your calendar</a> for {when}." in page

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
    assert props["DTSTART;VALUE=DATE"] == f"{reminder_on:%Y%m%d}"
    assert props["DTEND;VALUE=DATE"] == f"{reminder_on + timedelta(days=1):%Y%m%d}"
    assert props["SUMMARY"] == summary.replace(",", "\\,")
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    # The alarm rings at 9 a.m. on the day, and says what to check.
    alarm = lines[lines.index("BEGIN:VALARM") : lines.index("END:VALARM") + 1]
    assert alarm == [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER;RELATED=START:PT9H",
        f"DESCRIPTION:{props['SUMMARY']}",
        "END:VALARM",
    ]


def test_an_urgent_reminder_says_to_call_if_not_seen_not_to_check_in_a_week(client):
    answer_all(client, answers_like(nerve=["weakness"]))
    page = main_html(client.get(reverse("triage:result")))
    assert "If you have not been seen by a doctor within 48 hours, call" in page
    assert "7 days" not in page
    props = unfolded(ics_lines(client.get(reverse("triage:reminder"))))
    assert props["DESCRIPTION"].startswith(
        "If you have not seen a doctor yet\\, call your doctor or the clinic today"
    )


def test_the_reminder_holds_nothing_from_the_answers_but_outcome_and_neck_or_back(client):
    """Two different people with the same follow-up and the same neck-or-back get the same
    file but for its UID and time stamp."""
    from django.test import Client

    other = Client()
    answer_all(client, answers_like(trend="worse"))
    answer_all(
        other,
        answers_like(
            location="upper_back", nerve=["numbness_tingling"], severity=6, activity=["other"]
        ),
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
        "ACTION",
        "TRIGGER;RELATED=START",
        "END",
    }


def test_there_is_no_reminder_after_an_emergency(client):
    answer(client, "emergency", ["dark_urine"])
    assert reverse("triage:reminder") not in client.get(reverse("triage:result")).content.decode()
    assert client.get(reverse("triage:reminder")).status_code == 404


@pytest.mark.parametrize(
    ("outcome", "location", "reminder"),
    [
        (
            Outcome.URGENT,
            "neck",
            Reminder(
                days=2,
                summary="Have you seen a doctor about your neck pain?",
                description="If you have not seen a doctor yet, call your doctor or the clinic "
                "today, or go to an urgent care center. Call 911 if you get any of the "
                "emergency signs.",
                page_text="If you have not been seen by a doctor within 48 hours, call your "
                "doctor or the clinic, or go to an urgent care center.",
            ),
        ),
        (
            Outcome.SEE_DOCTOR,
            "lower_back",
            Reminder(
                days=7,
                summary="Have you booked a doctor for your back pain?",
                description="If you have not booked yet, book an appointment with a doctor "
                "now. If the pain is worse or you have new symptoms, answer the questions "
                "again. Call 911 if you get any of the emergency signs.",
                page_text="In 7 days, check that you have booked a doctor.",
            ),
        ),
        (
            Outcome.PHYSIO,
            "upper_back",
            Reminder(
                days=7,
                summary="Have you booked a physical therapist for your back pain?",
                description="If you have not booked yet, book a physical therapist now. If "
                "the pain is worse or you have new symptoms, answer the questions again. "
                "Call 911 if you get any of the emergency signs.",
                page_text="In 7 days, check that you have booked a physical therapist.",
            ),
        ),
        (
            Outcome.SELF_CARE,
            None,
            Reminder(
                days=3,
                summary="Is your back or neck pain better? Check it again",
                description="If your back or neck pain is not clearly better, or it is worse, "
                "answer the questions again to see what to do next. Call 911 if you get any "
                "of the emergency signs.",
                page_text="If your pain is not clearly better in 3 days, answer the questions "
                "again.",
            ),
        ),
    ],
)
def test_each_reminder_in_full(outcome, location, reminder):
    assert reminder_for(outcome, location=location) == reminder
    assert DAYS[outcome] == reminder.days


def test_no_reminder_is_made_for_an_emergency():
    assert reminder_for(Outcome.EMERGENCY, location="neck") is None
    assert Outcome.EMERGENCY not in DAYS


def test_long_lines_are_folded_and_text_is_escaped():
    ics = build_ics(
        reminder=reminder_for(Outcome.SELF_CARE, location=None),
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
    assert props["DESCRIPTION"].endswith("again: https://example.org/a\\,b\\;c/" + "a" * 120)
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
    # A client can send any port in Host; the link in the file must not carry it.
    answer_all(client, SELF_CARE)
    response = client.get(
        reverse("triage:reminder"), HTTP_HOST=host, SERVER_PORT=server_port, secure=secure
    )
    props = unfolded(ics_lines(response))
    assert props["URL"] == origin + reverse("triage:start")
    assert props["UID"].endswith("@testserver")
