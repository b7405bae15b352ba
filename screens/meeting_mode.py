"""Meeting mode: the weekly overleg on a projected screen.

Full screen, masking switched on (client codes only). The current agenda item is shown large
with its question and a countdown of its time box (Textual's set_interval paints it; elapsed
time comes from the monotonic clock, so a changed wall clock never jumps it). The countdown turns
amber in the last minute and red when the time is up. Beside it: the agenda with what was
discussed, what comes next, and the overall time.

Nothing typed is lost: notes and outcome are saved as you type (after a short pause), when you
leave a field or an item, and when the screen closes (also when the app is closed mid-meeting).
Writes go through one lock so they reach the database in order; each save carries the version
the screen last saw, so a colleague's change is never overwritten silently.
"""

from __future__ import annotations

import threading
from time import monotonic

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Digits, Footer, TextArea
from screens.plain import Label, Static

from models.clock import local, now, today
from models.dutch import clock_time, long_date, short_date
from models.enums import AgendaItemKind, Gemeente, Hulpvorm, OutcomeKind, RegistrationStatus, Urgency
from models.errors import ConcurrentEdit, DomainError
from screens.format import client_label
from screens.header import TeambordHeader
from screens.table import BoardTable
from tui.keymap import MEETING_KEYS, bindings
from screens.workers import db_work
from tui.diagnostics import log_failure

AUTOSAVE_AFTER = 1.5  # seconds of no typing before the text is saved
PERSIST_CLOCK_EVERY = 15  # seconds between saves of the time used while an item runs
TEXT_FIELDS = {"mm-notes": "notes", "mm-outcome": "outcome"}


def countdown_text(remaining: float) -> str:
    """'09:05', or '-01:30' once the time box has run out."""
    seconds = int(abs(remaining) + (0.999 if remaining > 0 else 0))
    sign = "-" if remaining < 0 and seconds else ""
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


def hours_minutes(seconds: float) -> str:
    minutes = int(max(0, seconds)) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


