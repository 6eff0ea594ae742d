import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from content.markdown import markdown_problems, render_markdown, validate_markdown


def test_renders_commonmark_to_a_small_set_of_tags():
    html = render_markdown("## Heading\n\nSome **bold** and *soft* words.\n\n- one\n- two")
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<em>soft</em>" in html
    assert "<ul>" in html
    assert "<li>one</li>" in html


def test_links_get_rel_noopener_noreferrer():
    html = render_markdown("[Book](https://example.org/book)")
    assert 'href="https://example.org/book"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize("link", ["mailto:hello@example.org", "tel:+15550102000"])
def test_email_and_phone_links_are_kept(link):
    assert f'href="{link}"' in render_markdown(f"[Contact]({link})")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> there",
        '<img src=x onerror="alert(1)">',
        "<style>body{display:none}</style>",
        '<a href="javascript:alert(1)">x</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "<javascript:alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](javascript:alert(1))",
    ],
)
def test_nothing_executable_survives_rendering(text):
    html = render_markdown(text).lower()
    assert "<script" not in html
    assert "<style" not in html
    assert "<img" not in html
    assert "onerror" not in html or "&lt;img" in html  # escaped as visible text only
    # Escaped raw HTML may show the words as text; no real link may carry the scheme.
    assert '<a href="javascript:' not in html
    assert '<a href="data:' not in html


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown("Hello <b>there</b>")
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_h1_is_not_allowed_in_body_text():
    # The page owns its one <h1>; a "# " heading in content keeps its words only.
    html = render_markdown("# Big")
    assert "<h1>" not in html
    assert "Big" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hi <script>alert(1)</script>", "Remove the <script> tag: raw HTML is not allowed."),
        ("<style>p{}</style>", "Remove the <style> tag: raw HTML is not allowed."),
        ('Text <img src="x">', "Remove the <img> tag: raw HTML is not allowed."),
        ("<!-- hidden -->", "Remove the HTML comment or code: raw HTML is not allowed."),
        (
            "[x](javascript:alert(1))",
            "Remove the javascript: link: only web (https://), email (mailto:) and phone "
            "(tel:) links are allowed.",
        ),
        (
            "<javascript:alert(1)>",
            "Remove the javascript: link: only web (https://), email (mailto:) and phone "
            "(tel:) links are allowed.",
        ),
        ("![a picture](https://example.org/a.png)", "Remove the image"),
    ],
)
def test_validator_names_what_to_remove(text, message):
    problems = markdown_problems(text)
    assert any(problem.startswith(message) for problem in problems), problems
    with pytest.raises(ValidationError):
        validate_markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "Plain words.",
        "## Heading\n\n- a list\n- [a link](https://example.org)",
        "Call [911](tel:911) or [email us](mailto:hi@example.org).",
        "See [stretches](/guidance/stretches/).",
        "Use 2 < 3 and 5 > 4 in maths.",
    ],
)
def test_validator_accepts_ordinary_markdown(text):
    assert markdown_problems(text) == []
    validate_markdown(text)


def test_template_filter_renders_and_sanitises():
    template = Template("{% load content_markdown %}{{ text|markdown }}")
    html = template.render(Context({"text": "**Hi** <script>alert(1)</script>"}))
    assert "<strong>Hi</strong>" in html
    assert "<script" not in html


def test_template_filter_handles_none():
    template = Template("{% load content_markdown %}[{{ text|markdown }}]")
    assert template.render(Context({"text": None})) == "[]"
