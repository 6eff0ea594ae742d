from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


def test_home_page_explains_the_service(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "about 2 minutes" in body
    assert 'href="tel:911"' in body
    assert f'href="{reverse("triage:start")}"' in body
    assert "Start now" in body


def test_every_page_carries_the_medical_advice_notice(client):
    body = client.get(reverse("core:home")).content.decode()
    assert "not a diagnosis or medical advice" in body


def test_unknown_url_gets_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "nhsuk-frontend" in body  # styled: the site's own stylesheet
    assert "911" in body


@pytest.mark.django_db
def test_healthz_ok_when_database_answers(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_503_when_database_is_down(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503


def test_database_outage_shows_the_styled_503(client, monkeypatch):
    client.raise_request_exception = False

    def boom(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("config.views.render", _render_but_fail_home(boom))
    response = client.get(reverse("core:home"))
    assert response.status_code == 503
    body = response.content.decode()
    assert "Sorry, the service is unavailable" in body
    assert "911" in body


def _render_but_fail_home(boom):
    """Make the home view hit a database error, while error pages still render."""
    from django.shortcuts import render

    def fake_render(request, template_name, *args, **kwargs):
        if template_name == "core/home.html":
            boom()
        return render(request, template_name, *args, **kwargs)

    return fake_render


def test_unexpected_error_shows_the_styled_500(client, monkeypatch):
    client.raise_request_exception = False

    def fake_render(request, template_name, *args, **kwargs):
        if template_name == "core/home.html":
            raise RuntimeError("bug")
        from django.shortcuts import render

        return render(request, template_name, *args, **kwargs)

    monkeypatch.setattr("config.views.render", fake_render)
    response = client.get(reverse("core:home"))
    assert response.status_code == 500
    assert "there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["utf8", "latin-1", "utf-16", "cp1252"])
def test_a_form_post_in_an_unknown_charset_gets_the_styled_400_not_a_500(charset):
    """Django refuses bodies in charsets other than UTF-8 (ticket #34709); its default
    400 handler re-ran the CSRF check, re-read the body and crashed into a 500."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        reverse("triage:question", kwargs={"key": "emergency"}),
        data=f"csrfmiddlewaretoken={'a' * 32}&emergency=none".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Sorry, we could not read that" in body
    assert "911" in body


def test_a_bad_request_caused_by_the_database_gets_the_503_page(rf):
    from django.contrib.sessions.exceptions import SessionInterrupted

    from config.views import bad_request

    try:
        try:
            raise OperationalError("server closed the connection")
        except OperationalError as db_error:
            raise SessionInterrupted("session could not be saved") from db_error
    except SessionInterrupted as error:
        response = bad_request(rf.get("/check/severity/"), error)
    assert response.status_code == 503
