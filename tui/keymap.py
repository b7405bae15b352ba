"""The key map as data: one list drives the bindings, the footer, the help screen and the
conflict check (tests/test_keymap.py). Descriptions are Dutch; ids let `App.set_keymap` remap.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    id: str
    keys: str  # Textual key string, comma-separated for alternatives
    action: str
    description: str
    show: bool = True
    priority: bool = False


# Section keys: the number keys switch between the six sections (App modes).
SECTIONS: list[tuple[str, str, str]] = [
    # (mode name, key, Dutch title)
    ("vandaag", "1", "Vandaag"),
    ("planning", "2", "Planning"),
    ("wachtlijst", "3", "Wachtlijst"),
    ("caseload", "4", "Caseload"),
    ("overleg", "5", "Overleg"),
    ("overdracht", "6", "Overdracht"),
]

GLOBAL: list[Key] = [
    *(Key(f"section.{mode}", key, f"switch_mode('{mode}')", title) for mode, key, title in SECTIONS),
    Key("app.help", "question_mark,f1", "help", "Help"),
    Key("app.mask", "m", "toggle_mask", "Maskeren"),
    Key("app.user", "ctrl+u", "pick_user", "Gebruiker"),
    Key("app.palette", "ctrl+p", "command_palette", "Zoeken", show=False),
    Key("app.quit", "ctrl+q", "quit", "Stoppen", priority=True),
]

# Keys of one section, shown in its footer and under its name in the help screen.
SECTION_KEYS: dict[str, list[Key]] = {
    "vandaag": [
        Key("vandaag.open", "enter", "open_selected", "Openen"),
        Key("vandaag.refresh", "r", "reload", "Vernieuwen"),
    ],
    "planning": [
        Key("planning.prev", "comma,left_square_bracket", "week(-1)", "Vorige week"),
        Key("planning.next", "full_stop,right_square_bracket", "week(1)", "Volgende week"),
        Key("planning.this", "t", "this_week", "Deze week"),
        Key("planning.weekend", "w", "toggle_weekend", "Weekend"),
        Key("planning.refresh", "r", "reload", "Vernieuwen"),
    ],
    "wachtlijst": [
        Key("wachtlijst.refresh", "r", "reload", "Vernieuwen"),
    ],
    "caseload": [
        Key("caseload.open", "enter", "open_selected", "Cliënt openen"),
        Key("caseload.refresh", "r", "reload", "Vernieuwen"),
    ],
    "overleg": [
        Key("overleg.prev", "comma,left_square_bracket", "meeting(-1)", "Vorig overleg"),
        Key("overleg.next", "full_stop,right_square_bracket", "meeting(1)", "Volgend overleg"),
        Key("overleg.refresh", "r", "reload", "Vernieuwen"),
    ],
    "overdracht": [
        Key("overdracht.filter", "f", "cycle_filter", "Aan mij / van mij / alle"),
        Key("overdracht.refresh", "r", "reload", "Vernieuwen"),
    ],
}

MODAL_CLOSE = Key("modal.close", "escape,q", "close", "Sluiten")


def bindings(keys: list[Key]) -> list[Binding]:
    return [
        Binding(k.keys, k.action, k.description, show=k.show, priority=k.priority, id=k.id, tooltip=k.description)
        for k in keys
    ]


def display_keys(key: Key) -> str:
    """'question_mark,f1' -> '? / F1' for the help screen."""
    names = {"question_mark": "?", "comma": ",", "full_stop": ".", "left_square_bracket": "[",
             "right_square_bracket": "]", "escape": "Esc", "enter": "Enter"}

    def one(part: str) -> str:
        if part in names:
            return names[part]
        if part.startswith("ctrl+"):
            return "Ctrl+" + part.removeprefix("ctrl+").upper()
        return part.upper()

    return " / ".join(one(part) for part in key.keys.split(","))
