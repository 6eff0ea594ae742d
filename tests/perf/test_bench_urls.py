"""The benchmark's floor view lives in bench/ only: bench/settings.py mounts it
through bench/urls.py, and production code neither serves nor imports it."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]


def test_bench_settings_use_bench_urls(monkeypatch, tmp_path):
    monkeypatch.setenv("BENCH_STATIC_ROOT", str(tmp_path))
    bench_settings = importlib.import_module("bench.settings")
    bench_settings = importlib.reload(bench_settings)  # with the variable above set
    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert tmp_path == bench_settings.STATIC_ROOT


@override_settings(ROOT_URLCONF="bench.urls")
def test_bench_urls_serve_the_floor_and_every_project_page():
    from bench.floor import bench_floor

    assert resolve("/bench/floor/").func is bench_floor
    assert resolve("/healthz").url_name == "healthz"
    assert resolve("/check/emergency/").namespace == "triage"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.urls")
def test_floor_answers_through_the_middleware():
    response = Client().get("/bench/floor/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Content-Security-Policy" in response  # the same middleware as every page


def test_project_urls_have_no_floor():
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")


def test_production_code_does_not_import_the_benchmark():
    code = (
        "import sys, django; django.setup(); import config.urls, config.wsgi; "
        "print(sorted(m for m in sys.modules if m == 'bench' or m.startswith('bench.')))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "tests-only-secret-key-" + "x" * 40,
        "DJANGO_HTTPS": "0",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    for name in ("config/urls.py", "config/settings.py"):
        text = (ROOT / name).read_text(encoding="utf-8").lower()
        assert "bench_floor" not in text and "bench.floor" not in text, name
