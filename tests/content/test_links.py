"""Links from content only with web or phone schemes (content.models.safe_href): the admin
refuses a ``javascript:`` booking address, but a value written another way (a data
migration, the shell, a fixture) reaches the page, where it would run when clicked."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from content.models import ClinicProfile, safe_href
from tests.factories import make_clinic
from tests.journeys import JOURNEYS, answer_all

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01\x1f javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/book",  # no scheme: takes the page's own, to another site
    "evil.example/book",
]
SAFE_SCHEMES = {"http", "https", "tel", "mailto"}
#: Where the page's links go: the site's own pages, or a safe scheme.
_HREF = re.compile(r'href="([^"]*)"')


def result_page(client, outcome: str) -> str:
    answer_all(client, JOURNEYS[outcome])
    response = client.get(reverse("triage:result"))
    assert response.status_code == 200
    return response.content.decode()


def unsafe_hrefs(page: str) -> list[str]:
    found = []
    for href in map(html.unescape, _HREF.findall(page)):
        if href.startswith(("/", "#", "?")):
            continue
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if scheme not in SAFE_SCHEMES:
            found.append(href)
    return found


@pytest.mark.parametrize("outcome", ["see_doctor", "physio", "self_care"])
@pytest.mark.parametrize("url", UNSAFE)
def test_a_booking_address_with_an_unsafe_scheme_is_never_a_link(client, url, outcome):
    make_clinic()
    ClinicProfile.objects.filter().update(booking_url=url)
    page = result_page(client, outcome)
    assert unsafe_hrefs(page) == []
    assert "Book an appointment</a>" not in page  # the first screen's button
    assert "Book an appointment online" not in page  # the clinic card's
    if outcome != "self_care":  # the first screen offers the phone instead
        assert "Call to book: (555) 010-2000" in page


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/book", "https://example.org/book"),
        ("HTTP://example.org/book", "HTTP://example.org/book"),
        (" https://example.org/book\n", "https://example.org/book"),
    ],
)
def test_a_web_booking_address_is_a_link(client, url, href):
    make_clinic()
    ClinicProfile.objects.filter().update(booking_url=url)
    page = result_page(client, "physio")
    assert page.count(f'href="{href}"') == 2  # the first screen's button, the clinic card
    assert "Book an appointment online" in page


@pytest.mark.parametrize(
    ("value", "href"),
    [
        ("tel:+15550102000", "tel:+15550102000"),
        ("https://example.org/book", "https://example.org/book"),
        *((url, "") for url in UNSAFE),
        ("", ""),
        (None, ""),
        (42, ""),
        ("https", ""),
        (":", ""),
    ],
)
def test_safe_href_keeps_web_and_phone_links_only_and_never_raises(value, href):
    assert safe_href(value) == href
