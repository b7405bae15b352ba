"""Launch settings (from the command line) and the small per-user config file (last user)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui.paths import config_dir


@dataclass(frozen=True)
class LaunchSettings:
    database_url: str
    user_code: str | None = None  # --as; otherwise the remembered user, else a picker
    demo: bool = False  # seed a fresh demo database and open as its first worker
    masked: bool = False  # start in masking mode (codes only)
    remember_user: bool = True
    debug: bool = False  # --debug: show the traceback of a failure in the terminal as well


class UserConfig:
    """Remembers the last user per database, so a shared laptop asks only once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "config.json"

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def last_user(self, database_url: str) -> str | None:
        return self._read().get("last_user", {}).get(database_url)

    def remember_user(self, database_url: str, code: str) -> None:
        data = self._read()
        data.setdefault("last_user", {})[database_url] = code
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        except OSError:
            pass  # not remembering is an inconvenience, not an error worth stopping for
