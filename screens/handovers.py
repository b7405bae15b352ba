"""Overdracht (6): handovers to me, from me, or all; unacknowledged first, with age."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from screens.table import BoardTable

from models.clock import today
from models.dutch import days_ago, numeric_date, short_date
from models.enums import HandoverReason
from screens.section import SectionScreen

FILTERS = [("to_me", "Aan mij"), ("from_me", "Van mij"), ("all", "Alle")]


class HandoverScreen(SectionScreen):
    MODE = "overdracht"
    CSS_PATH = "handovers.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.which = "to_me"

    def compose_body(self) -> ComposeResult:
        yield Label("", id="handover-title", classes="block-title")
        yield BoardTable(id="handover-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#handover-table", DataTable).add_columns(
            "Status", "Van", "Aan", "Reden", "Cliënten", "Periode", "Geschreven", "Aanbeveling")
        self.reload()

    def fetch(self, session):
        from models.queries.handovers import handover_rows

        me = self.app.user.id
        if self.which == "to_me":
            return handover_rows(session, to_worker_id=me)
        if self.which == "from_me":
            return handover_rows(session, from_worker_id=me)
        return handover_rows(session)

    def show(self, rows) -> None:
        label = dict(FILTERS)[self.which]
        open_count = sum(1 for r in rows if r.acknowledged_at is None)
        self.query_one("#handover-title", Label).update(
            f"Overdrachten · {label} ({len(rows)}, {open_count} niet bevestigd) — f wisselt")
        table = self.query_one("#handover-table", DataTable)
        table.clear()
        day = today()
        for r in rows:
            status = (Text("bevestigd", style="green") if r.acknowledged_at
                      else Text(f"open · {days_ago(r.created_at.date(), day)}", style="bold dark_orange"))
            period = f"{numeric_date(r.period_start)} – {numeric_date(r.period_end)}" if r.period_start else ""
            table.add_row(status, r.from_code, r.to_code or "", HandoverReason.label_of(r.reason),
                          ", ".join(r.client_codes), period, short_date(r.created_at.date()),
                          r.aanbeveling[:60], key=str(r.id))
        if not rows:
            table.add_row("", "", "", "Geen overdrachten", "", "", "", "")

    def action_cycle_filter(self) -> None:
        keys = [key for key, _ in FILTERS]
        self.which = keys[(keys.index(self.which) + 1) % len(keys)]
        self.reload()
