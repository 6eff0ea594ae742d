#!/usr/bin/env python3
"""Time each page in-process (CPU and wall), in production mode, on PostgreSQL; profile one.

    .venv/bin/python bench/profile_pages.py                 # mean time per page, floor first
    .venv/bin/python bench/profile_pages.py --profile result --outcome self_care

No gunicorn and no load generator: the full middleware stack through Django's test
client, one request at a time, so that a page's own cost stands out. Without a
PostgreSQL DATABASE_URL it re-runs itself inside scripts/pg_throwaway.py.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JOURNEYS: dict[str, dict[str, object]] = {}


def setup() -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",  # config.settings + /bench/floor/
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_HTTPS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_PLAIN_STATIC": "1",  # no collectstatic needed in-process
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_content", verbosity=0)

    from bench.journeys import JOURNEYS as journeys

    JOURNEYS.update(journeys)


def answered_client(outcome: str):  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    for key, value in JOURNEYS[outcome].items():
        response = client.post(f"/check/{key}/", {key: value})
        if response.status_code != 302:
            raise RuntimeError(f"answering {key}: status {response.status_code}")
    return client


def pages(outcome: str) -> dict[str, tuple[object, str, str, dict[str, object] | None]]:
    """name -> (client, method, path, data)."""
    from django.test import Client

    fresh = Client()
    done = answered_client(outcome)
    partial = answered_client("self_care")
    return {
        "floor": (fresh, "get", "/bench/floor/", None),
        "question:emergency (fresh)": (fresh, "get", "/check/emergency/", None),
        "question:severity": (partial, "get", "/check/severity/", None),
        "POST question:severity": (partial, "post", "/check/severity/", {"severity": "3"}),
        "check answers": (partial, "get", "/check/answers/", None),
        f"result ({outcome})": (done, "get", "/check/result/", None),
        "guidance index": (fresh, "get", "/guidance/", None),
        "stretch list": (fresh, "get", "/guidance/stretches/", None),
        "home": (fresh, "get", "/", None),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=300, help="requests per page")
    parser.add_argument("--outcome", default="self_care")
    parser.add_argument("--profile", help="profile pages whose name contains this")
    parser.add_argument("--html", type=Path, help="write the pyinstrument report as HTML")
    parser.add_argument(
        "--cprofile",
        action="store_true",
        help="with --profile: cProfile, top functions by own time",
    )
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        script = ROOT / "scripts" / "pg_throwaway.py"
        return subprocess.call([sys.executable, str(script), "--", sys.executable, *sys.argv])  # noqa: S603
    setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for name, (client, method, path, data) in pages(args.outcome).items():
        call = getattr(client, method)
        for _ in range(20):  # warm: compiled templates, open connection
            call(path, data) if data else call(path)
        with CaptureQueriesContext(connection) as queries:
            response = call(path, data) if data else call(path)
        query_count = len(queries)
        size = len(response.content)
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(args.n):
            call(path, data) if data else call(path)
        wall_ms = (time.perf_counter() - start) * 1000 / args.n
        cpu_ms = (time.process_time() - cpu_start) * 1000 / args.n
        print(
            f"{name:32} {cpu_ms:7.3f} ms CPU {wall_ms:7.3f} ms wall  {query_count:2d} queries  "
            f"{size / 1024:5.1f} KB  status {response.status_code}"
        )
        if args.profile and re.search(args.profile, name) and args.cprofile:
            import cProfile
            import pstats

            with cProfile.Profile() as cprofiler:
                for _ in range(args.n):
                    call(path, data) if data else call(path)
            pstats.Stats(cprofiler).sort_stats(
                os.environ.get("PROFILE_SORT", "tottime")
            ).print_stats(int(os.environ.get("PROFILE_LINES", "35")))
        elif args.profile and re.search(args.profile, name):
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(args.n):
                call(path, data) if data else call(path)
            profiler.stop()
            if args.html:
                args.html.write_text(profiler.output_html())
            else:
                print(
                    profiler.output_text(
                        unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))
                    )
                )
        reset_queries()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
