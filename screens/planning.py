"""Planning (2): the team week, workers side by side, one row per day."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from screens.table import BoardTable

from models.clock import today, week_monday
from models.dutch import short_date, week_label
from models.enums import AbsenceKind
from screens.format import appointment_line
from screens.section import SectionScreen

WORKERS_PER_PAGE = 6  # what fits side by side at 160 columns; more workers page sideways


class PlanningScreen(SectionScreen):
    MODE = "planning"
    CSS_PATH = "planning.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.monday = week_monday(today())
        self.weekend = False

    def compose_body(self) -> ComposeResult:
        yield Label("", id="planning-title", classes="block-title")
        yield BoardTable(id="planning-grid", cursor_type="cell", zebra_stripes=False)

    def on_mount(self) -> None:
        self.reload()

    def fetch(self, session):
        from models.queries.planning import week_view

        return week_view(session, self.monday, days=7 if self.weekend else 5)

    def show(self, view) -> None:
        first, last = view.days[0], view.days[-1]
        self.query_one("#planning-title", Label).update(
            f"{week_label(first).capitalize()} · {short_date(first)} – {short_date(last)}")
        grid = self.query_one("#planning-grid", DataTable)
        cursor = grid.cursor_coordinate
        grid.clear(columns=True)
        workers = view.workers[:WORKERS_PER_PAGE]
        grid.add_column("Dag", key="day", width=10)
        for worker in workers:
            grid.add_column(f"{worker.code} {worker.name.split()[0]}", key=str(worker.id), width=24)
        for day in view.days:
            cells = [Text(short_date(day), style="bold" if day == today() else "")]
            for worker in workers:
                cells.append(self._cell(view, worker.id, day))
            grid.add_row(*cells, key=day.isoformat(), height=None)
        grid.cursor_coordinate = cursor

    @staticmethod
    def _cell(view, worker_id: int, day) -> Text:
        absence = view.absences.get((worker_id, day))
        if absence:
            return Text(f"AFWEZIG\n{AbsenceKind.label_of(absence)}", style="bold red")
        if (worker_id, day) in view.off_days:
            return Text("geen werkdag", style="dim")
        rows = view.cells.get((worker_id, day), [])
        return Text("\n".join(appointment_line(row) for row in rows) or "–")

    def action_week(self, step: int) -> None:
        self.monday += timedelta(weeks=step)
        self.reload()

    def action_this_week(self) -> None:
        self.monday = week_monday(today())
        self.reload()

    def action_toggle_weekend(self) -> None:
        self.weekend = not self.weekend
        self.reload()
