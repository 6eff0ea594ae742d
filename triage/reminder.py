"""A calendar reminder to follow the advice up: one all-day event with an alarm, RFC 5545.

What it says depends only on the outcome and on whether the pain is in the neck or the
back (the title says what to check); nothing else from the answers is in it.
An urgent result gets no "check again in a week": its reminder, two days on, asks
whether the person has been seen, and says to call if not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

from triage.engine import Outcome
from triage.wording import REMINDER_LINK, REMINDER_TEXT, fill, vocabulary

__all__ = ["DAYS", "Reminder", "build_ics", "reminder_for"]


#: Days until each follow-up. Self-care should be clearly better within a few days
#: (GUIDANCE.md "Soreness or injury?": soreness peaks at 24-72 hours and fades);
#: see-a-doctor and physio results check that an appointment was made; urgent ones that
#: the person was seen within 48 hours (PROTOCOL.md: urgent means seen within 24-48
#: hours). No reminder after an emergency: the advice is to get help now.
DAYS: Mapping[Outcome, int] = MappingProxyType(
    {Outcome.URGENT: 2, Outcome.SEE_DOCTOR: 7, Outcome.PHYSIO: 7, Outcome.SELF_CARE: 3}
)


@dataclass(frozen=True)
class Reminder:
    """A follow-up for one result, in the person's words (``triage.wording``)."""

    days: int
    summary: str
    description: str
    #: What the result page says about the reminder, before the download link.
    page_text: str


def reminder_for(outcome: Outcome, *, location: str | None) -> Reminder | None:
    """The follow-up for a result, worded for where the pain is; None for an emergency."""
    days = DAYS.get(outcome)
    if days is None:
        return None
    text = REMINDER_TEXT[outcome]
    words = {"pain": vocabulary(location)["pain"]}
    return Reminder(
        days=days,
        summary=fill(text.summary, words),
        description=fill(text.description, words),
        page_text=fill(text.page_text, words),
    )


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


def build_ics(*, reminder: Reminder, start: date, stamp: datetime, uid: str, url: str) -> str:
    """An iCalendar file with one all-day event on ``start`` and an alarm at 9 a.m. that
    day (CRLF line ends)."""
    description = f"{reminder.description} {fill(REMINDER_LINK, {'url': url})}"
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
        f"SUMMARY:{_escape(reminder.summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        # RFC 5545 3.6.6: for an all-day event, a trigger relative to the start counts
        # from midnight, so PT9H rings at 9 a.m. on the day.
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER;RELATED=START:PT9H",
        f"DESCRIPTION:{_escape(reminder.summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line))
