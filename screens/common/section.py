"""Base for the six sections: header, body, footer, and loading data in a thread worker.

A section implements `fetch(session)` (runs in a worker thread, returns frozen view data) and
`show(data)` (runs on the UI thread). It reloads when it becomes visible again and when the user
or masking changes, so what it shows is never stale after a switch.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen

from screens.common.footer import TeambordFooter
from screens.common.look import KeepsItsLook
from screens.common.header import TeambordHeader
from screens.common.table import BoardTable
from tui.keymap import SECTION_KEYS, SECTIONS, bindings


class SectionScreen(KeepsItsLook, Screen):
    MODE: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Before Textual's own __init_subclass__, which merges BINDINGS into the class.
        if cls.MODE:
            cls.BINDINGS = bindings(SECTION_KEYS.get(cls.MODE, []))
        super().__init_subclass__(**kwargs)

    @property
    def title_text(self) -> str:
        return dict((mode, title) for mode, _key, title in SECTIONS)[self.MODE]

    def compose(self) -> ComposeResult:
        yield TeambordHeader(self.title_text)
        yield from self.compose_body()
        yield TeambordFooter(compact=True)

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        # (KeepsItsLook decides whether the section is restyled: not when its look is unchanged.)
        # Coming back to a section costs nothing when nothing changed since it loaded: no write by
        # this app, no change seen by the live-refresh poll, same user and masking.
        if self._shown_state is None or self._shown_state != self._current_state():
            self.reload()

    _shown_state: tuple | None = None

    def _current_state(self) -> tuple | None:
        app = self.app
        if app.database is None or app.user is None:
            return None
        return (app.database.write_epoch, app._change_stamp, app.user.id, app.masked)

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        # Not before on_mount has built the tables (a live-refresh poll or `m` right after a section
        # switch): on_mount loads it anyway (found by the monkey: rows added to a table without columns).
        if not self.is_mounted:
            return
        if self.app.database is not None and self.app.user is not None:
            self._shown_state = self._current_state()
            self._load()

    def _load(self) -> None:
        self.app.runner.read(self, self.fetch, done=self._deliver, what="de gegevens laden", group="section-load")

    def _deliver(self, data: Any) -> None:
        # Data that arrives after the user switched away is dropped: the section reloads when it
        # is shown again, and a DataTable filled while hidden sizes its columns wrongly.
        if self.is_current:
            positions = self._remember_positions()
            self.show(data)
            self._restore_positions(positions)
            self.app.section_shown()

    def _remember_positions(self) -> list[tuple[BoardTable, object, int, float]]:
        """Cursor row key, column and scroll of every table, so a reload does not move the user."""
        positions = []
        for table in self.query(BoardTable):
            if table.row_count:
                try:
                    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
                except Exception:  # noqa: BLE001 - an empty or changing table has no cell key
                    continue
                positions.append((table, key, table.cursor_coordinate.column, table.scroll_y))
        return positions

    @staticmethod
    def _restore_positions(positions) -> None:
        for table, key, column, scroll_y in positions:
            try:
                row = table.get_row_index(key)
            except Exception:  # noqa: BLE001 - the row is gone: leave the cursor where show() put it
                continue
            table.move_cursor(row=row, column=column, animate=False, scroll=False)
            table.scroll_to(y=scroll_y, animate=False)

    def on_worker_state_changed(self, event) -> None:
        """Nothing to do: the runner tells and logs every failed load (kept for subclasses' super())."""

    def fetch(self, session) -> Any:
        raise NotImplementedError

    def show(self, data: Any) -> None:
        raise NotImplementedError

    @property
    def masked(self) -> bool:
        return self.app.masked
