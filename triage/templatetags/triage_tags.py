"""Template tags for pages outside the wizard that must say what the protocol says."""

from __future__ import annotations

from django import template

from triage.engine import RED_FLAG_GROUPS, SignGroup

register = template.Library()


@register.simple_tag
def emergency_signs() -> tuple[SignGroup, ...]:
    """The emergency signs in their groups, each with its lead-in and full description,
    from the engine: the home page lists exactly the signs the emergency question asks
    about, never a narrower copy (PROTOCOL.md v3: one source)."""
    return RED_FLAG_GROUPS
