"""Caseload (4): weighted load per worker as bars, and the selected worker's clients."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from screens.table import BoardTable

from models.clock import today
from models.dutch import numeric_date
from models.enums import Fase, Hulpvorm
from screens.format import client_label, warn_if_close
from screens.section import SectionScreen

BAR_WIDTH = 30


def load_bar(weighted: float, capacity: float) -> Text:
    """A bar of the weighted load against capacity; over capacity shows red."""
    ratio = weighted / capacity if capacity else 0
    filled = min(BAR_WIDTH, round(ratio * BAR_WIDTH))
    colour = "green" if ratio < 0.85 else "dark_orange" if ratio <= 1.0 else "red"
    return Text("█" * filled, style=colour) + Text("░" * (BAR_WIDTH - filled), style="dim") + Text(f" {ratio:4.0%}")


class CaseloadScreen(SectionScreen):
    MODE = "caseload"
    CSS_PATH = "caseload.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.selected_worker: int | None = None

    def compose_body(self) -> ComposeResult:
        yield Label("Caseload per medewerker (gewogen: fase 1 weegt zwaarder)", classes="block-title")
        yield BoardTable(id="caseload-workers", cursor_type="row")
        yield Label("", id="caseload-clients-title", classes="block-title")
        yield BoardTable(id="caseload-clients", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#caseload-workers", DataTable).add_columns(
            "Medewerker", "Uren", "Cliënten", "Fase 1", "Gewogen", "Capaciteit", "Belasting")
        self.query_one("#caseload-clients", DataTable).add_columns(
            "Code", "Fase", "Hulpvorm", "Gesprekken", "Laatste contact", "Volgend contact", "Top-3 van",
            "Huisverbod tot")
        self.reload()

    def fetch(self, session):
        from models.queries.caseload import caseload_overview

        return caseload_overview(session)

    def show(self, loads) -> None:
        table = self.query_one("#caseload-workers", DataTable)
        row = table.cursor_row
        table.clear()
        for load in loads:
            table.add_row(
                f"{load.worker.code} {load.worker.name}", f"{load.contract_hours:g}", str(load.active),
                str(load.fase_1), f"{load.weighted:.1f}", f"{load.capacity:.1f}",
                load_bar(load.weighted, load.capacity), key=str(load.worker.id),
            )
        if loads:
            table.move_cursor(row=min(row, len(loads) - 1))
            self._show_worker(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "caseload-workers" and event.row_key.value:
            self._show_worker(int(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "caseload-clients" and event.row_key.value:
            self.app.open_client(int(event.row_key.value))

    def action_open_selected(self) -> None:
        clients = self.query_one("#caseload-clients", DataTable)
        if clients.row_count:
            self.app.open_client(int(clients.coordinate_to_cell_key(clients.cursor_coordinate).row_key.value))

    def _show_worker(self, worker_id: int) -> None:
        self.selected_worker = worker_id
        self._load_clients(worker_id)

    @work(thread=True, exclusive=True, group="caseload-clients", exit_on_error=False)
    def _load_clients(self, worker_id: int) -> None:
        from models.queries.caseload import worker_clients

        with self.app.database.session() as session:
            rows = worker_clients(session, worker_id, today())
        self.app.call_from_thread(self._show_clients, worker_id, rows)

    def _show_clients(self, worker_id: int, rows) -> None:
        if worker_id != self.selected_worker:
            return  # the user moved on while this loaded
        name = next((w.name for w in self.app.team if w.id == worker_id), "")
        self.query_one("#caseload-clients-title", Label).update(f"Cliënten van {name} ({len(rows)})")
        table = self.query_one("#caseload-clients", DataTable)
        table.clear()
        day = today()
        for r in rows:
            table.add_row(
                client_label(r.code, r.initials, masked=self.masked), Fase.label_of(r.fase),
                Hulpvorm.label_of(r.hulpvorm), f"{r.done}/{r.planned}", numeric_date(r.last_contact),
                numeric_date(r.next_contact), numeric_date(r.top3_date),
                warn_if_close(r.huisverbod_end, day) if r.huisverbod_end else "", key=str(r.id),
            )
