"""Security headers as a production (HTTPS) deployment sends them, graded the way the MDN
HTTP Observatory grades a site (tests/security/observatory.py), plus the CSP's promises:
nothing inline on any page."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.security import observatory

PAGES = ["core:home", "triage:start", "admin:login"]


def scan(path: str) -> tuple[observatory.Fetch, str]:
    """Fetch `path` as the Observatory does: over HTTPS following redirects, over plain HTTP
    to see the redirection, and once more with a cross-origin Origin header."""
    client = Client()
    response = client.get(path, secure=True, follow=True)
    final_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    final_url = urljoin("https://testserver" + path, final_path)

    route = []
    url = "http://testserver" + path
    hop = Client()
    for _ in range(10):
        parts = urlsplit(url)
        answer = hop.get(parts.path, QUERY_STRING=parts.query, secure=parts.scheme == "https")
        route.append((url, answer.status_code))
        if answer.status_code not in {301, 302, 303, 307, 308}:
            break
        url = urljoin(url, answer["Location"])

    cors = Client().get(
        urlsplit(final_url).path, secure=True, headers={"Origin": observatory.OBSERVATORY_ORIGIN}
    )
    fetch = observatory.Fetch(
        url=final_url,
        status=response.status_code,
        headers=response.headers,
        body=response.content.decode(),
        cookies=list(client.cookies.values()),
        http_route=route,
        cors_headers=cors.headers,
    )
    return fetch, response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PAGES)
def test_observatory_grade_is_a_plus(production_settings, url_name):
    fetch, _ = scan(reverse(url_name))
    result = observatory.grade(fetch)
    print(f"{url_name}: {result.score} ({result.grade}) {result.modifiers()}")
    assert result.score >= 100, result.modifiers()
    assert result.grade == "A+"
    # The parts of the policy that earn the bonuses, so that a regression names itself.
    assert result.results["content-security-policy"] == (
        "csp-implemented-with-no-unsafe-default-src-none"
    )
    assert result.results["x-frame-options"] == "x-frame-options-implemented-via-csp"
    assert result.results["redirection"] == "redirection-to-https"
    assert result.results["strict-transport-security"] == (
        "hsts-implemented-max-age-at-least-six-months"
    )
    assert result.results["cookies"] in {
        "cookies-not-found",
        "cookies-secure-with-httponly-sessions-and-samesite",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PAGES)
def test_csp_allows_nothing_unsafe_and_uses_a_nonce(production_settings, url_name):
    fetch, body = scan(reverse(url_name))
    header = fetch.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    csp = observatory.parse_csp(header)
    assert csp is not None
    nonces = {source for source in csp["script-src"] if source.startswith("'nonce-")}
    assert len(nonces) == 1, csp["script-src"]
    assert csp["default-src"] == {"'none'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["base-uri"] == {"'none'"}
    assert csp["form-action"] == {"'self'"}
    # Scripts that carry a nonce carry this response's nonce.
    nonce = nonces.pop()[len("'nonce-") : -1]
    page = _InlineCodeFinder.parse(body)
    assert page.script_nonces, "expected the pages' own scripts to carry a nonce"
    assert page.script_nonces == {nonce}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PAGES)
def test_pages_have_no_inline_script_or_style(production_settings, url_name):
    _, body = scan(reverse(url_name))
    page = _InlineCodeFinder.parse(body)
    assert page.problems == []


@pytest.mark.django_db
def test_cookies_are_host_only_secure_httponly_and_samesite(production_settings):
    client = Client()
    client.get(reverse("admin:login"), secure=True)
    assert set(client.cookies) == {"__Host-csrftoken"}
    login_cookie = client.cookies["__Host-csrftoken"]
    assert login_cookie["secure"] is True
    assert login_cookie["httponly"] is True
    assert login_cookie["samesite"] == "Lax"
    assert login_cookie["path"] == "/"
    assert not login_cookie["domain"]  # __Host- cookies must not name a domain


def test_hsts_is_long_and_preloadable(production_settings):
    response = Client().get(reverse("core:home"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=63072000; includeSubDomains; preload")


def test_plain_http_redirects_to_the_same_host_over_https(production_settings):
    response = Client().get(reverse("core:home") + "?a=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/?a=1"


def test_other_security_headers(production_settings):
    response = Client().get(reverse("core:home"), secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "Access-Control-Allow-Origin" not in response


class _InlineCodeFinder(HTMLParser):
    """Collects what the CSP would block: inline scripts, <style>, style="" and on*=""."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.script_nonces: set[str] = set()

    @classmethod
    def parse(cls, html: str) -> "_InlineCodeFinder":
        finder = cls()
        finder.feed(html)
        finder.close()
        return finder

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            if not attributes.get("src"):
                self.problems.append(f"inline <script> at line {self.getpos()[0]}")
            if attributes.get("nonce"):
                self.script_nonces.add(str(attributes["nonce"]))
        if tag == "style":
            self.problems.append(f"<style> at line {self.getpos()[0]}")
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.problems.append(f'{name}="" on <{tag}> at line {self.getpos()[0]}')


# The scorer itself must be able to fail: a bare response grades F, and bonuses are only
# added to an A.


def _bare(**headers: str) -> observatory.Fetch:
    return observatory.Fetch(
        url="https://example.org/",
        status=200,
        headers=headers,
        body="<!doctype html><p>hi</p>",
        http_route=[("http://example.org/", 200)],
    )


def test_scorer_grades_a_response_without_security_headers_f():
    result = observatory.grade(_bare())
    # CSP -25, redirection -20, HSTS -20, X-Content-Type-Options -5, X-Frame-Options -20
    assert result.score == 10
    assert result.grade == "F"


def test_scorer_penalises_unsafe_inline_and_withholds_bonuses_below_an_a():
    result = observatory.grade(
        _bare(
            **{
                "Content-Security-Policy": "default-src 'none'; script-src 'self' 'unsafe-inline'",
                "Strict-Transport-Security": "max-age=63072000",
                "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "DENY",
                "Referrer-Policy": "no-referrer",
                "Cross-Origin-Resource-Policy": "same-origin",
            }
        )
    )
    assert result.results["content-security-policy"] == "csp-implemented-with-unsafe-inline"
    # -20 CSP, -20 no redirect: 60, so the +5 referrer and +10 CORP bonuses do not count.
    assert result.score == 60


def test_scorer_treats_a_nonce_as_cancelling_unsafe_inline():
    fetch = _bare(
        **{"Content-Security-Policy": "default-src 'none'; script-src 'nonce-abc' 'unsafe-inline'"}
    )
    assert observatory.content_security_policy(fetch) == (
        "csp-implemented-with-no-unsafe-default-src-none"
    )


def test_scorer_penalises_insecure_session_cookies():
    from http.cookies import SimpleCookie

    jar = SimpleCookie()
    jar["sessionid"] = "x"
    fetch = observatory.Fetch(
        url="https://example.org/", status=200, headers={}, body="", cookies=[jar["sessionid"]]
    )
    assert observatory.cookies(fetch) == "cookies-session-without-secure-flag"


def test_inline_code_finder_spots_what_the_csp_would_block():
    page = _InlineCodeFinder.parse(
        '<script>alert(1)</script><style>p{}</style><p style="color:red" onclick="go()">'
        '<script src="/static/js/app.js" nonce="abc"></script>'
    )
    assert len(page.problems) == 4
    assert page.script_nonces == {"abc"}
