"""Error pages must work when the database does not (config/views.py): a person in pain
who hits an error still sees what to do in an emergency."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.test_headers import _InlineCodeFinder

EMERGENCY_ADVICE = 'call <a href="tel:911">911</a>'


@pytest.fixture
def client():
    client = Client(raise_request_exception=False)
    return client


pytestmark = pytest.mark.urls("tests.security.urls")


def _assert_safe_error_page(response, *, status: int, heading: str) -> None:
    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    assert EMERGENCY_ADVICE in body
    assert "Do not drive yourself" in body
    assert "nhsuk-frontend" in body  # the styled page, not a bare text fallback
    assert "Content-Security-Policy" in response.headers
    assert _InlineCodeFinder.parse(body).problems == []


def test_404_renders_without_the_database(client, database_down):
    response = client.get("/no-such-page/")
    _assert_safe_error_page(response, status=404, heading="Page not found")
    assert not database_down.called


def test_404_renders_without_the_database_for_a_returning_visitor(client, database_down):
    client.cookies["sessionid"] = "a-session-the-database-would-have-to-look-up"
    response = client.get("/check/no-such-question/")
    _assert_safe_error_page(response, status=404, heading="Page not found")


def test_500_renders_without_the_database(client, database_down):
    response = client.get("/__tests__/broken/")
    _assert_safe_error_page(
        response, status=500, heading="Sorry, there is a problem with the service"
    )
    assert not database_down.called


def test_database_outage_gets_the_503_page(client, database_down):
    response = client.get("/__tests__/needs-database/")
    _assert_safe_error_page(response, status=503, heading="Sorry, the service is unavailable")
    assert database_down.called


def test_wizard_during_a_database_outage_gets_the_503_page(client, database_down):
    # A returning patient's answers are looked up in the session table.
    client.cookies["sessionid"] = "a-session-the-database-would-have-to-look-up"
    response = client.get(reverse("triage:start"), follow=True)
    _assert_safe_error_page(response, status=503, heading="Sorry, the service is unavailable")
