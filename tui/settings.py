"""Launch settings (from the command line). The per-user config file (last user, theme, keymap,
export folder, idle minutes) is tui/config.py; `UserConfig` is re-exported here for its callers."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.config import UserConfig

__all__ = ["PASSPHRASE_ENV", "LaunchSettings", "UserConfig"]

PASSPHRASE_ENV = "TEAMBORD_WACHTWOORDZIN"  # for scripts and benchmarks, like PGPASSWORD; never logged


@dataclass(frozen=True)
class LaunchSettings:
    database_url: str
    user_code: str | None = None  # --as; otherwise the remembered user, else a picker
    demo: bool = False  # seed a fresh demo database and open as its first worker
    masked: bool = False  # start in masking mode (codes only)
    remember_user: bool = True
    debug: bool = False  # --debug: show the traceback of a failure in the terminal as well
    # The passphrase for user_code, given by a script (TEAMBORD_WACHTWOORDZIN, tests, benchmarks):
    # checked exactly as the sign-in screen checks it; wrong → the sign-in screen. Never logged.
    passphrase: str | None = field(default=None, repr=False)
    # The team secret of an encrypted SQLite file (SQLCipher), asked before the app starts.
    database_key: str | None = field(default=None, repr=False)
