"""What Ctrl+Z will undo: this session's changes, per section, newest last.

Plain state on the app (no database, no Textual): the runner pushes the undo record of every
successful change and pops it again when the undo succeeds. Per section, because Ctrl+Z in
Planning should not take back a waiting-list step the user made ten minutes earlier elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app imports this before the first frame: no SQLAlchemy yet
    from models.actions.undo import UndoRecord

KEEP_PER_SECTION = 50


@dataclass
class UndoHistory:
    stacks: dict[str, list[UndoRecord]] = field(default_factory=dict)

    def push(self, section: str, record: UndoRecord) -> None:
        stack = self.stacks.setdefault(section, [])
        stack.append(record)
        del stack[:-KEEP_PER_SECTION]

    def latest(self, section: str) -> UndoRecord | None:
        stack = self.stacks.get(section)
        return stack[-1] if stack else None

    def drop(self, section: str, record: UndoRecord) -> None:
        stack = self.stacks.get(section, [])
        if record in stack:
            stack.remove(record)

    def clear(self) -> None:
        """A different user signs in: their Ctrl+Z must not take back their colleague's changes."""
        self.stacks.clear()
