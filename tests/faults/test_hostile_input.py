"""Hostile requests against the real production-mode server.

A seeded generator (same requests every run, so a failure can be replayed) sends a few
hundred requests to every wizard URL: random and repeated keys, protocol values and junk,
invalid UTF-8 and odd charsets in body and query string, values up to 200 KB, form,
multipart, JSON, text and binary bodies, missing or wrong CSRF tokens and cookies, steps
out of order, every HTTP method, and replays of earlier posts after a red flag.

Two things must hold: no response is a 5xx, and once a visitor's red flag is stored, every
page of the wizard leads only to the emergency result until they press "Start again"
(PROTOCOL.md rule E1; docs/decisions/0001-wizard.md). tests/triage/test_wizard_fuzz.py
does the same in-process with Django's test client; this one goes through gunicorn.
"""

from __future__ import annotations

import base64
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import quote_from_bytes, urlencode, urlsplit

import pytest
import requests

from tests.faults.live import Visitor, csrf_token, loopback_session, outcome_of
from tests.journeys import KEYS, SELF_CARE
from triage.engine import QUESTIONS_BY_KEY, RED_FLAGS, Kind

pytestmark = pytest.mark.postgres

SEED = 20261123
REQUESTS = 500
TIME_BUDGET = 60.0  # seconds; the run stops early rather than overrun
VISITORS = 5

RED_FLAG_VALUES = sorted(RED_FLAGS)
STEP_PATHS = {f"/check/{key}/": key for key in KEYS}
RESULT = "/check/result/"
PATHS = [
    "/check/",
    *STEP_PATHS,
    "/check/answers/",
    "/check/result/",
    "/check/result/reminder.ics",
    "/check/start-again/",
    # Not wizard pages: must be 404s or redirects, never errors.
    "/check/not-a-question/",
    "/check/%FF%FE/",
    "/check/emergency",
    "/check/emergency/extra/",
    "/check/..%2F..%2Fadmin/",
]
QUERIES = [
    "",
    "",
    "",
    "?change=1",
    "?change=%FF%FE",
    "?change=1&change=0&change=1",
    "?%C0%AE=%ED%A0%80",
    "?emergency=chest_symptoms",
    "?change=%00",
    "?" + "a=" + "x" * 5000,  # longer than gunicorn's request line limit
]
METHODS = ["GET", "POST", "POST", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]
JUNK_TEXT = [
    "",
    " ",
    "none",
    "NONE",
    "None",
    "-1",
    "11",
    "5.0",
    "+5",
    "٣",  # Arabic-Indic digit three: int() accepts it, the form must not
    "５",
    "1e3",
    "lower_back\n",
    " neck",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7|add:7 }}",
    "\u202eevil",
    "😀",
    "\x00",
    "../../etc/passwd",
]
JUNK_BYTES = [b"\xff\xfe", b"\xc0\xae", b"\xed\xa0\x80", b"\xe2\x82", b"%FF%FE", b"%", b"\r\n"]
JUNK_KEYS = ["", "emergency[]", "Emergency", "emergency ", "change", "sessionid", "__proto__"]
# How the CSRF check is met or missed; mostly met, so that the views see the junk.
CSRF_MODES = [
    *["valid"] * 5,
    *["header"] * 2,  # the token in X-CSRFToken, so JSON and text bodies get through
    "no-token",
    "bad-token",
    "no-csrf-cookie",
    "anonymous",
    "junk-cookies",
]
FORM_TYPE = "application/x-www-form-urlencoded"
FORM = {"Content-Type": FORM_TYPE}
CHARSETS = ["utf-8", "latin-1", "utf-16", "utf-32", "utf-7", "cp1252", "bogus", ""]


def form_body(pairs: list[tuple[bytes, bytes]]) -> bytes:
    return "&".join(quote_from_bytes(k) + "=" + quote_from_bytes(v) for k, v in pairs).encode()


