"""`Done`: what an action did, as plain frozen data the screen can show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.actions.undo import UndoRecord


@dataclass(frozen=True)
class Done:
    """What an action did: the sentence for the user, the ids it touched, a plain value, undo."""

    message: str = ""
    ids: tuple[int, ...] = ()
    value: Any = None
    undo: UndoRecord | None = None

    @property
    def id(self) -> int | None:
        return self.ids[0] if self.ids else None
