"""Markdown for clinic-written text: CommonMark in, sanitised HTML out.

Two layers (docs/decisions/0004-markdown-sanitising.md): ``validate_markdown`` refuses raw
HTML and unsafe links when staff save, with a message saying what to remove; and
``render_markdown`` never trusts what is stored: markdown-it-py with HTML disabled, then
nh3 keeps only a small set of tags and http/https/mailto/tel links.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
        "hr",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer"

# The renderer patients get: raw HTML is escaped into visible text, never passed through.
_renderer = MarkdownIt("commonmark", {"html": False})
# The checker staff get: HTML on and every link accepted, so that it can *see* them and
# say exactly what to remove.
_checker = MarkdownIt("commonmark", {"html": True})
_checker.validateLink = lambda url: True  # type: ignore[method-assign]

_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Render clinic Markdown to HTML that is safe to show to patients."""
    if not text:
        return ""
    html = _renderer.render(text)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def _walk(tokens: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        if token.children:
            flat.extend(_walk(token.children))
    return flat


def _link_problem(url: str) -> str | None:
    cleaned = "".join(url.split()).lower()
    scheme = urlsplit(cleaned).scheme
    if scheme and scheme not in ALLOWED_URL_SCHEMES:
        return (
            f"Remove the {scheme}: link: only web (https://), email (mailto:) and "
            "phone (tel:) links are allowed."
        )
    return None


def markdown_problems(text: str) -> list[str]:
    """Plain-English reasons why this Markdown cannot be saved (empty if it is fine)."""
    problems: list[str] = []
    for token in _walk(_checker.parse(text or "")):
        if token.type in {"html_block", "html_inline"}:
            match = _TAG_NAME.search(token.content)
            if match:
                tag = match.group(1).lower()
                problem = f"Remove the <{tag}> tag: raw HTML is not allowed."
            else:
                problem = "Remove the HTML comment or code: raw HTML is not allowed."
        elif token.type == "link_open":
            problem = _link_problem(str(token.attrGet("href") or "")) or ""
        elif token.type == "image":
            problem = (
                "Remove the image (![…](…)): pictures cannot be added here."
                if not _link_problem(str(token.attrGet("src") or ""))
                else _link_problem(str(token.attrGet("src") or "")) or ""
            )
        else:
            continue
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def validate_markdown(value: str) -> None:
    """Model field validator: runs in ``full_clean()``, so in the admin and any ModelForm."""
    problems = markdown_problems(value)
    if problems:
        raise ValidationError(problems, code="unsafe_markdown")
