"""Overleg (5): the next ambulant overleg with its agenda, and the open action items."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from screens.table import BoardTable

from models.clock import local, today
from models.dutch import clock_time, long_date, short_date
from models.enums import AgendaItemKind, MeetingStatus
from screens.section import SectionScreen


class OverlegScreen(SectionScreen):
    MODE = "overleg"
    CSS_PATH = "overleg.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.meeting_offset = 0  # 0 = the next meeting; -1 the one before, +1 the one after

    def compose_body(self) -> ComposeResult:
        yield Label("", id="overleg-title", classes="block-title")
        yield Label("", id="overleg-meta")
        yield BoardTable(id="overleg-items", cursor_type="row", zebra_stripes=True)
        yield Label("Open acties", classes="block-title")
        yield BoardTable(id="overleg-actions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#overleg-items", DataTable).add_columns(
            "#", "Soort", "Cliënt", "Inbrenger", "Min", "Stand", "Vraag aan het team")
        self.query_one("#overleg-actions", DataTable).add_columns("Wie", "Wat", "Cliënt", "Deadline")
        self.reload()

    def fetch(self, session):
        from models.queries.overleg import meeting_view

        return meeting_view(session, today(), offset=self.meeting_offset)

    def show(self, meeting) -> None:
        title = self.query_one("#overleg-title", Label)
        items = self.query_one("#overleg-items", DataTable)
        items.clear()
        if meeting is None:
            title.update("Geen overleg gepland")
            return
        start = local(meeting.start)
        title.update(f"Ambulant overleg · {long_date(start.date())} {clock_time(meeting.start)} · "
                     f"{MeetingStatus.label_of(meeting.status)}")
        over = meeting.planned_minutes > meeting.duration_min
        self.query_one("#overleg-meta", Label).update(Text.assemble(
            f"Voorzitter: {meeting.chair_code or '–'} · Notulist: {meeting.minute_taker_code or '–'} · Gepland: ",
            (f"{meeting.planned_minutes} van {meeting.duration_min} min", "bold red" if over else "bold"),
            f" · Vorige: {short_date(local(meeting.previous_start).date()) if meeting.previous_start else '–'}"
            f" · Volgende: {short_date(local(meeting.next_start).date()) if meeting.next_start else '–'}",
        ))
        for number, item in enumerate(meeting.items, start=1):
            mark = "doorgeschoven" if item.carried_over else ("besproken" if item.discussed else "")
            items.add_row(str(number), AgendaItemKind.label_of(item.kind), item.client_code or "",
                          item.presenter_code or "", str(item.timebox_min), mark, item.question, key=str(item.id))
        actions = self.query_one("#overleg-actions", DataTable)
        actions.clear()
        day = today()
        for action in meeting.open_actions:
            due = Text(short_date(action.due), style="bold red" if action.due < day else "") if action.due else "–"
            actions.add_row(action.owner_code, action.what, action.client_code or "", due, key=str(action.id))

    def action_meeting(self, step: int) -> None:
        self.meeting_offset += step
        self.reload()
