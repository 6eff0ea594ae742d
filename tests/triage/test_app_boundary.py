"""The dependency between the apps runs one way: content reads triage's results, and
triage never imports content (content/results.py composes the two; the triage rules run
and are tested without the clinic's database)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

TRIAGE = Path(settings.BASE_DIR, "triage")


def _is_content(module: str) -> bool:
    return module == "content" or module.startswith("content.")


def imported_modules(source: str) -> set[str]:
    """Every module a Python source imports: ``import``, ``from ... import`` (absolute)
    and ``importlib.import_module("...")`` / ``__import__("...")`` with a literal name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if name in {"import_module", "__import__"} and isinstance(first, ast.Constant):
                found.add(str(first.value))
    return found


def test_the_triage_app_never_imports_the_content_app():
    sources = sorted(TRIAGE.rglob("*.py"))
    assert TRIAGE / "result.py" in sources  # the walk reads the app
    imports = {
        str(path.relative_to(settings.BASE_DIR)): sorted(
            module
            for module in imported_modules(path.read_text(encoding="utf-8"))
            if _is_content(module)
        )
        for path in sources
    }
    assert {path: found for path, found in imports.items() if found} == {}


def test_the_import_check_sees_every_way_of_importing():
    source = (
        "import content\n"
        "import content.models as m\n"
        "from content.services import select\n"
        "from contented import nothing\n"
        "from . import content\n"
        "def late():\n"
        "    from content import results\n"
        "    importlib.import_module('content.results')\n"
    )
    assert sorted(m for m in imported_modules(source) if _is_content(m)) == [
        "content",
        "content.models",
        "content.results",
        "content.services",
    ]
