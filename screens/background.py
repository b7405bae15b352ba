"""Database work off the UI thread, with the one way Teambord reports its failure.

A DomainError carries a Dutch sentence without client data and is shown as it is; anything else
(a lost connection, a busy database) is shown as a plain sentence, never the exception's own
text, which may hold client data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode

FAILURE = "Dat is niet gelukt: de database is niet bereikbaar of bezet. Probeer het opnieuw."


def run_in_thread(owner: DOMNode, work: Callable[[], Any], then: Callable[[Any], None] | None = None, *,
                  group: str, failure: str = FAILURE, title: str | None = None,
                  after: Callable[[], None] | None = None) -> None:
    """Run `work` in a thread worker of `owner` (a screen, or the app for work that outlives it).

    On success `then(result)` runs on the UI thread; `after()` runs there afterwards whatever
    happened (e.g. reload the screen to show what is stored now)."""
    from models.errors import DomainError
    from tui.diagnostics import log_failure

    app = owner.app

    def report(message: str) -> None:
        app.call_from_thread(app.notify, message, title=title or "", severity="error", timeout=8)

    def run() -> None:
        try:
            result = work()
        except DomainError as problem:
            report(str(problem))
        except Exception as error:  # noqa: BLE001 - the text may hold client data
            log_failure(f"worker:{group}", error, screen=type(owner).__name__)
            report(failure)
        else:
            if then is not None:
                app.call_from_thread(then, result)
        if after is not None:
            app.call_from_thread(after)

    owner.run_worker(run, thread=True, group=group, exit_on_error=False)