class MeetingModeScreen(Screen[None]):
    CSS_PATH = "meeting_mode.tcss"
    BINDINGS = bindings(MEETING_KEYS)

    class Leave(Message):
        """Close meeting mode once everything is saved (dismissed from the screen's own queue)."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.view = None  # MeetingModeView
        self.index = 0
        self.clock = monotonic  # tests may replace it
        # Local state per item, ahead of the database: what was typed, decided, and timed.
        self.versions: dict[int, int] = {}
        self.texts: dict[int, dict[str, str]] = {}
        self.kinds: dict[int, str | None] = {}
        self.discussed: dict[int, bool] = {}
        self.seconds: dict[int, float] = {}
        # Waiting to be written, and the lock that keeps writes in order.
        self.drafts: dict[int, dict] = {}
        self.pending_seconds: dict[int, int] = {}
        self.conflicts: dict[int, int] = {}  # item -> the version found when a save was refused
        self._state_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.item_mark: float | None = None  # monotonic moment the current item's clock (re)started
        self.overall_base = 0.0
        self.overall_mark = monotonic()
        self.paused = False
        self._autosave_timer = None
        self._last_persist = 0.0
        self._leaving = False
        self.waitlist = None

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TeambordHeader("Overleg · vergadermodus")
        with Horizontal(id="mm-top"):
            yield Label("Overleg wordt geopend…", id="mm-meeting")
            yield Label("", id="mm-overall")
        with Horizontal(id="mm-body"):
            with Vertical(id="mm-side"):
                yield Label("Agenda", classes="mm-block-title")
                yield Static("", id="mm-agenda")
                yield Label("Hierna", classes="mm-block-title")
                yield Static("", id="mm-next")
            with Vertical(id="mm-main"):
                with Horizontal(id="mm-head"):
                    with Vertical(id="mm-item"):
                        yield Label("", id="mm-item-title")
                        yield Static("", id="mm-question")
                    with Vertical(id="mm-clock"):
                        yield Digits("--:--", id="mm-countdown")
                        yield Label("", id="mm-clock-label")
                with Horizontal(id="mm-waitlist"):
                    with Vertical(id="mm-registrations-box"):
                        yield Label("Wachtlijst", id="mm-registrations-title", classes="mm-block-title")
                        yield BoardTable(id="mm-registrations", cursor_type="row", zebra_stripes=True)
                    with Vertical(id="mm-loads-box"):
                        yield Label("Caseload", classes="mm-block-title")
                        yield BoardTable(id="mm-loads", cursor_type="row")
                with Horizontal(id="mm-edit"):
                    with Vertical(id="mm-notes-box"):
                        yield Label("Aantekeningen (n)", classes="mm-block-title")
                        yield TextArea(id="mm-notes", soft_wrap=True)
                    with Vertical(id="mm-outcome-box"):
                        yield Label("Uitkomst (u) · a advies · b besluit", id="mm-outcome-title",
                                    classes="mm-block-title")
                        yield TextArea(id="mm-outcome", soft_wrap=True)
                yield Label("Acties bij dit punt (t voegt toe)", id="mm-actions-title", classes="mm-block-title")
                yield BoardTable(id="mm-actions", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#mm-actions", DataTable).add_columns("Wie", "Wat", "Deadline")
        self.query_one("#mm-registrations", DataTable).add_columns(
            "Code", "Dagen", "Urgentie", "Gemeente", "Status", "Advies")
        self.query_one("#mm-loads", DataTable).add_columns("Medewerker", "Cliënten", "Belasting")
        self.query_one("#mm-waitlist").display = False
        self.app.masked = True  # a projected screen: codes only (m switches it off on purpose)
        self.watch(self.app, "masked", lambda _masked: self._render_all(), init=False)
        self.set_interval(1.0, self.tick)
        self._open()

    # --- loading --------------------------------------------------------------------------

    @db_work("meeting-load", what="het overleg laden")
    def _open(self) -> None:
        from models.overleg_write import start_meeting
        from models.queries.overleg import meeting_mode_view

        try:
            with self.app.database.session(self.app.actor, write=True) as session:
                start_meeting(session, self.meeting_id)
                view = meeting_mode_view(session, self.meeting_id)
        except DomainError as problem:
            self.app.call_from_thread(self._cannot_open, str(problem))
            return
        self.app.call_from_thread(self._show, view, True)

    def _cannot_open(self, message: str) -> None:
        self.notify(message, severity="error")
        self.dismiss(None)

    @db_work("meeting-load", what="het overleg laden")
    def _refresh(self) -> None:
        from models.queries.overleg import meeting_mode_view

        with self.app.database.session(self.app.actor) as session:
            view = meeting_mode_view(session, self.meeting_id)
        self.app.call_from_thread(self._show, view, False)

    def _show(self, view, first: bool) -> None:
        current_id = self.current.id if self.current else None
        self.view = view
        for item in view.items:
            # Known items keep the screen's own state: it is ahead of (or equal to) the database.
            self.versions.setdefault(item.id, item.version)
            self.texts.setdefault(item.id, {"notes": item.notes, "outcome": item.outcome})
            self.kinds.setdefault(item.id, item.outcome_kind)
            self.discussed.setdefault(item.id, item.discussed)
            self.seconds[item.id] = max(self.seconds.get(item.id, 0.0), float(item.seconds_used))
        if first:
            started = view.meeting.started_at
            self.overall_base = (now() - local(started)).total_seconds() if started else 0.0
            self.overall_mark = self.clock()
            index = next((i for i, item in enumerate(view.items) if not item.discussed), 0)
            self._enter(index, save_previous=False)
        else:
            ids = [item.id for item in view.items]
            self.index = ids.index(current_id) if current_id in ids else min(self.index, max(0, len(ids) - 1))
            self._render_all()

    @property
    def current(self):
        if self.view is None or not self.view.items:
            return None
        return self.view.items[self.index]

    # --- moving through the agenda --------------------------------------------------------

    def _stop_item_clock(self) -> None:
        item = self.current
        if item is not None and self.item_mark is not None:
            self.seconds[item.id] = self.used(item)
            self.item_mark = None
        if item is not None:
            with self._state_lock:
                self.pending_seconds[item.id] = int(self.seconds.get(item.id, 0))

    def _enter(self, index: int, *, save_previous: bool = True) -> None:
        if self.view is None or not self.view.items:
            self._render_all()
            return
        if save_previous:
            self._stash_text()
            self._stop_item_clock()
        self.index = max(0, min(index, len(self.view.items) - 1))
        item = self.current
        self.item_mark = None if self.paused else self.clock()
        self._load_text(item)
        self._reach(item.id)
        self._render_all()
        if item.kind == AgendaItemKind.WACHTLIJST:
            self._load_waitlist()
        if save_previous:
            self._flush()

    def action_next_item(self) -> None:
        item = self.current
        if item is None:
            return
        self._set_draft(item.id, discussed=True)
        if self.index >= len(self.view.items) - 1:
            self._stash_text()
            self._stop_item_clock()
            self.item_mark = None if self.paused else self.clock()
            self._render_all()
            self._flush()
            self.notify("Laatste punt besproken. Beëindig het overleg met e.", timeout=5)
            return
        self._enter(self.index + 1)

    def action_previous_item(self) -> None:
        if self.current is not None and self.index > 0:
            self._enter(self.index - 1)

    def action_skip_item(self) -> None:
        item = self.current
        if item is None:
            return
        if self.discussed.get(item.id):
            self._set_draft(item.id, discussed=False)
        if self.index < len(self.view.items) - 1:
            self._enter(self.index + 1)
        else:
            self._render_all()
            self._flush()

    # --- typing, outcome, actions ---------------------------------------------------------

    def action_edit_field(self, field_id: str) -> None:
        if self.current is not None:
            self.query_one(f"#{field_id}", TextArea).focus()

    def _load_text(self, item) -> None:
        texts = self.texts.get(item.id, {})
        for field_id, name in TEXT_FIELDS.items():
            area = self.query_one(f"#{field_id}", TextArea)
            wanted = texts.get(name, "")
            if area.text != wanted:
                area.load_text(wanted)

    def _stash_text(self) -> None:
        """Take what is in the text fields into the current item's state (and drafts)."""
        item = self.current
        if item is None:
            return
        for field_id, name in TEXT_FIELDS.items():
            # On unmount the fields are already gone; what was typed is in self.texts already
            # (every change is kept as it is typed, see _typed), so there is nothing to take.
            areas = self.query(f"#{field_id}").results(TextArea)
            area = next(iter(areas), None)
            if area is None:
                continue
            text = area.text
            if text != self.texts.get(item.id, {}).get(name, ""):
                self.texts.setdefault(item.id, {})[name] = text
                self._set_draft(item.id, **{name: text})

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        item = self.current
        name = TEXT_FIELDS.get(event.text_area.id or "")
        if item is None or name is None:
            return
        text = event.text_area.text
        if text == self.texts.get(item.id, {}).get(name, ""):
            return  # loaded, not typed
        self.texts.setdefault(item.id, {})[name] = text
        self._set_draft(item.id, **{name: text})
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_AFTER, self._flush)

    def action_outcome_kind(self, kind: str) -> None:
        item = self.current
        if item is None:
            return
        new = None if self.kinds.get(item.id) == kind else kind  # the same key again clears it
        self.kinds[item.id] = new
        self._set_draft(item.id, outcome_kind=new)
        self._render_item()
        self._flush()

    def action_add_action(self) -> None:
        from screens.action_form import ActionForm

        item = self.current
        if item is None:
            return
        self._stash_text()
        self._flush()

        def save(data):
            from models.overleg_write import add_action

            with self.app.database.session(self.app.actor, write=True) as session:
                return add_action(session, item.id, data).id

        def added(result) -> None:
            if result is not None:
                self._refresh()

        what = client_label(item.client_code, "", masked=True) or AgendaItemKind.label_of(item.kind)
        self.app.push_screen(ActionForm(save, team=self.app.team, default_owner=item.presenter_id or self.app.user.id,
                                        title=f"Actie bij {what}"), added)

    def action_pause(self) -> None:
        item = self.current
        if item is None:
            return
        if self.paused:
            self.paused = False
            self.item_mark = self.clock()
        else:
            self._stop_item_clock()
            self.paused = True
            self._flush()
        self.tick()

    def action_save_now(self) -> None:
        self._stash_text()
        with self._state_lock:
            for item_id, version in list(self.conflicts.items()):
                self.versions[item_id] = version  # the user saw the warning and saves anyway
            self.conflicts.clear()
        self._flush(announce=True)

    def action_leave(self) -> None:
        if isinstance(self.focused, TextArea):
            self._stash_text()
            self.set_focus(None)
            self._flush()
            return
        self._close()

    def _close(self) -> None:
        self._stash_text()
        self._stop_item_clock()
        self._leaving = True
        self._flush_worker(final=True)

    # --- the clock ------------------------------------------------------------------------

    def used(self, item) -> float:
        used = self.seconds.get(item.id, float(item.seconds_used))
        if self.item_mark is not None and item is self.current:
            used += self.clock() - self.item_mark
        return used

    def tick(self) -> None:
        item = self.current
        if item is None or self.view is None:
            return
        used = self.used(item)
        remaining = item.timebox_min * 60 - used
        digits = self.query_one("#mm-countdown", Digits)
        digits.update(countdown_text(remaining))
        clock_box = self.query_one("#mm-clock")
        clock_box.set_class(0 < remaining <= 60, "-late")
        clock_box.set_class(remaining <= 0, "-over")
        clock_box.set_class(self.paused, "-paused")
        label = "gepauzeerd" if self.paused else ("TIJD OM" if remaining <= 0 else "resterend")
        self.query_one("#mm-clock-label", Label).update(f"{label} · tijdvak {item.timebox_min} min")
        overall = self.overall_base + (self.clock() - self.overall_mark)
        meeting = self.view.meeting
        planned = meeting.duration_min * 60
        end = meeting.start.timestamp() + planned
        from datetime import datetime, timezone

        self.query_one("#mm-overall", Label).update(Text.assemble(
            "Overleg ", (hours_minutes(overall), "bold red" if overall > planned else "bold"),
            f" van {hours_minutes(planned)} · tot {clock_time(datetime.fromtimestamp(end, tz=timezone.utc))}"))
        if self.item_mark is not None and self.clock() - self._last_persist >= PERSIST_CLOCK_EVERY:
            self._last_persist = self.clock()
            with self._state_lock:
                self.pending_seconds[item.id] = int(used)
            self._flush()

    # --- rendering ------------------------------------------------------------------------

    def _render_all(self) -> None:
        if self.view is None:
            return
        meeting = self.view.meeting
        day = local(meeting.start).date()
        self.query_one("#mm-meeting", Label).update(
            f"Ambulant overleg · {long_date(day)} · voorzitter {meeting.chair_code or '–'} · "
            f"notulist {meeting.minute_taker_code or '–'}")
        self._render_agenda()
        self._render_item()
        self.tick()

    def _label(self, item) -> str:
        return client_label(item.client_code, item.client_initials, masked=self.app.masked)

    def _render_agenda(self) -> None:
        lines = Text()
        for number, item in enumerate(self.view.items, start=1):
            if number - 1 == self.index:
                mark, style = "▶", "bold reverse"
            elif self.discussed.get(item.id):
                mark, style = "✓", "green"
            elif number - 1 < self.index:
                mark, style = "↷", "dark_orange"
            else:
                mark, style = " ", ""
            what = AgendaItemKind.label_of(item.kind)
            client = self._label(item)
            line = f"{mark} {number:>2} {what}{' · ' + client if client else ''}"
            lines.append(f"{line[:38]:<38} {item.timebox_min:>3}'\n", style=style)
        total = sum(item.timebox_min for item in self.view.items)
        left = sum(item.timebox_min for item in self.view.items[self.index:] if not self.discussed.get(item.id))
        lines.append(f"\nGepland {total} van {self.view.meeting.duration_min} min · nog {left} min", style="dim")
        self.query_one("#mm-agenda", Static).update(lines)
        upcoming = self.view.items[self.index + 1] if self.index + 1 < len(self.view.items) else None
        if upcoming is None:
            nxt = Text("Dit is het laatste punt. e beëindigt het overleg.", style="dim")
        else:
            client = self._label(upcoming)
            nxt = Text.assemble((f"{self.index + 2}. {AgendaItemKind.label_of(upcoming.kind)}"
                                 f"{' · ' + client if client else ''} · {upcoming.timebox_min} min\n", "bold"),
                                upcoming.question)
        self.query_one("#mm-next", Static).update(nxt)

    def _render_item(self) -> None:
        item = self.current
        title = self.query_one("#mm-item-title", Label)
        question = self.query_one("#mm-question", Static)
        if item is None:
            title.update("Geen agendapunten")
            question.update("")
            return
        parts = [f"Punt {self.index + 1} van {len(self.view.items)}", AgendaItemKind.label_of(item.kind).upper()]
        if item.client_code:
            parts.append(self._label(item))
        if item.presenter_code:
            parts.append(f"inbrenger {item.presenter_code}")
        if item.carried_over:
            parts.append("doorgeschoven")
        if self.discussed.get(item.id):
            parts.append("✓ besproken")
        title.update(" · ".join(parts))
        question.update(item.question or "(geen vraag)")
        kind = self.kinds.get(item.id)
        self.query_one("#mm-outcome-title", Label).update(Text.assemble(
            "Uitkomst (u) · a advies · b besluit: ",
            (OutcomeKind.label_of(kind).upper() if kind else "nog niet gekozen", "bold reverse" if kind else "dim")))
        actions = self.query_one("#mm-actions", DataTable)
        actions.clear()
        for action in item.actions:
            actions.add_row(action.owner_code, action.what, short_date(action.due) if action.due else "–",
                            key=str(action.id))
        self.query_one("#mm-actions-title", Label).update(f"Acties bij dit punt ({len(item.actions)}) · t voegt toe")
        self.query_one("#mm-waitlist").display = item.kind == AgendaItemKind.WACHTLIJST

    # --- wachtlijst verdelen --------------------------------------------------------------

    @db_work("meeting-waitlist", what="de wachtlijst laden")
    def _load_waitlist(self) -> None:
        from models.queries.overleg import waitlist_panel

        with self.app.database.session(self.app.actor) as session:
            panel = waitlist_panel(session, today())
        self.app.call_from_thread(self._show_waitlist, panel)

    def _show_waitlist(self, panel) -> None:
        from screens.caseload import load_bar

        self.waitlist = panel
        registrations = self.query_one("#mm-registrations", DataTable)
        registrations.clear()
        for r in panel.registrations:
            registrations.add_row(r.code, str(r.days_waiting), Urgency.label_of(r.urgency), Gemeente.label_of(r.gemeente),
                                  RegistrationStatus.label_of(r.status), Hulpvorm.label_of(r.advised_hulpvorm), key=str(r.id))
        hint = " · w wijst de gekozen toe" if panel.can_allocate else " · toewijzen in Wachtlijst (3)"
        self.query_one("#mm-registrations-title", Label).update(f"Wachtlijst ({len(panel.registrations)}){hint}")
        loads = self.query_one("#mm-loads", DataTable)
        loads.clear()
        for load in panel.loads:
            loads.add_row(load.worker.code, str(load.active), load_bar(load.weighted, load.capacity),
                          key=str(load.worker.id))

    def action_allocate(self) -> None:
        item = self.current
        if item is None or item.kind != AgendaItemKind.WACHTLIJST:
            self.notify("Toewijzen kan bij het punt 'Wachtlijst verdelen'.", severity="warning")
            return
        if self.waitlist is None or not self.waitlist.can_allocate:
            self.notify("Toewijzen vanuit het overleg kan nog niet; gebruik Wachtlijst (3).", severity="warning")
            return
        table = self.query_one("#mm-registrations", DataTable)
        if not table.row_count:
            return
        self._open_allocation(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @db_work("meeting-allocate", what="toewijzen")
    def _open_allocation(self, registration_id: int) -> None:
        from models.allocation import suggest_workers
        from models.queries.waitlist import registration_detail

        with self.app.database.session(self.app.actor) as session:
            detail = registration_detail(session, registration_id)
            suggestions = suggest_workers(session, registration_id) if detail is not None else []
        self.app.call_from_thread(self._push_allocation, detail, suggestions)

    def _push_allocation(self, detail, suggestions) -> None:
        """The waiting list's own allocation form: the suggestions are shown, the team chooses."""
        from screens.registration_allocate import AllocationForm

        if detail is None:
            self.notify("Deze aanmelding bestaat niet meer.", severity="error")
            return

        def save(data):
            from models.registration_flow import allocate

            with self.app.database.session(self.app.actor, write=True) as session:
                client_id = allocate(session, detail.id, data["worker_id"], detail.version, data["hulpvorm"],
                                     initials=data["initials"], care4_ref=data["care4_ref"], note=data["reason"],
                                     melding_date=data.get("melding_date"),
                                     melding_note=data.get("melding_note", ""))
            worker = next((s.worker.code for s in suggestions if s.worker.id == data["worker_id"]), "?")
            return client_id, worker

        def done(result) -> None:
            if result is None:
                return
            _client_id, worker = result
            self._note_allocation(f"{detail.code} toegewezen aan {worker}.")
            self.notify(f"{detail.code} is toegewezen aan {worker}.", timeout=5)
            self._load_waitlist()

        self.app.push_screen(AllocationForm(save, detail=detail, suggestions=suggestions), done)

    def _note_allocation(self, line: str) -> None:
        """Allocations made in the meeting go into the item's outcome, so the minutes show them."""
        item = self.current
        if item is None:
            return
        outcome = self.query_one("#mm-outcome", TextArea)
        text = outcome.text.rstrip()
        outcome.load_text(f"{text}\n{line}" if text else line)
        self._stash_text()
        if not self.kinds.get(item.id):
            self.kinds[item.id] = OutcomeKind.BESLUIT.value
            self._set_draft(item.id, outcome_kind=OutcomeKind.BESLUIT.value)
        self._render_item()
        self._flush()

    # --- minutes and the end --------------------------------------------------------------

    def action_minutes(self) -> None:
        self._stash_text()
        self._stop_item_clock()
        if not self.paused:
            self.item_mark = self.clock()
        self._export()

    @db_work("meeting-export", what="het verslag exporteren", exclusive=False)
    def _export(self) -> None:
        from pathlib import Path

        from models.minutes import default_filename, export_minutes

        self._flush_sync()
        path = Path.cwd() / default_filename(local(self.view.meeting.start).date())
        try:
            with self.app.database.session(self.app.actor, write=True) as session:
                export_minutes(session, self.meeting_id, path, names=False)
        except OSError:
            self.app.call_from_thread(self.notify, f"Het verslag kon niet worden geschreven naar {path}.",
                                      severity="error")
            return
        self.app.call_from_thread(self.notify, f"Verslag (gemaskeerd) geschreven: {path}", timeout=8)

    def action_end_meeting(self) -> None:
        from screens.confirm import ConfirmScreen

        if self.view is None:
            return
        self._stash_text()
        item = self.current
        if item is not None and not self.discussed.get(item.id) and (
                self.texts.get(item.id, {}).get("outcome", "").strip() or self.kinds.get(item.id) or item.actions):
            self._set_draft(item.id, discussed=True)  # the item in progress got its outcome
        open_items = [i for i in self.view.items if not self.discussed.get(i.id) and not i.is_fixed]
        following = self.view.next_meeting_start
        where = f"naar {short_date(local(following).date())}" if following else "naar het volgende overleg"
        question = (f"Overleg beëindigen? {len(open_items)} niet-besproken punt(en) schuiven door {where}."
                    if open_items else "Overleg beëindigen? Alle punten zijn besproken.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._stop_item_clock()
                self._finish()

        self.app.push_screen(ConfirmScreen(question, yes="beëindigen", no="verder vergaderen"), answered)

    @db_work("meeting-end", what="het overleg afsluiten")
    def _finish(self) -> None:
        from models.overleg_write import end_meeting

        errors = self._flush_sync()
        if errors:
            self.app.call_from_thread(self.notify, errors[0] + " Het overleg is nog niet beëindigd.", severity="error")
            return
        try:
            with self.app.database.session(self.app.actor, write=True) as session:
                following_id, moved = end_meeting(session, self.meeting_id)
        except DomainError as problem:
            self.app.call_from_thread(self.notify, str(problem), severity="error")
            return
        self.app.call_from_thread(self._finished, moved)

    def _finished(self, moved: int) -> None:
        self._leaving = True
        self.notify(f"Overleg afgerond. {moved} punt(en) doorgeschoven. Het verslag maakt u met v in Overleg.",
                    timeout=8)
        self.post_message(self.Leave())

    # --- saving ---------------------------------------------------------------------------

    def _set_draft(self, item_id: int, **fields) -> None:
        with self._state_lock:
            self.drafts.setdefault(item_id, {}).update(fields)
        if "discussed" in fields:
            self.discussed[item_id] = fields["discussed"]

    @db_work("meeting-reach", what="bijhouden welke punten besproken zijn", exclusive=False)
    def _reach(self, item_id: int) -> None:
        from models.overleg_write import reach_item

        with self._write_lock:
            try:
                with self.app.database.session(self.app.actor, write=True) as session:
                    reach_item(session, item_id)
            except Exception as error:  # noqa: BLE001 - bookkeeping only; the next save retries nothing important
                log_failure("worker:meeting-reach", error)

    def _flush(self, announce: bool = False) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        self._flush_worker(announce=announce)

    @db_work("meeting-save", what="opslaan", exclusive=False)
    def _flush_worker(self, announce: bool = False, final: bool = False) -> None:
        errors = self._flush_sync()
        if errors:
            self.app.call_from_thread(self.notify, errors[0], severity="error", timeout=10)
        elif announce:
            self.app.call_from_thread(self.notify, "Opgeslagen.", timeout=2)
        if final:
            self.app.call_from_thread(self._leave_after_save, bool(errors))

    def on_meeting_mode_screen_leave(self, _message: Leave) -> None:
        self.dismiss(None)

    def _leave_after_save(self, failed: bool) -> None:
        if failed:
            self._leaving = False
            return
        self.post_message(self.Leave())

    def _flush_sync(self) -> list[str]:
        """Write every pending draft and the time used, in order. Safe from any thread."""
        from models.overleg_write import record_seconds, save_minutes

        errors: list[str] = []
        with self._write_lock:
            with self._state_lock:
                drafts = {k: v for k, v in self.drafts.items() if k not in self.conflicts}
                self.drafts = {k: v for k, v in self.drafts.items() if k in self.conflicts}
                seconds, self.pending_seconds = self.pending_seconds, {}
            if seconds:
                try:
                    with self.app.database.session(self.app.actor, write=True) as session:
                        record_seconds(session, seconds)
                except Exception as error:  # noqa: BLE001
                    log_failure("worker:meeting-save-seconds", error)
                    with self._state_lock:
                        for key, value in seconds.items():
                            self.pending_seconds.setdefault(key, value)
            for item_id, fields in drafts.items():
                try:
                    with self.app.database.session(self.app.actor, write=True) as session:
                        self.versions[item_id] = save_minutes(session, item_id, self.versions[item_id], **fields)
                except ConcurrentEdit as conflict:
                    self._restore(item_id, fields)
                    self.conflicts[item_id] = self._current_version(item_id)
                    errors.append(f"{conflict} Uw tekst staat nog in het veld: Ctrl+S slaat hem toch op.")
                except DomainError as problem:
                    self._restore(item_id, fields)
                    errors.append(str(problem))
                except Exception as error:  # noqa: BLE001 - the text may hold client data
                    log_failure("worker:meeting-save", error)
                    self._restore(item_id, fields)
                    errors.append("Opslaan is niet gelukt (database bezet of onbereikbaar). Uw tekst blijft bewaard "
                                  "en wordt opnieuw opgeslagen.")
        return errors

    def _restore(self, item_id: int, fields: dict) -> None:
        with self._state_lock:
            newer = self.drafts.get(item_id, {})
            self.drafts[item_id] = {**fields, **newer}

    def _current_version(self, item_id: int) -> int:
        from models.queries.overleg import meeting_mode_view

        with self.app.database.session(self.app.actor) as session:
            view = meeting_mode_view(session, self.meeting_id)
        return next((i.version for i in view.items if i.id == item_id), self.versions[item_id])

    def on_unmount(self) -> None:
        # The app may be closing mid-meeting: write what is left, here and now.
        if self.view is None or self.app.database is None:
            return
        try:
            self._stash_text()
        except Exception as error:  # noqa: BLE001 - widgets may already be gone; drafts hold the text anyway
            log_failure("meeting-close", error)
        self._stop_item_clock()
        self._flush_sync()
