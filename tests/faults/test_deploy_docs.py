"""What the deploy steps must set up: a daily schedule, installed by the README, that
clears expired sessions (patients' answers, docs/privacy.md), and a proxy in front that
buffers requests. No server needed: these read README.md and docs/deploy/."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.faults.live import PROJECT

DEPLOY = PROJECT / "docs" / "deploy"


def _deploying_section() -> str:
    readme = (PROJECT / "README.md").read_text()
    start = readme.index("## Deploying")
    return readme[start : readme.index("\n## ", start + 1)]


def _shell_commands(markdown: str) -> list[str]:
    """The commands in the section's ```sh blocks, continuation lines joined."""
    blocks = re.findall(r"```sh\n(.*?)```", markdown, flags=re.DOTALL)
    return [
        line.strip()
        for block in blocks
        for line in block.replace("\\\n", " ").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # keys are case-sensitive
    unit.read_string((DEPLOY / name).read_text())
    return unit


def test_the_deploy_steps_install_and_enable_the_daily_clearsessions_timer():
    commands = _shell_commands(_deploying_section())
    copy = next(command for command in commands if command.startswith("sudo cp "))
    copied = {Path(word).name for word in shlex.split(copy)[2:-1]}
    assert copied >= {"backontrack-clearsessions.service", "backontrack-clearsessions.timer"}
    assert all((DEPLOY / name).is_file() for name in copied), copied
    assert any(
        command.startswith("sudo systemctl enable --now")
        and "backontrack-clearsessions.timer" in shlex.split(command)
        for command in commands
    ), commands


def test_the_timer_runs_the_service_daily_and_catches_up():
    timer = _unit("backontrack-clearsessions.timer")["Timer"]
    assert timer["Unit"] == "backontrack-clearsessions.service"
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d|daily", timer["OnCalendar"])
    assert timer["Persistent"] == "true"
    assert _unit("backontrack-clearsessions.timer")["Install"]["WantedBy"] == "timers.target"


def test_the_service_and_the_cron_line_run_clearsessions_with_the_app_s_settings():
    service = _unit("backontrack-clearsessions.service")["Service"]
    web = _unit("backontrack.service")["Service"]
    assert service["Type"] == "oneshot"
    assert shlex.split(service["ExecStart"])[-2:] == ["manage.py", "clearsessions"]
    for key in ("EnvironmentFile", "WorkingDirectory", "User"):
        assert service[key] == web[key], key  # the same database as the site

    lines = [
        line
        for line in (DEPLOY / "clearsessions.cron").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) == 1
    minute, hour, day, month, weekday, command = lines[0].split(maxsplit=5)
    assert (minute.isdigit(), hour.isdigit(), day, month, weekday) == (True, True, "*", "*", "*")
    assert command.endswith("manage.py clearsessions")
    assert web["EnvironmentFile"] in command  # cron has no environment of its own
    assert "crontab -u backontrack docs/deploy/clearsessions.cron" in _deploying_section()


def test_the_nginx_example_buffers_and_forwards_what_the_app_trusts():
    nginx = (DEPLOY / "nginx.conf").read_text()
    for directive in (
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "client_max_body_size 1m;",
        "server 127.0.0.1:8000;",  # from GUNICORN_FORWARDED_ALLOW_IPS' default
    ):
        assert directive in nginx, directive
    section = _deploying_section()
    assert "docs/deploy/nginx.conf" in section
    assert "buffer whole requests" in section
    assert "Draining a node" in section


def _subsection(markdown: str, heading: str) -> str:
    start = markdown.index(heading)
    end = markdown.find("\n#", start + len(heading))
    return markdown[start : end if end != -1 else len(markdown)]


def _settings_with(**env: str) -> dict[str, str]:
    """The cache backend and session engine the settings pick for this environment."""
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND']); print(settings.SESSION_ENGINE)"
    )
    completed = subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={
            **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    backend, engine = completed.stdout.split()
    return {"cache": backend, "sessions": engine}


def test_the_deploy_steps_set_the_shared_cache_the_settings_read():
    section = _deploying_section()
    commands = _shell_commands(section)
    assert any(command.startswith("export REDIS_URL=redis://") for command in commands)
    # The database cache's table comes with the migrations: no second command to forget.
    assert "migrate" in section
    assert "createcachetable" not in section
    with_redis = _settings_with(REDIS_URL="redis://127.0.0.1:6379/0")
    assert with_redis["cache"] == "config.cache.RedisCache"
    # Sessions (and the answers saved with them) are never read from Redis.
    assert with_redis["sessions"] == "django.contrib.sessions.backends.db"
    without = _settings_with()
    assert without["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert without["sessions"] == "django.contrib.sessions.backends.db"


def test_more_than_one_machine_names_what_every_node_shares():
    for markdown in (_deploying_section(), (DEPLOY / "README.md").read_text()):
        machines = _subsection(markdown, "More than one machine")
        for needed in (
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SECRET_KEY",
            "`migrate`",  # which makes the database cache's table
            "collectstatic",
            "WhiteNoise",
            "tests/faults/test_scale_out.py",
        ):
            assert needed in machines, needed
    assert (PROJECT / "tests" / "faults" / "test_scale_out.py").is_file()
    assert "docs/deploy/README.md" in _deploying_section()
    # The service's environment file is the one every node copies.
    service_comments = (DEPLOY / "backontrack.service").read_text()
    assert "REDIS_URL" in service_comments
