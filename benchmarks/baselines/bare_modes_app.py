"""Baseline (c): a bare Textual app with six modes (keys 1-6), like Teambord's sections.

Each mode is a Screen with a one-line header "Bare · <Name>", a Static and a Footer; no data.
Time from a number key to "Bare · <Name>" on screen is the floor for a section switch in
Textual plus this harness (tmux send-keys, 5 ms polling).
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

NAMES = ["Vandaag", "Planning", "Wachtlijst", "Caseload", "Overleg", "Overdracht"]


def make_screen(name: str) -> type[Screen]:
    class Section(Screen):
        def compose(self) -> ComposeResult:
            yield Label(f"Bare · {name}")
            yield Static(f"{name} READY")
            yield Footer()

    Section.__name__ = f"{name}Screen"
    return Section


class BareModesApp(App[None]):
    MODES = {name.lower(): make_screen(name) for name in NAMES}
    DEFAULT_MODE = "vandaag"
    BINDINGS = [Binding(str(i), f"switch_mode('{name.lower()}')", name) for i, name in enumerate(NAMES, 1)]


if __name__ == "__main__":
    BareModesApp().run()
