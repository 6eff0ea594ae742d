"""Page weight and independence (docs/decisions/0006-performance.md): small results,
little CSS, no JavaScript needed, nothing fetched from anyone else. Checked on every page a
patient can reach, with the starter content a new clinic gets."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from content.models import ClinicProfile, Guide, Plan, Stretch, Tip
from tests.journeys import KEYS, answer, answer_all, outcome_of
from tests.perf.conftest import make_library
from tests.perf.test_query_budgets import OUTCOMES

pytestmark = pytest.mark.django_db

RESULT_HTML_MAX = 40 * 1024
CSS_GZIP_MAX = 30 * 1024


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def site(client: Client) -> Iterator[tuple[str, str]]:
    """(name, HTML) of every page a patient can reach, one journey per outcome."""
    yield "home", client.get(reverse("core:home")).content.decode()
    for outcome, answers in OUTCOMES.items():
        visitor = Client()
        for key in KEYS:
            if key not in answers:
                break
            page = visitor.get(reverse("triage:question", args=[key]))
            assert page.status_code == 200, (outcome, key, page.status_code)
            if outcome == "self_care":
                yield f"question:{key}", page.content.decode()
            answer(visitor, key, answers[key])
        if outcome == "self_care":
            yield "check answers", visitor.get(reverse("triage:answers")).content.decode()
            error = answer(visitor, "severity", "eleven", change=True)
            yield "question with an error", error.content.decode()
        result = visitor.get(reverse("triage:result"))
        assert outcome_of(result) == outcome
        yield f"result:{outcome}", result.content.decode()
    for name in ("index", "stretch_list", "tip_list", "plan_list", "guide_list"):
        yield f"guidance:{name}", client.get(reverse(f"content:{name}")).content.decode()
    for model in (Stretch, Tip, Plan, Guide):
        for item in model.objects.published():
            response = client.get(item.get_absolute_url())
            assert response.status_code == 200, item
            yield f"guidance:{item.get_absolute_url()}", response.content.decode()
    yield "not found", client.get("/no-such-page/").content.decode()


@pytest.fixture
def pages(starter_content, client) -> dict[str, str]:
    return dict(site(client))


def test_the_crawl_reaches_every_kind_of_page(pages):
    assert {f"result:{outcome}" for outcome in OUTCOMES} <= set(pages)
    assert {f"question:{key}" for key in KEYS} <= set(pages)
    assert sum(name.startswith("guidance:/") for name in pages) >= 20


# --- Size --------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_each_result_page_is_at_most_40_kb(starter_content, outcome):
    make_library(
        size=10, clinic=False
    )  # more content than any result can show: the lists are capped
    visitor = Client()
    answer_all(visitor, OUTCOMES[outcome])
    response = visitor.get(reverse("triage:result"))
    assert outcome_of(response) == outcome
    assert len(response.content) <= RESULT_HTML_MAX, len(response.content)


def _stylesheets(html: str) -> list[str]:
    return [
        attrs["href"] or ""
        for tag, attrs in parse(html).tags
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split()
    ]


def _static_file(url: str) -> Path:
    assert url.startswith(settings.STATIC_URL), url
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    assert found, url
    return Path(found)


def test_every_page_links_at_most_30_kb_of_css_when_compressed(pages):
    for name, html in pages.items():
        sheets = _stylesheets(html)
        assert sheets, name
        compressed = 0
        for url in sheets:
            css = _static_file(url).read_bytes()
            assert b"@import" not in css, url  # would load more CSS than the page links
            compressed += len(gzip.compress(css, compresslevel=9, mtime=0))
        assert compressed <= CSS_GZIP_MAX, (name, compressed)


# --- No JavaScript needed -----------------------------------------------------------------------


def test_no_page_needs_javascript(pages):
    for name, html in pages.items():
        parsed = parse(html)
        assert not parsed.script_text, f"{name}: inline script"
        for tag, attrs in parsed.tags:
            handlers = [attr for attr in attrs if attr.startswith("on")]
            assert not handlers, f"{name}: <{tag} {handlers}>"
            for attr in ("href", "action", "formaction"):
                assert not (attrs.get(attr) or "").lower().startswith("javascript:"), name
            if tag == "script":
                assert attrs.get("type") == "module", f"{name}: {attrs}"
                assert (attrs.get("src") or "").startswith(settings.STATIC_URL), f"{name}: {attrs}"
            if tag == "form":
                assert attrs.get("method") in {"post", "get"} and attrs.get("action"), name


def test_every_question_is_a_plain_html_form_with_a_submit_button(pages):
    for key in KEYS:
        parsed = parse(pages[f"question:{key}"])
        forms = [attrs for tag, attrs in parsed.tags if tag == "form"]
        assert forms == [{"method": "post", "action": f"/check/{key}/", "novalidate": None}]
        buttons = [attrs for tag, attrs in parsed.tags if tag == "button"]
        assert any(attrs.get("type") == "submit" for attrs in buttons), key


# --- Nothing from anyone else -------------------------------------------------------------------

URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""", re.IGNORECASE)


def test_pages_name_no_other_site_but_the_clinic_booking_link(pages):
    # The starter clinic has no booking link (no made-up addresses for patients), so no
    # page may name any other site at all.
    booking = ClinicProfile.objects.get().booking_url
    assert booking == ""
    for name, html in pages.items():
        for tag, attrs in parse(html).tags:
            for attr in ("src", "href", "action", "srcset", "poster", "data"):
                value = attrs.get(attr) or ""
                if URL.match(value):
                    raise AssertionError((name, tag, value))
        others = set(URL.findall(html))
        assert not others, (name, others)


def test_every_linked_stylesheet_names_no_other_site(pages):
    sheets = {url for html in pages.values() for url in _stylesheets(html)}
    assert len(sheets) >= 2
    for url in sheets:
        css = _static_file(url).read_text(encoding="utf-8")
        assert not URL.findall(css.replace("//# sourceMappingURL", "")), url
        for reference in re.findall(r"url\(([^)]*)\)", css):
            assert not URL.match(reference.strip("'\" ")), (url, reference)
