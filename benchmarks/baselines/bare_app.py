"""Baseline (a): the barest Textual app — one Static saying READY. Ctrl+Q quits (Textual's default)."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("READY")


if __name__ == "__main__":
    BareApp().run()
