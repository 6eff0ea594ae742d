"""A calendar reminder to follow the advice up: one all-day event with an alarm, RFC 5545.

What it says depends only on the outcome and on whether the pain is in the neck or the
back (issue 13: the title says what to check); nothing else from the answers is in it.
An urgent result gets no "check again in a week": its reminder, two days on, asks
whether the person has been seen, and says to call if not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from triage.engine import Outcome
from triage.questions import vocabulary

__all__ = ["REMINDERS", "Reminder", "build_ics", "reminder_for"]


@dataclass(frozen=True)
class Reminder:
    """A follow-up for one outcome. ``{pain}`` becomes "back pain" or "neck pain"."""

    days: int
    summary: str
    description: str
    #: What the result page says about the reminder, before the download link.
    page_text: str

    def for_location(self, location: str | None) -> Reminder:
        pain = vocabulary(location)["pain"]
        return Reminder(
            days=self.days,
            summary=self.summary.replace("{pain}", pain),
            description=self.description.replace("{pain}", pain),
            page_text=self.page_text.replace("{pain}", pain),
        )


_SAFETY = "Call 911 if you get any of the emergency signs."

# Self-care should be clearly better within a few days (GUIDANCE.md "Soreness or
# injury?": soreness peaks at 24-72 hours and fades); see-a-doctor and physio results
# check that an appointment was made; urgent ones that the person was seen within 48 hours
# (PROTOCOL.md: urgent means seen within 24-48 hours).
REMINDERS: Mapping[str, Reminder] = {
    Outcome.URGENT: Reminder(
        days=2,
        summary="Have you seen a doctor about your {pain}?",
        description=(
            "If you have not seen a doctor yet, call your doctor or the clinic today, or go "
            f"to an urgent care center. {_SAFETY}"
        ),
        page_text=(
            "If you have not been seen by a doctor within 48 hours, call your doctor or the "
            "clinic, or go to an urgent care center."
        ),
    ),
    Outcome.SEE_DOCTOR: Reminder(
        days=7,
        summary="Have you booked a doctor for your {pain}?",
        description=(
            "If you have not booked yet, book an appointment with a doctor now. If the pain "
            f"is worse or you have new symptoms, answer the questions again. {_SAFETY}"
        ),
        page_text="In 7 days, check that you have booked a doctor.",
    ),
    Outcome.PHYSIO: Reminder(
        days=7,
        summary="Have you booked a physical therapist for your {pain}?",
        description=(
            "If you have not booked yet, book a physical therapist now. If the pain is worse "
            f"or you have new symptoms, answer the questions again. {_SAFETY}"
        ),
        page_text="In 7 days, check that you have booked a physical therapist.",
    ),
    Outcome.SELF_CARE: Reminder(
        days=3,
        summary="Is your {pain} better? Check it again",
        description=(
            "If your {pain} is not clearly better, or it is worse, answer the questions "
            f"again to see what to do next. {_SAFETY}"
        ),
        page_text="If your pain is not clearly better in 3 days, answer the questions again.",
    ),
}


def reminder_for(outcome: str, *, location: str | None) -> Reminder | None:
    """The follow-up for a result; None for an emergency (the advice is to get help now)."""
    reminder = REMINDERS.get(outcome)
    return reminder.for_location(location) if reminder is not None else None


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
    description = f"{reminder.description} Answer the questions again: {url}"
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
