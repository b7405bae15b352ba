"""The one per-user config file: `config.json` in the user config dir (platformdirs).

On Linux that is `~/.config/teambord/config.json`. Teambord writes two keys itself (the last user
per database, and the theme chosen in the palette); the others are for the user to set by hand:

    {
      "theme": "teambord-licht",                 "teambord" (dark, the default) or "teambord-licht"
      "keymap": {"planning.export": "x,i"},      binding id -> keys (the ids are in tui/keymap.py)
      "export_folder": "~/Documenten/Teambord",  where every export goes (default: Documents/Teambord)
      "idle_minutes": 5,                         minutes without a key before the screen locks
      "last_user": {"sqlite:///…": "AV"}         written by Teambord: who worked last on that database
    }

A remapped key that another key of the same screen (or an app-wide key) already has is refused:
Textual would silently take it from the other binding. Swapping two keys in one keymap is fine.

JSON and not TOML: Python reads TOML but cannot write it without another dependency, and
Teambord writes this file. A wrong value never stops Teambord: it is replaced by its default and
named in a Dutch sentence (`Config.problems`), which the app shows as a toast and the command line
prints on stderr. A file that is not valid JSON is never overwritten, so a typo costs no settings.
The environment variable TEAMBORD_EXPORT_DIR overrides the export folder (tests, administrators).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from models.file_modes import private_folder, write_private
from tui.paths import config_dir, default_export_folder

FILE_NAME = "config.json"
DARK_THEME = "teambord"
LIGHT_THEME = "teambord-licht"
THEME_NAMES = (DARK_THEME, LIGHT_THEME)  # the themes of tui/theme.py (a test checks they agree)
DEFAULT_IDLE_MINUTES = 5
IDLE_RANGE = (1, 480)  # a minute up to a working day
KNOWN_KEYS = ("theme", "keymap", "export_folder", "idle_minutes", "last_user")
# "a", "?", "ctrl+s", "shift+up", "f5", "question_mark": one key of a comma-separated list.
_KEY_NAME = re.compile(r"^((ctrl|shift|alt|meta|super|hyper)\+)*[a-z0-9_]+$")


@dataclass(frozen=True)
class Config:
    """The settings as Teambord uses them: every value valid (a wrong one replaced by its default)."""

    theme: str = DARK_THEME
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    export_folder: Path = field(default_factory=default_export_folder)
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    problems: tuple[str, ...] = ()  # Dutch sentences about what was wrong in the file (`path`)
    path: Path | None = None  # the file it was read from


class UserConfig:
    """Reads and writes config.json. Reads are fresh each time (another Teambord may have written)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / FILE_NAME

    # --- the raw file ---------------------------------------------------------------------

    def _read(self) -> dict:
        data, _problem = self._read_checked()
        return data if data is not None else {}

    def _read_checked(self) -> tuple[dict | None, str | None]:
        """(the file's object, None); ({}, None) when there is no file; (None, why) when it is broken."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, None
        except (OSError, UnicodeDecodeError):
            return None, "Het bestand kan niet worden gelezen; Teambord gebruikt de standaardinstellingen."
        try:
            data = json.loads(text) if text.strip() else {}
        except ValueError as error:
            line = getattr(error, "lineno", None)
            where = f" (regel {line})" if line else ""
            return None, (f"Het bestand is geen geldige JSON{where}; Teambord gebruikt de standaardinstellingen "
                          "en laat het bestand ongemoeid.")
        if not isinstance(data, dict):
            return None, ("Het bestand moet één JSON-object zijn ({ … }); Teambord gebruikt de "
                          "standaardinstellingen en laat het bestand ongemoeid.")
        return data, None

    def _update(self, change) -> bool:
        """Apply `change(data)` and write the file whole (a temporary file, then a rename). A broken
        file is left alone: overwriting it would throw away what the user wrote there."""
        data, problem = self._read_checked()
        if data is None:
            return False
        change(data)
        try:
            private_folder(self.path.parent)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            # 0600: the file names who worked on which database (models/file_modes.py); the rename keeps it.
            write_private(temporary, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            os.replace(temporary, self.path)
        except OSError:
            return False  # not remembering is an inconvenience, not an error worth stopping for
        return True

    # --- the last user per database (written by Teambord) -----------------------------------

    def last_user(self, database_url: str) -> str | None:
        users = self._read().get("last_user", {})
        code = users.get(database_url) if isinstance(users, dict) else None
        return code if isinstance(code, str) else None

    def remember_user(self, database_url: str, code: str) -> None:
        def change(data: dict) -> None:
            if not isinstance(data.get("last_user"), dict):
                data["last_user"] = {}
            data["last_user"][database_url] = code

        self._update(change)

    # --- the settings ---------------------------------------------------------------------------

    def set_theme(self, name: str) -> bool:
        """Remember the theme chosen in the palette. False when it could not be written."""
        if name not in THEME_NAMES:
            raise ValueError(f"unknown theme {name!r}")
        return self._update(lambda data: data.__setitem__("theme", name))

    def load(self) -> Config:
        """The settings from the file, each wrong value replaced by its default and named in `problems`."""
        data, problem = self._read_checked()
        problems: list[str] = [problem] if problem else []
        data = data or {}
        for key in data:
            if key not in KNOWN_KEYS:
                problems.append(f"onbekende instelling \"{key}\" wordt genegeerd "
                                f"(bekend zijn: {', '.join(KNOWN_KEYS)}).")
        theme = _theme(data.get("theme", DARK_THEME), problems)
        keymap = _keymap(data.get("keymap", {}), problems)
        folder = _export_folder(data.get("export_folder"), problems)
        idle = _idle_minutes(data.get("idle_minutes", DEFAULT_IDLE_MINUTES), problems)
        return Config(theme=theme, keymap=MappingProxyType(keymap), export_folder=folder, idle_minutes=idle,
                      problems=tuple(problems), path=self.path)


def load_config(path: Path | None = None) -> Config:
    return UserConfig(path).load()


# --- checking each value ---------------------------------------------------------------------------

def _theme(value: object, problems: list[str]) -> str:
    if value in THEME_NAMES:
        return value
    problems.append(f"onbekend thema {json.dumps(value, ensure_ascii=False)}; kies \"{DARK_THEME}\" "
                    f"(donker) of \"{LIGHT_THEME}\" (licht). Teambord gebruikt nu \"{DARK_THEME}\".")
    return DARK_THEME


def _keymap(value: object, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(f"\"keymap\" moet een object zijn, bijv. {{\"planning.export\": \"i\"}}; "
                        "de standaardtoetsen blijven.")
        return {}
    known = key_ids()
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        if binding_id not in known:
            problems.append(f"keymap \"{binding_id}\" is geen bekende toets-id (zie tui/keymap.py, "
                            "bijv. \"planning.export\"); genegeerd.")
            continue
        checked = _keys(keys)
        if checked is None:
            problems.append(f"keymap \"{binding_id}\": {json.dumps(keys, ensure_ascii=False)} is geen "
                            "geldige toets (bijv. \"i\", \"ctrl+e\" of \"f5\", meerdere met komma's); "
                            "de standaardtoets blijft.")
            continue
        keymap[binding_id] = checked
    for binding_id, (other, key) in _clashes(keymap).items():
        problems.append(f"keymap \"{binding_id}\": \"{key}\" is op dat scherm al de toets van \"{other}\"; "
                        "de standaardtoets blijft (kies een vrije toets, of geef beide een andere).")
        del keymap[binding_id]
    return keymap


def _clashes(keymap: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Remapped keys that another key of the same screen (or an app-wide key) already has.

    Textual does not refuse such a key: it silently takes the other binding's key away (and reports
    a clash only for bindings without an id, which Teambord has none of). So it is refused here,
    where the user can be told. Two keys swapped in one keymap are fine."""
    from tui import keymap as keys

    groups: list[tuple[list, bool]] = [(keys.GLOBAL, False)]
    groups += [(group, False) for group in (*keys.SECTION_KEYS.values(), *keys.SCREEN_KEYS.values())]
    groups += [(group, True) for group in keys.MODAL_KEYS.values()]  # a modal sees only priority app keys
    wanted = dict(keymap)
    refused: dict[str, tuple[str, str]] = {}
    changed = True
    while changed:  # refusing one entry gives the other its default key back: check again
        changed = False
        for group, modal in groups:
            others = [key for key in keys.GLOBAL if key.priority or not modal] if group is not keys.GLOBAL else []
            taken: dict[str, str] = {}
            for key in [*others, *group]:
                for name in _key_names(wanted.get(key.id, key.keys)):
                    owner = taken.setdefault(name, key.id)
                    if owner != key.id:
                        culprit = key.id if key.id in wanted else owner
                        if culprit in wanted:
                            refused[culprit] = (owner if culprit == key.id else key.id, name)
                            del wanted[culprit]
                            changed = True
    return refused


