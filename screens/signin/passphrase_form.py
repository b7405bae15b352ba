"""Wachtwoordzin instellen: a worker changes their own; a coordinator sets a colleague's.

A small dialog, not a FormScreen: a passphrase is never kept as a draft, never merged, and the
fields are emptied after every refusal. The rules (length, typed twice, who may set whose) are
in models/auth/signin.py and are checked there, not here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from models.auth.passphrase import MIN_LENGTH
from models.views import WorkerRef
from screens.common.plain import Label, Option, OptionList
from tui.keymap import PASSPHRASE_FORM_KEYS, bindings


class PassphraseForm(ModalScreen[str | None]):
    """Dismissed with the message of the saved change, or None."""

    CSS_PATH = "sign_in.tcss"
    BINDINGS = bindings(PASSPHRASE_FORM_KEYS)

    def __init__(self, team: list[WorkerRef], user: WorkerRef) -> None:
        super().__init__()
        self.user = user
        self.choices = team if user.coordinator else [user]
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="signin-box"):
            yield Label("Wachtwoordzin instellen", id="signin-title")
            yield Label("Voor wie?" if self.user.coordinator else "Uw eigen wachtwoordzin", classes="signin-label")
            yield OptionList(*(Option(f"{w.code:<4} {w.name}", id=w.code) for w in self.choices), id="signin-worker")
            yield Label("Nieuwe wachtwoordzin", classes="signin-label")
            yield Input(password=True, id="signin-passphrase", placeholder=f"minstens {MIN_LENGTH} tekens")
            yield Label("Nogmaals", classes="signin-label")
            yield Input(password=True, id="signin-repeated")
            yield Label("", id="signin-message")
            yield Label("Enter / Ctrl+S opslaan · Esc annuleren", id="signin-hint")

    def on_mount(self) -> None:
        options = self.query_one("#signin-worker", OptionList)
        options.highlighted = [w.code for w in self.choices].index(self.user.code)
        self.query_one("#signin-message").display = False
        (options if self.user.coordinator else self.query_one("#signin-passphrase")).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#signin-passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "signin-passphrase":
            self.query_one("#signin-repeated", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        if self.busy:
            return
        from models.actions import signin

        options = self.query_one("#signin-worker", OptionList)
        code = options.get_option_at_index(options.highlighted or 0).id
        passphrase = self.query_one("#signin-passphrase", Input).value
        repeated = self.query_one("#signin-repeated", Input).value
        self.busy = True
        self.app.runner.write(self, signin.set_passphrase, code, passphrase, repeated, undoable=False,
                              what="wachtwoordzin opslaan", group="passphrase",
                              done=lambda done: self.dismiss(done.message), failed=self._refused)

    def _refused(self, problem) -> None:
        self.busy = False
        for field in self.query(Input):
            field.value = ""
        self.query_one("#signin-passphrase", Input).focus()
        message = self.query_one("#signin-message", Label)
        message.update(str(problem))
        message.add_class("-error")
        message.display = True

    def action_close(self) -> None:
        self.dismiss(None)
