"""The runner: the one way a screen reaches the database, for reads and writes alike.

A screen says *what* it wants — a fetch function for a read, an action of models/actions for a
write — and what to do with the answer; the runner does the rest in one place: it runs the call
in a thread worker owned by the screen (so closing the screen cancels it), commits through
`models.actions.perform`, keeps the undo record, logs every failure (step and code locations,
never the text: it may hold client data) and hands the screen either the result or a Dutch
`DomainError` it can show at a field. A result that arrives after its screen was closed is
dropped (and logged), never shown on widgets that are gone.

Screens never open a session, never commit and never import the database module
(tests/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from models.actions.history import UndoHistory
from models.errors import ConcurrentEdit, DomainError
from tui.diagnostics import log_event, log_failure

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.worker import Worker

    from models.actions import Done
    from models.audit import Actor
    from models.actions.undo import UndoRecord

FAILURE = "Dat is niet gelukt ({what}). Probeer het opnieuw; de fout staat in het logboek."
NOTHING_TO_UNDO = "Er is in dit onderdeel niets meer om ongedaan te maken."


class Failed(DomainError):
    """An unexpected failure, told in the runner's one Dutch wording (the details are in the log)."""


class Runner:
    def __init__(self, app: App) -> None:
        self.app = app
        self.history = UndoHistory()

    # --- reads ----------------------------------------------------------------------------------

    def read(self, node: DOMNode, fetch: Callable[..., Any], *args: Any, done: Callable[[Any], None],
             what: str = "gegevens laden", failed: Callable[[DomainError], None] | None = None,
             group: str = "read", exclusive: bool = True, audited: bool = False) -> Worker | None:
        """`fetch(session, *args)` in a worker; `done(result)` on the UI thread. Returns the worker
        (to wait for, e.g. when the app closes), or None without a database."""
        from models.actions import read

        app = self.app

        def job() -> None:
            from textual.worker import get_current_worker

            result = read(app.database, app.actor, fetch, *args, audited=audited)
            if exclusive and get_current_worker().is_cancelled:
                return  # a newer read of the same group replaced this one (the user pressed on)
            self._deliver(node, done, result)

        return self._start(node, job, group=group, exclusive=exclusive, what=what, failed=failed)

    # --- writes ---------------------------------------------------------------------------------

    def write(self, node: DOMNode, action: Callable[..., Done], *args: Any, what: str = "opslaan",
              done: Callable[[Done], None] | None = None, failed: Callable[[DomainError], None] | None = None,
              undoable: bool = True, section: str | None = None, group: str = "write",
              actor: Actor | None = None) -> Worker | None:
        """`action(session, *args)` through `perform()` in a worker; `done(Done)` on the UI thread.

        The change joins the undo history of `section` (default: the section the user is in).
        `actor` only for the sign-in, which acts for the worker who is signing in (no user yet)."""
        from models.actions import perform

        app = self.app
        section = section or self.current_section()

        def job() -> None:
            result = perform(app.database, actor or app.actor, action, *args, undoable=undoable)
            app.call_from_thread(self._written, node, result, done, section)

        return self._start(node, job, group=group, exclusive=False, what=what, failed=failed)

    def _written(self, node: DOMNode, result: Done, done: Callable[[Done], None] | None, section: str) -> None:
        if result.undo is not None:
            self.history.push(section, result.undo)
            self.app.refresh_bindings()
        self._deliver_here(node, done, result)

    # --- undo -----------------------------------------------------------------------------------

    def undo_label(self, section: str | None = None) -> str | None:
        record = self.history.latest(section or self.current_section())
        return record.description if record else None

    def undo(self, node: DOMNode, done: Callable[[Done], None] | None = None,
             section: str | None = None) -> None:
        """Take back the newest change of this session in `section`."""
        from models.actions.undo import undo

        section = section or self.current_section()
        record = self.history.latest(section)
        if record is None:
            self.app.notify(NOTHING_TO_UNDO, timeout=4)
            return
        self.history.drop(section, record)  # not twice, also not by a quick second Ctrl+Z
        self.app.refresh_bindings()

        def refused(problem: DomainError) -> None:
            if not isinstance(problem, ConcurrentEdit):  # the database was busy: it can be tried again
                self.history.push(section, record)
                self.app.refresh_bindings()
            self.app.notify(str(problem), title="Niet ongedaan gemaakt", severity="warning", timeout=8)

        self.write(node, undo, record, what="ongedaan maken", undoable=False, done=done, failed=refused,
                   section=section, group="undo")

    def forget(self) -> None:
        """Another user signed in: their Ctrl+Z must not take back a colleague's changes."""
        self.history.clear()

    def current_section(self) -> str:
        mode = getattr(self.app, "current_mode", None)
        return mode if mode in getattr(self.app, "MODES", {}) else "vandaag"

    # --- the worker -----------------------------------------------------------------------------

    def _start(self, node: DOMNode, job: Callable[[], None], *, group: str, exclusive: bool, what: str,
               failed: Callable[[DomainError], None] | None) -> Worker | None:
        app = self.app

        def guarded() -> None:
            try:
                job()
            except DomainError as refusal:  # worded for the user already, and not a fault
                self._deliver(node, failed or self._tell, refusal)
            except Exception as error:  # noqa: BLE001 - logged here, told in one wording below
                if not _attached(node):
                    log_event("late-result-dropped", group=group, screen=type(node).__name__)
                    return
                log_failure(f"worker:{group}", error, screen=type(node).__name__)
                self._deliver(node, failed or self._tell, Failed(FAILURE.format(what=what)))

        if app.database is None:
            return None
        return node.run_worker(guarded, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _tell(self, problem: DomainError) -> None:
        self.app.notify(str(problem), title="Niet gelukt", severity="error" if isinstance(problem, Failed)
                        else "warning", timeout=8)

    def _deliver(self, node: DOMNode, callback: Callable[[Any], None] | None, value: Any) -> None:
        """From the worker thread to the UI thread."""
        try:
            self.app.call_from_thread(self._deliver_here, node, callback, value)
        except RuntimeError:  # the app is closing; the log has what matters
            pass

    def _deliver_here(self, node: DOMNode, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is None:
            return
        if not _attached(node) and callback != self._tell:
            log_event("late-result-dropped", screen=type(node).__name__)
            return
        callback(value)


def _attached(node: DOMNode) -> bool:
    from textual.app import App

    return isinstance(node, App) or bool(getattr(node, "is_attached", False))
