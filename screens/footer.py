"""The footer, without Textual 8.2's watcher leak.

Footer recomposes its keys whenever the bindings change (every screen switch and modal close).
Each FooterKey is data-bound to the footer's `compact` reactive, and that watcher list is only
pruned when `compact` itself changes — never, here — so every recompose left the old keys alive
(+44 MiB after 50 help-screen cycles, benchmarks/modal_cycle.py; Textualize/textual#6666).
After each recompose we drop the watchers of keys that have been removed.
"""

from __future__ import annotations

from textual.widgets import Footer


class TeambordFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        self._drop_dead_watchers()

    def _drop_dead_watchers(self) -> None:
        watchers: dict[str, list] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries
                          if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))]
