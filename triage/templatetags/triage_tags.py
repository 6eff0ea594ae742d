"""Template tags for pages outside the wizard that must say what the protocol says."""

from __future__ import annotations

from django import template

from triage.wording import SignGroupText, sign_groups

register = template.Library()


@register.simple_tag
def emergency_signs() -> tuple[SignGroupText, ...]:
    """The emergency signs in their groups, each with its lead-in and full description:
    the home page lists exactly the signs the emergency question asks about, never a
    narrower copy (PROTOCOL.md v3: one source)."""
    return sign_groups()
