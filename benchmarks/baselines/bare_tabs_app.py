"""Baseline (f): a bare Textual app whose Enter opens a Screen with 6 TabbedContent tabs.

Like Teambord's client page: Enter pushes a Screen with a title, two lines of facts and a
TabbedContent of six tabs ("Top-3 (t)", "Afspraken (a)", …), each holding a Static of ~20 lines;
`q` or Escape closes it. The floor for opening/closing the client page.
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Label, Static, TabbedContent, TabPane

TABS = ["Top-3 (t)", "Afspraken (a)", "Overleg (o)", "Overdrachten (d)", "Traject (h)", "Log (l)"]


class PageScreen(Screen[None]):
    BINDINGS = [Binding("q", "close", "Terug"), Binding("escape", "close", "Terug")]

    def compose(self) -> ComposeResult:
        yield Label("Bare · Cliënt ZS-00001")
        yield Static("Fase 1 · Hulpvorm: Ambulant traject · 3/8 gesprekken · Medewerker: AV\nHuisverbod: geen")
        with TabbedContent():
            for number, title in enumerate(TABS):
                with TabPane(title, id=f"tab{number}"):
                    yield Static("\n".join(f"{title}: regel {line + 1} met wat tekst over de cliënt"
                                           for line in range(20)))
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()


class BareTabsApp(App[None]):
    BINDINGS = [Binding("enter", "page", "Openen")]

    def compose(self) -> ComposeResult:
        yield Label("Bare · Lijst READY")
        yield Footer()

    def action_page(self) -> None:
        self.push_screen(PageScreen())


if __name__ == "__main__":
    BareTabsApp().run()
