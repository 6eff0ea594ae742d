"""A calendar reminder to check the pain again: one all-day event, RFC 5545.

It holds no health data: a fixed summary, a link back to the questions and a date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from triage.engine import Outcome

__all__ = ["SUMMARY", "build_ics", "reminder_days"]

SUMMARY = "Check your back pain again"

# Self-care should be clearly better within a few days (GUIDANCE.md "Soreness or
# injury?": soreness peaks at 24-72 hours and fades); everyone else checks in a week.
SELF_CARE_DAYS = 3
OTHER_DAYS = 7


def reminder_days(outcome: str) -> int | None:
    """Days until the reminder; None for an emergency (no reminder is offered)."""
    if outcome == Outcome.EMERGENCY:
        return None
    return SELF_CARE_DAYS if outcome == Outcome.SELF_CARE else OTHER_DAYS


def _escape(text: str) -> str:
    """RFC 5545 section 3.3.11 TEXT escaping."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 section 3.1: lines of at most 75 octets, continued with a leading space."""
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = " "
            limit = 75
        current += char
    parts.append(current)
    return parts


def build_ics(*, start: date, stamp: datetime, uid: str, url: str) -> str:
    """An iCalendar file with one all-day event on ``start`` (CRLF line ends)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//BackOnTrack//Back and neck pain checker//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(start + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{_escape(SUMMARY)}",
        "DESCRIPTION:" + _escape(f"Answer the questions again to see what to do next: {url}"),
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line))
