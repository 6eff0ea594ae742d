"""Where a person's answers are kept while they answer: one row per session, in the
database only (docs/decisions/0011-answers-saved-one-at-a-time.md).

The row belongs to the person's Django session (one to one, deleted with it), so the
session's expiry, "Start again" (``flush()``) and ``clearsessions`` remove the answers
with the session, and nothing else needs cleaning up. No name, address or time is kept
beside them (docs/privacy.md).
"""

from django.contrib.sessions.models import Session
from django.db import models


class SavedAnswers(models.Model):
    """The answers given so far, as :meth:`triage.engine.Progress.as_data` writes them.

    Written only by :func:`triage.wizard.record`, one answer at a time, with the
    session's row locked; read by :func:`triage.wizard.progress`. Never cached.
    """

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = "saved answers"
        verbose_name_plural = "saved answers"
        default_permissions = ()  # health data: never shown or edited in the admin

    def __str__(self) -> str:
        return "saved answers"
