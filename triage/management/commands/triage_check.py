"""Judge vignette files against the triage engine (PROTOCOL.md "Vignette files").

    python manage.py triage_check vignettes.json [more.json ...] [--verbose] [--explain ID]

One line per vignette, then the line ``N passed, M failed``; exits non-zero if any
vignette failed or was an input error. ``--explain ID`` (repeatable) also lists, under
that vignette, every rule of the protocol with whether it fired, for a clinician
checking one case. Needs no database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.engine import (
    QUESTIONS_BY_KEY,
    RULES,
    RULES_BY_ID,
    Answers,
    InvalidAnswers,
    Outcome,
    Result,
    evaluate,
)

OUTCOME_CODES = tuple(outcome.value for outcome in Outcome)


@dataclass(frozen=True)
class Vignette:
    id: str
    answers: object
    expected: object
    note: object


def _printable(text: str) -> str:
    """Text safe for any terminal encoding (a lone surrogate must not crash the run)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _json_kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    return "a single value"


def load_vignettes(path: Path) -> list[Vignette]:
    """The vignettes in ``path``; CommandError with a plain message if the file is unusable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read the file ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(data, list):
        raise CommandError(f"{path}: expected a JSON list of vignettes, got {_json_kind(data)}")
    if not data:
        raise CommandError(f"{path}: the list is empty; there is nothing to check")
    vignettes = []
    for position, item in enumerate(data, start=1):
        where = f"{path}: vignette {position}"
        if not isinstance(item, dict):
            raise CommandError(f"{where} is not an object")
        missing = [key for key in ("id", "answers", "expected") if key not in item]
        if missing:
            raise CommandError(f"{where} has no {', '.join(repr(key) for key in missing)}")
        if not isinstance(item["id"], str) or not item["id"].strip():
            raise CommandError(f"{where}: 'id' must be a non-empty string")
        vignettes.append(Vignette(item["id"], item["answers"], item["expected"], item.get("note")))
    return vignettes


def _reasons(result: Result, answers: Answers) -> str:
    """Rule ids with short clinical labels, e.g. ``U5 sudden onset ...; D5 ...``."""
    parts = []
    for triggered in result.triggered:
        label = RULES_BY_ID[triggered.id].summary
        if triggered.id == "E1":
            order = QUESTIONS_BY_KEY["emergency"].values
            label += f" ({', '.join(flag for flag in order if flag in answers.red_flags)})"
        parts.append(f"{triggered.id} {label}")
    return "; ".join(parts) or "no rule triggered"


class Command(BaseCommand):
    help = (
        "Check vignette files (a JSON list of {id, answers, expected}) against the triage "
        "protocol. Exits non-zero if any vignette fails or has an input error."
    )
    # A clinician must be able to run this with no database configured or reachable.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE.json")
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="Also print each vignette's note, content pattern and any engine notes.",
        )
        parser.add_argument(
            "--explain",
            action="append",
            default=[],
            metavar="ID",
            help="List every protocol rule, fired or not, under the vignette with this id "
            "(repeat for more than one).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Every file is read before anything is judged: a broken file stops the run
        # with one clear message instead of a partial report.
        vignettes = [v for path in options["files"] for v in load_vignettes(path)]
        verbose: bool = options["verbose"]
        explain: set[str] = set(options["explain"])
        unknown = sorted(explain - {v.id for v in vignettes})
        if unknown:
            raise CommandError(
                "--explain: no vignette with the id "
                + ", ".join(repr(_printable(i)) for i in unknown)
            )
        width = max(len(v.id) for v in vignettes)
        passed = failed = input_errors = 0

        for vignette in vignettes:
            label = _printable(vignette.id).ljust(width)
            errors: dict[str, str] = {}
            answers: Answers | None = None
            result: Result | None = None
            if not isinstance(vignette.answers, dict):
                errors["answers"] = "must be an object of question keys and answers"
            else:
                try:
                    result = evaluate(vignette.answers)  # parsed once, by the engine
                    answers = result.answers
                except InvalidAnswers as error:
                    errors.update(error.errors)
            if vignette.expected not in OUTCOME_CODES:
                shown = json.dumps(vignette.expected)[:40]
                errors["expected"] = (
                    f"unknown outcome {shown} (use one of: {', '.join(OUTCOME_CODES)})"
                )

            if errors or answers is None or result is None:
                input_errors += 1
                failed += 1
                problems = "; ".join(f"{key}: {message}" for key, message in errors.items())
                self.stdout.write(
                    f"{self.style.ERROR('ERROR')} {label}  input error: {_printable(problems)}"
                )
            else:
                ok = result.outcome == vignette.expected
                if ok:
                    passed += 1
                else:
                    failed += 1
                status = self.style.SUCCESS("PASS ") if ok else self.style.ERROR("FAIL ")
                self.stdout.write(
                    f"{status} {label}  expected {vignette.expected:<10}  "
                    f"got {result.outcome.value:<10}  "
                    f"{_printable(_reasons(result, answers))}"
                )
            if verbose:
                self._write_details(vignette, result)
            if vignette.id in explain:
                self._write_explanation(result)

        if input_errors:
            self.stdout.write(f"({input_errors} of the failures were input errors)")
        self.stdout.write(f"{passed} passed, {failed} failed")
        if failed:
            raise CommandError(f"{failed} of {len(vignettes)} vignettes did not pass")

    def _write_details(self, vignette: Vignette, result: Result | None) -> None:
        indent = " " * 7
        if vignette.note is not None:
            self.stdout.write(f"{indent}note: {_printable(str(vignette.note))}")
        if result is not None:
            pattern = result.pattern.value if result.pattern else "none (emergency)"
            self.stdout.write(f"{indent}pattern: {pattern}")
            for note in result.notes:
                self.stdout.write(f"{indent}engine note: {note}")

    def _write_explanation(self, result: Result | None) -> None:
        """Every rule in protocol order: fired or not, its outcome and what it checks."""
        indent = " " * 7
        if result is None:
            self.stdout.write(f"{indent}no rule was checked: the answers have input errors")
            return
        fired = set(result.rule_ids)
        for rule in RULES:
            mark = "fired" if rule.id in fired else "-    "
            self.stdout.write(
                f"{indent}{rule.id:<4} {mark}  {rule.outcome.value:<10}  {rule.summary}"
            )
        self.stdout.write(f"{indent}outcome: {result.outcome.value} (the most urgent rule fired)")
