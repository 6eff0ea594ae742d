"""Real-browser tests: Debian's Chromium, driven by pytest-playwright, against live_server.

Everything here is marked ``browser`` (`-m 'not browser'` leaves it out). One Chromium runs
for the whole session; each test gets fresh contexts (cookies, viewport, JavaScript on or
off) from ``open_page``, and every page is guarded: a CSP violation, a JavaScript error or
a request to another host fails the test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.support import Guard
from tests.factories import seed_starter_content

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the mark is there before `-m 'not browser'` deselects.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _chromium_present() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: `apt-get install chromium` (never `playwright install`)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, with the system Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def guidance(live_server) -> None:
    """The clinic's starter content, so that results show stretches, tips and plans.

    live_server tests run on a transactional database that is flushed after each test.
    """
    seed_starter_content()


OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser, live_server) -> Iterator[OpenPage]:
    """``open_page(width=375, js=True)``: a page in a new browser context, guarded.

    At the end of the test the guard's findings (CSP, JS errors, other hosts) fail it.
    """
    contexts = []
    guards: list[Guard] = []

    def _open(*, width: int, js: bool = True, allow: tuple[str, ...] = ()) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            java_script_enabled=js,
            base_url=live_server.url,
        )
        contexts.append(context)
        guard = Guard(origin=live_server.url, allowed=[re.compile(p) for p in allow])
        guards.append(guard)
        page = context.new_page()
        guard.watch(page)
        return page

    yield _open
    for context in contexts:
        context.close()
    problems = [problem for guard in guards for problem in guard.problems]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
