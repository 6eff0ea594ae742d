from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest | None) -> dict[str, Any]:
    """Site-wide names for templates; never touches the database (error pages use it)."""
    return {
        "CLINIC_NAME": settings.CLINIC_NAME,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        # In the keys of cached template fragments (templates/triage/question.html).
        "RELEASE": settings.RELEASE,
    }
