"""The series question: change or remove only this appointment, this and the following, or all."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from tui.keymap import SCOPE_KEYS, bindings
from screens.common.plain import Label


class ScopeScreen(ModalScreen[str | None]):
    """'Alleen deze / deze en volgende / alle' for a change to a repeating appointment."""

    CSS_PATH = "planning.tcss"
    BINDINGS = bindings(SCOPE_KEYS)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="scope-box"):
            yield Label(self.question, id="scope-question")
            yield Label("Dit is een herhalende afspraak.", id="scope-note")
            yield Label("Enter / z: alleen deze · v: deze en volgende · a: alle · Esc: annuleren", id="scope-keys")

    def action_choose(self, scope: str) -> None:
        self.dismiss(scope or None)
