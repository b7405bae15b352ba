"""`teambord demo` starts from a copy of today's demo database instead of seeding it every time.

Seeding the demo team through the ORM takes ~1.5 s, which made `teambord demo` show its first data
2.5× later than Teambord on an existing database (issue 14). The first demo of the day seeds a
template in the user cache folder; every later one copies that file (a few ms) into its own
temporary folder, so each demo still starts fresh and leaves nothing behind. The template's name
carries the day (the demo is built around today) and a fingerprint of the fixtures, models and
migrations, so a changed demo or schema never reuses an old file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

from platformdirs import user_cache_dir

from tui.diagnostics import log_event
from tui.paths import APP_NAME

SOURCES = ("fixtures", "models", "migrations", "tui/db.py")  # what a seeded demo database depends on


def cache_dir() -> Path:
    return Path(user_cache_dir(APP_NAME, appauthor=False))


def fingerprint() -> str:
    """Changes whenever the code that seeds the demo does (also used by the tests' seeded copy)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for source in SOURCES:
        path = root / source
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def place_demo_database(target: Path, day: date) -> bool:
    """Put a freshly seeded demo database at `target` (which must not exist yet).

    Returns False when no template could be made or read (e.g. no writable cache folder): the
    caller then seeds `target` itself, as before."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        template = folder / f"demo-{day.isoformat()}-{fingerprint()}.db"
        if not template.exists():
            build_demo_file(template, day)
            log_event("demo-template-built")
            _forget_other_templates(folder, keep=template)
        shutil.copyfile(template, target)
    except OSError as error:
        log_event("demo-template-unavailable", error=type(error).__name__)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return False
    return True


def build_demo_file(target: Path, day: date) -> None:
    """Migrate and seed the demo for `day` into one self-contained SQLite file at `target`."""
    from fixtures.demo import seed_demo
    from tui.db import open_database

    building = target.with_name(f"{target.name}.{os.getpid()}.building")
    database = open_database(f"sqlite:///{building}")
    try:
        seed_demo(database.engine, today=day)
        with database.engine.connect() as connection:  # everything into the main file before copying it
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()
    os.replace(building, target)  # whole or not at all, also when two builders run at once
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)


def _forget_other_templates(folder: Path, keep: Path) -> None:
    for old in folder.glob("demo-*.db"):
        if old != keep:
            old.unlink(missing_ok=True)
