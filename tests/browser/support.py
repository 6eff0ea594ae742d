"""Helpers the browser tests share: page guard, axe-core, keyboard moves, answer sets.

The answer sets are the same public vignettes as tests/triage/test_wizard_journeys.py,
one per outcome of PROTOCOL.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.module_loading import import_string
from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, Request

from bench.journeys import SELF_CARE
from triage.engine import read_progress
from triage.models import SavedAnswers

PHONE = 375
DESKTOP = 1280
WIDTHS = (PHONE, DESKTOP)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"

AXE_URL = "/static/vendor/axe-core/axe.min.js"
# WCAG 2.2 AA, the project's bar (BRIEF.md), as axe-core tags its rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


#: One answer set per outcome (PROTOCOL.md rules named in the comments).
ANSWERS: dict[str, dict[str, object]] = {
    "emergency": {"emergency": ["saddle_numbness"]},  # E1
    "urgent": {**SELF_CARE, "nerve": ["weakness"]},  # U1
    "see_doctor": {**SELF_CARE, "duration": "1_to_3_weeks"},  # D1
    # P2, with neck pain so that the neck wording is walked through as well.
    "physio": {**SELF_CARE, "location": "neck", "history": ["recurring"]},
    "self_care": SELF_CARE,  # no rule
}
OUTCOMES = tuple(ANSWERS)


# --- Page guard --------------------------------------------------------------------------


@dataclass
class Guard:
    """Collects what must never happen on any page: CSP violations, JS errors, and
    requests to any host but the live server (no CDN, no tracker: BRIEF.md privacy)."""

    origin: str
    problems: list[str] = field(default_factory=list)
    #: Console errors a test expects (e.g. the 404 status of a "page not found" test).
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", lambda message: self._on_console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"JS error on {page.url}: {error}"))
        page.on("request", self._on_request)

    def _on_console(self, page: Page, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text:
            self.problems.append(f"CSP violation on {page.url}: {text}")
        elif message.type == "error" and not any(p.search(text) for p in self.allowed):
            self.problems.append(f"console error on {page.url}: {text}")

    def _on_request(self, request: Request) -> None:
        if not request.url.startswith(self.origin + "/"):
            self.problems.append(f"request to another host: {request.url}")


# --- Sessions ----------------------------------------------------------------------------


def give_answers(context: BrowserContext, *, origin: str, answers: dict[str, object]) -> None:
    """Start the browser with ``answers`` already in its server-side session (skips the
    wizard when a test is about a result page, not about the journey)."""
    store: SessionBase = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store.create()
    SavedAnswers.objects.create(
        session_id=store.session_key, answers=read_progress(answers).as_data()
    )
    context.clear_cookies()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key or "", "url": origin}]
    )


# --- axe-core ----------------------------------------------------------------------------


def axe_violations(page: Page, *, origin: str) -> list[dict[str, object]]:
    """Run axe-core on the whole page; CSP allows it only as a same-origin script file."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=origin + AXE_URL)
    return page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        }).then(results => results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
        })))""",
        AXE_TAGS,
    )


def describe_violations(found: dict[str, list[dict[str, object]]]) -> str:
    """A readable list: page, rule, impact, help, then each failing node."""
    lines = []
    for where, violations in found.items():
        for violation in violations:
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}"
                f" <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:  # type: ignore[attr-defined]
                lines.append(f"    {json.dumps(node['target'])} {node['html'][:160]}")
                summary = " ".join(str(node["summary"]).split())
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


class AxeAudit:
    """Runs axe on each page a test visits and fails once, at the end, listing them all."""

    def __init__(self, *, origin: str, width: int) -> None:
        self.origin = origin
        self.width = width
        self.found: dict[str, list[dict[str, object]]] = {}
        self.checked: list[str] = []

    def check(self, page: Page, name: str) -> None:
        where = f"{name} [{self.width}px] {page.url.removeprefix(self.origin)}"
        self.checked.append(where)
        violations = axe_violations(page, origin=self.origin)
        # WCAG 1.4.10 (reflow): nothing makes the page scroll sideways on a phone.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            violations.append(
                {
                    "id": "reflow",
                    "impact": "serious",
                    "help": f"the page scrolls sideways by {overflow}px",
                    "helpUrl": "https://www.w3.org/WAI/WCAG22/Understanding/reflow",
                    "nodes": [],
                }
            )
        if violations:
            self.found[where] = violations

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.found, "axe-core found WCAG 2.2 AA violations:\n" + describe_violations(
            self.found
        )


# Page objects of a PDF ("/Type /Pages" is the page tree, not a page).
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    return len(_PDF_PAGE.findall(pdf))


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- Keyboard ----------------------------------------------------------------------------


def is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("element => element === document.activeElement"))


def skip_to_main(page: Page) -> None:
    """From the top of a freshly loaded page: Tab to the skip link, Enter to jump to main."""
    page.keyboard.press("Tab")
    skip_link = page.locator("a.nhsuk-skip-link")
    assert is_focused(skip_link), f"the first Tab did not reach the skip link on {page.url}"
    page.keyboard.press("Enter")


def tab_to(page: Page, locator: Locator, *, limit: int = 60) -> None:
    """Press Tab until ``locator`` has focus (and fail if it never gets it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} never got focus with Tab on {page.url}")
