"""Every export in one place: the export folder (config.json's "export_folder").

The minutes, a handover, a worker's week as iCalendar: in the app and on the command line, each
file lands in the same folder unless the user names another, and Teambord says where ("Opgeslagen:
<path>"). Only the path is announced, never what is in the file. TEAMBORD_EXPORT_DIR overrides the
folder (tests, an administrator's script).

Every export file is written mode 0600 and a folder Teambord makes for it 0700 (models/file_modes.py):
an export holds client codes (or initials) and must not be readable by other accounts.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.errors import DomainError
from tui.config import Config, load_config
from models.file_modes import private_folder, write_private

ENV = "TEAMBORD_EXPORT_DIR"


class ExportFolderProblem(DomainError):
    """The export folder cannot be made or written (a Dutch sentence naming the folder)."""


def export_folder(config: Config | None = None, *, create: bool = True) -> Path:
    """The folder exports go to: TEAMBORD_EXPORT_DIR, else the config's, else Documents/Teambord."""
    configured = os.environ.get(ENV)
    folder = Path(configured).expanduser() if configured else (config or load_config()).export_folder
    if create:
        try:
            private_folder(folder)  # a new folder is 0700; one the user chose keeps its mode
        except OSError:
            raise ExportFolderProblem(f"De exportmap {folder} kan niet worden aangemaakt. Kies een andere map "
                                      "met \"export_folder\" in config.json.") from None
    return folder


def export_path(filename: str, config: Config | None = None) -> Path:
    """Where an export called `filename` goes: in the export folder, which is created if needed."""
    return export_folder(config) / filename


def write_export(path: Path, content: str | bytes) -> Path:
    """Write an export file: mode 0600 (only this user reads it), its folder made 0700 if new.

    Every export of the app and the command line writes through here (or through
    models/file_modes.write_private), so no export is ever readable by another account."""
    private_folder(path.parent)
    return write_private(path, content)


def saved_message(path: Path) -> str:
    """The one wording every export uses to say where its file is."""
    return f"Opgeslagen: {path}"
