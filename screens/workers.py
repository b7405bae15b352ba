"""`db_work`: the one decorator for a screen's database work in a thread worker.

Why: a thread worker that fails with `exit_on_error=False` ends silently — the user sees nothing
and nobody can find out why. Every failure here is written to the log (step and code locations,
never the exception's text, which may hold client data) and, unless the screen tells the user in
its own words (`failure=None`, the screen handles `Worker.StateChanged`), the user gets one plain
Dutch sentence naming what failed. The exception is re-raised so the worker still ends in ERROR.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from textual import work

from tui.diagnostics import log_event

GENERIC = "Dat is niet gelukt ({what}). Probeer het opnieuw; de fout staat in het logboek."


def db_work(group: str, *, what: str = "database", exclusive: bool = True,
            failure: str | None = GENERIC) -> Callable[[Callable[..., Any]], Any]:
    """`@work(thread=True, exit_on_error=False, group=…)`, with every failure logged and told.

    `what` names the step in Dutch for the message ("de agenda laden"); `failure=None` when the
    screen reports this group's failures itself.
    """

    def decorate(method: Callable[..., Any]) -> Any:
        @functools.wraps(method)
        def logged(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as error:
                if closed(self):
                    # The dialog was closed while its data loaded (two quick keys): showing the
                    # result on widgets that are gone fails, and there is nobody left to tell.
                    log_event("late-result-dropped", group=group, screen=type(self).__name__)
                    return None
                report_failure(self, group, error, None if failure is None else failure.format(what=what))
                raise

        return work(thread=True, exclusive=exclusive, group=group, exit_on_error=False)(logged)

    return decorate


def closed(node) -> bool:
    """A dismissed screen (or a widget on one) is no longer attached to the app."""
    return not getattr(node, "is_attached", False)


def report_failure(node, group: str, error: BaseException, message: str | None) -> None:
    """Log a worker's failure; tell the user `message` (from the worker thread) if there is one."""
    from models.errors import DomainError
    from tui.diagnostics import log_failure

    refusal = isinstance(error, DomainError)  # worded for the user already, and not a fault
    if not refusal:
        log_failure(f"worker:{group}", error, screen=type(node).__name__)
    if message is None:  # the screen tells the user itself
        return
    text = str(error) if refusal else message
    app = node.app
    try:
        app.call_from_thread(app.notify, text, title="Niet gelukt", severity="error", timeout=8)
    except RuntimeError:  # the app is closing; the log has it
        pass
