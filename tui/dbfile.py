"""Cheap checks of a SQLite database file, before anything heavy loads or the screen switches.

Standard library only, so `teambord` can refuse an unwritable folder or a file that is not a
database with a plain Dutch sentence, before the full-screen UI starts.
"""

from __future__ import annotations

from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseProblem(Exception):
    """A problem the user can act on, worded in Dutch. Shown as-is, never with a traceback."""


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite:/// URL; None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    _scheme, _, rest = url.partition(":///")
    database = rest.split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    return Path(database)


def check_sqlite_file(path: Path) -> None:
    """Folder creatable and writable; an existing file readable and a SQLite database."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise DatabaseProblem(f"De map {folder} kan niet worden aangemaakt. Kies een andere plek met --db.") from None
    if not _writable(folder):
        raise DatabaseProblem(f"In de map {folder} kan Teambord niet schrijven. Kies een andere plek met --db.")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(16)
        except OSError:
            raise DatabaseProblem(f"Het databasebestand {path} kan niet worden gelezen (rechten?).") from None
        if header and header != SQLITE_HEADER:
            raise DatabaseProblem(f"Het bestand {path} is geen Teambord-database.")


def _writable(folder: Path) -> bool:
    probe = folder / ".teambord-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False
