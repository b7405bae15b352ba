"""Wachtlijst (3): the shared waiting list, most urgent and longest waiting first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from screens.table import BoardTable

from models.clock import today
from models.dutch import numeric_date
from models.enums import Gemeente, Hulpvorm, OPEN_REGISTRATION_STATUSES, Referrer, RegistrationStatus, Urgency
from screens.format import melding_text, warn_if_close, yes_no
from screens.section import SectionScreen


class WaitlistScreen(SectionScreen):
    MODE = "wachtlijst"
    CSS_PATH = "waitlist.tcss"

    def compose_body(self) -> ComposeResult:
        yield Label("", id="waitlist-counts", classes="block-title")
        yield BoardTable(id="waitlist-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#waitlist-table", DataTable).add_columns(
            "Code", "Aangemeld", "Wacht", "Via", "Gemeente", "Urgentie", "Kind.", "Melding",
            "Huisverbod tot", "Status", "Intake", "Advies")
        self.reload()

    def fetch(self, session):
        from models.queries.waitlist import waiting_list

        return waiting_list(session, today())

    def show(self, waiting) -> None:
        counts = " · ".join(f"{RegistrationStatus.label_of(s)}: {waiting.counts.get(s, 0)}"
                            for s in OPEN_REGISTRATION_STATUSES)
        self.query_one("#waitlist-counts", Label).update(f"Wachtlijst ({len(waiting.rows)}) — {counts}")
        table = self.query_one("#waitlist-table", DataTable)
        table.clear()
        day = today()
        for r in waiting.rows:
            urgency = Text(Urgency.label_of(r.urgency), style="bold red" if r.urgency == Urgency.ACUUT else "")
            table.add_row(
                r.code, numeric_date(r.registered_on), f"{r.days_waiting} d", Referrer.label_of(r.via),
                Gemeente.label_of(r.gemeente), urgency, yes_no(r.children_involved),
                melding_text(r.children_involved, r.melding_date),
                warn_if_close(r.huisverbod_end, day) if r.huisverbod_end else "",
                RegistrationStatus.label_of(r.status), r.intake_worker_code or "",
                Hulpvorm.label_of(r.advised_hulpvorm) if r.advised_hulpvorm else "", key=str(r.id),
            )
