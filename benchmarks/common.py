"""Shared set-up for the benchmarks: paths, the databases they run on, and the report header.

Everything the benchmarks create lives in benchmarks/out/ (git-ignored):
  demo.db        a seeded demo database (`teambord seed demo`), rebuilt when fixtures/demo.py,
                 the migrations or the date change (the demo is built around today)
  scale.db       the organisation-scale database (`teambord seed schaal`), built once and reused;
                 `--rebuild` builds it again (a few minutes)
  baseline.db    one small table for the bare SQLModel baseline app
  run/           per-run copies (the app may write: WAL files, audit entries, upgrades)
  xdg/           XDG_CONFIG_HOME / XDG_DATA_HOME / XDG_CACHE_HOME / XDG_STATE_HOME for the app, so it
                 never touches your own config, cached demo template or log
"""

from __future__ import annotations

import datetime
import hashlib
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
OUT = BENCH / "out"
RUN = OUT / "run"
BASELINES = BENCH / "baselines"

_venv = ROOT / ".venv" / "bin"
PYTHON = str(_venv / "python") if (_venv / "python").exists() else sys.executable
TEAMBORD = str(_venv / "teambord") if (_venv / "teambord").exists() else "teambord"


PYCACHE = OUT / "pycache"
BYTECODE_CACHE = True  # set False (--no-pyc-cache) to run apps as the environment is


