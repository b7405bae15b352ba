"""The DataTable every section uses: plain-text cells, and one repaint fix.

Every str cell, row label and column label is turned into plain Text, so what people typed is
shown as typed and never parsed as markup (screens/common/plain.py says why).

DataTable measures new rows on idle and only repaints if its virtual size changed; when it did
not, rows filled from a worker could stay painted at the header's column widths (seen in a real
terminal after switching sections). Repaint, with fresh caches, whenever the idle pass re-measured
something.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import DataTable

from screens.common.plain import plain_cell


class BoardTable(DataTable):
    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None,
                   default: Any = None) -> Any:
        return super().add_column(plain_cell(label), width=width, key=key, default=plain_cell(default))

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> Any:
        return super().add_row(*(plain_cell(cell) for cell in cells), height=height, key=key,
                               label=plain_cell(label))

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, plain_cell(value), update_width=update_width)

    async def _on_idle(self, event: events.Idle) -> None:
        remeasured = self._require_update_dimensions or bool(self._updated_cells)
        await super()._on_idle(event)
        if remeasured:
            # Rows painted before the measuring (at the header's widths) are cached under the
            # same key: throw them away, or they stay cut off ("ZS-0" for "ZS-0038 (S.Z.)") until
            # something restyles the table — which no longer happens on every section switch.
            self._update_count += 1
            self._clear_caches()
            self.refresh()


def row_key_of(event: object) -> str | None:
    """The row key of a DataTable row event, or None: a table cleared or refilled under the cursor
    sends events for a row that is gone (found by the monkey test as an AttributeError)."""
    key = getattr(event, "row_key", None)
    return key.value if key is not None else None
