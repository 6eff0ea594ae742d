"""Oversized or field-stuffed requests are refused with a 4xx, never a 5xx
(DATA_UPLOAD_MAX_MEMORY_SIZE / DATA_UPLOAD_MAX_NUMBER_FIELDS in config/settings.py)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from triage import wizard

FIVE_MB = 5 * 1024 * 1024


def _post_url(target: str) -> str:
    if target == "wizard":
        return reverse("triage:question", kwargs={"key": wizard.FIRST_STEP})
    return reverse("admin:login")


@pytest.fixture
def client():
    # Real browsers send the CSRF token; the limits must hold either way.
    return Client(raise_request_exception=False)


TARGETS = ["wizard", "admin_login"]


def test_limits_are_small():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 256 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 500
    assert settings.REQUEST_BODY_MAX_SIZE <= 1024 * 1024


def test_malformed_content_length_is_a_400(client):
    response = client.post(
        reverse("core:home"), "x", content_type="text/plain", CONTENT_LENGTH="lots"
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
def test_five_megabyte_form_post_is_refused(client, target):
    body = "emergency=none&padding=" + "x" * FIVE_MB
    response = client.post(
        _post_url(target), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {400, 413}


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
def test_five_megabyte_multipart_field_is_refused(client, target):
    data = {"emergency": "none", "padding": "x" * FIVE_MB}
    response = client.post(_post_url(target), data)  # multipart/form-data by default
    assert response.status_code in {400, 413}


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
def test_five_megabyte_file_upload_is_refused(client, target):
    """Django does not count uploaded files towards DATA_UPLOAD_MAX_MEMORY_SIZE; nothing
    here takes files, so a large body is refused before it is parsed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.bin", b"x" * FIVE_MB)
    response = client.post(_post_url(target), {"emergency": "none", "file": upload})
    assert response.status_code == 413
    assert response.status_code in {400, 413}


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
def test_too_many_fields_is_a_400(client, target):
    fields = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(
        _post_url(target), fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS)
def test_a_normal_post_is_not_refused(client, target):
    response = client.post(_post_url(target), {"emergency": "none", "username": "x"})
    assert response.status_code in {200, 302}
