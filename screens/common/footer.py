"""The footer, without Textual 8.2's watcher leak.

Footer recomposes its keys whenever the bindings change (every screen switch and modal close).
Each FooterKey is data-bound to the footer's `compact` reactive, and that watcher list is only
pruned when `compact` itself changes — never, here — so every recompose left the old keys alive
(+44 MiB after 50 help-screen cycles, benchmarks/modal_cycle.py; Textualize/textual#6666).
After each recompose we drop the watchers of keys that have been removed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class TeambordFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        self._drop_dead_watchers()

    def _drop_dead_watchers(self) -> None:
        watchers: dict[str, list] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries
                          if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))]

    def compose(self) -> ComposeResult:
        # Ctrl+Z says what it will undo ("Ongedaan: Afspraak toegevoegd"), not just that it undoes,
        # and comes first: the app's keys come last and are cut off first on a narrow terminal.
        # (Teambord binds no key groups, so reordering the flat list of keys is safe.)
        widgets = list(super().compose())
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.action in ("undo", "app.undo"):
                label = self.app.runner.undo_label() if hasattr(self.app, "runner") else None
                if label:
                    widget.description = f"Ongedaan: {_short(label)}"
        widgets.sort(key=lambda w: not (isinstance(w, FooterKey) and w.action in ("undo", "app.undo")))
        yield from widgets


def _short(text: str, width: int = 32) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
