"""What an independent security test found, each as a test that fails without its fix:
methods the guidance pages answer, where a login lands after a refused `next`, log lines,
the messages cookie and static files' CORS header. The live-server parts are in
tests/faults/test_gunicorn.py.
"""

import logging
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from config.logs import OneLineFormatter
from config.middleware import STAFF_SESSION_LAST_SEEN
from tests.factories import make_stretch

GUIDANCE = [
    ("content:index", {}),
    ("content:stretch_list", {}),
    ("content:stretch_detail", {"slug": "knee-hug"}),
    ("content:tip_list", {}),
    ("content:tip_detail", {"slug": "any-tip"}),
    ("content:plan_list", {}),
    ("content:plan_detail", {"slug": "any-plan"}),
    ("content:guide_list", {}),
    ("content:guide_detail", {"slug": "any-guide"}),
]


# --- guidance pages: GET and HEAD only ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), GUIDANCE)
@pytest.mark.parametrize("method", ["trace", "options", "post", "put", "delete"])
def test_guidance_pages_refuse_other_methods(name, kwargs, method):
    response = getattr(Client(), method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_guidance_pages_still_answer_get_and_head():
    make_stretch(slug="knee-hug", title="Knee hug")
    client = Client()
    for name, kwargs in GUIDANCE:
        if "slug" in kwargs and name != "content:stretch_detail":
            continue
        url = reverse(name, kwargs=kwargs)
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url


# --- where a login lands ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_a_login_whose_next_is_refused_lands_on_the_admin_index(next_url):
    User.objects.create_user(username="ed", password="a-long-test-password-123", is_staff=True)
    response = Client().post(
        reverse("admin:login") + (f"?next={next_url}" if next_url else ""),
        {"username": "ed", "password": "a-long-test-password-123", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")  # not /accounts/profile/


# --- one line per expected failure -------------------------------------------------------


def test_a_refused_host_logs_one_line_without_a_traceback(site_log):
    response = Client().get(reverse("core:home"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    lines = site_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert (
        "ERROR django.security.DisallowedHost Invalid HTTP_HOST header: 'evil.example'"
        in (lines[0])
    )
    assert lines[0].endswith("(django.core.exceptions.DisallowedHost)")


@pytest.mark.urls("tests.security.urls")
def test_a_bug_still_logs_its_traceback(site_log):
    response = Client(raise_request_exception=False).get("/__tests__/broken/")
    assert response.status_code == 500
    logged = site_log.getvalue()
    assert "ERROR django.request Internal Server Error: /__tests__/broken/" in logged
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: a bug" in logged


def test_one_line_formatter_keeps_other_handlers_records_whole():
    try:
        raise ValueError("boom")
    except ValueError as error:
        record = logging.LogRecord(
            "django.security.SuspiciousOperation",
            logging.ERROR,
            __file__,
            1,
            "bad: %s",
            ("x",),
            (type(error), error, error.__traceback__),
        )
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert line == "ERROR bad: x (builtins.ValueError)"
    assert record.exc_info is not None  # the record itself is untouched
    assert "Traceback" in logging.Formatter().format(record)


# --- cookies and static files -------------------------------------------------------------


@pytest.mark.django_db
def test_messages_set_no_cookie_without_the_host_prefix(production_settings):
    """No cookie without the __Host- prefix: messages live in the session, whose cookie
    has it, so there is no `messages` cookie."""
    client = Client()
    client.force_login(User.objects.create_user(username="ed", is_staff=True))
    assert client.get(reverse("admin:index"), secure=True).status_code == 200
    session = client.session
    session[STAFF_SESSION_LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("admin:index"), secure=True, follow=True)
    assert "You were logged out" in response.content.decode()  # a message was shown
    assert "messages" not in client.cookies
    assert all(name.startswith("__Host-") for name in client.cookies), list(client.cookies)


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_static_files_do_not_allow_every_origin():
    response = Client().get("/static/css/app.css", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
