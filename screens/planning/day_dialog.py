"""Small modals of the planning: one worker's day, the series question, and a one-line question
(jump to a week, where to save an export)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input
from tui.keymap import ASK_KEYS, DAY_KEYS, bindings
from screens.common.plain import Label

from models.plain_text import too_long
from models.clock import today
from models.dutch import clock_time, short_date, week_label
from models.dutch_parse import ParseError, parse_date
from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus, Gemeente
from screens.common.table import BoardTable

if TYPE_CHECKING:
    from models.planning.views import PlannedAppointment

STATUS_MARK = {AppointmentStatus.DONE: "✓", AppointmentStatus.NO_SHOW: "✗", AppointmentStatus.CANCELLED: "—"}


class DayScreen(ModalScreen[None]):
    """The appointments of one worker on one day: open, change status, delete, add."""

    CSS_PATH = "planning.tcss"
    BINDINGS = bindings(DAY_KEYS)

    def __init__(self, worker_id: int, day: date, day_off: str | None = None) -> None:
        super().__init__()
        self.worker_id = worker_id
        self.day = day
        self.day_off = day_off  # "Eerste kerstdag": a public holiday or closure day of the team
        self.rows: list[PlannedAppointment] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="day-box"):
            yield Label("", id="day-title")
            yield Label("", id="day-absence")
            yield BoardTable(id="day-table", cursor_type="row", zebra_stripes=True)
            yield Label("", id="day-detail")
            yield Label("Enter wijzigen · d gedaan · v niet verschenen · a geannuleerd · p gepland · "
                        "Del verwijderen · n nieuw · Ctrl+Z ongedaan · Esc/q sluiten", id="day-keys")

    def on_mount(self) -> None:
        worker = next((w for w in self.app.team if w.id == self.worker_id), None)
        name = f"{worker.code} {worker.name}" if worker else "?"
        self.query_one("#day-title", Label).update(
            f"{name} · {short_date(self.day)} · {week_label(self.day)}"
            + (f" · {self.day_off} (vrije dag van het team)" if self.day_off else ""))
        self.query_one("#day-table", DataTable).add_columns(
            "Tijd", "Soort", "Cliënt", "Gesprek", "Plaats", "Partner", "Status", "")
        self.reload()

    def reload(self) -> None:
        if self.is_attached:
            self._load()

    def _load(self) -> None:
        from models.planning.queries import day_detail

        self.app.runner.read(self, day_detail, self.worker_id, self.day, done=self._show, what="de dag laden",
                             group="day-load")

    def _show(self, detail) -> None:
        rows, absence, progress = detail
        self.rows = rows
        absence_label = self.query_one("#day-absence", Label)
        if absence is not None:
            absence_label.update(Text(f"AFWEZIG: {AbsenceKind.label_of(absence.kind).lower()} "
                                      f"{short_date(absence.start_date)} – {short_date(absence.end_date)}"
                                      f"{' · ' + absence.note if absence.note else ''}", style="bold"))
        absence_label.set_class(absence is not None, "-shown")
        table = self.query_one("#day-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            count = progress.get(row.client_id)
            table.add_row(
                f"{clock_time(row.start)}–{clock_time(row.end)}", AppointmentKind.label_of(row.kind),
                row.client_code or "", f"{count} gesprekken" if count else "",
                Gemeente.label_of(row.place) if row.place else "", row.partner,
                Text(AppointmentStatus.label_of(row.status),
                     style="dim" if row.status == AppointmentStatus.CANCELLED else ""),
                "↻ herhaalt" if row.series_id else "", key=str(row.id))
        if not rows:
            table.add_row("", "Geen afspraken · n voegt er een toe", "", "", "", "", "", "")
        elif cursor is not None and 0 <= cursor < len(rows):
            table.move_cursor(row=cursor)
        self._describe()

    @on(DataTable.RowHighlighted)
    def _describe(self, event: DataTable.RowHighlighted | None = None) -> None:
        row = self.selected()
        self.query_one("#day-detail", Label).update(f"Notitie: {row.note}" if row and row.note else "")

    def selected(self) -> PlannedAppointment | None:
        table = self.query_one("#day-table", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        from screens.planning.appointment_actions import edit_appointment

        row = self.selected()
        if row is not None:
            edit_appointment(self, row, on_done=self._changed)

    def action_new(self) -> None:
        from screens.planning.appointment_actions import new_appointment

        new_appointment(self, self.worker_id, self.day, on_done=self._changed)

    def action_status(self, status: str) -> None:
        from screens.planning.appointment_actions import change_status

        row = self.selected()
        if row is not None:
            change_status(self, row, status, on_done=self._changed)

    def action_delete(self) -> None:
        from screens.planning.appointment_actions import delete_appointment

        row = self.selected()
        if row is not None:
            delete_appointment(self, row, on_done=self._changed)

    def _changed(self, _done=None) -> None:
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[Any]):
    """One line of input with a live hint; `parse(text)` turns it into the result or raises
    ValueError with a Dutch message, shown under the field."""

    CSS_PATH = "planning.tcss"
    BINDINGS = bindings(ASK_KEYS)

    def __init__(self, question: str, parse: Callable[[str], Any], describe: Callable[[Any], str],
                 value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.parse = parse
        self.describe = describe
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box"):
            yield Label(self.question, id="ask-question")
            yield Input(self.value, placeholder=self.placeholder, id="ask-input")
            yield Label("", id="ask-hint")
            yield Label("Enter: bevestigen · Esc: annuleren", id="ask-keys")

    def on_mount(self) -> None:
        self._hint(self.value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, text: str) -> None:
        hint = self.query_one("#ask-hint", Label)
        if not text.strip():
            hint.update("")
            return
        try:
            hint.update(self.describe(self.parse(text)))
            hint.set_class(False, "-error")
        except ValueError as problem:
            hint.update(str(problem))
            hint.set_class(True, "-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            result = self.parse(event.value)
        except ValueError as problem:
            self.query_one("#ask-hint", Label).update(str(problem))
            self.query_one("#ask-hint", Label).set_class(True, "-error")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


WEEK_INPUT_LIMIT = 40  # "volgende week di" and "week 53 2026" fit easily


def parse_week(text: str) -> date:
    """'49', 'wk 49', 'week 49 di', '24-12', 'volgende week': the monday of that week."""
    phrase = text.strip().lower()
    problem = too_long(phrase, WEEK_INPUT_LIMIT)
    if problem:
        raise ValueError(problem)
    if phrase.isdigit():
        phrase = f"wk {phrase}"
    if phrase in ("volgende week", "vorige week"):
        phrase += " ma"
    try:
        day = parse_date(phrase, today())
    except ParseError as problem:
        raise ValueError(str(problem)) from None
    return day - timedelta(days=day.weekday())


def describe_week(monday: date) -> str:
    return f"{week_label(monday).capitalize()} · {short_date(monday)} {monday.year}"
