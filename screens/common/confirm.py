"""A yes/no question as a small modal: `j` / `enter` confirms, `n` / `escape` declines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from tui.keymap import CONFIRM_KEYS, bindings
from screens.common.plain import Label


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 72; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    ConfirmScreen Label { width: 100%; }  /* wrap long questions instead of cutting them off */
    ConfirmScreen #confirm-hint { color: $text-muted; padding-top: 1; }
    """
    BINDINGS = bindings(CONFIRM_KEYS)

    def __init__(self, question: str, yes: str = "ja", no: str = "nee") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="confirm-question")
            yield Label(f"j / Enter: {self.yes} · n / Esc: {self.no}", id="confirm-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
