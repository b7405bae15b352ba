"""A client's summary page (opened with Enter on a client, or from the palette).

Opening it is an access to client data, so the load writes a "lezen" entry to the audit log.
The full client page with tabs comes with the Top-3 issue; this shows the essentials.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from models.clock import local, today
from models.dutch import days_until, numeric_date, short_date
from models.enums import AppointmentKind, ClientStatus, Fase, Gemeente, Hulpvorm
from screens.format import client_label, clock_time_of
from tui.keymap import MODAL_CLOSE, bindings


class ClientPage(ModalScreen[None]):
    CSS_PATH = "client_page.tcss"
    BINDINGS = bindings([MODAL_CLOSE])

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="client-box"):
            yield Label("Cliënt wordt geladen…", id="client-title")
            yield Static("", id="client-body")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="client-page", exit_on_error=False)
    def _load(self) -> None:
        from models.queries.clients import open_client

        with self.app.database.session(self.app.actor, write=True) as session:
            detail = open_client(session, self.client_id)
        self.app.call_from_thread(self._show, detail)

    def _show(self, detail) -> None:
        if detail is None:
            self.query_one("#client-title", Label).update("Deze cliënt bestaat niet (meer).")
            return
        masked = self.app.masked
        self.query_one("#client-title", Label).update(
            f"Cliënt {client_label(detail.code, detail.initials, masked=masked)} · "
            f"{ClientStatus.label_of(detail.status)}")
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold")
        facts.add_column()
        facts.add_row("Fase", Fase.label_of(detail.fase))
        facts.add_row("Hulpvorm", f"{Hulpvorm.label_of(detail.hulpvorm)} · "
                                  f"{detail.conversations_done}/{detail.conversations_planned} gesprekken")
        facts.add_row("Medewerker", detail.worker_code or "–")
        facts.add_row("Gemeente", Gemeente.label_of(detail.gemeente))
        if not masked:
            facts.add_row("Care4", detail.care4_ref or "–")
        children = "ja" if detail.children_involved else "nee"
        if detail.children_involved:
            children += f" · melding Veilig Thuis: {numeric_date(detail.melding_date)}" if detail.melding_date \
                else " · GEEN melding geregistreerd"
        facts.add_row("Kinderen", children)
        if detail.huisverbod_end:
            facts.add_row("Huisverbod", Text(
                f"{numeric_date(detail.huisverbod_start)} t/m {numeric_date(detail.huisverbod_end)} "
                f"({days_until(detail.huisverbod_end, today())})", style="bold dark_orange"))
        facts.add_row("Top-3", f"versie {detail.top3_number}" if detail.top3_number else "nog geen Top-3")
        for rank, situation in enumerate(detail.top3_situations, start=1):
            facts.add_row(f"  {rank}.", situation)
        for row in detail.next_appointments:
            facts.add_row("Afspraak", f"{short_date(local(row.start).date())} {clock_time_of(row)} "
                                      f"{AppointmentKind.label_of(row.kind)} {row.place}")
        self.query_one("#client-body", Static).update(facts)

    def action_close(self) -> None:
        self.dismiss(None)
