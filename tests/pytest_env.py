"""Loaded with `-p tests.pytest_env` (pyproject addopts) before Django's settings are read.

Tests run in production mode (DEBUG off) with a throwaway secret key and plain static
storage, so no collectstatic run is needed.
"""

import os

import pytest

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Admin tests log in with client.force_login(); tests/security turns two-factor back on.
os.environ.setdefault("DJANGO_ADMIN_REQUIRE_2FA", "0")
# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to be
# called from a thread with a running loop unless told it is safe (it is: tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _no_kept_template_fragments() -> None:
    """Each test starts with no rendered question inputs kept (the per-process
    "template_fragments" cache, config/settings.py). A production process cannot change its
    settings or templates without a restart; a test can (override_settings), and must see
    the change."""
    from django.core.cache import caches

    caches["template_fragments"].clear()