def _key_names(keys: str) -> list[str]:
    """'?,f1' -> ['question_mark', 'f1']: the names Textual compares."""
    from textual.keys import _character_to_key  # what App.set_keymap uses to normalise

    return [_character_to_key(part) if len(part) == 1 else part for part in keys.split(",")]


def key_ids() -> set[str]:
    """Every binding id of tui/keymap.py: its Keys, lists of Keys and tables of lists of Keys."""
    from tui import keymap

    found: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, keymap.Key):
            found.add(value.id)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)

    for name, value in vars(keymap).items():
        if name.isupper():
            collect(value)
    return found


def _keys(value: object) -> str | None:
    """'ctrl+e, i' -> 'ctrl+e,i'; None when it is not a list of key names."""
    if not isinstance(value, str):
        return None
    parts = [part.strip() for part in value.split(",")]
    if not parts or any(not part for part in parts):
        return None
    for part in parts:
        if len(part) == 1:
            if not part.isprintable() or part.isspace():
                return None
        elif not _KEY_NAME.match(part):
            return None
    return ",".join(parts)


def _export_folder(value: object, problems: list[str]) -> Path:
    if value is None:
        return default_export_folder()
    if isinstance(value, str) and value.strip() and "\x00" not in value:
        try:
            folder = Path(value.strip()).expanduser()
        except RuntimeError:  # "~someone" who does not exist
            folder = None
        if folder is not None and folder.is_absolute():
            return folder
    default = default_export_folder()
    problems.append(f"\"export_folder\" moet een volledig pad naar een map zijn (bijv. "
                    f"\"~/Documenten/Teambord\"); exports gaan nu naar {default}.")
    return default


def _idle_minutes(value: object, problems: list[str]) -> int:
    low, high = IDLE_RANGE
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    problems.append(f"\"idle_minutes\" moet een heel getal van {low} tot en met {high} zijn; "
                    f"Teambord gebruikt {DEFAULT_IDLE_MINUTES}.")
    return DEFAULT_IDLE_MINUTES
