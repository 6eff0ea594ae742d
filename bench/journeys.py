"""The answers each benchmark journey gives, one set per outcome (used by the locustfile and
bench/profile_pages.py). Kept apart from the locustfile: importing locust patches threading."""

from __future__ import annotations

from triage.engine import QUESTIONS

#: The question keys, in protocol order.
KEYS = [question.key for question in QUESTIONS]

# The one copy of the worked answer sets, shared by the benchmark and the tests
# (tests/journeys.py). A self-care answer set (public vignette P01); each outcome
# changes a few keys.
SELF_CARE: dict[str, object] = {
    "emergency": ["none"],
    "age": "20_to_49",
    "location": "lower_back",
    "onset": "delayed_after",
    "duration": "under_3_days",
    "character": "dull_ache",
    "severity": 3,
    "trend": "improving",
    "nerve": ["none"],
    "impact": ["none"],
    "general": ["none"],
    "activity": ["heavy_lifting"],
    "history": ["none"],
}
JOURNEYS: dict[str, dict[str, object]] = {
    "emergency": {"emergency": ["saddle_numbness"]},
    "urgent": {**SELF_CARE, "nerve": ["weakness"]},
    "see_doctor": {**SELF_CARE, "duration": "1_to_3_weeks"},
    "physio": {**SELF_CARE, "history": ["recurring"]},
    "self_care": SELF_CARE,
}
