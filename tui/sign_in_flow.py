"""Who is at the keyboard, for TeambordApp: sign-in at start, Ctrl+U to switch, the idle lock.

A mixin so tui/app.py keeps one job per part. Signing in goes through the one write door (the
runner, models/actions/signin.py): every attempt is counted and audited. The idle lock watches keys
and clicks on a monotonic clock (tui/idle_clock.py); after `idle_minutes` (config.json, default 5,
1 to 480; it cannot be switched off) it writes the open forms' input as drafts, drops every toast and covers the screen with
the sign-in screen for the same worker. The terminal shows nothing else: Textual draws on the
alternate screen, so nothing reaches the scrollback either. Unlocking pops it: the worker is back
where they were, with their form input still in the fields.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual import events

from tui import idle_clock
from tui.settings import PASSPHRASE_ENV

if TYPE_CHECKING:
    from models.auth.signin import SignInResult, SignInState
    from models.views import WorkerRef
    from tui.db import Database

IDLE_CHECK_SECONDS = 5.0
_ACTIVITY = (events.Key, events.MouseDown, events.Paste)


class SignInFlow:
    _last_activity: float = 0.0
    _idle_timer = None
    _held_toasts: list | None = None

    # --- at start (in the startup worker thread) ----------------------------------------------

    def _sign_in_at_start(self, database: Database, state: SignInState) -> SignInResult | None:
        """The result of a passphrase given by a script (settings or env), or None: the screen asks."""
        from models.actions.signin import sign_in_as

        passphrase = self.settings.passphrase or os.environ.get(PASSPHRASE_ENV)
        code = self._code_to_sign_in(state.workers)
        if not passphrase or code is None or state.first_start:
            return None
        return sign_in_as(database, code, passphrase)

    def _code_to_sign_in(self, workers) -> str | None:
        if self.settings.user_code:
            return self.settings.user_code
        if self.settings.demo:
            return workers[0].code if workers else None
        return self.user_config.last_user(self.settings.database_url)

    # --- the sign-in screen -------------------------------------------------------------------

    def at_the_gate(self) -> bool:
        """The sign-in or lock screen is showing: no app key but Ctrl+Q works."""
        from screens.signin.sign_in import SignInScreen

        return bool(self.screen_stack) and isinstance(self.screen, SignInScreen)

    def ask_sign_in(self, state: SignInState, *, preset: str | None, message: str = "",
                    cancellable: bool = False) -> None:
        from screens.signin.sign_in import SignInScreen

        def signed_in(worker: WorkerRef | None) -> None:
            if worker is not None:
                self.set_user(self._fresh(worker))

        self.push_screen(SignInScreen(state, preset=state.bound_to or preset, demo=self.settings.demo,
                                      cancellable=cancellable, message=message, only=state.bound_to), signed_in)

    def _fresh(self, worker: WorkerRef) -> WorkerRef:
        """The first coordinator's WorkerRef changed (coordinator), or is new: keep the team list in step."""
        known = any(w.id == worker.id for w in self.team)
        self.team = [worker if w.id == worker.id else w for w in self.team] if known else [*self.team, worker]
        return worker

    def action_pick_user(self) -> None:
        """Ctrl+U: choose a colleague, who then signs in with their own passphrase."""
        if not self.team or self.database is None:
            return
        from models.auth.signin import sign_in_state
        from screens.common.user_picker import UserPicker  # not before the first frame

        def chosen(code: str | None) -> None:
            if code is None or (self.user is not None and code == self.user.code):
                return
            self.runner.read(self.screen, sign_in_state, group="sign-in-state", what="het team laden",
                             done=lambda state: switch(state, code))

        def switch(state: SignInState, code: str) -> None:
            if state.bound_to and state.bound_to != code:
                self.notify(f"Deze databaseverbinding is van {state.bound_to}. Een collega start Teambord met de "
                            "eigen databasegebruiker (--db postgresql+psycopg://<code>@…).", severity="warning",
                            timeout=10)
                return
            self.ask_sign_in(state, preset=code, cancellable=True)

        self.push_screen(UserPicker(self.team, current=self.user.code if self.user else None), chosen)

    def action_set_passphrase(self) -> None:
        """The palette's "Wachtwoordzin instellen": one's own, or (coordinator) a colleague's."""
        if self.user is None:
            return
        from screens.signin.passphrase_form import PassphraseForm

        def saved(message: str | None) -> None:
            if message:
                self.notify(message, timeout=5)

        self.push_screen(PassphraseForm(self.team, self.user), saved)

    # --- the idle lock ------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _ACTIVITY):
            self._last_activity = idle_clock.idle_seconds_clock()
        await super().on_event(event)

    def start_idle_watch(self) -> None:
        self._last_activity = idle_clock.idle_seconds_clock()
        if self._idle_timer is None:
            self._idle_timer = self.set_interval(IDLE_CHECK_SECONDS, self.lock_when_idle)

    def lock_when_idle(self) -> None:
        if self.user is None or self.at_the_gate():
            return
        if idle_clock.idle_seconds_clock() - self._last_activity >= self.config.idle_minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Cover the screen; keep what is typed in open forms as drafts first."""
        from models.actions import signin
        from models.auth.signin import SignInState
        from screens.signin.sign_in import SignInScreen

        for form in self._unsaved_forms():
            form.keep_draft()  # also in the database: the fields keep it too, unless the app is stopped
        self.clear_notifications()
        self._held_toasts = []
        self.runner.write(self, signin.locked, undoable=False, what="vergrendelen", group="lock",
                          failed=lambda _problem: None)
        user = self.user
        state = SignInState(workers=tuple(self.team), with_passphrase=frozenset({user.code}), first_start=False)
        minutes = self.config.idle_minutes
        message = (f"Vergrendeld na {minutes} {'minuut' if minutes == 1 else 'minuten'} zonder toets. "
                   "Wat u aan het invullen was, staat er nog (en is als concept bewaard). "
                   "Een collega? Ctrl+Q stopt Teambord.")
        screen = SignInScreen(state, preset=user.code, only=user.code, title="Vergrendeld", message=message,
                              demo=self.settings.demo)
        self.push_screen(screen, self._unlocked)

    def _unlocked(self, worker: WorkerRef | None) -> None:
        self._last_activity = idle_clock.idle_seconds_clock()
        held, self._held_toasts = self._held_toasts or [], None
        for message, kwargs in held:  # what happened while locked, now that the right person is back
            self.notify(message, **kwargs)
        self.reload_screen()

    def holds_toast(self, message: str, kwargs: dict) -> bool:
        """While locked a toast (it may name a client code) waits for the unlock."""
        if self._held_toasts is None:
            return False
        self._held_toasts.append((message, kwargs))
        return True
