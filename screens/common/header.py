"""The top bar: who is working, the Dutch date and ISO week, and the masking state."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from screens.common.app_watch import forget_app_watches, watch_app
from screens.common.plain import Label


class TeambordHeader(Horizontal):
    # The MASKERING badge is switched by the App's "-masked" class: that rule lives in tui/app.tcss,
    # since DEFAULT_CSS is scoped to this widget and cannot see a class on the App.
    DEFAULT_CSS = """
    TeambordHeader {
        dock: top;
        height: 1;
        background: $primary;
        color: $text;
    }
    TeambordHeader > Label { padding: 0 1; }
    TeambordHeader > #header-section { text-style: bold; }
    TeambordHeader > #header-user { width: 1fr; }
    TeambordHeader > #header-mask { background: $warning; color: $text; display: none; }
    """

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        yield Label(f"Teambord · {self.section}", id="header-section")
        yield Label("", id="header-user")
        yield Label("MASKERING", id="header-mask")
        yield Label("", id="header-date")

    def on_mount(self) -> None:
        watch_app(self, "user_label", self._show_user)
        watch_app(self, "date_label", self._show_date)

    def on_unmount(self) -> None:
        forget_app_watches(self)

    def _show_user(self, label: str) -> None:
        self.query_one("#header-user", Label).update(label)

    def _show_date(self, label: str) -> None:
        self.query_one("#header-date", Label).update(label)
