"""Static files in production: hashed names, compressed copies, cached for a year
(docs/decisions/0006-performance.md).

collectstatic runs once into a temporary STATIC_ROOT with the production storage
(config.storage.StaticStorage), and WhiteNoise serves from it as in production.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware

ONE_YEAR = 365 * 24 * 60 * 60
PRODUCTION_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticStorage"},
}
#: What every page links, and what the stylesheet and the module import.
ASSETS = [
    "css/app.css",
    "css/result-print.css",
    "js/app.js",
    "vendor/nhsuk-frontend/nhsuk-frontend.min.css",
    "vendor/nhsuk-frontend/nhsuk-frontend.min.js",
]
HASHED = re.compile(r"\.[0-9a-f]{12}\.")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGE):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
        yield root


@pytest.fixture(scope="module")
def manifest(static_root) -> dict[str, str]:
    return json.loads((Path(static_root) / "staticfiles.json").read_text())["paths"]


@pytest.mark.parametrize("name", ASSETS)
def test_each_asset_has_a_hashed_name_and_compressed_copies(static_root, manifest, name):
    hashed = manifest[name]
    assert HASHED.search(hashed), hashed
    for suffix in ("", ".gz", ".br"):
        assert (Path(static_root) / (hashed + suffix)).is_file(), hashed + suffix


def test_the_module_imports_the_hashed_library(static_root, manifest):
    # Otherwise the library would be fetched by its plain name, with the short cache.
    app_js = (Path(static_root) / manifest["js/app.js"]).read_text()
    assert manifest["vendor/nhsuk-frontend/nhsuk-frontend.min.js"].rsplit("/", 1)[1] in app_js


@pytest.mark.django_db
def test_pages_link_the_hashed_names(static_root, manifest):
    html = Client().get(reverse("core:home")).content.decode()
    for name in ("css/app.css", "vendor/nhsuk-frontend/nhsuk-frontend.min.css", "js/app.js"):
        assert f'"/static/{manifest[name]}"' in html, name


def _serve(path: str, encoding: str) -> HttpResponse:
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    return middleware(RequestFactory().get(path, HTTP_ACCEPT_ENCODING=encoding))


@pytest.mark.parametrize(("encoding", "served"), [("br, gzip", "br"), ("gzip", "gzip")])
@pytest.mark.parametrize("name", ASSETS)
def test_whitenoise_serves_them_compressed_and_cached_for_a_year(
    static_root, manifest, name, encoding, served
):
    response = _serve(f"/static/{manifest[name]}", encoding)
    assert response.status_code == 200
    assert response["Content-Encoding"] == served
    assert "Accept-Encoding" in response["Vary"]
    cache_control = response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
    assert max_age >= ONE_YEAR, cache_control
    assert "public" in cache_control and "immutable" in cache_control
