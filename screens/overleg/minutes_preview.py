"""The minutes before they are saved (x in Overleg and in meeting mode).

The masked minutes are rendered as Markdown (Textual's Markdown widget), so the minute taker reads
what the file will say; Ctrl+S saves them in the export folder (tui/exports.py), with one EXPORT
audit entry per client mentioned, and a toast names the file's path. Esc or q closes without a file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from models.actions import Done
from models.actions import overleg as actions
from models.dutch import long_date
from models.errors import DomainError
from screens.common.plain import Label
from tui.exports import export_path, saved_message
from tui.keymap import PREVIEW_KEYS, bindings, display_keys

LOADING = "*Het verslag wordt gemaakt…*"


class MinutesPreview(ModalScreen[Path | None]):
    """Dismissed with the saved file's path, or None when closed without saving."""

    CSS_PATH = "minutes_preview.tcss"
    BINDINGS = bindings(PREVIEW_KEYS)

    def __init__(self, meeting_id: int, day: date) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.day = day
        self.loaded = False
        self.saving = False

    def compose(self) -> ComposeResult:
        save, close = (display_keys(key) for key in PREVIEW_KEYS)
        with Vertical(id="preview-box"):
            yield Label(f"Verslag ambulant overleg {long_date(self.day)} (gemaskeerd: alleen cliëntcodes)",
                        id="preview-title")
            with VerticalScroll(id="preview-scroll"):
                yield Markdown(LOADING, id="preview-text")
            yield Label(f"{save} opslaan in de exportmap · {close} sluiten zonder op te slaan · ↑↓ PgUp PgDn lezen",
                        id="preview-hint")

    def on_mount(self) -> None:
        from models.overleg.minutes import render_minutes  # SQLModel is loaded by now (the section read)

        self.query_one("#preview-scroll").focus()
        self.app.runner.read(self, render_minutes, self.meeting_id, done=self._show, what="het verslag maken",
                             failed=self._not_made, group="minutes-preview")

    def _not_made(self, problem: DomainError) -> None:
        self.app.notify(str(problem), title="Geen verslag", severity="warning", timeout=8)
        self.dismiss(None)

    def _show(self, minutes) -> None:
        self.loaded = True
        self.query_one("#preview-text", Markdown).update(minutes.text)

    def action_save(self) -> None:
        from models.overleg.minutes import default_filename

        if not self.loaded or self.saving:
            return  # nothing shown yet, or already on its way: one file, one set of audit entries
        try:
            path = export_path(default_filename(self.day), self.app.config)
        except DomainError as problem:
            self.notify(str(problem), severity="warning", timeout=10)
            return
        self.saving = True

        def saved(_done: Done) -> None:
            self.app.notify(saved_message(path), title="Verslag", timeout=10)
            self.dismiss(path)

        def failed(problem: DomainError) -> None:
            self.saving = False
            self.notify(str(problem), title="Niet opgeslagen", severity="warning", timeout=10)

        self.app.runner.write(self, actions.export_minutes, self.meeting_id, path, undoable=False,
                              what="het verslag opslaan", done=saved, failed=failed)

    def action_close(self) -> None:
        self.dismiss(None)
