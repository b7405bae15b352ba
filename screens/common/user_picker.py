"""Who is using Teambord: a picker shown on first start, and with Ctrl+U to switch."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from screens.common.plain import Label, OptionList
from screens.common.plain import Option

from models.enums import Role
from models.views import WorkerRef
from tui.keymap import MODAL_CLOSE, bindings


class UserPicker(ModalScreen[str | None]):
    CSS_PATH = "user_picker.tcss"
    BINDINGS = bindings([MODAL_CLOSE])

    def __init__(self, workers: list[WorkerRef], current: str | None = None) -> None:
        super().__init__()
        self.team = workers
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Label("Wie bent u?", id="picker-title")
            yield OptionList(
                *(Option(f"{w.code:<4} {w.name} — {Role.label_of(w.role)}", id=w.code) for w in self.team),
                id="picker-list",
            )
            yield Label("↑↓ kiezen · Enter bevestigen · Esc annuleren", id="picker-hint")

    def on_mount(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        codes = [w.code for w in self.team]
        options.highlighted = codes.index(self.current) if self.current in codes else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
