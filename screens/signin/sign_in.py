"""Aanmelden: who is at the keyboard proves it with their passphrase.

A full screen, not a dialog: nothing of the team's data is behind it. Three uses:
- the start, after the database is open (the remembered or --as worker preselected);
- Ctrl+U, to switch to a colleague (Esc goes back to who was signed in);
- the first start of a database where nobody has a passphrase yet: the worker who picks
  themselves becomes its first coordinator and chooses a passphrase (typed twice).
The check (argon2, ~0.1 s) runs through the runner in a worker, as the one write door: a failure
is counted and audited in the database even when the app is closed right after.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input

from models.audit import Actor
from models.auth.passphrase import DEMO_PASSPHRASE, MIN_LENGTH
from models.auth.signin import SignInState
from models.enums import Role
from models.views import WorkerRef
from screens.common.plain import Label, Option, OptionList
from tui.keymap import SIGN_IN_KEYS, bindings


class SignInScreen(Screen[WorkerRef | None]):
    """Dismissed with the signed-in worker, or None when a switch (Ctrl+U) is cancelled."""

    CSS_PATH = "sign_in.tcss"
    BINDINGS = bindings(SIGN_IN_KEYS)
    AUTO_FOCUS = None

    def __init__(self, state: SignInState, *, preset: str | None = None, demo: bool = False,
                 cancellable: bool = False, message: str = "", title: str = "Aanmelden",
                 only: str | None = None) -> None:
        super().__init__()
        self.state = state
        self.preset = preset
        self.demo = demo
        self.cancellable = cancellable
        self.start_message = message
        self.heading = title
        self.only = only  # the lock screen: only this worker can unlock
        self.busy = False

    @property
    def choices(self) -> list[WorkerRef]:
        return [w for w in self.state.workers if self.only is None or w.code == self.only]

    def compose(self) -> ComposeResult:
        with Vertical(id="signin-box"):
            yield Label(f"Teambord · {self.heading}", id="signin-title")
            if self.new_database:
                yield Label("Een nieuwe database. U bent de eerste: vul uw code en naam in en kies een "
                            "wachtwoordzin. U wordt de coördinator van deze database.", id="signin-intro")
            elif self.first_start:
                yield Label("Eerste start: niemand heeft nog een wachtwoordzin. Kies wie u bent: u wordt de "
                            "coördinator van deze database en stelt daarna de wachtwoordzinnen van uw collega's in "
                            "(palet: Wachtwoordzin instellen).", id="signin-intro")
            if self.new_database:  # nobody yet: the coordinator is the first worker
                yield Label("Uw code (2 tot 4 letters, bijv. AV)", classes="signin-label")
                yield Input(id="signin-code", max_length=4)
                yield Label("Uw naam", classes="signin-label")
                yield Input(id="signin-name", max_length=80)
            else:
                yield Label("Ontgrendelen als" if self.only else "Wie bent u?", classes="signin-label")
                yield OptionList(*(self._option(w) for w in self.choices), id="signin-worker")
            yield Label("Wachtwoordzin", classes="signin-label")
            yield Input(password=True, id="signin-passphrase",
                        placeholder=f"minstens {MIN_LENGTH} tekens" if self.first_start else "")
            if self.first_start:
                yield Label("Nogmaals", classes="signin-label")
                yield Input(password=True, id="signin-repeated")
            yield Label(self.start_message, id="signin-message")
            if self.demo:
                yield Label(f"Demo-database: de wachtwoordzin van elke medewerker is \u201c{DEMO_PASSPHRASE}\u201d.",
                            id="signin-demo")
            hint = ("Enter ontgrendelen" if self.only else "Enter volgend veld / aanmelden" if self.new_database
                    else "↑↓ medewerker · Enter aanmelden")
            hint += " · Esc terug" if self.cancellable else " · Ctrl+Q stoppen"
            yield Label(hint, id="signin-hint")

    def _option(self, worker: WorkerRef) -> Option:
        missing = "" if self.first_start or worker.code in self.state.with_passphrase else "  (nog geen wachtwoordzin)"
        return Option(f"{worker.code:<4} {worker.name} — {Role.label_of(worker.role)}{missing}", id=worker.code)

    @property
    def first_start(self) -> bool:
        return self.state.first_start

    @property
    def new_database(self) -> bool:
        return self.first_start and not self.state.workers

    def on_mount(self) -> None:
        self.query_one("#signin-message").display = bool(self.start_message)
        if self.new_database:
            self.query_one("#signin-code", Input).focus()
            return
        options = self.query_one("#signin-worker", OptionList)
        codes = [w.code for w in self.choices]
        if self.preset in codes:
            options.highlighted = codes.index(self.preset)
            self.query_one("#signin-passphrase", Input).focus()
        else:
            options.highlighted = 0
            options.focus()

    # --- keys ---------------------------------------------------------------------------------

    def on_key(self, event) -> None:
        """↑↓ choose the worker also from the passphrase field: no Shift+Tab needed to correct it."""
        if event.key in ("up", "down") and isinstance(self.focused, Input):
            options = self.query_one("#signin-worker", OptionList)
            options.action_cursor_up() if event.key == "up" else options.action_cursor_down()
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#signin-passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        following = {"signin-code": "#signin-name", "signin-name": "#signin-passphrase"}
        if event.input.id in following:
            self.query_one(following[event.input.id], Input).focus()
            return
        if event.input.id == "signin-passphrase" and self.first_start:
            self.query_one("#signin-repeated", Input).focus()
            return
        self.action_submit()

    def action_submit(self) -> None:
        if self.busy:
            return
        code = self.chosen_code()
        passphrase = self.query_one("#signin-passphrase", Input).value
        if code is None:
            return
        if not passphrase:
            self.say("Vul uw wachtwoordzin in.")
            self.query_one("#signin-passphrase", Input).focus()
            return
        from models.actions import signin

        self.busy = True
        self.say("Controleren…", error=False)
        if self.first_start:
            repeated = self.query_one("#signin-repeated", Input).value
            name = self.query_one("#signin-name", Input).value if self.new_database else ""
            self.app.runner.write(self, signin.make_first_coordinator, code, passphrase, repeated, name,
                                  actor=Actor(code), undoable=False, what="aanmelden", group="sign-in",
                                  done=lambda done: self.dismiss(done.value), failed=self._refused)
            return
        self.app.runner.write(self, signin.sign_in, code, passphrase, actor=Actor(code), undoable=False,
                              what="aanmelden", group="sign-in", done=self._checked, failed=self._refused)

    def _checked(self, done) -> None:
        result = done.value
        if result.worker is not None:
            self.dismiss(result.worker)
            return
        self._refused_with(result.message)

    def _refused(self, problem) -> None:
        self._refused_with(str(problem))  # both fields anew: a mismatch cannot say which one was mistyped
        field = getattr(problem, "field", None)
        if self.new_database and field in ("code", "name"):
            self.query_one(f"#signin-{field}", Input).focus()

    def _refused_with(self, message: str) -> None:
        self.busy = False
        field = self.query_one("#signin-passphrase", Input)
        field.value = ""  # a wrong passphrase is typed anew, never kept on screen or in memory longer
        if self.first_start:
            self.query_one("#signin-repeated", Input).value = ""
        field.focus()
        self.say(message)

    def action_cancel(self) -> None:
        if self.cancellable and not self.busy:
            self.dismiss(None)

    # --- helpers ------------------------------------------------------------------------------

    def chosen_code(self) -> str | None:
        if self.new_database:
            return self.query_one("#signin-code", Input).value.strip().upper() or "?"
        options = self.query_one("#signin-worker", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def say(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#signin-message", Label)
        message.update(text)
        message.set_class(error, "-error")
        message.display = bool(text)
