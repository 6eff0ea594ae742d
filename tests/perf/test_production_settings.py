"""Settings that keep pages fast in production (docs/decisions/0006-performance.md). Tests
run with DEBUG off."""

from __future__ import annotations

from django.conf import settings
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_templates_are_compiled_once_per_worker():
    # No "loaders" option: with DEBUG off Django wraps the loaders in the cached loader.
    assert not settings.DEBUG
    assert "loaders" not in settings.TEMPLATES[0]["OPTIONS"]
    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [CachedLoader]


def test_static_files_are_cached_for_a_year_outside_debug():
    assert settings.WHITENOISE_MAX_AGE >= 365 * 24 * 60 * 60
    middleware = settings.MIDDLEWARE
    # Before the session and everything after it: a static file costs no session or CSRF.
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
