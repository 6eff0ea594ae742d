#!/usr/bin/env python3
"""`make bench`: the app in production mode under gunicorn, loaded by locust, measured.

    make bench                      # = scripts/pg_throwaway.py -- .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --duration 30 --users 20 --quiet-load 0.5

Steps: migrate, seed the starter content and collect static files (production storage)
against the PostgreSQL in DATABASE_URL; start gunicorn with config/gunicorn.py on a free
loopback port; wait for /healthz; then run locust headless, one phase at a time:

1. warm-up (journeys, not counted);
2. journeys: 20 patients, each through the whole wizard to each outcome in turn;
3. floor: the bare view bench/floor.py (mounted by bench/urls.py), same users and duration;
4. first question: GET /check/emergency/ with a fresh session each time (like the floor);
5. journey CPU (bench/journey_cpu.py): server CPU per complete journey, ours against a
   django-formtools baseline over the same questions (bench/baseline/), each on a fresh
   gunicorn, batches interleaved. `--only journey-cpu` runs this part alone.

Writes bench/results/latest.md (per-step p50/p95/p99, requests/s, journeys/s, errors,
ratios to the floor, CPU used by each party, the machine and its load) and prints it.
gunicorn is always stopped at the end. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import runpy
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: bench.* from this checkout, and triage.engine names the steps in order.
sys.path.insert(0, str(ROOT))

from bench import journey_cpu  # noqa: E402
from bench.processes import (  # noqa: E402
    VENV_BIN,
    cpu_seconds,
    descendants,
    free_port,
    gunicorn,
    load_average,
    manage,
    postgres_pids,
    production_env,
    system_busy_seconds,
)

RESULTS = ROOT / "bench" / "results" / "latest.md"

# Targets on the reference machine (2 cores, 20 users): docs/decisions/0006-performance.md.
TARGET_RATIO = 0.5
TARGET_P95_MS = 25.0


# --- Set-up ------------------------------------------------------------------------------


def gunicorn_settings(env: dict[str, str]) -> dict[str, object]:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        values = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {k: values.get(k) for k in ("workers", "threads", "worker_class", "preload_app")}


# --- Phases ------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    user_class: str
    samples: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    failure_reasons: dict[str, int] = field(default_factory=dict)
    journeys: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    load_before: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(times) for times in self.samples.values())

    @property
    def errors(self) -> int:
        return sum(self.failures.values())

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_phase(
    phase: Phase, *, port: int, users: int, duration: int, server: int, db_port: int, tmp: Path
) -> Phase:
    samples = tmp / f"{phase.user_class}.json"
    env = {**os.environ, "BENCH_SAMPLES": str(samples), "PYTHONPATH": str(ROOT)}
    phase.load_before = load_average()
    before = _cpu_snapshot(server, db_port)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(  # noqa: S603
        [
            str(VENV_BIN / "locust"),
            "-f",
            "bench/locustfile.py",
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{duration}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--skip-log-setup",
            phase.user_class,
        ],
        cwd=ROOT,
        env=env,
        check=False,  # locust exits 1 when any request failed; we count failures ourselves
        stdout=subprocess.DEVNULL,
    )
    after = _cpu_snapshot(server, db_port)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads(samples.read_text())
    phase.samples = data["samples"]
    phase.failures = data["failures"]
    phase.failure_reasons = data["failure_reasons"]
    phase.journeys = data["journeys"]
    phase.seconds = data["window"]["last"] - data["window"]["first"]
    locust_cpu = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    wall = after["wall"] - before["wall"]
    phase.cpu = {
        "wall": wall,
        "gunicorn": after["gunicorn"] - before["gunicorn"],
        "postgres": after["postgres"] - before["postgres"],
        "locust": locust_cpu,
        "busy": after["busy"] - before["busy"],
    }
    phase.cpu["other"] = max(
        0.0,
        phase.cpu["busy"] - phase.cpu["gunicorn"] - phase.cpu["postgres"] - locust_cpu,
    )
    return phase


def _cpu_snapshot(server: int, db_port: int) -> dict[str, float]:
    # The cluster's processes are found afresh each time: a backend that gunicorn opened during
    # a phase counts in that phase, and one that closed leaves its time in the postmaster's
    # cutime. (A list taken once at the start counted a backend only when it exited, often a
    # phase later: CONN_MAX_AGE put the journeys' database time under the first question.)
    return {
        "wall": time.monotonic(),
        "gunicorn": cpu_seconds(descendants(server)),
        "postgres": cpu_seconds(postgres_pids(db_port)),
        "busy": system_busy_seconds(),
    }


# --- Report ------------------------------------------------------------------------------


def percentile(sorted_times: list[float], q: float) -> float:
    if not sorted_times:
        return 0.0
    rank = max(0, min(len(sorted_times) - 1, round(q / 100 * len(sorted_times) + 0.5) - 1))
    return sorted_times[rank]


def step_order(labels: list[str]) -> list[str]:
    from triage.engine import QUESTIONS

    order = ["GET start"]
    for question in QUESTIONS:
        order += [f"GET question:{question.key}", f"POST question:{question.key}"]
    order += ["GET check answers", "GET result"]
    return [label for label in order if label in labels] + sorted(set(labels) - set(order))


def machine() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cores": str(len(os.sched_getaffinity(0))),
        "cpu": model,
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "gunicorn": metadata.version("gunicorn"),
        "locust": metadata.version("locust"),
    }


def postgres_version(database_url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(database_url, connect_timeout=5) as conn:
            number = conn.info.server_version
        return f"{number // 10000}.{number % 10000}"
    except Exception:  # only for the report
        return "unknown"


def fmt_ms(value: float) -> str:
    return f"{value:.1f}"


def report(
    phases: dict[str, Phase], *, users: int, duration: int, meta: dict[str, str]
) -> tuple[str, bool]:
    journey, floor, first = phases["journeys"], phases["floor"], phases["first"]
    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` (bench/run.py) on {meta['date']}. {users} locust users, "
        f"no wait between requests, {duration} s per phase, after a warm-up. "
        "Times in milliseconds, measured by the load generator (so they include its own "
        "scheduling delay on this shared machine).",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        f"| CPU | {meta['cores']} cores, {meta['cpu']} |",
        f"| Software | Python {meta['python']}, Django {meta['django']}, gunicorn "
        f"{meta['gunicorn']}, PostgreSQL {meta['postgres']}, locust {meta['locust']} |",
        f"| gunicorn | {meta['gunicorn_config']} |",
        f"| Load average (1 min) | {meta['load_start']} before set-up; {meta['load_phases']} "
        "at the start of each measured phase (includes this benchmark's own set-up) |",
        "",
        "## Journeys: each step",
        "",
        "| Step | Requests | Requests/s | p50 | p95 | p99 | Errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    worst_p95 = 0.0
    for label in step_order(list(journey.samples)):
        times = sorted(journey.samples[label])
        p95 = percentile(times, 95)
        worst_p95 = max(worst_p95, p95)
        lines.append(
            f"| {label} | {len(times)} | {len(times) / journey.seconds:.1f} | "
            f"{fmt_ms(percentile(times, 50))} | {fmt_ms(p95)} | {fmt_ms(percentile(times, 99))} | "
            f"{journey.failures.get(label, 0)} |"
        )
    all_steps = sorted(t for times in journey.samples.values() for t in times)
    lines.append(
        f"| **All steps** | {journey.requests} | {journey.rps:.1f} | "
        f"{fmt_ms(percentile(all_steps, 50))} | {fmt_ms(percentile(all_steps, 95))} | "
        f"{fmt_ms(percentile(all_steps, 99))} | {journey.errors} |"
    )
    total_journeys = sum(journey.journeys.values())
    per_outcome = ", ".join(f"{k} {v}" for k, v in sorted(journey.journeys.items()))
    lines += [
        "",
        f"Completed journeys: {total_journeys} ({total_journeys / journey.seconds:.1f} per "
        f"second; {per_outcome}).",
        "",
        "## Against the floor",
        "",
        "| Phase | Requests | Requests/s | p50 | p95 | p99 | Errors | Server CPU ms/request |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for title, phase in (
        ("Journey steps (all)", journey),
        ("First question, fresh session", first),
        ("Floor (bare view)", floor),
    ):
        times = sorted(t for values in phase.samples.values() for t in values)
        server_ms = 1000 * (phase.cpu["gunicorn"] + phase.cpu["postgres"]) / max(phase.requests, 1)
        lines.append(
            f"| {title} | {phase.requests} | {phase.rps:.1f} | {fmt_ms(percentile(times, 50))} | "
            f"{fmt_ms(percentile(times, 95))} | {fmt_ms(percentile(times, 99))} | "
            f"{phase.errors} | {server_ms:.2f} |"
        )
    step_ratio = journey.rps / floor.rps if floor.rps else 0.0
    first_ratio = first.rps / floor.rps if floor.rps else 0.0
    errors = journey.errors + floor.errors + first.errors
    checks = [
        (
            f"Journey step throughput ≥ {TARGET_RATIO:.0%} of the floor",
            f"{step_ratio:.0%}",
            step_ratio >= TARGET_RATIO,
        ),
        (
            f"First question (fresh session) ≥ {TARGET_RATIO:.0%} of the floor",
            f"{first_ratio:.0%}",
            first_ratio >= TARGET_RATIO,
        ),
        (
            f"p95 of every step < {TARGET_P95_MS:.0f} ms",
            f"worst {worst_p95:.1f} ms",
            worst_p95 < TARGET_P95_MS,
        ),
        ("Errors (non-2xx/3xx, wrong redirect or wrong outcome)", str(errors), errors == 0),
    ]
    lines += [
        "",
        "## Targets",
        "",
        "| Target | Result | Met |",
        "| --- | --- | --- |",
        *(f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks),
        "",
        "## Where the CPU went (seconds, per phase)",
        "",
        "The load generator shares the cores with the server, so throughput is what is left "
        "after locust's share; server CPU per request does not depend on that share. "
        '"Other" is the kernel\'s own work (loopback networking) and every other process.',
        "",
        "| Phase | Wall | gunicorn | PostgreSQL | locust | other |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for title, phase in (("Journeys", journey), ("First question", first), ("Floor", floor)):
        c = phase.cpu
        lines.append(
            f"| {title} | {c['wall']:.1f} | {c['gunicorn']:.1f} | {c['postgres']:.1f} | "
            f"{c['locust']:.1f} | {c['other']:.1f} |"
        )
    reasons = {k: v for p in phases.values() for k, v in p.failure_reasons.items()}
    if reasons:
        lines += ["", "## Errors", ""]
        lines += [f"- {count} × {reason}" for reason, count in sorted(reasons.items())]
    return "\n".join(lines) + "\n", all(ok for _, _, ok in checks)


# --- Main --------------------------------------------------------------------------------


def wait_for_quiet(threshold: float, patience: int) -> None:
    deadline = time.monotonic() + patience
    while load_average() >= threshold and time.monotonic() < deadline:
        print(f"bench: load average {load_average():.2f} ≥ {threshold}; waiting…", flush=True)
        time.sleep(15)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=40, help="seconds per phase")
    parser.add_argument("--warmup", type=int, default=8, help="seconds of unmeasured load")
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=0.0,
        help="wait (up to --patience s) until the 1-minute load average is below this",
    )
    parser.add_argument("--patience", type=int, default=600)
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the results (default {RESULTS.relative_to(ROOT)}; "
        "with --only, nowhere unless given)",
    )
    parser.add_argument(
        "--only",
        choices=["journey-cpu"],
        help="run one part alone: journey-cpu = CPU per journey against the baseline",
    )
    parser.add_argument("--journey-rounds", type=int, default=6, help="journey-cpu batches each")
    parser.add_argument("--journey-batch", type=int, default=15, help="journeys per batch")
    parser.add_argument("--journey-warmup", type=int, default=30, help="unmeasured journeys")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--gunicorn-arg",
        action="append",
        default=[],
        help="extra gunicorn option for experiments, e.g. --gunicorn-arg=--workers=3",
    )
    args = parser.parse_args(argv)
    # A SIGTERM (e.g. from a CI timeout) unwinds like Ctrl-C, so gunicorn is always stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        # Measure what production runs: re-run inside a throwaway PostgreSQL cluster.
        script = ROOT / "scripts" / "pg_throwaway.py"
        return subprocess.call([sys.executable, str(script), "--", sys.executable, *sys.argv])  # noqa: S603

    if args.quiet_load:
        wait_for_quiet(args.quiet_load, args.patience)
    load_start = load_average()
    with tempfile.TemporaryDirectory(prefix="backontrack-bench-") as tmp_name:
        return run(args, tmp=Path(tmp_name), database_url=database_url, load_start=load_start)


def journey_cpu_section(
    args: argparse.Namespace, *, tmp: Path, database_url: str
) -> tuple[str, int]:
    """bench/journey_cpu.py: ours against the formtools baseline, each on a fresh gunicorn."""
    print(
        f"bench: journey CPU against the baseline, {args.journey_rounds} rounds of "
        f"{args.journey_batch} journeys each",
        flush=True,
    )
    result = journey_cpu.compare(
        database_url=database_url,
        static_root=tmp / "static",
        tmp=tmp,
        rounds=args.journey_rounds,
        batch=args.journey_batch,
        warmup=args.journey_warmup,
        extra=args.gunicorn_arg,
    )
    return journey_cpu.report(result), len(result.errors)


def run(args: argparse.Namespace, *, tmp: Path, database_url: str, load_start: float) -> int:
    port = free_port()
    env = production_env(database_url=database_url, port=port, static_root=tmp / "static")
    db_port = int(database_url.rsplit(":", 1)[1].split("/", 1)[0])
    print("bench: migrate, seed_content, collectstatic…", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_content")
    manage(env, "collectstatic", "--noinput")
    if args.only == "journey-cpu":
        text, journey_errors = journey_cpu_section(args, tmp=tmp, database_url=database_url)
        print(text)
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8")
        return 1 if journey_errors else 0
    settings = gunicorn_settings(env)
    meta = {
        **machine(),
        "postgres": postgres_version(database_url),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_start": f"{load_start:.2f}",
        "gunicorn_config": (
            f"config/gunicorn.py: {settings['workers']} workers, {settings['worker_class']}, "
            f"{settings['threads']} thread(s), preload_app={settings.get('preload_app') or False}"
            + (f"; overridden: {' '.join(args.gunicorn_arg)}" if args.gunicorn_arg else "")
        ),
    }
    phases = {
        "journeys": Phase("journeys", "JourneyUser"),
        "floor": Phase("floor", "FloorUser"),
        "first": Phase("first", "FirstQuestionUser"),
    }
    log = tmp / "gunicorn.log"
    try:
        with gunicorn(env, port=port, log=log, extra=args.gunicorn_arg) as server:
            common = {"port": port, "users": args.users, "server": server.pid, "db_port": db_port}
            print(f"bench: gunicorn on 127.0.0.1:{port}; warm-up {args.warmup} s", flush=True)
            run_phase(Phase("warm-up", "JourneyUser"), duration=args.warmup, tmp=tmp, **common)
            for phase in phases.values():
                print(f"bench: {phase.name} for {args.duration} s", flush=True)
                run_phase(phase, duration=args.duration, tmp=tmp, **common)
    except Exception:
        print(log.read_text(errors="replace")[-4000:] if log.exists() else "", file=sys.stderr)
        raise
    errors_in_log = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "[ERROR]" in line or " ERROR " in line
    ]
    meta["load_phases"] = " / ".join(
        f"{phases[name].load_before:.2f} ({name})" for name in ("journeys", "floor", "first")
    )
    text, met = report(phases, users=args.users, duration=args.duration, meta=meta)
    if errors_in_log:
        text += f"\ngunicorn logged {len(errors_in_log)} error line(s); first: {errors_in_log[0]}\n"
    section, journey_errors = journey_cpu_section(args, tmp=tmp, database_url=database_url)
    text += "\n" + section
    output = args.output or RESULTS
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)
    shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    print(f"bench: written to {shown}")
    errors = sum(phase.errors for phase in phases.values()) + journey_errors
    return 1 if errors or (args.strict and not met) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
