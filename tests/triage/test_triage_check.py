"""Tests of `manage.py triage_check` (PROTOCOL.md "Vignette files").

None of these tests is marked for database access: pytest-django refuses any query, so
they also prove the command runs without a database.
"""

from __future__ import annotations

import dataclasses
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
from triage.management.commands.triage_check import Vignette, load_vignettes

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


# --- Whole lines and whole messages (docs/mutation.md) ---------------------------------

EXPLAINED_BEE = [
    "       E1   -      emergency   red flag",
    "       E2   -      emergency   neck injury at 65 or over (Canadian C-spine rule)",
    "       E3   -      emergency   cancer history with nerve symptoms (NICE NG234, spinal cord "
    "compression)",
    "       E4   -      emergency   fever with nerve symptoms or weak immunity (spinal infection)",
    "       E5   -      emergency   blood thinner with sudden severe pain or nerve symptoms "
    "(bleeding)",
    "       U1   -      urgent      new weakness in the limbs",
    "       U2   -      urgent      fever or unwell",
    "       U3   -      urgent      started with trauma",
    "       U4   -      urgent      cancer history or unexplained weight loss",
    "       U5   fired  urgent      sudden onset in exercise with severity >= 7",
    "       U6   -      urgent      numbness/tingling and getting worse",
    "       U7   fired  urgent      severity >= 9",
    "       U8   -      urgent      clumsy hands or unsteady walking",
    "       U9   -      urgent      weak immune system or injects drugs, with night or rest pain",
    "       U10  -      urgent      osteoporosis or steroids with sudden onset (vertebral "
    "fracture)",
    "       U11  -      urgent      muscles far worse than normal soreness (exertional "
    "rhabdomyolysis)",
    "       D1   -      see_doctor  pain for 1 week to 3 months",
    "       D2   -      see_doctor  radiating pain or numbness/tingling",
    "       D3   -      see_doctor  disturbs sleep or daily activities",
    "       D4   -      see_doctor  cannot get back to exercise",
    "       D5   fired  see_doctor  sudden onset in exercise",
    "       D6   -      see_doctor  getting worse",
    "       D7   fired  see_doctor  severity >= 7",
    "       D8   -      see_doctor  disc condition, stenosis or arthritis",
    "       D9   -      see_doctor  osteoporosis or long-term steroids",
    "       D10  -      see_doctor  not linked to exercise",
    "       D11  -      see_doctor  shooting or burning pain",
    "       D12  -      see_doctor  weak immune system or injects drugs",
    "       D13  -      see_doctor  night or rest pain",
    "       D14  -      see_doctor  gradual onset at 50 or over",
    "       D15  -      see_doctor  young athlete, lasting or recurring low back pain "
    "(spondylolysis)",
    "       D16  -      see_doctor  pregnant or up to 6 weeks after birth",
    "       P1   -      physio      pain over 3 months",
    "       P2   -      physio      keeps coming back after exercise",
    "       outcome: urgent (the most urgent rule fired)",
]

MIXED = [
    {"id": "A", "answers": MILD, "expected": "self_care", "note": "fine"},
    {
        "id": "Bee",
        "answers": {**MILD, "onset": "sudden_during", "severity": 9},
        "expected": "see_doctor",
    },
    {
        "id": "C",
        "answers": {"emergency": ["both_legs", "none", "saddle_numbness"]},
        "expected": "emergency",
    },
    {"id": "D", "answers": ["none"], "expected": "urgentt"},
]

OUTCOMES = "(use one of: emergency, urgent, see_doctor, physio, self_care)"
BEE_LINE = (
    "FAIL  Bee  expected see_doctor  got urgent      U5 sudden onset in exercise with "
    "severity >= 7; U7 severity >= 9; D5 sudden onset in exercise; D7 severity >= 7"
)
D_LINE = (
    "ERROR D    input error: answers: must be an object of question keys and answers; "
    f'expected: unknown outcome "urgentt" {OUTCOMES}'
)


