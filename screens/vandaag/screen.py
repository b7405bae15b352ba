"""Vandaag (1): my appointments, who is where, and what needs my attention today.

`d` marks the highlighted action item done through the app's runner (models/actions/vandaag.py);
Ctrl+Z (app-wide) takes it back.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable
from screens.common.plain import Label

from screens.common.table import BoardTable, row_key_of

from models.actions import Done
from models.actions import vandaag as actions
from models.clock import today
from models.dutch import clock_time, short_date
from models.enums import AbsenceKind, AppointmentKind, DayType, Gemeente, HandoverReason
from screens.common.section import SectionScreen


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
        self.query_one("#today-appointments", DataTable).add_columns("Tijd", "Soort", "Cliënt", "Gesprek", "Plaats", "Partner")
        self.query_one("#today-team-table", DataTable).add_columns("Wie", "Dag", "Van", "Tot", "Waar")
        self.query_one("#today-attention", DataTable).add_columns("Wat", "Omschrijving", "Cliënt", "Wanneer")
        self.reload()

    def fetch(self, session):
        from models.vandaag.queries import conversation_counts, today_view

        view = today_view(session, self.app.user.id, today())
        return view, conversation_counts(session, view.appointments)

    def show(self, data) -> None:
        view, progress = data  # progress: client code -> "3/5" (completed conversations of the trajectory)
        self._appointments = {row.id: row for row in view.appointments}
        self.query_one("#today-mine-title", Label).update(
            f"Mijn afspraken · {short_date(view.day)} ({len(view.appointments)})")
        mine = self.query_one("#today-appointments", DataTable)
        mine.clear()
        for row in view.appointments:
            mine.add_row(f"{clock_time(row.start)}–{clock_time(row.end)}", AppointmentKind.label_of(row.kind),
                         row.client_code or "", progress.get(row.client_code, ""),
                         Gemeente.label_of(row.place) if row.place else "", row.partner, key=f"appointment:{row.id}")
        if not view.appointments:
            mine.add_row("", "Geen afspraken vandaag", "", "", "", "")

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
                              short_date(v.end), key=f"client:{v.client_id}:huisverbod")
        for e in view.evaluations:
            late = e.evaluate_on < view.day  # overdue, said as for actions
            attention.add_row("Top-3 evaluatie" + (" (te laat)" if late else ""), f"versie {e.plan_number}",
                              e.client_code,
                              short_date(e.evaluate_on), key=f"client:{e.client_id}:top3")
        if attention.row_count == 0:
            attention.add_row("", "Niets dat vandaag aandacht vraagt", "", "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(row_key_of(event) or "")

    def action_open_selected(self) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is not None and table.row_count:
            self._open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")

    def action_action_done(self) -> None:
        """Mark the highlighted action item of the attention list done."""
        table = self.query_one("#today-attention", DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        kind, _, ident = (key or "").partition(":")
        if kind != "action":
            self.notify("Kies een actie in de lijst Aandacht.", severity="warning")
            return
        self.app.runner.write(self, actions.mark_action_done, int(ident), what="de actie op gedaan zetten",
                              done=self._action_done)

    def _action_done(self, done: Done) -> None:
        self.notify(f"{done.message}." + (" Ctrl+Z maakt ongedaan." if done.undo else ""), timeout=4)
        self.reload()

    def _open(self, key: str) -> None:
        """Each attention line opens what it refers to."""
        # keys are "<kind>:<id>[:<why>]": one client may have several lines (huisverbod, Top-3)
        kind, _, rest = key.partition(":")
        ident = rest.split(":", 1)[0]
        if kind == "client":
            self.app.open_client(int(ident))
        elif kind == "handover":
            from screens.handover.page import HandoverView

            self.app.push_screen(HandoverView(int(ident)))
        elif kind == "action":
            self.app.switch_mode("overleg")
        elif kind == "appointment":
            row = getattr(self, "_appointments", {}).get(int(ident))
            if row is not None:
                from models.clock import local

                start = local(row.start)
                self._open_in_planning(row.worker_id, date(start.year, start.month, start.day), True)
        elif kind == "worker":
            self._open_in_planning(int(ident), today(), False)

    def _open_in_planning(self, worker_id: int, day: date, open_day: bool) -> None:
        """Switch to the Planning with the cursor on this worker's day (and that day opened)."""

        async def go() -> None:
            await self.app.switch_mode("planning")
            planning = self.app.screen
            if hasattr(planning, "go_to"):
                planning.go_to(worker_id, day, open_day=open_day)

        self.app.run_worker(go(), group="open-planning", exclusive=True)
