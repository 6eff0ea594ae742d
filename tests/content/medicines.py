"""What the medicine tests look for (PROTOCOL.md v3, "medicines"): painkillers named,
a sentence that names them only to warn, and every part of the full caution."""

from __future__ import annotations

import re

PAINKILLERS = re.compile(r"ibuprofen|naproxen|aspirin|anti-inflammator", re.IGNORECASE)
#: A sentence that names painkillers only to warn against them (the emergency result's
#: muscle-breakdown advice).
WARNING = re.compile(r"\bdo not take\b[^.]*(?:ibuprofen|anti-inflammator)", re.IGNORECASE)
FULL_CAUTION = [
    "stomach ulcer",
    "bleeding",
    "kidney problems",
    "heart problems",
    "high blood pressure",
    "asthma",
    "thins the blood",
    "pregnant",
    "65 or over",
]
