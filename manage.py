#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Commands that use neither the secret key nor the database. They run on a bare checkout
# with no environment set, so that clinicians can check the protocol with
# `python manage.py triage_check FILE.json` without a production secret (README.md).
NEEDS_NO_SECRET = {"triage_check"}


def use_project_python() -> None:
    """Started by a Python without Django (plain `python manage.py …`): re-run with the
    project's `.venv`, which `make install` creates, or say what to do."""
    try:
        import django  # noqa: F401
    except ImportError:
        venv_python = ROOT / ".venv" / "bin" / "python"
        if venv_python.exists() and Path(sys.executable).absolute() != venv_python.absolute():
            os.execv(venv_python, [str(venv_python), *sys.argv])  # noqa: S606
        sys.exit("Django is not installed for this Python. Run `make install` first.")


def main() -> None:
    use_project_python()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in NEEDS_NO_SECRET:
        # Production mode (debug off) with a throwaway key that nothing signs with.
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
