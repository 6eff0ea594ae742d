"""Load for `make bench` (bench/run.py picks one user class per phase).

- ``JourneyUser``: a patient's whole journey to each outcome in turn, as a browser without
  JavaScript makes it: GET each question page, POST the answer (by protocol key) with the
  session cookie and the page's CSRF token, follow the redirect by hand, then check
  answers and the result. A wrong redirect or a result with another ``data-outcome`` than
  expected is an error.
- ``FloorUser``: the bare view (bench/floor.py), fresh session every time.
- ``FirstQuestionUser``: the first question page with a fresh session every time, like the
  floor, so their throughputs compare like for like.

Every user waits nothing between requests: the phases measure capacity. Raw timings are
written to $BENCH_SAMPLES (JSON) for bench/run.py, which computes the percentiles (locust's
own CSV rounds them to whole milliseconds).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, constant, events, task

from bench.journeys import JOURNEYS, KEYS

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
OUTCOME = re.compile(rb'<main[^>]*\bdata-outcome="([a-z_]+)"')
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}

# --- Raw samples, written for bench/run.py at the end ------------------------------------

_samples: dict[str, list[float]] = defaultdict(list)
_failures: dict[str, int] = defaultdict(int)
_failure_reasons: dict[str, int] = defaultdict(int)
_journeys: dict[str, int] = defaultdict(int)
_window = {"first": 0.0, "last": 0.0}


@events.request.add_listener  # type: ignore[untyped-decorator]
def _record(
    request_type: str,
    name: str,
    response_time: float,
    exception: BaseException | None,
    start_time: float,
    **kwargs: Any,
) -> None:
    label = f"{request_type} {name}"
    _samples[label].append(response_time)
    if exception is not None:
        _failures[label] += 1
        _failure_reasons[f"{label}: {str(exception)[:120]}"] += 1
    end = start_time + response_time / 1000
    if not _window["first"] or start_time < _window["first"]:
        _window["first"] = start_time
    _window["last"] = max(_window["last"], end)


@events.quitting.add_listener  # type: ignore[untyped-decorator]
def _write_samples(**kwargs: Any) -> None:
    path = os.environ.get("BENCH_SAMPLES")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as out:
        json.dump(
            {
                "samples": _samples,
                "failures": _failures,
                "failure_reasons": _failure_reasons,
                "journeys": _journeys,
                "window": _window,
            },
            out,
        )


# --- Users -------------------------------------------------------------------------------


def _form(key: str, value: object, token: str) -> str:
    values = value if isinstance(value, list) else [value]
    return urlencode([("csrfmiddlewaretoken", token), *((key, str(v)) for v in values)])


class _LeanUser(FastHttpUser):
    """Cookies kept by hand: the client shares the server's two cores, and the standard
    library's cookie jar costs more per request than the rest of the client. The server
    sees the same requests a browser would send."""

    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.client.cookiejar = None  # geventhttpclient: no cookie handling
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, name: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return self.client.request(
            method,
            path,
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        )

    def keep_cookies(self, response: Any) -> None:
        for line in (response.headers.get_all("set-cookie") if response.headers else None) or ():
            pair, _, attributes = line.partition(";")
            cookie, _, value = pair.partition("=")
            if "max-age=0" in attributes.lower().replace(" ", ""):
                self.cookies.pop(cookie.strip(), None)  # Django deletes cookies this way
            else:
                self.cookies[cookie.strip()] = value.strip()


class JourneyUser(_LeanUser):
    def on_start(self) -> None:
        super().on_start()
        # Each user starts at a different outcome, then takes each in turn.
        outcomes = list(JOURNEYS)
        offset = random.randrange(len(outcomes))
        self._outcomes = itertools.cycle(outcomes[offset:] + outcomes[:offset])

    def _get(self, path: str, name: str, *, expect: bytes | None = None) -> bytes | None:
        with self.send("GET", path, name) as r:
            self.keep_cookies(r)
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
                return None
            body = r.content or b""
            if expect is not None and expect not in body:
                r.failure("unexpected page")
                return None
            return body

    def _post(self, path: str, name: str, data: str, *, location: str) -> bool:
        with self.send("POST", path, name, data=data, headers=FORM_HEADERS) as r:
            self.keep_cookies(r)
            if r.status_code != 302:
                r.failure(f"status {r.status_code}")
                return False
            if r.headers.get("Location") != location:
                r.failure(f"redirected to {r.headers.get('Location')}, expected {location}")
                return False
            return True

    @task
    def journey(self) -> None:
        outcome = next(self._outcomes)
        answers = JOURNEYS[outcome]
        self.cookies.clear()  # a new patient: no session, no CSRF cookie
        with self.send("GET", "/check/", "start") as r:
            if r.status_code != 302 or r.headers.get("Location") != f"/check/{KEYS[0]}/":
                r.failure(f"status {r.status_code}, Location {r.headers.get('Location')}")
                return
        asked = [key for key in KEYS if key in answers]
        for index, key in enumerate(asked):
            path = f"/check/{key}/"
            body = self._get(path, f"question:{key}", expect=f'name="{key}"'.encode())
            if body is None or (token := CSRF.search(body)) is None:
                return
            if outcome == "emergency":
                following = "/check/result/"
            elif index + 1 < len(asked):
                following = f"/check/{asked[index + 1]}/"
            else:
                following = "/check/answers/"
            data = _form(key, answers[key], token.group(1).decode())
            if not self._post(path, f"question:{key}", data, location=following):
                return
        if outcome != "emergency" and (
            self._get("/check/answers/", "check answers", expect=b"Check your answers") is None
        ):
            return
        with self.send("GET", "/check/result/", "result") as r:
            found = OUTCOME.search(r.content or b"") if r.status_code == 200 else None
            shown = found.group(1).decode() if found else None
            if shown != outcome:
                r.failure(f"status {r.status_code}, outcome {shown}, expected {outcome}")
                return
        _journeys[outcome] += 1


class FloorUser(_LeanUser):
    @task
    def floor(self) -> None:
        # No cookies are ever sent: a fresh session each time.
        with self.send("GET", "/bench/floor/", "floor") as r:
            if r.status_code != 200 or r.content != b"ok":
                r.failure(f"status {r.status_code}")


class FirstQuestionUser(_LeanUser):
    @task
    def first_question(self) -> None:
        # No cookies are ever sent: a fresh session each time, like the floor.
        with self.send("GET", f"/check/{KEYS[0]}/", f"question:{KEYS[0]} (fresh)") as r:
            if r.status_code != 200 or f'name="{KEYS[0]}"'.encode() not in (r.content or b""):
                r.failure(f"status {r.status_code}")