def app_env() -> dict[str, str]:
    """Environment for every app under test: private config/data/cache/state folders and a bytecode cache.

    This machine sets PYTHONDONTWRITEBYTECODE=1 and the project's own modules (tui/, models/,
    screens/, …) have no .pyc, so every start would compile them from source (~0.1–0.2 s) — unlike
    an installed Teambord. So the apps get PYTHONPYCACHEPREFIX=benchmarks/out/pycache, filled once
    by `prepare_bytecode()`, for the baselines and Teambord alike.
    """
    folders = {name: OUT / "xdg" / name for name in ("config", "data", "cache", "state")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    env = {f"XDG_{name.upper()}_HOME": str(folder) for name, folder in folders.items()}
    env["TEAMBORD_WACHTWOORDZIN"] = "demo"  # the demo and scale databases' public passphrase: signed in as a script
    if BYTECODE_CACHE:
        env |= {"PYTHONPYCACHEPREFIX": str(PYCACHE), "PYTHONDONTWRITEBYTECODE": ""}
    return env


def prepare_bytecode() -> None:
    """Compile the venv's packages and the project into benchmarks/out/pycache (quick when done)."""
    if not BYTECODE_CACHE:
        return
    site = sorted((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
    targets = [str(p) for p in site] + [str(ROOT / d) for d in ("tui", "models", "screens", "fixtures",
                                                                 "migrations")] + [str(BASELINES)]
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "compileall", "-q", "-j", "0", *targets], cwd=ROOT,
                   env={**os.environ, **app_env()}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=900)
    elapsed = time.perf_counter() - started
    if elapsed > 5:
        print(f"[compiled bytecode into {PYCACHE.relative_to(ROOT)} in {elapsed:.0f} s]", flush=True)


def bytecode_note() -> str:
    return ("bytecode cached (PYTHONPYCACHEPREFIX=benchmarks/out/pycache)" if BYTECODE_CACHE
            else "no bytecode cache for project modules (as this environment is)")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def _stamp(*paths: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                digest.update(file.name.encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def copy_db(source: Path, target: Path) -> Path:
    """A fresh copy of a database file (the source must have no pending -wal)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_db(target)
    shutil.copyfile(source, target)
    return target


def _seed(kind: str, target: Path, factor: float | None = None, timeout: float = 1800) -> float:
    """Run `teambord seed <kind>` into a new file next to target, then move it in place."""
    OUT.mkdir(parents=True, exist_ok=True)
    building = target.with_name(target.name + ".building")
    _remove_db(building)
    argv = [TEAMBORD, "seed", kind, "--db", sqlite_url(building)]
    if factor is not None:
        argv += ["--factor", str(factor)]
    started = time.perf_counter()
    result = subprocess.run(argv, cwd=ROOT, env={**os.environ, **app_env()}, capture_output=True, text=True,
                            timeout=timeout)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        _remove_db(building)
        raise SystemExit(f"`{' '.join(argv[1:])}` failed (exit {result.returncode}):\n"
                         f"{(result.stdout + result.stderr).strip()[-3000:]}")
    with sqlite3.connect(building) as db:  # fold any WAL into the main file before moving it
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _remove_db(target)
    building.rename(target)
    _remove_db(building)
    print(f"[built {target.relative_to(ROOT)} with `teambord seed {kind}` in {elapsed:.1f} s: "
          f"{result.stdout.strip()}]", flush=True)
    return elapsed


def demo_template() -> Path:
    """benchmarks/out/demo.db, seeded like `teambord demo` does (rebuilt when stale)."""
    target = OUT / "demo.db"
    stamp_file = OUT / "demo.stamp"
    stamp = _stamp(ROOT / "fixtures", ROOT / "migrations", ROOT / "models",
                   extra=datetime.date.today().isoformat())
    if not target.exists() or not stamp_file.exists() or stamp_file.read_text() != stamp:
        _seed("demo", target)
        stamp_file.write_text(stamp)
    return target


def head_revision() -> str | None:
    """The newest Alembic revision in migrations/versions (read from the files, no import)."""
    revisions, parents = set(), set()
    for file in (ROOT / "migrations" / "versions").glob("*.py"):
        found = re.search(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", file.read_text(), re.M)
        down = re.search(r"^down_revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", file.read_text(), re.M)
        if found:
            revisions.add(found.group(1))
        if down:
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def db_revision(path: Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None


_NOTED: set[str] = set()  # databases whose "built from another fixtures" note was printed


def scale_db(rebuild: bool = False, factor: float = 1.0) -> Path:
    """benchmarks/out/scale.db (organisation scale), built once with `teambord seed schaal`.

    Built again when asked, or when its schema is not the newest migration (the app would
    otherwise back it up and upgrade it at every start, which is not what is being measured)."""
    name = "scale.db" if factor == 1.0 else f"scale-x{factor:g}.db"
    target = OUT / name
    stamp_file = OUT / (name + ".stamp")
    stamp = _stamp(ROOT / "fixtures" / "scale.py", ROOT / "migrations")
    head = head_revision()
    if target.exists() and not rebuild and head and db_revision(target) != head:
        print(f"[{target.relative_to(ROOT)} has schema {db_revision(target)}, the migrations are at {head}: "
              f"building it again]", flush=True)
        rebuild = True
    if rebuild or not target.exists():
        print(f"[building {target.relative_to(ROOT)}: `teambord seed schaal"
              f"{'' if factor == 1.0 else f' --factor {factor:g}'}` — this takes a few minutes]", flush=True)
        _seed("schaal", target, factor=None if factor == 1.0 else factor)
        stamp_file.write_text(stamp)
    elif (not stamp_file.exists() or stamp_file.read_text() != stamp) and name not in _NOTED:
        _NOTED.add(name)
        print(f"[note: {target.relative_to(ROOT)} was built from another fixtures/scale.py or migrations; "
              f"pass --rebuild to build it again]", flush=True)
    return target


def baseline_db() -> Path:
    """One small table (`item`, 200 rows) for the bare SQLModel baseline app."""
    target = OUT / "baseline.db"
    if target.exists():
        return target
    OUT.mkdir(parents=True, exist_ok=True)
    building = target.with_name("baseline.db.building")
    _remove_db(building)
    with sqlite3.connect(building) as db:
        db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, code VARCHAR NOT NULL, name VARCHAR NOT NULL, "
                   "region VARCHAR NOT NULL, hours FLOAT NOT NULL)")
        db.executemany("INSERT INTO item (code, name, region, hours) VALUES (?, ?, ?, ?)",
                       [(f"W{i:03d}", f"Medewerker {i}", f"regio {i % 7}", 24 + i % 13) for i in range(200)])
    building.rename(target)
    return target


def _first_code(path: Path, table: str) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute(f"SELECT code FROM {table} ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise SystemExit(f"{path} has no rows in {table}")
    return row[0]


def first_worker(path: Path) -> str:
    return _first_code(path, "worker")


def first_client(path: Path) -> str:
    """The code of the database's first client (lowest id)."""
    return _first_code(path, "client")


def table_counts(path: Path, tables: list[str]) -> dict[str, int]:
    counts = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        for table in tables:
            try:
                counts[table] = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except sqlite3.Error:
                counts[table] = -1
    return counts


def machine_line() -> str:
    try:
        from importlib.metadata import version
        textual = version("textual")
    except Exception:  # noqa: BLE001 - only for the report
        textual = "?"
    try:
        tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        tmux = "tmux ?"
    load = os.getloadavg()[0]
    return (f"{datetime.datetime.now():%Y-%m-%d %H:%M} · {os.cpu_count()} CPUs · load {load:.2f} · "
            f"Python {platform.python_version()} · Textual {textual} · {tmux}\n{bytecode_note()}")