def multipart_body(parts: list[tuple[bytes, bytes]], boundary: bytes) -> bytes:
    """``parts``: (part headers, value) pairs, already encoded."""
    body = b"".join(
        b"--" + boundary + b"\r\n" + headers + b"\r\n\r\n" + value + b"\r\n"
        for headers, value in parts
    )
    return body + b"--" + boundary + b"--\r\n"


def disposition(name: bytes) -> bytes:
    return b'Content-Disposition: form-data; name="' + name + b'"'


# Specs a real browser would send; each must get a redirect.
WELL_FORMED = {"start again", "red flag", *(f"step {key}" for key in KEYS)}


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    return match.group(1).strip() if match else html[:100]


@dataclass
class Spec:
    """One request to send. ``jar``: with the person's cookies (else ``cookie`` as sent)."""

    description: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    jar: bool = True
    cookie: str | None = None


@dataclass
class Person:
    visitor: Visitor
    token: str
    red_flag: bool = False
    current: str = "/check/emergency/"  # the question the server last sent them to
    history: list[Spec] = field(default_factory=list)


class Fuzzer:
    def __init__(self, base_url: str, rng: random.Random) -> None:
        self.base_url = base_url
        self.rng = rng
        self.people = [self.new_person() for _ in range(VISITORS)]
        self.bare = loopback_session()  # for requests sent without the person's cookie jar
        self.problems: list[str] = []
        self.sent = 0
        self.red_flags = 0  # times a visitor's red flag was stored

    def new_person(self) -> Person:
        visitor = Visitor(self.base_url)
        return Person(visitor, visitor.token())

    # --- Generated pieces -----------------------------------------------------------------

    def value(self, key: str | None = None) -> bytes:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35 and key in QUESTIONS_BY_KEY:
            question = QUESTIONS_BY_KEY[key]
            if question.kind is Kind.INTEGER:
                return str(rng.randint(-1, 11)).encode()
            return rng.choice(question.values).encode()
        if roll < 0.45:
            return rng.choice(RED_FLAG_VALUES).encode()
        if roll < 0.75:
            return rng.choice(JUNK_TEXT).encode()
        if roll < 0.85:
            return rng.choice(JUNK_BYTES) + rng.randbytes(rng.randint(0, 8))
        if roll < 0.95:
            return rng.choice([b"x", b"lower_back", "é".encode()]) * rng.randint(100, 5000)
        return b"x" * rng.choice([50_000, 120_000, 200_000])  # huge, under the 256 KB cap

    def key(self) -> bytes:
        roll = self.rng.random()
        if roll < 0.75:
            return self.rng.choice(KEYS).encode()
        if roll < 0.9:
            return self.rng.choice(JUNK_KEYS).encode()
        if roll < 0.97:
            return self.rng.choice(JUNK_BYTES)
        return b"k" * 10_000

    def pairs(self, path: str, token: str | None) -> list[tuple[bytes, bytes]]:
        rng = self.rng
        own_key = STEP_PATHS.get(path.split("?")[0])
        pairs = []
        for _ in range(rng.choice([0, 1, 1, 2, 3, 5, 8])):
            key = own_key.encode() if own_key and rng.random() < 0.5 else self.key()
            pairs.append((key, self.value(key.decode(errors="replace"))))
        if own_key and rng.random() < 0.2:  # repeated keys
            pairs += [(own_key.encode(), self.value(own_key)) for _ in range(rng.randint(2, 6))]
        if rng.random() < 0.03:  # more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
            pairs += [(b"emergency", b"none")] * 600
        if token is not None:
            pairs.insert(rng.randrange(len(pairs) + 1), (b"csrfmiddlewaretoken", token.encode()))
        if rng.random() < 0.2:  # the token anywhere, keys in any order
            rng.shuffle(pairs)
        return pairs

    def body(self, pairs: list[tuple[bytes, bytes]]) -> tuple[bytes, str | None]:
        rng = self.rng
        kind = rng.choice(["form", "form", "raw", "charset", "multipart", "multipart", "other"])
        if kind == "form":
            return form_body(pairs), FORM_TYPE
        if kind == "raw":  # invalid UTF-8 and stray separators, unescaped
            separator = rng.choice([b"&", b";", b"&&"])
            return separator.join(k + b"=" + v for k, v in pairs), FORM_TYPE
        if kind == "charset":
            return form_body(pairs), f"{FORM_TYPE}; charset={rng.choice(CHARSETS)}"
        if kind == "multipart":
            return self.multipart(pairs)
        document = {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}
        return rng.choice(
            [
                (json.dumps(document).encode(), "application/json"),
                (json.dumps(document).encode(), "text/plain"),
                (rng.randbytes(rng.randint(1, 2000)), "application/octet-stream"),
                (form_body(pairs), None),  # no content type at all
            ]
        )

    def multipart(self, pairs: list[tuple[bytes, bytes]]) -> tuple[bytes, str | None]:
        rng = self.rng
        boundary = f"fuzz{rng.getrandbits(48):x}".encode()
        parts = []
        for key, value in pairs:
            headers = disposition(key)
            if rng.random() < 0.1:
                headers += b'; filename="notes.txt"'
            if rng.random() < 0.1:
                headers += b"\r\nContent-Type: text/plain; charset=" + rng.choice(CHARSETS).encode()
            if rng.random() < 0.05:
                headers += b"\r\nContent-Transfer-Encoding: base64"
                value = base64.b64encode(value)
            parts.append((headers, value))
        body = multipart_body(parts, boundary)
        content_type = "multipart/form-data; boundary=" + boundary.decode()
        breakage = rng.random()
        if breakage < 0.05:
            body = body[: rng.randint(0, len(body))]  # cut short
        elif breakage < 0.1:
            content_type = "multipart/form-data"  # no boundary
        elif breakage < 0.15:
            content_type = "multipart/form-data; boundary=other"
        return body, content_type

    # --- Requests -------------------------------------------------------------------------

    def hostile(self, person: Person) -> Spec:
        rng = self.rng
        method = rng.choice(METHODS)
        # Often the page the person is on (the others mostly redirect).
        page = person.current if rng.random() < 0.4 else rng.choice(PATHS)
        path = page + rng.choice(QUERIES)
        mode = rng.choice(CSRF_MODES)
        token = person.token if mode in {"valid", "no-csrf-cookie", "anonymous"} else None
        if mode == "bad-token":
            token = "x" * 64
        body, content_type = (None, None)
        if method not in {"GET", "HEAD", "OPTIONS"} or rng.random() < 0.05:
            body, content_type = self.body(self.pairs(path, token))
        headers = {"Content-Type": content_type} if content_type else {}
        if mode == "header":
            headers["X-CSRFToken"] = person.token
        spec = Spec(f"hostile[{mode}]", method, path, body, headers)
        if mode == "no-csrf-cookie":
            spec.jar = False
            spec.cookie = f"sessionid={person.visitor.http.cookies.get('sessionid', '')}"
        elif mode == "anonymous":
            spec.jar = False
        elif mode == "junk-cookies":
            spec.jar = False
            spec.cookie = rng.choice(
                [
                    "sessionid=" + "A" * 32 + "; csrftoken=" + "B" * 32,
                    "sessionid=../../x; csrftoken=",
                    'sessionid="\\x00"; csrftoken=' + person.token,
                    "messages=" + "x" * 3000,
                ]
            )
        return spec

    def journey_step(self, person: Person) -> Spec | None:
        """The next unanswered question, answered properly (sometimes with a red flag)."""
        page = person.visitor.follow("/check/answers/")
        self.check_page(person, "GET /check/answers/ (followed)", page)
        key = STEP_PATHS.get(urlsplit(page.url).path)
        if page.status_code != 200 or key is None:
            return None  # the check-answers page or the result: nothing to answer
        value = SELF_CARE[key]
        if key == "emergency" and self.rng.random() < 0.1:
            value = [self.rng.choice(RED_FLAG_VALUES)]
        values = value if isinstance(value, list) else [value]
        pairs = [(b"csrfmiddlewaretoken", csrf_token(page.text).encode())]
        pairs += [(key.encode(), str(item).encode()) for item in values]
        return Spec(f"step {key}", "POST", f"/check/{key}/", form_body(pairs), FORM)

    def red_flag(self, person: Person) -> Spec:
        """A well-formed red flag, possibly beside 'none' or junk: must go to the result."""
        rng = self.rng
        ticked = [rng.choice(RED_FLAG_VALUES)] + rng.sample(["none", "junk", *RED_FLAG_VALUES], 2)
        rng.shuffle(ticked)
        pairs = [(b"csrfmiddlewaretoken", person.token.encode())]
        pairs += [(b"emergency", item.encode()) for item in ticked]
        if rng.random() < 0.5:
            body, content_type = form_body(pairs), FORM_TYPE
        else:
            boundary = f"clean{rng.getrandbits(48):x}".encode()
            body = multipart_body([(disposition(k), v) for k, v in pairs], boundary)
            content_type = "multipart/form-data; boundary=" + boundary.decode()
        path = "/check/emergency/" + rng.choice(["", "?change=1"])
        return Spec("red flag", "POST", path, body, {"Content-Type": content_type})

    def send(self, person: Person, spec: Spec) -> requests.Response | None:
        url = self.base_url + spec.path
        try:
            if spec.jar:
                return person.visitor.http.request(
                    spec.method,
                    url,
                    data=spec.body,
                    headers=spec.headers,
                    timeout=15,
                    allow_redirects=False,
                )
            headers = {**spec.headers, **({"Cookie": spec.cookie} if spec.cookie else {})}
            return self.bare.request(
                spec.method,
                url,
                data=spec.body,
                headers=headers,
                timeout=15,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            self.problem(spec, f"no response: {error!r}")
            return None

    # --- The oracle -----------------------------------------------------------------------

    def summary(self) -> str:
        """The problems grouped by kind (request number dropped), most frequent first."""
        kinds = Counter(re.sub(r"#\d+", "#n", problem) for problem in self.problems)
        lines = [f"{count:4} x {kind}" for kind, count in kinds.most_common(25)]
        first = "\n".join(self.problems[:10])
        return (
            f"seed {SEED}: {len(self.problems)} problems in {self.sent} requests "
            f"({self.red_flags} red flags stored)\n" + "\n".join(lines) + f"\nfirst:\n{first}"
        )

    def problem(self, spec: Spec | str, message: str) -> None:
        where = (
            spec if isinstance(spec, str) else f"{spec.description} {spec.method} {spec.path[:80]}"
        )
        self.problems.append(f"#{self.sent} {where}: {message}")

    def carries_session(self, person: Person, spec: Spec) -> bool:
        if spec.jar:
            return True
        own = person.visitor.http.cookies.get("sessionid")
        return bool(own) and spec.cookie is not None and f"sessionid={own}" in spec.cookie

    def judge(self, person: Person, spec: Spec, response: requests.Response) -> None:
        status = response.status_code
        if status >= 500:
            self.problem(spec, f"{status} {title_of(response.text)!r}")
            return
        if not self.carries_session(person, spec):
            return
        page = spec.path.split("?")[0]
        location = response.headers.get("Location", "")
        if location in STEP_PATHS:
            person.current = location
        if spec.description in WELL_FORMED and status != 302:
            # What a real browser sends must work.
            self.problem(spec, f"a well-formed post got {status} {title_of(response.text)!r}")
        if spec.method == "POST" and page == "/check/start-again/" and status == 302:
            person.red_flag = False
            return
        if spec.method == "POST" and page == "/check/emergency/" and location == RESULT:
            self.red_flags += not person.red_flag
            person.red_flag = True
        elif spec.description == "red flag" and status == 302:
            self.problem(spec, f"a red flag led to {location}, not the emergency result")
            person.red_flag = True  # the server was told; hold it to that
        if person.red_flag:
            self.check_page(person, f"{spec.method} {spec.path[:80]}", response, page=page)

    def check_page(
        self, person: Person, what: str, response: requests.Response, *, page: str | None = None
    ) -> None:
        """After a red flag: no wizard page but the emergency result (rule E1)."""
        if response.status_code >= 500:
            self.problem(what, f"{response.status_code}")
            return
        if not person.red_flag:
            return
        page = page or urlsplit(response.url).path
        location = response.headers.get("Location", "")
        wizard_page = page in STEP_PATHS or page in {"/check/answers/", "/check/result/"}
        if response.status_code == 200 and wizard_page:
            if response.request.method == "HEAD":  # no body to read: only the result may be 200
                if page != RESULT:
                    self.problem(what, f"after a red flag HEAD {page} was a 200, not a redirect")
            elif (outcome := outcome_of(response.text)) != "emergency":
                self.problem(what, f"after a red flag {page} showed outcome={outcome}, 200")
        elif response.status_code in {301, 302, 303} and wizard_page and location != RESULT:
            self.problem(what, f"after a red flag {page} redirected to {location}")

    def check_emergency(self, person: Person, why: str) -> None:
        result = person.visitor.get("/check/result/")
        if result.status_code != 200 or outcome_of(result.text) != "emergency":
            self.problem(
                why,
                f"after a red flag /check/result/ gave {result.status_code} "
                f"{result.headers.get('Location', '')} outcome={outcome_of(result.text)}",
            )
        step = self.rng.choice(list(STEP_PATHS))
        self.check_page(person, f"GET {step} (check)", person.visitor.get(step), page=step)

    def choose(self, person: Person, roll: float) -> Spec | None:
        if roll < 0.06:
            body = form_body([(b"csrfmiddlewaretoken", person.token.encode())])
            return Spec("start again", "POST", "/check/start-again/", body, FORM)
        if roll < 0.3:
            return self.journey_step(person)
        if roll < 0.34:
            return self.red_flag(person)
        if roll < 0.47 and person.history:
            spec = self.rng.choice(person.history)  # a replay, with today's cookies
            return replace(spec, description=f"replay of {spec.description}")
        return self.hostile(person)

    # --- The run --------------------------------------------------------------------------

    def run(self, count: int, deadline: float) -> None:
        rng = self.rng
        while self.sent < count and time.monotonic() < deadline:
            index = rng.randrange(len(self.people))
            person = self.people[index]
            roll = rng.random()
            if roll < 0.03:
                self.people[index] = self.new_person()
                continue
            try:
                spec = self.choose(person, roll)
            except AssertionError as error:  # e.g. a redirect loop while following
                self.problem(f"choosing a request for visitor {index}", str(error))
                continue
            if spec is None:
                continue
            self.sent += 1
            response = self.send(person, spec)
            if response is None:
                continue
            if spec.method == "POST" and spec.jar:
                person.history.append(spec)
            self.judge(person, spec, response)
            if person.red_flag:
                self.check_emergency(person, f"after #{self.sent} ({spec.description})")


def test_hostile_requests_never_get_a_5xx_and_a_red_flag_sticks(live):
    started = time.monotonic()
    fuzzer = Fuzzer(live.base_url, random.Random(SEED))
    fuzzer.run(REQUESTS, deadline=started + TIME_BUDGET)
    for person in fuzzer.people:
        if person.red_flag:
            fuzzer.check_emergency(person, "at the end")
    assert not fuzzer.problems, fuzzer.summary()
    # The run really was long enough and really stored red flags.
    assert fuzzer.sent >= min(REQUESTS, 100), f"only {fuzzer.sent} requests in the time budget"
    assert fuzzer.red_flags >= 5, fuzzer.red_flags
    assert live.process.poll() is None


@pytest.mark.parametrize("charset", ["utf8", "latin-1", "utf-16"])
def test_a_form_post_declaring_another_charset_is_a_4xx(live, charset):
    """Django refuses form posts that declare a charset other than UTF-8 (BadRequest, a 400);
    a real browser session (CSRF cookie and token) must get that 400, not a 500."""
    visitor = Visitor(live.base_url)
    body = urlencode({"csrfmiddlewaretoken": visitor.token(), "emergency": "none"})
    response = visitor.request(
        "POST",
        "/check/emergency/",
        data=body.encode(),
        headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}"},
    )
    assert 400 <= response.status_code < 500, (response.status_code, title_of(response.text))
