"""Tests of `manage.py triage_check` (PROTOCOL.md "Vignette files").

None of these tests is marked for database access: pytest-django refuses any query, so
they also prove the command runs without a database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.journeys import SELF_CARE

REPO = Path(__file__).resolve().parents[2]
PUBLIC_VIGNETTES = REPO.parent / "shared" / "protocol" / "vignettes-public.json"

MILD: dict[str, Any] = dict(SELF_CARE)


@pytest.fixture
def public_file() -> Path:
    if not PUBLIC_VIGNETTES.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"public vignettes not found at {PUBLIC_VIGNETTES} (CI=true)")
        pytest.skip(f"public vignettes not found at {PUBLIC_VIGNETTES}")
    return PUBLIC_VIGNETTES


def write(tmp_path: Path, data: Any, name: str = "vignettes.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run(*args: str) -> tuple[list[str], CommandError | None]:
    """Run the command; return its stdout lines and the CommandError it raised, if any."""
    out = StringIO()
    try:
        call_command("triage_check", *args, stdout=out, no_color=True)
    except CommandError as error:
        return out.getvalue().splitlines(), error
    return out.getvalue().splitlines(), None


def test_public_vignettes_all_pass(public_file: Path) -> None:
    count = len(json.loads(public_file.read_text(encoding="utf-8")))
    lines, error = run(str(public_file))
    assert error is None
    assert lines[-1] == f"{count} passed, 0 failed"
    assert len(lines) == count + 1
    assert all(line.startswith("PASS  P") for line in lines[:-1])
    p04 = next(line for line in lines if line.startswith("PASS  P04"))
    assert "expected urgent" in p04 and "got urgent" in p04
    assert "U5 " in p04 and "D5 " in p04 and "D7 " in p04


def test_wrong_expectation_fails_with_non_zero_exit(tmp_path: Path) -> None:
    path = write(tmp_path, [{"id": "W1", "answers": MILD, "expected": "physio"}])
    lines, error = run(str(path))
    assert error is not None and error.returncode != 0
    assert lines[0].startswith("FAIL  W1  expected physio")
    assert "got self_care" in lines[0]
    assert lines[-1] == "0 passed, 1 failed"


def test_pass_fail_and_input_error_are_counted(tmp_path: Path) -> None:
    vignettes = [
        {"id": "A", "answers": MILD, "expected": "self_care", "note": "fine"},
        {"id": "B", "answers": {**MILD, "severity": 9}, "expected": "see_doctor"},
        {"id": "C", "answers": {**MILD, "severity": 11}, "expected": "self_care"},
    ]
    lines, error = run(str(write(tmp_path, vignettes)))
    assert error is not None
    assert lines[0].startswith("PASS  A")
    assert lines[1].startswith("FAIL  B")
    assert "U7 " in lines[1]
    assert lines[2] == "ERROR C  input error: severity: must be a whole number from 0 to 10"
    assert lines[-2] == "(1 of the failures were input errors)"
    assert lines[-1] == "1 passed, 2 failed"


def test_missing_answer_is_an_input_error(tmp_path: Path) -> None:
    answers = {k: v for k, v in MILD.items() if k != "onset"}
    path = write(tmp_path, [{"id": "M1", "answers": answers, "expected": "self_care"}])
    lines, error = run(str(path))
    assert error is not None
    assert lines[0] == "ERROR M1  input error: onset: missing"
    assert lines[-1] == "0 passed, 1 failed"


@pytest.mark.parametrize("expected", ["urgentt", "", None, ["urgent"], 3])
def test_unknown_expected_code_is_an_input_error(tmp_path: Path, expected: object) -> None:
    path = write(tmp_path, [{"id": "X1", "answers": MILD, "expected": expected}])
    lines, error = run(str(path))
    assert error is not None
    assert lines[0].startswith("ERROR X1  input error: expected: unknown outcome")
    assert lines[-1] == "0 passed, 1 failed"


def test_answers_that_are_not_an_object_are_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, [{"id": "X2", "answers": ["none"], "expected": "self_care"}])
    lines, error = run(str(path))
    assert error is not None
    assert lines[0].startswith("ERROR X2  input error: answers:")


def test_red_flag_vignette_passes_whatever_else_it_holds(tmp_path: Path) -> None:
    answers = {"emergency": ["none", "both_legs", "junk"], "severity": "eleven"}
    path = write(tmp_path, [{"id": "R1", "answers": answers, "expected": "emergency"}])
    lines, error = run(str(path))
    assert error is None
    assert lines[0].split()[:6] == ["PASS", "R1", "expected", "emergency", "got", "emergency"]
    assert "E1 red flag (both_legs)" in lines[0]
    assert lines[-1] == "1 passed, 0 failed"


def test_several_files_are_judged_together(tmp_path: Path) -> None:
    one = write(tmp_path, [{"id": "A", "answers": MILD, "expected": "self_care"}], "one.json")
    two = write(tmp_path, [{"id": "B", "answers": MILD, "expected": "urgent"}], "two.json")
    lines, error = run(str(one), str(two))
    assert error is not None
    assert [line.split()[0] for line in lines[:-1]] == ["PASS", "FAIL"]
    assert lines[-1] == "1 passed, 1 failed"


def test_verbose_prints_note_pattern_and_engine_notes(tmp_path: Path) -> None:
    answers = {**MILD, "nerve": ["none", "radiating"]}
    vignettes = [{"id": "V1", "answers": answers, "expected": "see_doctor", "note": "leg pain"}]
    lines, error = run(str(write(tmp_path, vignettes)), "--verbose")
    assert error is None
    assert lines[0].startswith("PASS  V1")
    assert "note: leg pain" in lines[1]
    assert "pattern: nerve" in lines[2]
    assert "engine note: nerve: 'none' was chosen together with other answers" in lines[3]
    assert lines[-1] == "1 passed, 0 failed"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"id": "a",', "not valid JSON"),
        ("", "not valid JSON"),
        ('{"id": "a"}', "expected a JSON list of vignettes, got an object"),
        ("[]", "the list is empty"),
        ('["P01"]', "vignette 1 is not an object"),
        ('[{"id": "a", "answers": {}}]', "vignette 1 has no 'expected'"),
        ('[{"answers": {}, "expected": "urgent"}]', "vignette 1 has no 'id'"),
        ('[{"id": 5, "answers": {}, "expected": "urgent"}]', "'id' must be a non-empty string"),
    ],
)
def test_malformed_file_stops_with_a_clear_message(
    tmp_path: Path, content: str, message: str
) -> None:
    path = write(tmp_path, content)
    lines, error = run(str(path))
    assert error is not None
    assert message in str(error)
    assert str(path) in str(error)
    assert lines == []


def test_missing_file_stops_with_a_clear_message(tmp_path: Path) -> None:
    lines, error = run(str(tmp_path / "nope.json"))
    assert error is not None
    assert "cannot read the file" in str(error)
    assert lines == []


def test_a_broken_file_stops_the_whole_run(tmp_path: Path) -> None:
    good = write(tmp_path, [{"id": "A", "answers": MILD, "expected": "self_care"}], "good.json")
    bad = write(tmp_path, "not json", "bad.json")
    lines, error = run(str(good), str(bad))
    assert error is not None
    assert "bad.json" in str(error)
    assert lines == []


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    # An unreachable database: the command must not need one.
    env = {**os.environ, "DATABASE_URL": "postgres://nobody:x@127.0.0.1:9/none"}
    return subprocess.run(  # noqa: S603  # fixed argv, no shell
        [sys.executable, "manage.py", "triage_check", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_exit_status_and_last_line_from_the_command_line(tmp_path: Path) -> None:
    good = write(tmp_path, [{"id": "A", "answers": MILD, "expected": "self_care"}], "good.json")
    bad = write(tmp_path, [{"id": "B", "answers": MILD, "expected": "urgent"}], "bad.json")

    passed = _manage(str(good))
    assert passed.returncode == 0, passed.stderr
    assert passed.stdout.splitlines()[-1] == "1 passed, 0 failed"

    failed = _manage(str(good), str(bad))
    assert failed.returncode != 0
    assert failed.stdout.splitlines()[-1] == "1 passed, 1 failed"
    assert "Traceback" not in failed.stderr

    malformed = _manage(str(write(tmp_path, "[", "malformed.json")))
    assert malformed.returncode != 0
    assert "not valid JSON" in malformed.stderr
    assert "Traceback" not in malformed.stderr


def _bare_env() -> dict[str, str]:
    """What a clinician's shell has: no DJANGO_* settings, no DATABASE_URL, no secret."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))
    }


