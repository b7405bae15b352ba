"""The DataTable every section uses, with one fix.

DataTable measures new rows on idle and only repaints if its virtual size changed; when it did
not, rows filled from a worker could stay painted at the header's column widths (seen in a real
terminal after switching sections). Repaint whenever the idle pass re-measured something.
"""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable


class BoardTable(DataTable):
    async def _on_idle(self, event: events.Idle) -> None:
        remeasured = self._require_update_dimensions or bool(self._updated_cells)
        await super()._on_idle(event)
        if remeasured:
            self.refresh()
