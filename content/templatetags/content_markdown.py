"""``{{ text|markdown }}``: clinic Markdown rendered and sanitised (content/markdown.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from content.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: object) -> SafeString:
    """Render Markdown to sanitised HTML. Whatever is stored, the output is cleaned."""
    if value is None:
        return mark_safe("")  # noqa: S308 - empty string
    # Safe to mark: render_markdown escapes raw HTML and nh3 keeps only allowed tags.
    return mark_safe(render_markdown(str(value)))  # noqa: S308
