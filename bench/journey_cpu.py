#!/usr/bin/env python3
"""Server CPU per complete journey: our wizard against the formtools baseline (the wizard
we chose not to use, docs/decisions/0001-wizard.md).

    .venv/bin/python bench/journey_cpu.py                     # alone, about a minute
    .venv/bin/python bench/journey_cpu.py --rounds 3 --batch 10
    .venv/bin/python bench/run.py --only journey-cpu          # the same, from `make bench`

Two gunicorn servers with config/gunicorn.py, started fresh side by side on the same
throwaway PostgreSQL, in production mode: ours (bench/settings.py) and the baseline
(bench/baseline_settings.py: the same settings with a django-formtools SessionWizardView
over the same 13 questions, rendered with crispy forms, on Django's "db" sessions;
bench/baseline/). One client walks complete journeys, one at a time, from the first
question to the result page, with the answer sets of bench/journeys.py (every outcome in
turn), checking every step and the outcome shown. Batches alternate between the servers
(A B B A, A B B A, ...) so that drift of the machine cancels; each batch's CPU is that of
the server's gunicorn processes plus the PostgreSQL cluster, read from /proc (the client's
own CPU is not counted). Reports the median per journey of each and their ratio.

Without a PostgreSQL DATABASE_URL it re-runs itself inside scripts/pg_throwaway.py.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.journeys import JOURNEYS, KEYS  # noqa: E402
from bench.processes import (  # noqa: E402
    CLK_TCK,
    descendants,
    free_port,
    gunicorn,
    manage,
    postgres_pids,
    production_env,
)

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
OUTCOME = re.compile(rb'<main[^>]*\bdata-outcome="([a-z_]+)"')
WIZARD_PREFIX = re.compile(rb'name="([a-z_]+)-current_step" value="([a-z_]+)"')
FORM = "application/x-www-form-urlencoded"

# --- A patient's journey, over any transport ---------------------------------------------


@dataclass
class Reply:
    status: int
    location: str | None
    cookies: dict[str, str | None]  # name -> value, or None when Django deletes it
    body: bytes


#: (method, path, urlencoded body or None, Cookie header or None) -> Reply
Send = Callable[[str, str, str | None, str | None], Reply]


class JourneyError(AssertionError):
    pass


class Browser:
    """Cookies kept as a browser would, over a transport (HTTP or Django's test client)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.cookies: dict[str, str] = {}
        self.requests = 0

    def request(self, method: str, path: str, body: str | None = None) -> Reply:
        header = "; ".join(f"{k}={v}" for k, v in self.cookies.items()) or None
        reply = self._send(method, path, body, header)
        self.requests += 1
        for name, value in reply.cookies.items():
            if value is None:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise JourneyError(what)


def _token(body: bytes, where: str) -> str:
    found = CSRF.search(body)
    if found is None:
        raise JourneyError(f"{where}: no CSRF token")
    return found.group(1).decode()


def _outcome(reply: Reply) -> str | None:
    found = OUTCOME.search(reply.body) if reply.status == 200 else None
    return found.group(1).decode() if found else None


def _values(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _asked(outcome: str) -> list[str]:
    answers = JOURNEYS[outcome]
    return [key for key in KEYS if key in answers]


def ours_journey(send: Send, outcome: str) -> int:
    """Our wizard, as bench/locustfile.py walks it: start, GET and POST each question (a
    redirect after each answer), check answers, the result. Returns the request count."""
    browser = Browser(send)
    answers = JOURNEYS[outcome]
    reply = browser.request("GET", "/check/")
    _expect(reply.status == 302 and reply.location == f"/check/{KEYS[0]}/", "start")
    asked = _asked(outcome)
    for index, key in enumerate(asked):
        path = f"/check/{key}/"
        reply = browser.request("GET", path)
        _expect(reply.status == 200 and f'name="{key}"'.encode() in reply.body, f"GET {key}")
        data = [("csrfmiddlewaretoken", _token(reply.body, key))]
        data += [(key, v) for v in _values(answers[key])]
        if outcome == "emergency":
            following = "/check/result/"
        elif index + 1 < len(asked):
            following = f"/check/{asked[index + 1]}/"
        else:
            following = "/check/answers/"
        reply = browser.request("POST", path, urlencode(data))
        _expect(reply.status == 302 and reply.location == following, f"POST {key}")
    if outcome != "emergency":
        reply = browser.request("GET", "/check/answers/")
        _expect(reply.status == 200 and b"Check your answers" in reply.body, "check answers")
    reply = browser.request("GET", "/check/result/")
    shown = _outcome(reply)
    _expect(shown == outcome, f"result: status {reply.status}, outcome {shown}, not {outcome}")
    return browser.requests


def baseline_journey(send: Send, outcome: str) -> int:
    """The formtools baseline at /baseline/: GET the first step, then POST each answer
    (formtools answers with the next step's page, or the result after the last one)."""
    browser = Browser(send)
    answers = JOURNEYS[outcome]
    reply = browser.request("GET", "/baseline/")
    asked = _asked(outcome)
    for index, key in enumerate(asked):
        found = WIZARD_PREFIX.search(reply.body) if reply.status == 200 else None
        if found is None or found.group(2).decode() != key:
            raise JourneyError(f"step {key}: status {reply.status}, not its form")
        prefix = found.group(1).decode()
        data = [
            ("csrfmiddlewaretoken", _token(reply.body, key)),
            (f"{prefix}-current_step", key),
            *((f"{key}-{key}", v) for v in _values(answers[key])),
        ]
        reply = browser.request("POST", "/baseline/", urlencode(data))
        _expect(reply.status == 200, f"POST {key}: status {reply.status}")
        if index + 1 < len(asked):
            following = asked[index + 1]
            _expect(f'name="{following}-{following}"'.encode() in reply.body, f"after {key}")
    shown = _outcome(reply)
    _expect(shown == outcome, f"result: status {reply.status}, outcome {shown}, not {outcome}")
    return browser.requests


def floor_requests(send: Send, count: int) -> int:
    """The bare view (bench/floor.py) on our server, fresh session each time: what any
    request through the same middleware and gunicorn costs at least."""
    for _ in range(count):
        reply = send("GET", "/bench/floor/", None, None)
        _expect(reply.status == 200 and reply.body == b"ok", f"floor: status {reply.status}")
    return count


FLOOR_REQUESTS = 5  # per "journey" of a floor batch


def _floor_walk(send: Send, _outcome: str) -> int:
    return floor_requests(send, FLOOR_REQUESTS)


JOURNEY_KINDS: dict[str, Callable[[Send, str], int]] = {
    "ours": ours_journey,
    "baseline": baseline_journey,
}


def http_transport(port: int) -> Send:
    def send(method: str, path: str, body: str | None, cookie: str | None) -> Reply:
        headers = {"Host": "127.0.0.1"}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = FORM
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            cookies: dict[str, str | None] = {}
            for line in response.headers.get_all("Set-Cookie") or ():
                pair, _, attributes = line.partition(";")
                name, _, value = pair.partition("=")
                gone = "max-age=0" in attributes.lower().replace(" ", "")
                cookies[name.strip()] = None if gone else value.strip()
            return Reply(response.status, response.getheader("Location"), cookies, content)
        finally:
            connection.close()

    return send


def client_transport(client: Any) -> Send:
    """The same, over Django's test client (in-process; tests/perf/test_bench_baseline.py)."""
    from http.cookies import SimpleCookie

    def send(method: str, path: str, body: str | None, cookie: str | None) -> Reply:
        response = client.generic(
            method, path, data=body or "", content_type=FORM, HTTP_COOKIE=cookie or ""
        )
        cookies: dict[str, str | None] = {}
        for name, morsel in SimpleCookie(response.cookies).items():
            cookies[name] = None if str(morsel["max-age"]) == "0" else morsel.value
        return Reply(
            response.status_code, response.headers.get("Location"), cookies, response.content
        )

    return send


@contextlib.contextmanager
def baseline_settings() -> Iterator[None]:
    """In-process: bench/baseline_settings.py's differences, over the running settings."""
    from django.test import override_settings

    from bench import baseline_settings as module

    with override_settings(
        ROOT_URLCONF=module.ROOT_URLCONF,
        SESSION_ENGINE=module.SESSION_ENGINE,
        TEMPLATES=module.TEMPLATES,
    ):
        yield


# --- CPU accounting ----------------------------------------------------------------------


def precise_cpu_seconds(pids: list[int]) -> float:
    """CPU time of these processes (nanoseconds from /proc/<pid>/task/*/schedstat, where
    the kernel has it), plus that of their children already reaped (cutime + cstime, in
    clock ticks: a recycled gunicorn worker, a PostgreSQL backend that has exited)."""
    total = 0.0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            own = 0
            for task in Path(f"/proc/{pid}/task").iterdir():
                own += int((task / "schedstat").read_text().split()[0])
            total += own / 1e9
        except (OSError, ValueError, IndexError):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
        total += (int(fields[13]) + int(fields[14])) / CLK_TCK  # cutime + cstime
    return total


@dataclass
class Batch:
    server: str
    journeys: int
    requests: int
    gunicorn: float  # CPU seconds
    postgres: float
    wall: float

    def ms_per_journey(self, *, with_postgres: bool = True) -> float:
        cpu = self.gunicorn + (self.postgres if with_postgres else 0.0)
        return 1000 * cpu / self.journeys


@dataclass
class Comparison:
    batches: list[Batch] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    batch_size: int = 0
    rounds: int = 0
    seconds: float = 0.0
    #: Django's own CPU per journey in one process (ms per batch), see ``in_process``.
    in_process: dict[str, list[float]] = field(default_factory=dict)

    def of(self, server: str) -> list[Batch]:
        return [batch for batch in self.batches if batch.server == server]

    def median(self, server: str, *, with_postgres: bool = True) -> float:
        values = [b.ms_per_journey(with_postgres=with_postgres) for b in self.of(server)]
        return statistics.median(values) if values else 0.0

    def ratio(self, *, with_postgres: bool = True) -> float:
        base = self.median("baseline", with_postgres=with_postgres)
        return self.median("ours", with_postgres=with_postgres) / base if base else 0.0

    def floor_ms(self) -> float:
        """Median server CPU of one floor request (a bare view, same middleware)."""
        values = [1000 * (b.gunicorn + b.postgres) / b.requests for b in self.of("floor")]
        return statistics.median(values) if values else 0.0

    def requests_per_journey(self, server: str) -> float:
        batches = self.of(server)
        return sum(b.requests for b in batches) / max(1, sum(b.journeys for b in batches))

    def above_floor(self, server: str) -> float:
        """CPU per journey beyond what its requests cost at least (each one floor)."""
        return self.median(server) - self.requests_per_journey(server) * self.floor_ms()

    def round_ratios(self) -> list[float]:
        """ours ÷ baseline in each round (the two batches next to each other in time)."""
        pairs = zip(self.of("ours"), self.of("baseline"), strict=False)
        return [a.ms_per_journey() / b.ms_per_journey() for a, b in pairs if b.ms_per_journey()]


def run_batch(server: str, port: int, pid: int, db_port: int, journeys: int) -> Batch:
    """`journeys` complete journeys on one server, or for "floor" (on our server) as many
    batches of FLOOR_REQUESTS floor requests; counted as journeys, measured per request."""
    walk = JOURNEY_KINDS.get(server, _floor_walk)
    send = http_transport(port)
    outcomes = list(JOURNEYS)
    requests = 0

    def snapshot() -> tuple[float, float, float]:
        return (
            precise_cpu_seconds(descendants(pid)),
            precise_cpu_seconds(postgres_pids(db_port)),
            time.monotonic(),
        )

    g0, p0, t0 = snapshot()
    for index in range(journeys):
        requests += walk(send, outcomes[index % len(outcomes)])
    g1, p1, t1 = snapshot()
    return Batch(server, journeys, requests, g1 - g0, p1 - p0, t1 - t0)


@contextlib.contextmanager
def two_servers(
    *, database_url: str, static_root: Path, tmp: Path, extra: list[str]
) -> Iterator[dict[str, tuple[int, int]]]:
    """Ours and the baseline under gunicorn, fresh, side by side: {name: (port, pid)}."""
    servers: dict[str, tuple[int, int]] = {}
    with contextlib.ExitStack() as stack:
        for name, settings in (("ours", "bench.settings"), ("baseline", "bench.baseline_settings")):
            port = free_port()
            env = production_env(database_url=database_url, port=port, static_root=static_root)
            env["DJANGO_SETTINGS_MODULE"] = settings
            log = tmp / f"gunicorn-{name}.log"
            try:
                process = stack.enter_context(gunicorn(env, port=port, log=log, extra=extra))
            except Exception:
                print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
                raise
            servers[name] = (port, process.pid)
        yield servers


def compare(
    *,
    database_url: str,
    static_root: Path,
    tmp: Path,
    rounds: int,
    batch: int,
    warmup: int,
    extra: list[str] | None = None,
    progress: bool = True,
) -> Comparison:
    """Start both servers, warm each up, then `rounds` × (one batch each), interleaved."""
    db_port = int(database_url.rsplit(":", 1)[1].split("/", 1)[0])
    result = Comparison(batch_size=batch, rounds=rounds)
    started = time.monotonic()
    with two_servers(
        database_url=database_url, static_root=static_root, tmp=tmp, extra=extra or []
    ) as servers:
        order = ["ours", "baseline"]
        try:
            for name in order:  # every worker compiles its templates, fills its caches
                port, pid = servers[name]
                run_batch(name, port, pid, db_port, warmup)
            for index in range(rounds):
                # A B, B A, A B, ...: a steady drift of the machine weighs on both alike.
                for name in order if index % 2 == 0 else order[::-1]:
                    port, pid = servers[name]
                    result.batches.append(run_batch(name, port, pid, db_port, batch))
                port, pid = servers["ours"]  # bench/settings.py mounts the floor
                result.batches.append(run_batch("floor", port, pid, db_port, batch))
                if progress:
                    ours, base = result.of("ours")[-1], result.of("baseline")[-1]
                    print(
                        f"journey-cpu: round {index + 1}/{rounds}: ours "
                        f"{ours.ms_per_journey():.1f} ms, baseline "
                        f"{base.ms_per_journey():.1f} ms per journey",
                        flush=True,
                    )
        except (JourneyError, OSError) as error:
            result.errors.append(str(error))
    if not result.errors:
        result.in_process = in_process_subprocess(
            database_url=database_url, tmp=tmp, rounds=rounds, batch=batch, warmup=warmup
        )
    result.seconds = time.monotonic() - started
    return result


def in_process(*, rounds: int, batch: int, warmup: int) -> dict[str, list[float]]:
    """Django's share alone: the same journeys through Django's test client in this process
    (full middleware, CSRF checked, PostgreSQL), process CPU per journey, interleaved. No
    HTTP server, no PostgreSQL server CPU; the test client's own small cost is in both.
    Needs Django set up with bench/settings.py (``--in-process-json``)."""
    from django.test import Client

    outcomes = list(JOURNEYS)

    def one_batch(server: str, journeys: int) -> float:
        walk = JOURNEY_KINDS[server]
        with baseline_settings() if server == "baseline" else contextlib.nullcontext():
            send = client_transport(Client(enforce_csrf_checks=True))
            started = time.process_time()
            for index in range(journeys):
                walk(send, outcomes[index % len(outcomes)])
            return 1000 * (time.process_time() - started) / journeys

    for server in JOURNEY_KINDS:
        one_batch(server, warmup)
    found: dict[str, list[float]] = {server: [] for server in JOURNEY_KINDS}
    order = list(JOURNEY_KINDS)
    for index in range(rounds):
        for server in order if index % 2 == 0 else order[::-1]:
            found[server].append(one_batch(server, batch))
    return found


def in_process_subprocess(
    *, database_url: str, tmp: Path, rounds: int, batch: int, warmup: int
) -> dict[str, list[float]]:
    out = tmp / "in-process.json"
    env = production_env(database_url=database_url, port=0, static_root=tmp / "static")
    env.update({"DJANGO_PLAIN_STATIC": "1", "DJANGO_ALLOWED_HOSTS": "testserver"})
    env["DJANGO_LOG_LEVEL"] = "WARNING"
    command = [sys.executable, __file__, "--in-process-json", str(out)]
    command += ["--rounds", str(rounds), "--batch", str(batch), "--warmup", str(warmup)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
    data: dict[str, list[float]] = json.loads(out.read_text())
    return data


def report(result: Comparison) -> str:
    """The Markdown section for bench/results/latest.md."""
    lines = [
        "## CPU per complete journey, against the formtools baseline",
        "",
        "Server CPU (gunicorn workers plus PostgreSQL, from /proc; the client's own CPU is "
        "not counted) for one complete journey, from the first question to the result page, "
        "one journey at a time, every outcome in turn (bench/journeys.py). The baseline is "
        "what a Django developer would build first: a django-formtools `SessionWizardView` "
        "over the same 13 questions, one plain form per step rendered with crispy forms, "
        "Django's `db` sessions, `done()` evaluating with the same engine "
        "(bench/baseline/; bench/journey_cpu.py). Both run fresh, side by side, under "
        "config/gunicorn.py on the same PostgreSQL; batches alternate between them "
        f"({result.rounds} rounds of {result.batch_size} journeys each, after a warm-up; "
        f"{result.seconds:.0f} s in all).",
        "",
    ]
    if result.errors:
        lines += [f"**Errors:** {'; '.join(result.errors)}", ""]
    if not result.of("ours") or not result.of("baseline"):
        return "\n".join([*lines, "No complete rounds: no figures.", ""])
    lines += [
        "| Server | Requests per journey | CPU ms per journey (median) | of which gunicorn | "
        "Range over batches |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, title in (("ours", "Ours (bench/settings.py)"), ("baseline", "formtools baseline")):
        values = [b.ms_per_journey() for b in result.of(name)]
        per_journey = result.requests_per_journey(name)
        lines.append(
            f"| {title} | {per_journey:.1f} | {result.median(name):.1f} | "
            f"{result.median(name, with_postgres=False):.1f} | "
            f"{min(values):.1f}–{max(values):.1f} |"
        )
    ratios = result.round_ratios()
    lines += [
        "",
        f"Ours ÷ baseline: **{result.ratio():.2f}** of the baseline's CPU per journey "
        f"({result.ratio(with_postgres=False):.2f} counting gunicorn only; per round "
        f"{min(ratios):.2f}–{max(ratios):.2f}).",
        "",
    ]
    floor = result.floor_ms()
    if floor:
        ours, base = result.above_floor("ours"), result.above_floor("baseline")
        lines += [
            f"Every request costs at least the floor's {floor:.2f} ms (the bare view through "
            "the same middleware and gunicorn, measured in the same rounds), and ours makes "
            "about twice as many requests per journey (a redirect after each answer, the "
            "start and check-answers pages). Above that floor: ours "
            f"{ours:.1f} ms, the baseline {base:.1f} ms per journey, "
            f"ratio {ours / base if base else 0:.2f}.",
            "",
        ]
    if result.in_process.get("ours") and result.in_process.get("baseline"):
        ours = statistics.median(result.in_process["ours"])
        base = statistics.median(result.in_process["baseline"])
        lines += [
            "Django's share alone (the same journeys through Django's test client in one "
            "process, with all the middleware, on the same PostgreSQL; no HTTP server and no "
            f"database server CPU): ours {ours:.1f} ms, the baseline {base:.1f} ms per "
            f"journey, ratio {ours / base if base else 0:.2f}.",
            "",
        ]
    return "\n".join(lines)


# --- Alone --------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=6, help="batches per server")
    parser.add_argument("--batch", type=int, default=15, help="journeys per batch")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured journeys each")
    parser.add_argument("--output", type=Path, help="also write the Markdown section here")
    parser.add_argument("--in-process-json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.in_process_json:  # the child compare() starts, with the environment it gives
        import django

        django.setup()
        found = in_process(rounds=args.rounds, batch=args.batch, warmup=args.warmup)
        args.in_process_json.write_text(json.dumps(found))
        return 0
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        script = ROOT / "scripts" / "pg_throwaway.py"
        return subprocess.call([sys.executable, str(script), "--", sys.executable, *sys.argv])  # noqa: S603
    with tempfile.TemporaryDirectory(prefix="backontrack-journey-cpu-") as tmp_name:
        tmp = Path(tmp_name)
        env = production_env(database_url=database_url, port=0, static_root=tmp / "static")
        print("journey-cpu: migrate, seed_content, collectstatic…", flush=True)
        set_up(env)
        result = compare(
            database_url=database_url,
            static_root=tmp / "static",
            tmp=tmp,
            rounds=args.rounds,
            batch=args.batch,
            warmup=args.warmup,
        )
    text = report(result)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 1 if result.errors else 0


def set_up(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "seed_content")
    manage(env, "collectstatic", "--noinput")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
