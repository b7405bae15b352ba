"""Cheap checks of a SQLite database file, before anything heavy loads or the screen switches.

Standard library only, so `teambord` can refuse an unwritable folder or a file that is not a
database with a plain Dutch sentence, before the full-screen UI starts.
"""

from __future__ import annotations

from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite's smallest page size: every database file, plain or encrypted, is a whole number of pages.
MIN_PAGE_SIZE = 512


class Step:
    """The steps of opening Teambord, as a failure names them to the user (Dutch)."""

    OPENING = "database openen"
    CONNECTING = "verbinden met de database"
    MIGRATING = "databaseschema bijwerken"
    SEEDING = "demo-gegevens aanmaken"
    LOADING = "team laden"


class DatabaseProblem(Exception):
    """A problem the user can act on, worded in Dutch. Shown as-is, never with a traceback.

    `step` says which step of opening failed, so the message can say so (and the log records it).
    """

    def __init__(self, message: str, step: str = Step.OPENING) -> None:
        super().__init__(message)
        self.step = step


def describe_problem(problem: DatabaseProblem) -> str:
    """The one wording of a failed step, used by the app and by every command line."""
    return f"{problem} (stap: {problem.step})"


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite:/// URL; None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    _scheme, _, rest = url.partition(":///")
    database = rest.split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    return Path(database)


def is_encrypted(path: Path) -> bool:
    """True when `path` looks like a SQLCipher file: not empty, no plain SQLite header, and a whole
    number of pages. SQLCipher 4 writes a random salt where SQLite writes its header, so nothing in
    the file says "encrypted"; the page-size test keeps a stray text file from being taken for one.
    Only a key can tell an encrypted Teambord database from any other file of random bytes."""
    try:
        size = path.stat().st_size
        if size == 0 or size % MIN_PAGE_SIZE:
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER
    except OSError:
        return False


def check_sqlite_file(path: Path, *, create_folder: bool = False, encrypted_ok: bool = False) -> None:
    """Folder present (or, for the default location, creatable) and writable; an existing file
    readable and a SQLite database (or, with `encrypted_ok`, possibly an encrypted one: the key
    decides, see tui/encryption.py).

    Only Teambord's own data folder is created: a folder typed with --db that does not exist is
    far more likely a typo than a wish, and creating it would hide the team's real database.
    """
    from models.file_modes import private_folder
    from tui.paths import data_dir

    folder = path.parent
    if not folder.is_dir():
        if not (create_folder or folder == data_dir()):
            raise DatabaseProblem(f"De map {folder} bestaat niet. Controleer het pad bij --db (of maak de map "
                                  "eerst aan).")
        try:
            private_folder(folder)  # 0700: only this user may see the database (models/file_modes.py)
        except OSError:
            raise DatabaseProblem(f"De map {folder} kan niet worden aangemaakt. Kies een andere plek met --db.") \
                from None
    if not _writable(folder):
        raise DatabaseProblem(f"In de map {folder} kan Teambord niet schrijven. Kies een andere plek met --db.")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(16)
        except OSError:
            raise DatabaseProblem(f"Het databasebestand {path} kan niet worden gelezen (rechten?).") from None
        if header and header != SQLITE_HEADER:
            if encrypted_ok and is_encrypted(path):
                return
            if is_encrypted(path):
                raise DatabaseProblem(f"Het bestand {path} is versleuteld, of het is geen Teambord-database. "
                                      "Open het met de teamsleutel.")
            raise DatabaseProblem(f"Het bestand {path} is geen Teambord-database.")


def _writable(folder: Path) -> bool:
    # A probe file of its own (two apps starting at once in one folder must not remove each other's).
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".teambord-write-test-"):
            return True
    except OSError:
        return False
