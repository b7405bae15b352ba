"""Overleg (5): the agenda of the weekly ambulant overleg, suggestions, open actions.

Keys prepare the agenda (add, edit, remove, reorder, fixed items, suggestions), set chair and
minute taker, open meeting mode (v), preview and save the masked minutes (x) and browse past meetings. Every
change goes through the app's runner (models/actions/overleg.py); Ctrl+Z (app-wide) undoes it.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable
from screens.common.plain import Label

from models.actions import Done
from models.actions import overleg as actions
from models.clock import local, today
from models.dutch import long_date, short_date
from models.enums import AgendaItemKind, MeetingStatus, OutcomeKind
from models.errors import DomainError
from screens.common.format import client_label
from screens.common.section import SectionScreen
from screens.common.table import BoardTable


def item_state(item) -> Text | str:
    if item.discussed:
        word = OutcomeKind.label_of(item.outcome_kind).lower() if item.outcome_kind else "besproken"
        return Text(f"✓ {word}", style="green")
    if item.carried_over:
        return Text("doorgeschoven", style="dark_orange")
    return ""


class OverlegScreen(SectionScreen):
    MODE = "overleg"
    CSS_PATH = "overleg.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.meeting_offset = 0  # 0 = the next meeting; -1 the one before, +1 the one after
        self.jump_to: int | None = None  # a meeting chosen in the list of meetings
        self.view = None

    def compose_body(self) -> ComposeResult:
        yield Label("", id="overleg-title", classes="block-title")
        yield Label("", id="overleg-meta")
        yield BoardTable(id="overleg-items", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="overleg-bottom"):
            with Vertical(id="overleg-suggest-box"):
                yield Label("Suggesties voor de agenda (s voegt de gekozen toe)", id="overleg-suggest-title",
                            classes="block-title")
                yield BoardTable(id="overleg-suggestions", cursor_type="row", zebra_stripes=True)
            with Vertical(id="overleg-actions-box"):
                yield Label("Open acties", id="overleg-actions-title", classes="block-title")
                yield BoardTable(id="overleg-actions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#overleg-items", DataTable).add_columns(
            "#", "Soort", "Cliënt", "Inbrenger", "Min", "Stand", "Vraag aan het team")
        self.query_one("#overleg-suggestions", DataTable).add_columns("Waarom", "Cliënt", "Vraag")
        self.query_one("#overleg-actions", DataTable).add_columns("Wie", "Wat", "Cliënt", "Deadline")
        self.query_one("#overleg-items").focus()
        self.reload()

    # --- data -----------------------------------------------------------------------------

    def fetch(self, session):
        from models.overleg.queries import agenda_view, meeting_offset_of

        offset = self.meeting_offset
        if self.jump_to is not None:
            offset = meeting_offset_of(session, self.jump_to, today())
        return offset, agenda_view(session, today(), offset=offset)

    def show(self, data) -> None:
        offset, view = data
        self.meeting_offset, self.jump_to, self.view = offset, None, view
        masked = self.masked
        title = self.query_one("#overleg-title", Label)
        meta = self.query_one("#overleg-meta", Label)
        meeting = view.meeting
        start = local(meeting.start if meeting else view.planned_start)
        when = f"{long_date(start.date())} {start.format('HH:mm')}"
        neighbours = (f" · Vorige: {short_date(local(view.previous_start).date()) if view.previous_start else '–'}"
                      f" · Volgende: {short_date(local(view.next_start).date()) if view.next_start else '–'}")
        if meeting is None:
            title.update(f"Ambulant overleg · {when} · nog geen agenda")
            meta.update("Met a komt het eerste punt op de agenda (het overleg wordt dan ingepland)." + neighbours)
        else:
            title.update(f"Ambulant overleg · {when} · {MeetingStatus.label_of(meeting.status)}")
            over = view.planned_minutes > meeting.duration_min
            meta.update(Text.assemble(
                f"Voorzitter: {meeting.chair_code or '–'} · Notulist: {meeting.minute_taker_code or '–'} · Gepland: ",
                (f"{view.planned_minutes} van {meeting.duration_min} min", "bold red" if over else "bold"),
                (" (te vol)" if over else ""),
                neighbours,
            ))
        items = self.query_one("#overleg-items", DataTable)
        row = items.cursor_row
        items.clear()
        for number, item in enumerate(view.items, start=1):
            kind = AgendaItemKind.label_of(item.kind) + (" (vast)" if item.is_fixed else "")
            items.add_row(str(number), kind, client_label(item.client_code, item.client_initials, masked=masked),
                          item.presenter_code or "", str(item.timebox_min), item_state(item), item.question,
                          key=str(item.id))
        if view.items:
            items.move_cursor(row=min(max(row, 0), len(view.items) - 1))
        suggestions = self.query_one("#overleg-suggestions", DataTable)
        srow = suggestions.cursor_row
        suggestions.clear()
        for s in view.suggestions:
            suggestions.add_row(s.reason, client_label(s.client_code, s.client_initials, masked=masked), s.question, key=s.key)
        if view.suggestions:
            suggestions.move_cursor(row=min(max(srow, 0), len(view.suggestions) - 1))
        self.query_one("#overleg-suggest-title", Label).update(
            f"Suggesties voor de agenda ({len(view.suggestions)}) · s voegt de gekozen toe")
        actions = self.query_one("#overleg-actions", DataTable)
        actions.clear()
        day = today()
        for action in view.open_actions:
            due = Text(short_date(action.due), style="bold red" if action.due < day else "") if action.due else "–"
            actions.add_row(action.owner_code, action.what,
                            client_label(action.client_code, action.client_initials, masked=masked), due,
                            key=str(action.id))
        self.query_one("#overleg-actions-title", Label).update(f"Open acties ({len(view.open_actions)})")

    # --- helpers --------------------------------------------------------------------------

    def _selected(self, table_id: str):
        table = self.query_one(table_id, DataTable)
        if self.view is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        source = {"#overleg-items": self.view.items, "#overleg-suggestions": self.view.suggestions,
                  "#overleg-actions": self.view.open_actions}[table_id]
        return next((row for row in source if str(getattr(row, "key", None) or row.id) == key), None)

    def _editable(self) -> bool:
        if self.view is None:
            return False
        if self.view.meeting is not None and self.view.meeting.status == MeetingStatus.FINISHED:
            self.notify("Dit overleg is afgerond; de agenda verandert niet meer.", severity="warning")
            return False
        return True

    def _write(self, action, *args, what: str) -> None:
        """A one-key change through the runner; the agenda reloads afterwards, also after a
        refusal, so it shows what is stored now."""
        self.app.runner.write(self, action, *args, what=what, done=self._changed, failed=self._refused)

    def _changed(self, done: Done | None) -> None:
        """A change saved (a form closed with its Done; None: cancelled): say so, show it."""
        if done is None:
            return
        if done.message:
            self.notify(f"{done.message}. Ctrl+Z maakt ongedaan." if done.undo else f"{done.message}.", timeout=4)
        self.reload()

    def _refused(self, problem: DomainError) -> None:
        self.notify(str(problem), title="Niet gelukt", severity="warning", timeout=8)
        self.reload()

    @property
    def meeting_id(self) -> int | None:
        return self.view.meeting.id if self.view is not None and self.view.meeting is not None else None

    # --- agenda keys ----------------------------------------------------------------------

    def action_meeting(self, step: int) -> None:
        self.meeting_offset += step
        self.reload()

    def action_next_meeting(self) -> None:
        self.meeting_offset = 0
        self.reload()

    def action_add_item(self) -> None:
        from screens.overleg.agenda_item_form import AgendaItemForm
        from screens.common.form import Edit

        if not self._editable():
            return
        edit = Edit(partial(actions.add_item, meeting_id=self.meeting_id), what="het agendapunt opslaan")
        self.app.push_screen(AgendaItemForm(edit, team=self.app.team, default_presenter=self.app.user.id,
                                            draft_key="agenda-item:new"), self._changed)

    def action_edit_item(self) -> None:
        from screens.overleg.agenda_item_form import AgendaItemForm, item_fields
        from screens.common.form import Edit

        item = self._selected("#overleg-items")
        if item is None or not self._editable():
            return
        team = list(self.app.team)

        def load(session):
            version, stored = actions.load_item(session, item.id)
            return version, item_fields(stored, team)

        edit = Edit(partial(actions.edit_item, item_id=item.id), version=item.version, load=load,
                    what="het agendapunt opslaan")
        self.app.push_screen(AgendaItemForm(edit, team=team, item=item, draft_key=f"agenda-item:{item.id}"),
                             self._changed)

    def action_remove_item(self) -> None:
        from screens.common.confirm import ConfirmScreen

        item = self._selected("#overleg-items")
        if item is None or not self._editable():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(actions.remove_item, item.id, item.version, what="het punt van de agenda halen")

        what = AgendaItemKind.label_of(item.kind)
        self.app.push_screen(ConfirmScreen(f"Punt '{what}' van de agenda halen?", yes="verwijderen", no="laten staan"),
                             answered)

    def action_move_item(self, step: int) -> None:
        item = self._selected("#overleg-items")
        if item is None or not self._editable():
            return
        table = self.query_one("#overleg-items", DataTable)
        target = table.cursor_row + step
        if not 0 <= target < table.row_count:
            return
        table.move_cursor(row=target)  # the cursor travels with the item
        self._write(actions.move_item, item.id, step, what="het punt verplaatsen")

    def action_add_suggestion(self) -> None:
        from models.overleg.views import ItemInput

        suggestion = self._selected("#overleg-suggestions")
        if suggestion is None:
            self.notify("Geen suggestie gekozen.", severity="warning")
            return
        if not self._editable():
            return
        data = ItemInput(kind=suggestion.kind, client_code=suggestion.client_code or "",
                         presenter_id=suggestion.presenter_id or self.app.user.id, question=suggestion.question,
                         timebox_min=suggestion.timebox_min)
        self._write(partial(actions.add_item, meeting_id=self.meeting_id, reason=suggestion.reason.lower()), data,
                    what="de suggestie op de agenda zetten")

    def action_add_fixed(self) -> None:
        if self._editable():
            self._write(actions.add_fixed_items, self.meeting_id, what="de vaste punten toevoegen")

    def action_roles(self) -> None:
        from screens.common.form import Edit
        from screens.overleg.roles_form import MeetingForm, meeting_fields

        if not self._editable() or self.view.meeting is None:
            return
        meeting, team = self.view.meeting, list(self.app.team)

        def load(session):
            version, stored = actions.load_meeting(session, meeting.id)
            return version, meeting_fields(stored, team)

        edit = Edit(partial(actions.edit_roles, meeting_id=meeting.id), version=meeting.version, load=load,
                    what="het overleg opslaan")
        self.app.push_screen(MeetingForm(edit, team=team, meeting=meeting, draft_key=f"meeting:{meeting.id}"),
                             self._changed)

    # --- meeting mode, minutes, history ---------------------------------------------------

    def action_meeting_mode(self) -> None:
        from screens.common.confirm import ConfirmScreen

        meeting = self.view.meeting if self.view else None
        if meeting is None:
            self.notify("Zet eerst punten op de agenda (n).", severity="warning")
            return
        if meeting.status == MeetingStatus.FINISHED:
            self.notify("Dit overleg is afgerond. Het verslag maakt u met x.", severity="warning")
            return
        day = local(meeting.start).date()
        if meeting.status == MeetingStatus.PLANNED and day != today():
            self.app.push_screen(
                ConfirmScreen(f"Dit overleg staat gepland op {short_date(day)}. Nu al beginnen?", yes="beginnen",
                              no="niet nu"),
                lambda yes: self._open_meeting_mode(meeting.id) if yes else None)
            return
        self._open_meeting_mode(meeting.id)

    def _open_meeting_mode(self, meeting_id: int) -> None:
        from screens.overleg.meeting_mode import MeetingModeScreen

        self.app.push_screen(MeetingModeScreen(meeting_id), lambda _result: self.reload())

    def action_minutes(self) -> None:
        """x: the minutes in a preview; Ctrl+S there saves them in the export folder."""
        from screens.overleg.minutes_preview import MinutesPreview

        if self.meeting_id is None:
            self.notify("Er is nog geen overleg om een verslag van te maken.", severity="warning")
            return
        self.app.push_screen(MinutesPreview(self.meeting_id, local(self.view.meeting.start).date()))

    def action_history(self) -> None:
        from screens.overleg.history import MeetingListScreen

        def chosen(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.jump_to = meeting_id
                self.reload()

        self.app.push_screen(MeetingListScreen(), chosen)

    def action_client_history(self) -> None:
        from screens.overleg.history import ClientDiscussionsScreen

        item = self._selected("#overleg-items")
        if item is None or item.client_id is None:
            self.notify("Kies een punt over een cliënt.", severity="warning")
            return
        self.app.push_screen(ClientDiscussionsScreen(item.client_id))

    def action_action_done(self) -> None:
        action = self._selected("#overleg-actions")
        if action is not None:
            self._write(actions.mark_action_done, action.id, action.version, what="de actie op gedaan zetten")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        table = event.data_table.id
        if table == "overleg-items":
            self.action_edit_item()
        elif table == "overleg-suggestions":
            self.action_add_suggestion()
