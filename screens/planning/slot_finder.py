"""Find a slot: the first free times this week or next where two chosen people are both free.

Never on a day off of the whole team (a public holiday or a closure day): the status line names
the days off it passed over, so a short list in a holiday week is explained."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input
from tui.keymap import SLOT_KEYS, bindings
from screens.common.plain import Label, Select

from models.dutch import clock_time, short_date, week_label
from models.planning.views import Slot
from models.views import WorkerRef
from screens.common.table import BoardTable


@dataclass(frozen=True)
class SlotChoice:
    worker_ids: tuple[int, int]
    slot: Slot


WEEKS = 2  # this week and next


class SlotFinder(ModalScreen[SlotChoice | None]):
    CSS_PATH = "planning.tcss"
    BINDINGS = bindings(SLOT_KEYS)

    def __init__(self, workers: list[WorkerRef], first_id: int | None, second_id: int | None = None) -> None:
        super().__init__()
        self.team = workers
        self.first_id = first_id
        self.second_id = second_id
        self.slots: list[Slot] = []

    def compose(self) -> ComposeResult:
        options = [(f"{w.code} · {w.name}", w.id) for w in self.team]
        ids = {w.id for w in self.team}
        with Vertical(id="slots-box"):
            yield Label("Vrij moment zoeken · deze week en volgende week", id="slots-title")
            with Horizontal(id="slots-form"):
                yield Select(options, id="slots-first", prompt="persoon 1…", compact=True,
                             value=self.first_id if self.first_id in ids else Select.NULL)
                yield Select(options, id="slots-second", prompt="persoon 2…", compact=True,
                             value=self.second_id if self.second_id in ids else Select.NULL)
                yield Input("60", id="slots-minutes", restrict=r"\d{0,3}", compact=True)
                yield Label("minuten", id="slots-unit")
            yield Label("", id="slots-status")
            yield BoardTable(id="slots-table", cursor_type="row", zebra_stripes=True)
            yield Label("Tab: volgend veld · Enter op een tijd: afspraak maken · Esc: sluiten", id="slots-keys")

    def on_mount(self) -> None:
        self.query_one("#slots-table", DataTable).add_columns("Dag", "Week", "Van", "Tot")
        self.query_one("#slots-second" if self.first_id else "#slots-first").focus()
        self.search()

    @on(Select.Changed)
    @on(Input.Changed)
    def search(self, event=None) -> None:
        first = self.query_one("#slots-first", Select).value
        second = self.query_one("#slots-second", Select).value
        minutes = self.query_one("#slots-minutes", Input).value
        status = self.query_one("#slots-status", Label)
        if first is Select.NULL or second is Select.NULL:
            status.update("Kies twee personen.")
            self._fill([])
            return
        if first == second:
            status.update("Kies twee verschillende personen.")
            self._fill([])
            return
        if not minutes.isdigit() or not 15 <= int(minutes) <= 480:
            status.update("Duur: 15 tot 480 minuten.")
            self._fill([])
            return
        status.update("Zoeken…")
        self._search(int(first), int(second), int(minutes))

    def _search(self, first: int, second: int, minutes: int) -> None:
        from models.planning.slots import days_off_passed_over, find_slots

        def fetch(session):
            return (find_slots(session, [first, second], duration_min=minutes, limit=10, weeks=WEEKS),
                    days_off_passed_over(session, weeks=WEEKS))

        self.app.runner.read(self, fetch, done=lambda found: self._found((first, second), *found),
                             what="vrije momenten zoeken", group="slots")

    def _found(self, ids: tuple[int, int], slots: list[Slot], days_off: dict) -> None:
        from models.days_off import describe_days

        codes = {w.id: w.code for w in self.team}
        self.ids = ids
        status = (f"{codes.get(ids[0])} en {codes.get(ids[1])} zijn allebei vrij op:" if slots else
                  "Geen gezamenlijk vrij moment deze week of volgende week. Probeer een kortere duur.")
        if days_off:  # said first, so the line still ends in the colon before the list
            status = f"Overgeslagen, het hele team is vrij: {describe_days(days_off)}. {status}"
        self.query_one("#slots-status", Label).update(status)
        self._fill(slots)

    def _fill(self, slots: list[Slot]) -> None:
        self.slots = slots
        table = self.query_one("#slots-table", DataTable)
        table.clear()
        for number, slot in enumerate(slots):
            table.add_row(short_date(slot.day), week_label(slot.day), clock_time(slot.start), clock_time(slot.end),
                          key=str(number))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.slots and event.cursor_row < len(self.slots):
            self.dismiss(SlotChoice(self.ids, self.slots[event.cursor_row]))

    def action_close(self) -> None:
        self.dismiss(None)
