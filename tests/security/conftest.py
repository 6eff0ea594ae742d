import importlib.util
import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import override_settings

from config.logs import OneLineFormatter

# Settings that are per test run, not per environment.
_NOT_OVERRIDDEN = {"DATABASES", "LOGGING"}


def _settings_for(env: dict[str, str]) -> dict[str, Any]:
    """config/settings.py evaluated afresh with extra environment variables."""
    path = Path(settings.BASE_DIR) / "config" / "settings.py"
    with mock.patch.dict(os.environ, env):
        spec = importlib.util.spec_from_file_location("_settings_under_test", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


@pytest.fixture
def production_settings() -> Iterator[dict[str, Any]]:
    """The real production configuration behind HTTPS (DJANGO_HTTPS on, DEBUG off), as
    far as it differs from the test run's. Make new Client()s inside: SecurityMiddleware
    reads its settings when the client first loads the middleware."""
    values = _settings_for({"DJANGO_DEBUG": "0", "DJANGO_HTTPS": "1"})
    changed = {
        name: value
        for name, value in values.items()
        if name not in _NOT_OVERRIDDEN and getattr(settings, name, object()) != value
    }
    assert changed.get("SECURE_SSL_REDIRECT") is True  # i.e. HTTPS mode really is different
    with override_settings(**changed):
        yield changed


@pytest.fixture(autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """These tests log in dozens of times; the production hasher is slow on purpose."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def database_down() -> Iterator[mock.MagicMock]:
    """Every attempt to use the database fails, as in an outage."""
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("could not connect to server"),
    ) as cursor:
        yield cursor


@pytest.fixture
def site_log() -> Iterator[io.StringIO]:
    """What the site's stdout log handler (settings.LOGGING) writes, as production sees it."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler)
        and isinstance(handler.formatter, OneLineFormatter)
    ]
    assert len(handlers) == 1, logging.getLogger().handlers
    written = io.StringIO()
    previous = handlers[0].setStream(written)
    try:
        yield written
    finally:
        handlers[0].setStream(previous)