def test_runs_with_no_settings_in_the_environment(tmp_path: Path) -> None:
    good = write(tmp_path, [{"id": "A", "answers": MILD, "expected": "self_care"}], "good.json")
    bare = subprocess.run(  # noqa: S603  # fixed argv, no shell
        [sys.executable, "manage.py", "triage_check", str(good)],
        cwd=REPO,
        env=_bare_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bare.returncode == 0, bare.stderr
    assert bare.stdout.splitlines()[-1] == "1 passed, 0 failed"


def test_other_commands_still_refuse_to_start_without_a_secret_key() -> None:
    refused = subprocess.run(  # noqa: S603  # fixed argv, no shell
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=_bare_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in refused.stderr


def test_a_python_without_django_is_handed_to_the_project_venv(tmp_path: Path) -> None:
    base = Path(getattr(sys, "_base_executable", sys.executable))
    venv_python = REPO / ".venv" / "bin" / "python"
    if not venv_python.exists() or Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        pytest.skip("the tests are not running in the project's .venv")
    has_django = subprocess.run(  # noqa: S603  # fixed argv, no shell
        [str(base), "-c", "import django"], capture_output=True, check=False, env=_bare_env()
    )
    if has_django.returncode == 0:
        pytest.skip(f"{base} has Django installed itself")
    good = write(tmp_path, [{"id": "A", "answers": MILD, "expected": "self_care"}], "good.json")
    plain = subprocess.run(  # noqa: S603  # fixed argv, no shell
        [str(base), "manage.py", "triage_check", str(good)],
        cwd=REPO,
        env=_bare_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines()[-1] == "1 passed, 0 failed"
