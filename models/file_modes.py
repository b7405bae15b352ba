"""Files only for their owner: mode 0600 for files, 0700 for folders Teambord makes.

The database, its -wal/-shm files, the log, config.json and every export hold client data or say
who works where: another account on the same machine must not read them. Each file is created
with its final mode in the `open()` call itself (never created readable and tightened after), so
there is no moment in which another user can open it. The process umask is not relied on here
(tests, an embedding program may have any); the command line sets 0o077 as well (tui/cli.py), which
also covers what SQLite and libraries create on their own.

Standard library only: it runs before anything heavy loads.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
UMASK = 0o077  # what the command line sets: group and others get nothing on new files


def private_folder(path: Path, *, tighten_existing: bool = False) -> Path:
    """Make `path` (and missing parents) with mode 0700. An existing folder is left as it is unless
    `tighten_existing` (Teambord's own folders: the data and log folders); a folder the user chose
    for exports may be shared on purpose, so Teambord does not change it."""
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # another process made it in between
            continue
        os.chmod(made, FOLDER_MODE)  # mkdir's mode is filtered by the umask: set it exactly
    if tighten_existing and not missing:
        os.chmod(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure `path` exists with mode 0600: created empty if missing, tightened if it exists."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        _owner_only(descriptor)
    finally:
        os.close(descriptor)
    return path


def create_private_file(path: Path) -> bool:
    """Create `path` empty with mode 0600 when it does not exist yet; True when it was created.

    An existing file keeps its mode: a database someone set up to share is not locked for others."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    except FileExistsError:
        return False
    try:
        _owner_only(descriptor)
    finally:
        os.close(descriptor)
    return True


def write_private(path: Path, content: str | bytes) -> Path:
    """Write `content` (text as UTF-8) to `path`, replacing what was there; the file ends up 0600."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        _owner_only(handle.fileno())  # an existing file keeps its old mode through O_CREAT: tighten it
        handle.write(data)
    return path


def _owner_only(descriptor: int) -> None:
    if hasattr(os, "fchmod"):  # not on Windows, where these modes mean little anyway
        os.fchmod(descriptor, FILE_MODE)