def test_every_line_in_full(tmp_path: Path) -> None:
    lines, error = run(str(write(tmp_path, MIXED)))
    assert lines == [
        "PASS  A    expected self_care   got self_care   no rule triggered",
        BEE_LINE,
        "PASS  C    expected emergency   got emergency   E1 red flag (saddle_numbness, both_legs)",
        D_LINE,
        "(1 of the failures were input errors)",
        "2 passed, 2 failed",
    ]
    assert error is not None and str(error) == "2 of 4 vignettes did not pass"


def test_verbose_and_explain_lines_in_full(tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    lines, _ = run(str(path), "--verbose", "--explain", "Bee", "--explain", "D")
    assert lines == [
        "PASS  A    expected self_care   got self_care   no rule triggered",
        "       note: fine",
        "       pattern: soreness",
        BEE_LINE,
        "       pattern: strain",
        *EXPLAINED_BEE,
        "PASS  C    expected emergency   got emergency   E1 red flag (saddle_numbness, both_legs)",
        "       pattern: none (emergency)",
        "       engine note: emergency: 'none' was chosen together with other answers; "
        "the other answers were used",
        D_LINE,
        "       no rule was checked: the answers have input errors",
        "(1 of the failures were input errors)",
        "2 passed, 2 failed",
    ]


def test_explain_alone_adds_the_rules_under_that_vignette_only(tmp_path: Path) -> None:
    lines, _ = run(str(write(tmp_path, MIXED)), "--explain", "Bee")
    assert lines[:2] == [
        "PASS  A    expected self_care   got self_care   no rule triggered",
        BEE_LINE,
    ]
    assert lines[2:-4] == EXPLAINED_BEE
    assert lines[-4].startswith("PASS  C ")


def test_explain_of_an_emergency_lists_e1_fired(tmp_path: Path) -> None:
    lines, error = run(str(write(tmp_path, MIXED[2:3])), "--explain", "C")
    assert error is None
    assert lines[1] == "       E1   fired  emergency   red flag"
    assert lines[-2] == "       outcome: emergency (the most urgent rule fired)"
    assert [line[12:17] for line in lines[2:-2]] == ["-    "] * 33


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["Z"], "--explain: no vignette with the id 'Z'"),
        (["Z", "A", "Y"], "--explain: no vignette with the id 'Y', 'Z'"),
    ],
)
def test_explain_of_an_unknown_id_stops_the_run(
    tmp_path: Path, ids: list[str], message: str
) -> None:
    args = [arg for vignette_id in ids for arg in ("--explain", vignette_id)]
    lines, error = run(str(write(tmp_path, MIXED)), *args)
    assert error is not None and str(error) == message
    assert lines == []


@pytest.mark.parametrize(
    ("expected", "shown"),
    [
        ("urgentt", '"urgentt"'),
        ("", '""'),
        (None, "null"),
        (["urgent"], '["urgent"]'),
        (3, "3"),
        ("x" * 50, '"' + "x" * 39),
    ],
)
def test_unknown_expected_code_message_in_full(
    tmp_path: Path, expected: object, shown: str
) -> None:
    path = write(tmp_path, [{"id": "X1", "answers": MILD, "expected": expected}])
    lines, _ = run(str(path))
    assert lines[0] == f"ERROR X1  input error: expected: unknown outcome {shown} {OUTCOMES}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[{"id": "a",',
            "not valid JSON (line 1, column 13: Expecting property name enclosed in double quotes)",
        ),
        ("", "not valid JSON (line 1, column 1: Expecting value)"),
        ('{"id": "a"}', "expected a JSON list of vignettes, got an object"),
        ('"P01"', "expected a JSON list of vignettes, got a string"),
        ("5", "expected a JSON list of vignettes, got a single value"),
        ("[]", "the list is empty; there is nothing to check"),
        ('[{"id": "a", "answers": {}, "expected": "urgent"}, 7]', "vignette 2 is not an object"),
        ('[{"id": "a", "answers": {}}]', "vignette 1 has no 'expected'"),
        ('[{"note": "x"}]', "vignette 1 has no 'id', 'answers', 'expected'"),
        (
            '[{"id": 5, "answers": {}, "expected": "urgent"}]',
            "vignette 1: 'id' must be a non-empty string",
        ),
        (
            '[{"id": "  ", "answers": {}, "expected": "urgent"}]',
            "vignette 1: 'id' must be a non-empty string",
        ),
    ],
)
def test_malformed_file_message_in_full(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, content)
    lines, error = run(str(path))
    assert error is not None and str(error) == f"{path}: {message}"
    assert lines == []


