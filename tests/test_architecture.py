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


def _decorator_names(path: Path) -> list[tuple[str, int]]:
    """Every decorator in a file, by its called name (`work`, `db_work`, `on` …), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                found.append((name, node.lineno))
    return found


def test_every_screen_worker_logs_its_failures():
    """A thread worker with exit_on_error=False fails silently unless it goes through db_work
    (screens/workers.py), which logs every failure and tells the user (issue: failures say what
    failed). Raw `@work` and `run_worker` are for that module (and the app, whose handler logs)."""
    offenders = []
    for path in (ROOT / "screens").rglob("*.py"):
        if path.name == "workers.py":
            continue
        offenders += [f"{path.relative_to(ROOT)}:{line}" for name, line in _decorator_names(path) if name == "work"]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "run_worker":
                thread = any(k.arg == "thread" and getattr(k.value, "value", False) for k in node.keywords)
                if thread and path.name != "background.py":  # background.run_in_thread logs itself
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_nothing_catches_every_exception_without_logging_it():
    """`except Exception:` that neither logs nor re-raises is a swallowed failure."""
    offenders = []
    for folder in ("screens", "tui"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) \
                        and node.type.id in ("Exception", "BaseException"):
                    body = ast.unparse(ast.Module(body=node.body, type_ignores=[]))
                    if "log_failure" not in body and "raise" not in body and "report_failure" not in body:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # The two in section.py guard cursor bookkeeping on a table that changed under it: no failure.
    allowed = {"screens/section.py"}
    assert [o for o in offenders if o.split(":")[0] not in allowed] == []


MARKUP_WIDGETS = {"Label", "Static", "Select", "OptionList"}


def test_people_text_is_never_parsed_as_markup():
    """Screens take Label/Static/Select/OptionList from screens/plain.py (markup off), never from
    Textual directly; nobody switches markup on or builds markup from a value."""
    offenders = []
    for folder in ("screens", "tui"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "plain.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            where = str(path.relative_to(ROOT))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("textual.widgets"):
                    offenders += [f"{where}:{node.lineno} imports {a.name}" for a in node.names
                                  if a.name in MARKUP_WIDGETS]
                if isinstance(node, ast.keyword) and node.arg == "markup" and getattr(node.value, "value", None):
                    offenders.append(f"{where}: markup=True")
                if isinstance(node, ast.Attribute) and node.attr in ("from_markup", "render_markup"):
                    offenders.append(f"{where}:{node.lineno} {node.attr}")
    assert offenders == []
