"""Planning (2): the team week, workers side by side (a page of six at a time), one row per day.

Arrow keys move between cells; Enter opens the day of that worker (its appointments: change,
status, delete), `n` adds an appointment in the cell, `a` records an absence, `f` finds a time two
people are both free, `x` exports the worker's week as iCalendar, `g` jumps to a week. Every
change goes through the app's runner (models/actions/planning.py); Ctrl+Z (app-wide) undoes it.

A day off of the whole team (a public holiday or a closure day, models/days_off.py) shows its name
in every cell of its row ("Eerste kerstdag"), dimmed like a worker's day off, row label included.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from screens.common.plain import Label

from models.plain_text import too_long
from models.planning.write import AppointmentInput
from models.clock import local, today, week_monday
from models.dutch import clock_time, short_date, week_label
from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus
from models.actions import Done
from models.planning.views import AppointmentsSaved
from screens.common.format import KIND_SHORT
from screens.common.section import SectionScreen
from screens.common.table import BoardTable

WORKERS_PER_PAGE = 6  # what fits side by side at 160 columns; more workers page sideways
DAY_LABEL_WIDTH = 10  # "wo 2 dec  " before the workers' columns
# No cell padding: the width itself leaves the gap, so "09:00 Huisbez ZS-0483 ✓" fits on one line.
COLUMN_WIDTH = 25
STATUS_MARK = {AppointmentStatus.DONE: " ✓", AppointmentStatus.NO_SHOW: " ✗"}


def plain(day) -> date:
    return date(day.year, day.month, day.day)


PATH_LIMIT = 1024  # longer than any folder a worker would pick; the OS refuses 4,096 anyway


class PlanningScreen(SectionScreen):
    MODE = "planning"
    CSS_PATH = "planning.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.monday = week_monday(today())
        self.weekend = False
        self.page: int | None = None  # None: the page that holds focus_worker_id (at first: me)
        self.focus_worker_id: int | None = None
        self.view = None
        self.cursor_target: tuple[int, date] | None = None
        self.open_day_after_load = False
        self.wanted: tuple = ()
        self.columns: tuple[int, ...] = ()  # the worker ids of the grid's columns
        self.export_dir: Path | None = None  # default: the export folder (tui/exports.py)

    def compose_body(self) -> ComposeResult:
        yield Label("", id="planning-title", classes="block-title")
        yield BoardTable(id="planning-grid", cursor_type="cell", zebra_stripes=False, show_row_labels=True,
                         cell_padding=0)
        yield Label("", id="planning-legend")

    def on_mount(self) -> None:
        self.reload()

    # --- loading and showing the week ---------------------------------------------------------

    def per_page(self) -> int:
        """As many workers as fit side by side: six at 160 columns, two at 80 (then PgDn pages on)."""
        return max(1, min(WORKERS_PER_PAGE, (self.app.size.width - DAY_LABEL_WIDTH) // COLUMN_WIDTH))

    def on_resize(self) -> None:
        if self.view is not None and self.per_page() != self.wanted[4]:
            self.page = None  # the page of the worker in focus, counted in the new page size
            self.reload()

    def reload(self) -> None:
        self.wanted = (self.monday, self.weekend, self.page, self.focus_worker_id, self.per_page())
        super().reload()

    def fetch(self, session):
        from models.planning.queries import week_view

        wanted = self.wanted
        monday, weekend, page, focus, per_page = wanted
        return wanted, week_view(session, monday, days=7 if weekend else 5, page=page, per_page=per_page,
                                 focus_worker_id=focus or self.app.user.id)

    def show(self, data) -> None:
        wanted, view = data
        if wanted != self.wanted:
            return  # an older load (the user pressed on); the current one is on its way
        self.view = view
        self.page = view.page
        first, last = view.days[0], view.days[-1]
        start = view.page * wanted[4] + 1
        self.query_one("#planning-title", Label).update(
            f"{week_label(first).capitalize()} · {short_date(first)} – {short_date(last)} {last.year} · medewerkers "
            f"{start}–{start + len(view.workers) - 1} van {view.total_workers}"
            + (" (PgUp/PgDn: andere medewerkers)" if view.pages > 1 else ""))
        grid = self.query_one("#planning-grid", DataTable)
        cursor = grid.cursor_coordinate
        first_look = not self.columns  # the first week shown: my column, today's row
        columns = tuple(w.id for w in view.workers)
        if columns == self.columns:
            grid.clear()  # same workers: keep the columns, replace the rows
        else:
            grid.clear(columns=True)
            for worker in view.workers:
                grid.add_column(f"{worker.code} {worker.name.split()[0]}", key=str(worker.id), width=COLUMN_WIDTH)
            self.columns = columns
        for day in view.days:
            style = "dim" if day in view.days_off else "bold"  # a public holiday or closure day: nobody works
            label = Text(short_date(day), style=f"{style} reverse" if day == today() else style) + " "
            grid.add_row(*[self._cell(view, worker.id, day) for worker in view.workers], key=day.isoformat(),
                         height=None, label=label)
        open_day = False
        if first_look and self.cursor_target is None and self.app.user is not None and today() in view.days:
            self.cursor_target = (self.app.user.id, today())
        if self.cursor_target is not None:
            worker_id, day = self.cursor_target
            ids = [w.id for w in view.workers]
            if worker_id in ids and day in view.days:
                cursor = Coordinate(view.days.index(day), ids.index(worker_id))
                self.cursor_target = None
                open_day, self.open_day_after_load = self.open_day_after_load, False
        if grid.row_count and len(grid.columns):
            grid.cursor_coordinate = Coordinate(min(cursor.row, grid.row_count - 1),
                                                min(cursor.column, len(grid.columns) - 1))
        self.query_one("#planning-legend", Label).update(
            "Enter: dag openen (status, wijzigen, verwijderen) · PgUp/PgDn: andere medewerkers · "
            "✓ gedaan · ✗ niet verschenen · ↻ herhaalt · ? alle toetsen")
        if open_day:
            self.action_open_cell()

    @staticmethod
    def _cell(view, worker_id: int, day: date) -> Text:
        text = Text()
        absence = view.absences.get((worker_id, day))
        day_off = view.days_off.get(day)
        if day_off is not None:  # the whole team is off: the day's name says why, in every column
            text.append(_fit(day_off), style="italic dim")
        elif absence is not None:
            text.append(f"AFWEZIG · {AbsenceKind.label_of(absence.kind).lower()}", style="bold red")
        elif (worker_id, day) in view.off_days:
            text.append("geen werkdag", style="dim")
        for row in view.cells.get((worker_id, day), []):
            if text:
                text.append("\n")
            who = row.client_code or row.partner or ""
            line = f"{clock_time(row.start)} {KIND_SHORT.get(row.kind, row.kind)} {who}".rstrip()
            line += STATUS_MARK.get(row.status, "") + (" ↻" if row.series_id else "")
            text.append(line, style="dim" if row.status != AppointmentStatus.PLANNED else "")
        return text or Text("–", style="dim")

    def selected_cell(self) -> tuple[int, date] | None:
        grid = self.query_one("#planning-grid", DataTable)
        if self.view is None or not grid.row_count or not len(grid.columns):
            return None
        keys = grid.coordinate_to_cell_key(grid.cursor_coordinate)
        return int(keys.column_key.value), date.fromisoformat(keys.row_key.value)

    def worker_ref(self, worker_id: int):
        workers = (self.view.workers if self.view else []) + list(self.app.team)
        return next((w for w in workers if w.id == worker_id), None)

    def go_to(self, worker_id: int, day: date, *, open_day: bool = False) -> None:
        """Show the week of `day` with the cursor on this worker's cell (from Vandaag)."""
        self.monday = week_monday(day)
        self.weekend = self.weekend or day.weekday() >= 5
        self.page, self.focus_worker_id = None, worker_id
        self.cursor_target = (worker_id, day)
        self.open_day_after_load = open_day
        self.reload()

    # --- navigation ---------------------------------------------------------------------------

    def action_week(self, step: int) -> None:
        self.cursor_target = None
        self.monday += timedelta(weeks=step)
        self.reload()

    def action_this_week(self) -> None:
        self.monday = week_monday(today())
        self.cursor_target = (self.selected_cell() or (0, today()))[0], today()
        self.reload()

    def action_toggle_weekend(self) -> None:
        self.weekend = not self.weekend
        self.reload()

    def action_page(self, step: int) -> None:
        if self.view is None:
            return
        page = min(max(self.view.page + step, 0), self.view.pages - 1)
        if page != self.view.page:
            self.cursor_target = None
            self.page = page
            self.reload()

    def action_jump_week(self) -> None:
        from screens.planning.day_dialog import AskScreen, describe_week, parse_week

        def chosen(monday: date | None) -> None:
            if monday is not None:
                self.monday = monday
                self.reload()

        self.app.push_screen(AskScreen("Naar welke week? (weeknummer of datum)", parse_week, describe_week,
                                       placeholder="49, wk 2, 24-12, volgende week…"), chosen)

    # --- opening a day, adding, changing -----------------------------------------------------------

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open_cell()

    def action_open_cell(self) -> None:
        from screens.planning.day_dialog import DayScreen

        cell = self.selected_cell()
        if cell is not None:
            day_off = self.view.days_off.get(cell[1]) if self.view else None
            self.app.push_screen(DayScreen(*cell, day_off=day_off), lambda _closed: self.reload())

    def action_new_in_cell(self) -> None:
        cell = self.selected_cell()
        if cell is not None:
            self.new_appointment(*cell)

    def new_appointment(self, worker_id: int, day: date, *, initial: AppointmentInput | None = None,
                        also_for: tuple[int, ...] = ()) -> None:
        from screens.planning.appointment_actions import new_appointment

        title = "Nieuwe afspraak" + (f" · duo met {self._codes(also_for)}" if also_for else "")
        new_appointment(self, worker_id, day, initial=initial, also_for=also_for, title=title, on_done=self._changed)

    def _changed(self, done: Done) -> None:
        """After a change made here or in the day dialog: show its week with the cursor on it."""
        if isinstance(done.value, AppointmentsSaved):
            self.cursor_target = (done.value.worker_id, done.value.day)
        self.reload()

    # --- absences, free slots, export --------------------------------------------------------------

    def action_new_absence(self) -> None:
        from models.actions.planning import add_absence
        from screens.planning.absence_form import AbsenceForm
        from screens.common.form import Edit

        cell = self.selected_cell()

        def saved(done: Done | None) -> None:
            from tui.messages import AbsenceRecorded

            if done is None:
                return
            data, busy = done.value
            worker = self.worker_ref(data.worker_id)
            message = "Afwezigheid opgeslagen. Ctrl+Z maakt ongedaan."
            if busy:
                message += f" {worker.code if worker else ''} heeft dan nog {busy} geplande afspraken: verzet of annuleer ze."
            self.notify(message, timeout=6)
            self.cursor_target = (data.worker_id, data.start_date)
            self.app.post_message(AbsenceRecorded(data.worker_id, data.start_date, data.end_date))
            self.reload()

        self.app.push_screen(AbsenceForm(Edit(add_absence, what="de afwezigheid opslaan"), workers=list(self.app.team),
                                         worker_id=cell[0] if cell else None, day=cell[1] if cell else today(),
                                         draft_key="absence:new"),
                             saved)

    def action_find_slot(self) -> None:
        from screens.planning.slot_finder import SlotFinder

        cell = self.selected_cell()
        first = cell[0] if cell else self.app.user.id
        second = self.app.user.id if first != self.app.user.id else None

        def chosen(choice) -> None:
            if choice is None:
                return
            one, other = choice.worker_ids
            slot = choice.slot
            initial = AppointmentInput(worker_id=one, day=slot.day, start=local(slot.start).time(),
                                       end=local(slot.end).time(), kind=AppointmentKind.HUISBEZOEK,
                                       note=f"Duo: {self._codes((one, other))}")
            self.new_appointment(one, slot.day, initial=initial, also_for=(other,))

        self.app.push_screen(SlotFinder(list(self.app.team), first, second), chosen)

    def action_export_ics(self) -> None:
        from screens.planning.day_dialog import AskScreen
        from tui.exports import export_folder

        cell = self.selected_cell()
        worker = self.worker_ref(cell[0]) if cell else self.app.user
        year, week = self.monday.isocalendar().year, self.monday.isocalendar().week
        folder = self.export_dir or export_folder(self.app.config, create=False)
        default = folder / f"{worker.code}-{year}-week{week:02d}.ics"

        def parse(text: str) -> Path:
            if not text.strip():
                raise ValueError("Vul een bestandsnaam in.")
            problem = too_long(text.strip(), PATH_LIMIT, "Het pad")
            if problem:
                raise ValueError(problem)
            if "\x00" in text:  # Path accepts it, the file system never will
                raise ValueError("Dit is geen geldig pad (te lang of met vreemde tekens). Kies een andere "
                                 "bestandsnaam.")
            try:
                path = Path(text.strip()).expanduser()
                is_folder = path.is_dir()
            except (OSError, ValueError, RuntimeError):  # too long, a NUL byte, an unknown ~user
                raise ValueError("Dit is geen geldig pad (te lang of met vreemde tekens). Kies een andere "
                                 "bestandsnaam.") from None
            if is_folder:
                raise ValueError("Dat is een map; geef een bestandsnaam (…/week.ics).")
            return path

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(worker.code, year, week, path)

        self.app.push_screen(AskScreen(f"iCalendar-export van {worker.code}, {week_label(self.monday)}: opslaan als",
                                       parse, lambda p: f"wordt {p.name} in {p.parent}", value=str(default)), chosen)

    def _export(self, code: str, year: int, week: int, path: Path) -> None:
        from models.actions.planning import export_week_ics
        from tui.exports import saved_message

        self.app.runner.write(self, export_week_ics, code, year, week, path, what="de export maken", undoable=False,
                              done=lambda done: self.notify(saved_message(path), title="iCalendar", timeout=8))

    def _codes(self, ids) -> str:
        return " en ".join(w.code for w in (self.worker_ref(i) for i in ids) if w)


def _fit(name: str) -> str:
    """A day off's name within one cell line ("Eerste kerstdag"; a long closure name is cut)."""
    return name if len(name) < COLUMN_WIDTH else name[:COLUMN_WIDTH - 2] + "…"