def test_unreadable_file_messages_in_full(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    _, error = run(str(missing))
    assert error is not None
    assert str(error) == (
        f"{missing}: cannot read the file ([Errno 2] No such file or directory: '{missing}')"
    )
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff[]")
    _, error = run(str(binary))
    assert error is not None
    assert str(error) == (
        f"{binary}: cannot read the file ('utf-8' codec can't decode byte 0xff in position 0: "
        "invalid start byte)"
    )


def test_load_vignettes_reads_every_field_and_the_vignettes_stay_as_read(tmp_path: Path) -> None:
    path = write(tmp_path, MIXED[:2])
    vignettes = load_vignettes(path)
    assert vignettes == [
        Vignette("A", MILD, "self_care", "fine"),
        Vignette("Bee", {**MILD, "onset": "sudden_during", "severity": 9}, "see_doctor", None),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        vignettes[0].expected = "urgent"  # type: ignore[misc]


# --- One parse per vignette ----------------------------------------------------------------


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record each call of the engine's parse_answers (what each call was given), whether
    the command reaches it through ``evaluate`` or imports it itself."""
    import triage.engine
    from triage.management.commands import triage_check

    calls: list[object] = []
    real_parse = triage.engine.parse_answers

    def parse_answers(data: Any) -> Any:
        calls.append(data)
        return real_parse(data)

    monkeypatch.setattr(triage.engine, "parse_answers", parse_answers)
    monkeypatch.setattr(triage_check, "parse_answers", parse_answers, raising=False)
    return calls


def test_each_vignette_is_judged_from_one_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_parses(monkeypatch)
    lines, _ = run(str(write(tmp_path, MIXED)), "--verbose", "--explain", "Bee")
    # A, Bee and C are parsed once each; D's answers are not an object, so never parsed.
    assert calls == [vignette["answers"] for vignette in MIXED[:3]]
    assert lines[-1] == "2 passed, 2 failed"


def test_the_public_vignettes_are_each_parsed_once(
    public_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vignettes = json.loads(public_file.read_text(encoding="utf-8"))
    calls = _count_parses(monkeypatch)
    lines, error = run(str(public_file), "--verbose")
    assert error is None
    assert calls == [vignette["answers"] for vignette in vignettes]
    assert lines[-1] == f"{len(vignettes)} passed, 0 failed"


def test_none_with_others_in_a_vignette_is_read_as_the_others_and_noted(tmp_path: Path) -> None:
    # The same "none" rule as the question pages: there it is refused; in a vignette file
    # it is read the more urgent way (PROTOCOL.md safety principle), never an input error.
    answers = {**MILD, "general": ["none", "fever"]}
    path = write(tmp_path, [{"id": "N1", "answers": answers, "expected": "urgent"}])
    lines, error = run(str(path), "--verbose")
    assert error is None
    assert lines == [
        "PASS  N1  expected urgent      got urgent      U2 fever or unwell",
        "       pattern: soreness",
        "       engine note: general: 'none' was chosen together with other answers; "
        "the other answers were used",
        "1 passed, 0 failed",
    ]
