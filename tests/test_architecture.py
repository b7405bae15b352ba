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
    """Every decorator in a file, by its called name (`work`, `on` …), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                found.append((name, node.lineno))
    return found


def test_every_screen_worker_goes_through_the_runner():
    """A thread worker with exit_on_error=False fails silently unless something logs it: screens
    start none themselves (no `@work`, no thread `run_worker`); the app's runner (tui/runner.py)
    runs every database call, logs every failure and tells the user. (An async worker that only
    switches screens is no database work.)"""
    offenders = []
    for path in (ROOT / "screens").rglob("*.py"):
        offenders += [f"{path.relative_to(ROOT)}:{line}" for name, line in _decorator_names(path) if name == "work"]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "run_worker":
                if any(k.arg == "thread" and getattr(k.value, "value", False) for k in node.keywords):
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
                    if "log_failure" not in body and "raise" not in body:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # The two in section.py guard cursor bookkeeping on a table that changed under it: no failure.
    allowed = {"screens/common/section.py"}
    assert [o for o in offenders if o.split(":")[0] not in allowed] == []


MARKUP_WIDGETS = {"Label", "Static", "Select", "OptionList"}


def test_people_text_is_never_parsed_as_markup():
    """Screens take Label/Static/Select/OptionList from screens/common/plain.py (markup off), never from
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


# --- the one door for writes (issue 13) ---------------------------------------------------------

FORBIDDEN_IN_SCREENS = ("tui.app", "tui.db", "sqlmodel", "sqlalchemy", "models.actions.unit")


def _calls_of(tree: ast.AST, names: set[str]) -> list[tuple[str, int]]:
    return [(node.func.attr, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names]


def test_screens_never_open_a_session_or_commit():
    """Every database call of a screen goes through the app's runner (tui/runner.py): screens never
    open a session, commit or roll back, and never import the database module, the app module or
    the unit of work itself."""
    offenders = []
    for path in (ROOT / "screens").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        offenders += [f"{where}:{line} .{name}(" for name, line in _calls_of(tree, {"session", "commit", "rollback"})]
        offenders += [f"{where} imports {name}" for name in _imports(path)
                      if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_IN_SCREENS)]
    assert offenders == []


def test_only_the_unit_of_work_commits():
    """models/: functions flush; `models.actions.perform` (and `read` for an audited read) commits,
    once per unit of work. (tui/ commits only for start-up chores such as seeding a demo.)"""
    offenders = []
    for path in (ROOT / "models").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() == "models/actions/unit.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(ROOT)}:{line}" for _name, line in _calls_of(tree, {"commit", "rollback"})]
    assert offenders == []


def _runtime_imports(path: Path) -> set[str]:
    """Imports that run (module level and inside functions), not those under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for statement in node.body for child in ast.walk(statement))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _import_circles() -> list[list[str]]:
    modules = {}
    for package in ("models", "screens", "tui", "fixtures"):
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    graph = {name: {d for d in _runtime_imports(path) if d in modules and d != name} for name, path in modules.items()}
    # Tarjan's strongly connected components: every component of two or more modules is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    return circles


def test_no_import_circles():
    """A module that needs another which needs it back is two halves of one idea (or a screen
    calling another screen's methods): each circle was broken by moving the shared part out."""
    assert _import_circles() == []
