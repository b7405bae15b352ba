"""Baseline (e): a bare Textual app with a form modal and a help modal.

`n` opens a ModalScreen titled "Bare formulier" with 8 labelled Inputs (the first focused);
Ctrl+W (a priority key, as in Teambord's forms) or Escape closes it.
`?` opens a ModalScreen "Bare hulp" with ~60 lines of key descriptions; `q` or Escape closes it.
The floor for opening/closing a form and the help screen.
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

FIELDS = ["Aangemeld op", "Urgentie", "Aangemeld via", "Contact verwijzer", "Gemeente", "Kinderen betrokken",
          "Reden van aanmelding", "Tijdelijk huisverbod"]


class FormModal(ModalScreen[None]):
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    #form { width: 100; height: auto; border: wide $primary; padding: 0 1; background: $surface; }
    #fields { grid-size: 2; grid-gutter: 0 2; height: auto; }
    #fields Vertical { height: auto; }
    """
    BINDINGS = [Binding("ctrl+w", "close", "Annuleren", priority=True), Binding("escape", "close", "Annuleren")]

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label("Bare formulier")
            with Grid(id="fields"):
                for name in FIELDS:
                    with Vertical():
                        yield Label(name)
                        yield Input(placeholder=name.lower())
            yield Label("Ctrl+S opslaan · Esc annuleren · Tab volgend veld")

    def action_close(self) -> None:
        self.dismiss()


class HelpModal(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpModal { align: center middle; }
    #help { width: 110; height: 90%; border: wide $primary; background: $surface; }
    """
    BINDINGS = [Binding("q", "close", "Sluiten"), Binding("escape", "close", "Sluiten")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Label("Bare hulp")
            for section in range(6):
                yield Label(f"Sectie {section + 1}")
                yield Static("\n".join(f"  {chr(97 + i)}   Toets {i + 1} van sectie {section + 1}: een korte omschrijving"
                                       for i in range(9)))

    def action_close(self) -> None:
        self.dismiss()


class BareModalApp(App[None]):
    BINDINGS = [Binding("n", "form", "Nieuw"), Binding("question_mark", "help", "Help")]

    def compose(self) -> ComposeResult:
        yield Label("Bare · Formulieren READY")
        yield Footer()

    def action_form(self) -> None:
        self.push_screen(FormModal())

    def action_help(self) -> None:
        self.push_screen(HelpModal())


if __name__ == "__main__":
    BareModalApp().run()
