"""The help screen (? or F1): every key, generated from the one key map in tui/keymap.py."""

from __future__ import annotations

from textual.app import ComposeResult
from screens.common.look import KeepsItsLook
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable
from screens.common.plain import Label

from screens.common.table import BoardTable

from tui.keymap import (GLOBAL, MODAL_CLOSE, MODAL_KEYS, SCREEN_KEYS, SECTION_KEYS, SECTIONS, VERBS, bindings,
                         display_keys)


class HelpScreen(KeepsItsLook, ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = bindings([MODAL_CLOSE, *[k for k in GLOBAL if k.id == "app.help"]])

    def __init__(self, current_mode: str | None = None) -> None:
        super().__init__()
        self.current_mode = current_mode

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label("Toetsen van Teambord", id="help-title")
            yield BoardTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Label("Esc of q sluit dit venster · Ctrl+P zoekt schermen en cliënten", id="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help-table", DataTable).add_columns("Toets", "Wat het doet", "Waar")
        self._fill()

    def show_for(self, mode: str | None) -> None:
        """The app keeps one help screen (opening it fifty times must not grow memory): refill it
        only when asked from another section."""
        if mode != self.current_mode:
            self.current_mode = mode
            self._fill()

    def _fill(self) -> None:
        table = self.query_one("#help-table", DataTable)
        table.clear()
        for key in GLOBAL:
            table.add_row(display_keys(key), key.description, "overal")
        titles = {mode: title for mode, _key, title in SECTIONS}
        # The current section first: that is what the user is asking about.
        modes = sorted(SECTION_KEYS, key=lambda mode: mode != self.current_mode)
        for mode in modes:
            for key in SECTION_KEYS[mode]:
                table.add_row(display_keys(key), key.description, titles[mode])
        for where, keys in (*SCREEN_KEYS.items(), *MODAL_KEYS.items()):
            for key in keys:
                table.add_row(display_keys(key), key.description, where)
        table.add_row(display_keys(MODAL_CLOSE), MODAL_CLOSE.description, "vensters")
        # One key, one meaning: the verb table last, as the rule behind all of the above.
        for verb in VERBS:
            table.add_row(display_keys(verb), verb.meaning, "elk scherm: vaste betekenis")
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.dismiss(None)
