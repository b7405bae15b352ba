"""What every `teambord` subcommand needs the same way: a Dutch refusal, who acts, where exports go."""

from __future__ import annotations

import sys
from pathlib import Path


def fail(message: str) -> int:
    """A refusal on stderr ("teambord: …") and the exit code 2."""
    print(f"teambord: {message}", file=sys.stderr)
    return 2


def acting_code(given: str | None, url: str) -> str:
    """The worker a command acts as: --as, else the last user on this database, else ""."""
    from tui.config import UserConfig

    return (given or UserConfig().last_user(url) or "").strip().upper()


def export_target(given: str | None) -> Path:
    """-o/--uit as given, else the export folder (config.json, tui/exports.py). A wrong setting in
    config.json is said on stderr; a folder that cannot be made raises ExportFolderProblem."""
    if given:
        return Path(given).expanduser()
    from tui.config import UserConfig
    from tui.exports import export_folder

    config = UserConfig().load()
    for problem in config.problems:
        print(f"teambord: let op ({config.path}): {problem}", file=sys.stderr)
    return export_folder(config)
