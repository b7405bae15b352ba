"""Vandaag (1): my appointments, who is where, and what needs my attention today."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label

from screens.table import BoardTable

from models.clock import today
from models.dutch import clock_time, short_date
from models.enums import AbsenceKind, AppointmentKind, DayType, Gemeente, HandoverReason
from screens.section import SectionScreen


class TodayScreen(SectionScreen):
    MODE = "vandaag"
    CSS_PATH = "today.tcss"

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="today-top"):
            with Vertical(id="today-mine"):
                yield Label("Mijn afspraken", id="today-mine-title", classes="block-title")
                yield BoardTable(id="today-appointments", cursor_type="row", zebra_stripes=True)
            with Vertical(id="today-team"):
                yield Label("Wie is waar", classes="block-title")
                yield BoardTable(id="today-team-table", cursor_type="row")
        yield Label("Aandacht", classes="block-title")
        yield BoardTable(id="today-attention", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#today-appointments", DataTable).add_columns("Tijd", "Soort", "Cliënt", "Plaats", "Partner")
        self.query_one("#today-team-table", DataTable).add_columns("Wie", "Dag", "Van", "Tot", "Waar")
        self.query_one("#today-attention", DataTable).add_columns("Wat", "Omschrijving", "Cliënt", "Wanneer")
        self.reload()

    def fetch(self, session):
        from models.queries.today import today_view

        return today_view(session, self.app.user.id, today())

    def show(self, view) -> None:
        self.query_one("#today-mine-title", Label).update(
            f"Mijn afspraken · {short_date(view.day)} ({len(view.appointments)})")
        mine = self.query_one("#today-appointments", DataTable)
        mine.clear()
        for row in view.appointments:
            mine.add_row(f"{clock_time(row.start)}–{clock_time(row.end)}", AppointmentKind.label_of(row.kind),
                         row.client_code or "", Gemeente.label_of(row.place) if row.place else "", row.partner,
                         key=f"appointment:{row.id}")
        if not view.appointments:
            mine.add_row("", "Geen afspraken vandaag", "", "", "")

        team = self.query_one("#today-team-table", DataTable)
        team.clear()
        for line in view.team:
            day = DayType.label_of(line.day_type)
            if line.absence_kind:
                day = f"{day} ({AbsenceKind.label_of(line.absence_kind).lower()})"
            team.add_row(
                f"{line.worker.code} {line.worker.name.split()[0]}", day,
                clock_time(line.first_start) if line.first_start else "",
                clock_time(line.last_end) if line.last_end else "",
                ", ".join(Gemeente.label_of(place) for place in line.places), key=f"worker:{line.worker.id}",
            )

        attention = self.query_one("#today-attention", DataTable)
        attention.clear()
        for h in view.handovers:
            attention.add_row("Overdracht", f"van {h.from_code}: {HandoverReason.label_of(h.reason).lower()}",
                              ", ".join(h.client_codes), short_date(h.created_at.date()), key=f"handover:{h.id}")
        for a in view.actions:
            late = a.due < view.day
            attention.add_row("Actie" + (" (te laat)" if late else ""), a.what, a.client_code or "",
                              short_date(a.due), key=f"action:{a.id}")
        for v in view.huisverboden:
            attention.add_row("Huisverbod eindigt", f"begeleiding door {v.worker_code or '?'}", v.client_code,
                              short_date(v.end), key=f"client:{v.client_id}")
        for e in view.evaluations:
            attention.add_row("Top-3 evaluatie", f"versie {e.plan_number}", e.client_code,
                              short_date(e.evaluate_on), key=f"client:{e.client_id}")
        if attention.row_count == 0:
            attention.add_row("", "Niets dat vandaag aandacht vraagt", "", "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value or "")

    def action_open_selected(self) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is not None and table.row_count:
            self._open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")

    def _open(self, key: str) -> None:
        """Each attention line opens what it refers to."""
        kind, _, ident = key.partition(":")
        if kind == "client":
            self.app.open_client(int(ident))
        elif kind == "handover":
            self.app.switch_mode("overdracht")
        elif kind == "action":
            self.app.switch_mode("overleg")
        elif kind == "appointment":
            self.app.switch_mode("planning")
