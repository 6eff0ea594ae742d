#!/usr/bin/env python3
"""`make bench` before and after: two commits of this repository, benchmarked back to back.

    .venv/bin/python bench/compare_commits.py main HEAD
    .venv/bin/python bench/compare_commits.py HEAD~3 HEAD --duration 40 --repeat 2
    .venv/bin/python bench/compare_commits.py HEAD HEAD --duration 5 --warmup 2 \\
        --journey-rounds 2 --journey-batch 5 --journey-warmup 10  # a quick smoke run

Each commit is checked out with `git worktree add` under a temporary directory (this
checkout and its work tree are never touched) and measured by bench/run.py, with the same
run lengths, one after the other on the same machine, each on its own throwaway
PostgreSQL and Redis (as `make bench`). By default both are measured with *this*
checkout's benchmark (its bench/ directory is copied over each worktree's), so that only
the application differs; with
--own-bench each commit's own bench/ is used (older commits may lack the journey CPU
comparison). --repeat N alternates A B, B A, ... so that drift of the machine cancels.

Prints, for each commit: journey-step throughput, the first question's throughput as a share
of the floor's, the p95 of every journey step, and the server CPU per complete journey
against the formtools baseline. The full reports are kept with --keep.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def rows(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header line starts with `header`."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(header):
            found = []
            for row in lines[index + 2 :]:
                if not row.startswith("|"):
                    break
                found.append([cell.strip().strip("*") for cell in row.strip("|").split("|")])
            return found
    return []


def number(text: str) -> float | None:
    match = re.search(r"-?[0-9][0-9,]*\.?[0-9]*", text)
    return float(match.group(0).replace(",", "")) if match else None


def figures(report: str) -> dict[str, object]:
    """The figures compared, read from one bench/results/latest.md."""
    out: dict[str, object] = {}
    steps = rows(report, "| Step |")
    out["p95"] = {row[0]: number(row[4]) for row in steps if row[0] != "All steps"}
    for row in rows(report, "| Phase | Requests |"):
        if row[0].startswith("Journey steps"):
            out["step_rps"] = number(row[2])
            out["step_cpu_ms"] = number(row[7])
        elif row[0].startswith("First question"):
            out["first_rps"] = number(row[2])
        elif row[0].startswith("Floor"):
            out["floor_rps"] = number(row[2])
    floor, first = out.get("floor_rps"), out.get("first_rps")
    if isinstance(floor, float) and isinstance(first, float) and floor:
        out["first_ratio"] = first / floor
    for row in rows(report, "| Server | Requests per journey |"):
        key = "ours" if row[0].startswith("Ours") else "baseline"
        out[f"journey_cpu_{key}"] = number(row[2])
    ratio = re.search(r"Ours ÷ baseline: \*\*([0-9.]+)\*\*", report)
    out["journey_cpu_ratio"] = float(ratio.group(1)) if ratio else None
    return out


def run_bench(worktree: Path, output: Path, bench_args: list[str]) -> int:
    # A fresh PostgreSQL cluster and, as `make bench` runs, a fresh Redis for each run (a
    # commit that predates REDIS_URL ignores it).
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    command = [sys.executable, str(worktree / "bench" / "run.py"), "--output", str(output)]
    print(f"compare: {' '.join(command[1:] + bench_args)} (in {worktree})", flush=True)
    redis = [sys.executable, str(ROOT / "scripts" / "redis_throwaway.py"), "--"]
    return subprocess.call([*redis, *command, *bench_args], cwd=worktree, env=env)  # noqa: S603


def median_of(values: list[object]) -> float | None:
    numbers = [v for v in values if isinstance(v, int | float)]
    return statistics.median(numbers) if numbers else None


def show(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def p95_of(run: dict[str, object]) -> dict[str, object]:
    value = run.get("p95")
    return value if isinstance(value, dict) else {}


def summary(labels: dict[str, str], runs: dict[str, list[dict[str, object]]]) -> str:
    names = list(labels)
    head = " | ".join(f"{name}: {labels[name]}" for name in names)
    lines = [
        f"| Figure (median of {len(runs[names[0]])} run(s)) | {head} |",
        "| --- |" + " ---: |" * len(names),
    ]
    wanted = [
        ("Journey steps, requests/s", "step_rps", ".1f"),
        ("Server CPU ms per journey request", "step_cpu_ms", ".2f"),
        ("First question ÷ floor (throughput)", "first_ratio", ".0%"),
        ("Floor, requests/s", "floor_rps", ".1f"),
        ("CPU ms per complete journey, ours", "journey_cpu_ours", ".1f"),
        ("CPU ms per complete journey, formtools baseline", "journey_cpu_baseline", ".1f"),
        ("Ours ÷ baseline (CPU per journey)", "journey_cpu_ratio", ".2f"),
    ]
    for title, key, spec in wanted:
        cells = [show(median_of([run.get(key) for run in runs[n]]), spec) for n in names]
        lines.append(f"| {title} | {' | '.join(cells)} |")
    steps: list[str] = []
    for name in names:
        for run in runs[name]:
            steps += [step for step in p95_of(run) if step not in steps]
    lines += ["", "| p95 ms per step | " + " | ".join(names) + " |"]
    lines.append("| --- |" + " ---: |" * len(names))
    for step in steps:
        cells = [show(median_of([p95_of(r).get(step) for r in runs[n]]), ".1f") for n in names]
        lines.append(f"| {step} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("before", help="commit (or branch, tag) measured first")
    parser.add_argument("after", help="commit measured second")
    parser.add_argument("--duration", type=int, default=40, help="seconds per locust phase")
    parser.add_argument("--warmup", type=int, default=8)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--journey-rounds", type=int, default=6)
    parser.add_argument("--journey-batch", type=int, default=15)
    parser.add_argument("--journey-warmup", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, alternating")
    parser.add_argument("--own-bench", action="store_true", help="each commit's own bench/")
    parser.add_argument("--keep", type=Path, help="copy the full reports into this directory")
    args = parser.parse_args(argv)
    bench_args = [
        f"--duration={args.duration}",
        f"--warmup={args.warmup}",
        f"--users={args.users}",
        f"--journey-rounds={args.journey_rounds}",
        f"--journey-batch={args.journey_batch}",
        f"--journey-warmup={args.journey_warmup}",
    ]
    commits = {"A": git("rev-parse", args.before), "B": git("rev-parse", args.after)}
    labels = {
        "A": f"{args.before} ({commits['A'][:10]})",
        "B": f"{args.after} ({commits['B'][:10]})",
    }
    runs: dict[str, list[dict[str, object]]] = {"A": [], "B": []}
    failed = 0
    with tempfile.TemporaryDirectory(prefix="backontrack-compare-") as tmp_name:
        tmp = Path(tmp_name)
        tmp.chmod(0o755)  # pg_throwaway's cluster user (as root) starts in the worktree
        worktrees: dict[str, Path] = {}
        try:
            for name, commit in commits.items():
                worktree = tmp / name
                git("worktree", "add", "--detach", str(worktree), commit)
                worktrees[name] = worktree
                if not args.own_bench:  # this checkout's benchmark, each commit's app
                    shutil.rmtree(worktree / "bench")
                    shutil.copytree(
                        ROOT / "bench",
                        worktree / "bench",
                        ignore=shutil.ignore_patterns("__pycache__", "results"),
                    )
            for index in range(args.repeat):
                for name in ("A", "B") if index % 2 == 0 else ("B", "A"):
                    output = tmp / f"{name}-{index + 1}.md"
                    failed |= run_bench(worktrees[name], output, bench_args)
                    if output.exists():
                        runs[name].append(figures(output.read_text(encoding="utf-8")))
                        if args.keep:
                            args.keep.mkdir(parents=True, exist_ok=True)
                            shutil.copy(output, args.keep / output.name)
        finally:
            for worktree in worktrees.values():
                subprocess.call(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT)  # noqa: S603, S607
            subprocess.call(["git", "worktree", "prune"], cwd=ROOT)  # noqa: S607
    if not runs["A"] or not runs["B"]:
        print("compare: a run produced no report", file=sys.stderr)
        return 1
    print()
    print(summary(labels, runs))
    if failed:
        print("\ncompare: a run reported errors (see its output above)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
