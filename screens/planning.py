"""Planning (2): the team week, workers side by side (a page of six at a time), one row per day.

Arrow keys move between cells; Enter opens the day of that worker (its appointments: change,
status, delete), `n` adds an appointment in the cell, `a` records an absence, `f` finds a time two
people are both free, `e` exports the worker's week as iCalendar, `g` jumps to a week, Ctrl+Z
undoes the last change of this session. Every write runs in a thread worker and is committed in
one transaction; what it changed is kept (models.planning_views.Change) so it can be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from screens.plain import Label

from models.plain_text import short_list, too_long
from models.appointments_write import AppointmentInput
from models.clock import local, today, week_monday
from models.dutch import clock_time, short_date, week_label
from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus
from models.errors import DomainError
from models.planning_views import REPEAT_NONE, SCOPE_ALL, SCOPE_FOLLOWING, SCOPE_LABELS, SCOPE_ONE, Change
from screens.background import run_in_thread
from screens.format import KIND_SHORT
from screens.section import SectionScreen
from screens.table import BoardTable

WORKERS_PER_PAGE = 6  # what fits side by side at 160 columns; more workers page sideways
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
        self.undo_stack: list[Change] = []
        self.cursor_target: tuple[int, date] | None = None
        self.open_day_after_load = False
        self.wanted: tuple = ()
        self.columns: tuple[int, ...] = ()  # the worker ids of the grid's columns
        self.export_dir: Path | None = None  # default: the user's downloads folder

    def compose_body(self) -> ComposeResult:
        yield Label("", id="planning-title", classes="block-title")
        yield BoardTable(id="planning-grid", cursor_type="cell", zebra_stripes=False, show_row_labels=True,
                         cell_padding=0)
        yield Label("", id="planning-legend")

    def on_mount(self) -> None:
        self.reload()

    # --- loading and showing the week ---------------------------------------------------------

    def reload(self) -> None:
        self.wanted = (self.monday, self.weekend, self.page, self.focus_worker_id)
        super().reload()

    def fetch(self, session):
        from models.queries.planning import week_view

        wanted = self.wanted
        monday, weekend, page, focus = wanted
        return wanted, week_view(session, monday, days=7 if weekend else 5, page=page, per_page=WORKERS_PER_PAGE,
                                 focus_worker_id=focus or self.app.user.id)

    def show(self, data) -> None:
        wanted, view = data
        if wanted != self.wanted:
            return  # an older load (the user pressed on); the current one is on its way
        self.view = view
        self.page = view.page
        first, last = view.days[0], view.days[-1]
        start = view.page * WORKERS_PER_PAGE + 1
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
            label = Text(short_date(day), style="bold reverse" if day == today() else "bold") + " "
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
        if absence is not None:
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
        from screens.planning_dialogs import AskScreen, describe_week, parse_week

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
        from screens.planning_dialogs import DayScreen

        cell = self.selected_cell()
        if cell is not None:
            self.app.push_screen(DayScreen(self, *cell))

    def action_new_in_cell(self) -> None:
        cell = self.selected_cell()
        if cell is not None:
            self.new_appointment(*cell)

    def new_appointment(self, worker_id: int, day: date, *, on_done: Callable[[], None] | None = None,
                        initial: AppointmentInput | None = None, also_for: tuple[int, ...] = ()) -> None:
        from screens.appointment_form import AppointmentForm

        initial = initial or AppointmentInput(worker_id=worker_id, day=day, start=None, end=None,  # type: ignore[arg-type]
                                              kind=AppointmentKind.HUISBEZOEK)
        database, actor = self.app.database, self.app.actor

        def save(data: AppointmentInput) -> int:
            from models.appointments_write import change_record, create_series

            with database.session(actor, write=True) as session:
                ids = create_series(session, data)
                for other in also_for:
                    ids += create_series(session, replace(data, worker_id=other, repeat=REPEAT_NONE))
                what = "Afspraak toegevoegd" if len(ids) == 1 else f"{len(ids)} afspraken toegevoegd"
                change = change_record(session, "appointment", what, (), ids)
                session.commit()
            self.undo_stack.append(change)
            self.cursor_target = (data.worker_id, data.day)
            return ids[0]

        def saved(result: int | None) -> None:
            if result is not None:
                self.notify(f"{self.undo_stack[-1].description}. Ctrl+Z maakt ongedaan.", timeout=4)
                self._after_write(on_done)

        title = "Nieuwe afspraak" + (f" · duo met {self._codes(also_for)}" if also_for else "")
        self.app.push_screen(AppointmentForm(save, workers=list(self.app.team), clients=list(self.app.client_index),
                                             initial=initial, title=title, masked=self.app.masked), saved)

    def edit_appointment(self, row, *, on_done: Callable[[], None] | None = None) -> None:
        from screens.appointment_form import AppointmentForm
        from screens.planning_dialogs import ScopeScreen

        database, actor = self.app.database, self.app.actor
        start, end = local(row.start), local(row.end)
        initial = AppointmentInput(worker_id=row.worker_id, day=plain(start.date()), start=start.time(),
                                   end=end.time(), kind=row.kind, client_code=row.client_code, place=row.place,
                                   partner=row.partner, note=row.note, registration_id=row.registration_id)

        loaded = {"version": row.version}  # the version this user's edit is based on

        def open_form(scope: str | None) -> None:
            if scope is None:
                return

            def save(data: AppointmentInput) -> int:
                from models.appointments_write import change_record, scope_ids, snapshot, update_appointment

                with database.session(actor, write=True) as session:
                    ids = scope_ids(session, row.id, scope)
                    before = snapshot(session, "appointment", ids)
                    update_appointment(session, row.id, loaded["version"], data, scope)
                    what = "Afspraak gewijzigd" if len(ids) == 1 else f"{len(ids)} afspraken gewijzigd"
                    change = change_record(session, "appointment", what, before, ids)
                    session.commit()
                self.undo_stack.append(change)
                self.cursor_target = (data.worker_id, data.day)
                return row.id

            def saved(result: int | None) -> None:
                if result is not None:
                    self.notify(f"{self.undo_stack[-1].description}. Ctrl+Z maakt ongedaan.", timeout=4)
                    self._after_write(on_done)

            title = "Afspraak wijzigen" + (f" · {SCOPE_LABELS[scope]}" if row.series_id else "")
            self.app.push_screen(AppointmentForm(save, workers=list(self.app.team),
                                                 clients=list(self.app.client_index), initial=initial, title=title,
                                                 allow_repeat=False, masked=self.app.masked, reloader=reload), saved)

        def reload() -> dict[str, tuple[str, Any]]:
            """After a colleague's save: their version becomes the base of this user's next save."""
            from models.appointments_write import stored_appointment
            from screens.appointment_form import appointment_fields

            with database.session(actor) as session:
                loaded["version"], stored = stored_appointment(session, row.id)
            return appointment_fields(stored, self.app.team)

        if row.series_id:
            self.app.push_screen(ScopeScreen("Wijzigen: alleen deze, deze en volgende, of alle afspraken?"), open_form)
        else:
            open_form(SCOPE_ONE)

    def change_status(self, row, status: str, *, on_done: Callable[[], None] | None = None) -> None:
        def job(session) -> tuple[Change, str]:
            from models.appointments_write import change_record, set_status, snapshot

            before = snapshot(session, "appointment", [row.id])
            progress = set_status(session, row.id, row.version, status)
            label = AppointmentStatus.label_of(status)
            message = f"{label}: {clock_time(row.start)} {AppointmentKind.label_of(row.kind).lower()}"
            if row.client_code:
                message += f" {row.client_code}"
            if progress is not None:
                message += f" · {progress} gesprekken"
            return change_record(session, "appointment", f"Status {label.lower()}", before, [row.id]), message

        self._write(job, on_done)

    def delete_appointment(self, row, *, on_done: Callable[[], None] | None = None) -> None:
        from screens.confirm import ConfirmScreen
        from screens.planning_dialogs import ScopeScreen

        what = f"{short_date(plain(local(row.start).date()))} {clock_time(row.start)} " \
               f"{AppointmentKind.label_of(row.kind).lower()}"

        def confirm(scope: str | None) -> None:
            if scope is None:
                return
            question = {SCOPE_ONE: f"Afspraak {what} verwijderen?",
                        SCOPE_FOLLOWING: f"Afspraak {what} en alle volgende van de reeks verwijderen?",
                        SCOPE_ALL: "Alle afspraken van deze reeks verwijderen?"}[scope]

            def answered(yes: bool | None) -> None:
                if yes:
                    self._write(lambda session: self._delete_job(session, row, scope), on_done)

            self.app.push_screen(ConfirmScreen(question, yes="verwijderen", no="niet verwijderen"), answered)

        if row.series_id:
            self.app.push_screen(ScopeScreen("Verwijderen: alleen deze, deze en volgende, of alle?"), confirm)
        else:
            confirm(SCOPE_ONE)

    @staticmethod
    def _delete_job(session, row, scope: str) -> tuple[Change, str]:
        from models.appointments_write import change_record, delete_appointment, scope_ids, snapshot

        ids = scope_ids(session, row.id, scope)
        before = snapshot(session, "appointment", ids)
        deleted = delete_appointment(session, row.id, row.version, scope)
        what = "Afspraak verwijderd" if len(deleted) == 1 else f"{len(deleted)} afspraken verwijderd"
        return change_record(session, "appointment", what, before, []), what

    def action_undo(self, on_done: Callable[[], None] | None = None) -> None:
        if not self.undo_stack:
            self.notify("Niets om ongedaan te maken in deze sessie.", timeout=3)
            return
        change = self.undo_stack.pop()

        def job(session) -> tuple[None, str]:
            from models.appointments_write import undo_change

            undo_change(session, change)
            return None, f"Ongedaan gemaakt: {change.description.lower()}"

        self._write(job, on_done)

    # --- absences, free slots, export --------------------------------------------------------------

    def action_new_absence(self) -> None:
        from screens.absence_form import AbsenceForm
        from tui.messages import AbsenceRecorded

        cell = self.selected_cell()
        database, actor = self.app.database, self.app.actor
        recorded: list = []

        def save(data) -> int:
            from models.absences import create_absence, planned_during
            from models.appointments_write import change_record

            with database.session(actor, write=True) as session:
                new_id = create_absence(session, data)
                change = change_record(session, "absence", "Afwezigheid ingevoerd", (), [new_id])
                busy = planned_during(session, data.worker_id, data.start_date, data.end_date)
                session.commit()
            self.undo_stack.append(change)
            recorded.append((data, busy))
            self.cursor_target = (data.worker_id, data.start_date)
            return new_id

        def saved(result: int | None) -> None:
            if result is None:
                return
            data, busy = recorded[-1]
            worker = self.worker_ref(data.worker_id)
            message = "Afwezigheid opgeslagen."
            if busy:
                message += f" {worker.code if worker else ''} heeft dan nog {busy} geplande afspraken: verzet of annuleer ze."
            self.notify(message, timeout=6)
            self.app.post_message(AbsenceRecorded(data.worker_id, data.start_date, data.end_date))
            self._after_write(None)

        self.app.push_screen(AbsenceForm(save, workers=list(self.app.team), worker_id=cell[0] if cell else None,
                                         day=cell[1] if cell else today()), saved)

    def action_find_slot(self) -> None:
        from screens.slot_finder import SlotFinder

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
        from screens.planning_dialogs import AskScreen

        cell = self.selected_cell()
        worker = self.worker_ref(cell[0]) if cell else self.app.user
        year, week = self.monday.isocalendar().year, self.monday.isocalendar().week
        folder = self.export_dir or _downloads()
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
        def job(session) -> tuple[None, str]:
            from models.ics_export import export_week

            export = export_week(session, code, year, week)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(export.content)
            except (OSError, ValueError):
                raise DomainError(f"Kan niet schrijven naar {short_list([str(path)], width=80)}. Kies een andere "
                                  "map.") from None
            return None, f"Geëxporteerd: {path} ({export.events} items)"

        self._write(job, None)

    # --- writing -------------------------------------------------------------------------------

    def _write(self, job: Callable[[Any], tuple[Change | None, str]], on_done: Callable[[], None] | None) -> None:
        def write() -> tuple[Change | None, str]:
            with self.app.database.session(self.app.actor, write=True) as session:
                result = job(session)
                session.commit()
            return result

        run_in_thread(self, write, lambda result: self._written(*result, on_done), group="planning-write",
                      failure="Opslaan is niet gelukt (database niet bereikbaar of bezet). Probeer het opnieuw.",
                      title="Niet gelukt")

    def _written(self, change: Change | None, message: str, on_done: Callable[[], None] | None) -> None:
        if change is not None:
            self.undo_stack.append(change)
        self.notify(message, timeout=4)
        self._after_write(on_done)

    def _after_write(self, on_done: Callable[[], None] | None) -> None:
        if on_done is not None:
            on_done()
        self.reload()

    def _codes(self, ids) -> str:
        return " en ".join(w.code for w in (self.worker_ref(i) for i in ids) if w)


def _downloads() -> Path:
    from platformdirs import user_downloads_dir

    return Path(user_downloads_dir())
