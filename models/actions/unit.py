"""`perform()` and `read()`: one unit of work per call, the commit policy of models/actions."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from models.actions.done import Done

if TYPE_CHECKING:
    from models.audit import Actor


class Store(Protocol):
    """Where sessions come from (tui/db.Database); models/ never builds an engine itself."""

    def session(self, actor: Actor | None = None, *, write: bool = False) -> AbstractContextManager[Any]: ...


Action = Callable[..., Done]


def perform(store: Store, actor: Actor, action: Action, *args: Any, undoable: bool = True, **kwargs: Any) -> Done:
    """Run `action(session, *args, **kwargs)` in one write transaction and commit it once."""
    from models.actions.undo import ChangeRecorder

    with store.session(actor, write=True) as session:
        recorder = ChangeRecorder.attach(session) if undoable else None
        try:
            done = action(session, *args, **kwargs)
            session.flush()
            undo = recorder.finish(session, done.message) if recorder else None
        finally:
            if recorder:
                recorder.detach(session)
        session.commit()
    return replace(done, undo=undo) if undo is not None else done


def read(store: Store, actor: Actor | None, fetch: Callable[..., Any], *args: Any, audited: bool = False,
         **kwargs: Any) -> Any:
    """Run `fetch(session, *args)` and return its frozen result.

    `audited=True` for a read that writes a "viewed" audit record (a client page, a handover): it
    runs in a write session and commits that record — and nothing else, as `fetch` changes no rows.
    """
    with store.session(actor, write=audited) as session:
        result = fetch(session, *args, **kwargs)
        if audited:
            session.commit()
    return result
