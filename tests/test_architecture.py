"""Layering rules: models/ never imports Textual; screens hold no SQL; the app paints before
SQLModel loads (PERFORMANCE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_models_never_import_textual():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "models").rglob("*.py")
        if any(name == "textual" or name.startswith("textual.") for name in _imports(path))
    ]
    assert offenders == []


def test_screens_hold_no_sql():
    offenders = []
    for path in (ROOT / "screens").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("select(", "SELECT ", "session.exec", "session.execute", "sqlalchemy")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_app_module_does_not_load_sqlmodel():
    """Importing the App (what happens before the first frame) must not import SQLModel."""
    code = "import sys, tui.app; print('sqlmodel' in sys.modules, 'sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
