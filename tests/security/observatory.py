"""A re-implementation of the MDN HTTP Observatory's grading, for test responses.

Source: github.com/mdn/mdn-http-observatory, src/analyzer/tests/*.js (one function per
test below) and src/grader/charts.js (the modifiers); methodology at
https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring. Start at 100,
subtract the penalties; only if that leaves 90 or more are the bonuses added. 100+ is A+.

Two things the real scanner looks up online are left out, so this never scores higher
than it: the HSTS preload list (+5 when preloaded) and crossdomain.xml/clientaccesspolicy.xml.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import Morsel
from urllib.parse import urlsplit

MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15_552_000  # the scanner's "white lie" for 15768000

DANGEROUSLY_BROAD = {
    "ftp:",
    "http:",
    "https:",
    "*",
    "http://*",
    "http://*.*",
    "https://*",
    "https://*.*",
}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH_PREFIXES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PASSIVE_DIRECTIVES = ("img-src", "media-src")
REFERRER_PRIVATE = [
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
]
REFERRER_UNSAFE = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"]
OBSERVATORY_ORIGIN = "https://http-observatory.security.mozilla.org"

MODIFIERS = {
    # content-security-policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    # cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # cross-origin-resource-sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # redirection
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    # referrer-policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # strict-transport-security
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    # subresource-integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # x-content-type-options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # x-frame-options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # cross-origin-resource-policy
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
}


@dataclass(frozen=True)
class Fetch:
    """What the scanner saw for one URL."""

    url: str  # the final (HTTPS) URL
    status: int
    headers: Mapping[str, str]  # case-insensitive, e.g. HttpResponse.headers
    body: str
    cookies: list[Morsel] = field(default_factory=list)  # every cookie set on the way
    # The plain-HTTP request of the same URL: (url, status) of each hop, first hop first.
    http_route: list[tuple[str, int]] = field(default_factory=list)
    # Headers of the response to the same request sent with Origin: OBSERVATORY_ORIGIN.
    cors_headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Grade:
    score: int
    grade: str
    results: dict[str, str]  # test name → result name

    def modifiers(self) -> dict[str, int]:
        return {test: MODIFIERS[result] for test, result in self.results.items()}


def parse_csp(header: str) -> dict[str, set[str]] | None:
    """Directive → sources. Several policies (comma-separated) are merged, which can only
    make the policy look weaker than browsers enforce it. None when unparseable."""
    policy: dict[str, set[str]] = {}
    for single in header.split(","):
        for directive in single.split(";"):
            tokens = directive.strip().split()
            if not tokens:
                continue
            name = tokens[0].lower()
            if not all(char.isalnum() or char == "-" for char in name):
                return None
            sources = {
                token if token.startswith("'nonce-") else token.lower() for token in tokens[1:]
            }
            policy.setdefault(name, set()).update(sources)
    return policy or None


def content_security_policy(fetch: Fetch) -> str:
    header = fetch.headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented"
    csp = parse_csp(header)
    if csp is None:
        return "csp-header-invalid"

    def directive(name: str) -> set[str]:
        return set(csp.get(name) or csp.get("default-src") or {"*"})

    script_src, style_src, object_src = (
        directive(n) for n in ("script-src", "style-src", "object-src")
    )
    for sources in (script_src, style_src):
        if any(source.startswith(NONCE_OR_HASH_PREFIXES) for source in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script_src:
        if not any(source.startswith(NONCE_OR_HASH_PREFIXES) for source in script_src):
            return "csp-header-invalid"
        script_src = {
            source
            for source in script_src
            if source not in {"'self'", "'unsafe-inline'"}
            and not any(source.startswith(broad) for broad in DANGEROUSLY_BROAD)
        }
    active = [
        s
        for name, sources in csp.items()
        if name not in {*PASSIVE_DIRECTIVES, "script-src"}
        for s in sources
    ]
    active += list(script_src)
    passive = [
        s for name in PASSIVE_DIRECTIVES for s in (csp.get(name) or csp.get("default-src") or set())
    ]
    https = fetch.url.startswith("https:")

    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        return "csp-implemented-with-unsafe-inline"
    if https and any(source.startswith(("http:", "ftp:")) for source in active):
        return "csp-implemented-with-insecure-scheme"
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval"
    if https and any(source.startswith(("http:", "ftp:")) for source in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only"
    if csp.get("default-src") == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none"
    return "csp-implemented-with-no-unsafe"


def strict_transport_security(fetch: Fetch) -> str:
    if not fetch.url.startswith("https:"):
        return "hsts-not-implemented-no-https"
    header = fetch.headers.get("Strict-Transport-Security")
    if not header:
        return "hsts-not-implemented"
    if "," in header:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (part.strip().lower() for part in header.split(";")):
        if parameter.startswith("max-age="):
            try:
                max_age = int(parameter[len("max-age=") :].strip('"'))
            except ValueError:
                return "hsts-header-invalid"
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


_COOKIE_GOODNESS = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def cookies(fetch: Fetch) -> str:
    if not fetch.cookies:
        return "cookies-not-found"
    hsts = strict_transport_security(fetch) == "hsts-implemented-max-age-at-least-six-months"
    worst: str | None = None

    def only_if_worse(result: str) -> None:
        nonlocal worst
        if worst is None or _COOKIE_GOODNESS.index(result) > _COOKIE_GOODNESS.index(worst):
            worst = result

    missing_samesite = False
    for morsel in fetch.cookies:
        name = morsel.key.lower()
        session = "login" in name or "sess" in name
        anticsrf = "csrf" in name
        secure = bool(morsel["secure"])
        samesite = str(morsel["samesite"] or "")
        if samesite and samesite.lower() not in {"strict", "lax", "none"}:
            only_if_worse("cookies-samesite-flag-invalid")
        if not secure and samesite.lower() == "none":
            only_if_worse("cookies-samesite-flag-invalid")
        if not secure:
            only_if_worse(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-without-secure-flag"
            )
        if anticsrf and not samesite:
            only_if_worse("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            only_if_worse(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts
                else "cookies-session-without-secure-flag"
            )
        if session and not morsel["httponly"]:
            only_if_worse("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if worst is not None:
        return worst
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions"
    return "cookies-secure-with-httponly-sessions-and-samesite"


def cross_origin_resource_sharing(fetch: Fetch) -> str:
    allow_origin = (fetch.cors_headers.get("Access-Control-Allow-Origin") or "").strip().lower()
    if not allow_origin:
        return "cross-origin-resource-sharing-not-implemented"
    if allow_origin == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = (fetch.cors_headers.get("Access-Control-Allow-Credentials") or "").strip().lower()
    if allow_origin == OBSERVATORY_ORIGIN and credentials == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection(fetch: Fetch) -> str:
    route = fetch.http_route
    if not route:
        return "redirection-not-needed-no-http"
    if len(route) == 1:
        return "redirection-missing"
    hops = [urlsplit(url) for url, _ in route]
    if hops[-1].scheme != "https":
        return "redirection-not-to-https"
    if hops[1].scheme == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if hops[0].hostname != hops[1].hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_policy(fetch: Fetch) -> str:
    header = fetch.headers.get("Referrer-Policy")
    if not header:
        return "referrer-policy-not-implemented"
    valid = [
        token.strip().lower()
        for token in header.split(",")
        if token.strip().lower() in REFERRER_PRIVATE + REFERRER_UNSAFE
    ]
    policy = valid[-1] if valid else ""
    if policy in REFERRER_PRIVATE:
        return "referrer-policy-private"
    if policy in REFERRER_UNSAFE:
        return "referrer-policy-unsafe"
    return "referrer-policy-header-invalid"


class _ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))


_SRI_GOODNESS = [
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
]


def subresource_integrity(fetch: Fetch) -> str:
    mime = (fetch.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if mime and mime not in {"text/html", "application/xhtml+xml"}:
        return "sri-not-implemented-response-not-html"
    collector = _ScriptCollector()
    collector.feed(fetch.body)
    if not collector.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    page = urlsplit(fetch.url)
    result: str | None = None
    foreign = False

    def only_if_worse(candidate: str) -> None:
        nonlocal result
        if result is None or _SRI_GOODNESS.index(candidate) > _SRI_GOODNESS.index(result):
            result = candidate

    for script in collector.scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        relative_protocol = src.startswith("//") and not src.startswith("///")
        absolute = src.lower().startswith(("http://", "https://"))
        relative_origin = not relative_protocol and not absolute
        same_site = (
            relative_protocol
            or relative_origin
            or _site(urlsplit(src).hostname) == _site(page.hostname)
        )
        secure_origin = relative_origin or (same_site and not relative_protocol)
        secure_scheme = (absolute and src.lower().startswith("https://")) or (
            relative_origin and page.scheme == "https"
        )
        if not secure_origin:
            foreign = True
            if integrity and not secure_scheme:
                only_if_worse("sri-implemented-but-external-scripts-not-loaded-securely")
            elif not integrity and secure_scheme:
                only_if_worse("sri-not-implemented-but-external-scripts-loaded-securely")
            elif not integrity:
                only_if_worse("sri-not-implemented-and-external-scripts-not-loaded-securely")
        elif integrity and secure_scheme and result is None:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if result is not None:
        return result
    if foreign:
        return "sri-implemented-and-external-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def _site(hostname: str | None) -> str:
    """Registrable domain, approximately (the scanner uses the public suffix list)."""
    return ".".join((hostname or "").split(".")[-2:])


def x_content_type_options(fetch: Fetch) -> str:
    header = fetch.headers.get("X-Content-Type-Options")
    if not header:
        return "x-content-type-options-not-implemented"
    if header.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def x_frame_options(fetch: Fetch) -> str:
    csp = parse_csp(fetch.headers.get("Content-Security-Policy") or "") or {}
    if "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp"
    header = (fetch.headers.get("X-Frame-Options") or "").strip().lower()
    if not header:
        return "x-frame-options-not-implemented"
    if header in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny"
    if header.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def cross_origin_resource_policy(fetch: Fetch) -> str:
    header = (fetch.headers.get("Cross-Origin-Resource-Policy") or "").strip().lower()
    return {
        "": "corp-not-implemented",
        "same-origin": "corp-implemented-with-same-origin",
        "same-site": "corp-implemented-with-same-site",
        "cross-origin": "corp-implemented-with-cross-origin",
    }.get(header, "corp-header-invalid")


TESTS = {
    "content-security-policy": content_security_policy,
    "cookies": cookies,
    "cross-origin-resource-sharing": cross_origin_resource_sharing,
    "redirection": redirection,
    "referrer-policy": referrer_policy,
    "strict-transport-security": strict_transport_security,
    "subresource-integrity": subresource_integrity,
    "x-content-type-options": x_content_type_options,
    "x-frame-options": x_frame_options,
    "cross-origin-resource-policy": cross_origin_resource_policy,
}

GRADES = [
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"),
    (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
]  # fmt: skip


def grade(fetch: Fetch) -> Grade:
    """Score one fetched page the way the Observatory scores a site."""
    if not 200 <= fetch.status < 300:
        raise ValueError(f"The Observatory only grades 2xx responses, got {fetch.status}")
    results = {name: test(fetch) for name, test in TESTS.items()}
    modifiers = [MODIFIERS[result] for result in results.values()]
    penalised = 100 + sum(m for m in modifiers if m < 0)
    score = 100 + sum(modifiers) if penalised >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else penalised
    score = max(score, 0)
    letter = next(letter for floor, letter in GRADES if score >= floor)
    return Grade(score=score, grade=letter, results=results)
