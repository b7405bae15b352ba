"""Baseline (d): a bare Textual DataTable of 200 rows × 8 columns, focused, row cursor.

The floor for "cursor ↓ in a section's table": ↓/↑ move the highlighted row, which only the
colours show (the harness compares captures with escape sequences, `tmux capture-pane -e`).
The floor for week navigation too: `.` / `,` change the week number in the title
"Bare · Week NN · tabel READY" and refill the table with 30 rows (clear + add: what one screen of
a section shows), as a section reload does. Measure the cursor before pressing `.`/`,`.
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Label

ROWS = 200
WEEK_ROWS = 30


class BareTableApp(App[None]):
    BINDINGS = [Binding("full_stop", "week(1)", "Volgende week"), Binding("comma", "week(-1)", "Vorige week")]
    week = 49

    def compose(self) -> ComposeResult:
        yield Label("Bare · laden", id="title")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Code", "Aangemeld", "Wacht", "Via", "Gemeente", "Urgentie", "Status", "Wie")
        self.fill(table)
        table.focus()

    def action_week(self, step: int) -> None:
        self.week = (self.week + step - 1) % 52 + 1
        table = self.query_one(DataTable)
        table.clear()
        self.fill(table, WEEK_ROWS)

    def fill(self, table: DataTable, rows: int = ROWS) -> None:
        for i in range(rows):
            table.add_row(f"AM-2026-{i:03d}", f"{1 + i % 28:02d}-11-2026", f"{i % 60} d",
                          ("Politie", "Veilig Thuis", "Wijkteam", "Zelfmelding")[i % 4],
                          ("Zaanstad", "Purmerend", "Wormerland", "Landsmeer")[i % 4],
                          ("Acuut", "Hoog", "Normaal")[i % 3], ("Aangemeld", "Intake gepland")[i % 2],
                          f"W{(i + self.week) % 17:02d}", key=str(i))
        self.query_one("#title", Label).update(f"Bare · Week {self.week} · tabel READY")


if __name__ == "__main__":
    BareTableApp().run()
