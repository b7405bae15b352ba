"""Vandaag (1): my appointments, who is where, what needs my attention, the days ahead, my drafts.

`d` marks the highlighted action item (in Aandacht or Deze week) done through the app's runner
(models/actions/vandaag.py); Ctrl+Z (app-wide) takes it back. Enter opens what a line refers to;
on a draft it opens the form with the draft, or goes where that form lives (screens/vandaag/concepts.py).

Layout: wide terminals show two rows of two blocks around "Aandacht"; below `NARROW_BELOW` columns
(or `SHORT_BELOW` rows) the blocks stack and the body scrolls, each table scrolling within a few
lines. Either way each table's free-text column gives way ("…") so no column is cut off
(screens/vandaag/lines.py `fit`): names, times and dates stay whole.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable
from screens.common.plain import Label

from screens.common.table import BoardTable, row_key_of

from models.actions import Done
from models.actions import vandaag as actions
from models.clock import today
from models.dutch import clock_time, short_date
from models.enums import AbsenceKind, AppointmentKind, DayType, Gemeente, HandoverReason
from screens.common.section import SectionScreen
from screens.vandaag.concepts import concept_title, kind_of, where_it_continues
from screens.vandaag.lines import draft_codes, fit, news_line, saved_label, week_rows

NARROW_BELOW = 120  # columns: fewer, and the blocks stack
SHORT_BELOW = 32  # rows: fewer, and the blocks stack
MAX_REFITS = 3  # fitting again after the layout settled: a few rounds at most

APPOINTMENT_COLUMNS = ("Tijd", "Soort", "Cliënt", "Gesprek", "Plaats", "Partner")
TEAM_COLUMNS = ("Wie", "Dag", "Van", "Tot", "Waar")
ATTENTION_COLUMNS = ("Wat", "Omschrijving", "Cliënt", "Wanneer")
WEEK_COLUMNS = ("Dag", "Wat")
DRAFT_COLUMNS = ("Concept", "Code", "Bewaard", "Verder")
# Which columns give way when a table is too wide: (column, narrowest width), in that order.
FLEXIBLE = {
    "#today-appointments": ((5, 8), (4, 8), (1, 10)),
    "#today-team-table": ((4, 8), (1, 10)),
    "#today-attention": ((1, 24), (2, 10), (1, 12)),
    "#today-week-table": ((1, 20),),
    "#today-drafts-table": ((0, 16), (1, 8), (3, 10)),
}


class TodayScreen(SectionScreen):
    MODE = "vandaag"
    CSS_PATH = "today.tcss"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._data: Any = None
        self._appointments: dict[int, Any] = {}
        self._drafts: dict[str, Any] = {}
        self._draft_opened = False  # reload on return: a form may have kept or dropped its draft
        self._fitted: dict[str, int] = {}  # the width each table's rows were fitted to
        self._fitted_for: Any = None  # the terminal size then
        self._refits = 0  # refits since the data or the size last changed (a guard against ping-pong)

    def compose_body(self) -> ComposeResult:
        # Scrolls on a small terminal, but never takes the focus itself: Tab goes from table to table
        # (and a focused table is scrolled into view).
        body = VerticalScroll(id="today-body")
        body.can_focus = False
        with body:
            with Horizontal(id="today-top", classes="today-row"):
                with Vertical(id="today-mine"):
                    yield Label("Mijn afspraken", id="today-mine-title", classes="block-title")
                    yield BoardTable(id="today-appointments", cursor_type="row", zebra_stripes=True)
                with Vertical(id="today-team"):
                    yield Label("Wie is waar", classes="block-title")
                    yield BoardTable(id="today-team-table", cursor_type="row")
            with Vertical(id="today-attention-box"):
                yield Label("Aandacht", classes="block-title")
                yield BoardTable(id="today-attention", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="today-ahead", classes="today-row"):
                with Vertical(id="today-week"):
                    yield Label("Deze week", id="today-week-title", classes="block-title")
                    yield BoardTable(id="today-week-table", cursor_type="row")
                with Vertical(id="today-drafts"):
                    yield Label("Mijn concepten", id="today-drafts-title", classes="block-title")
                    yield BoardTable(id="today-drafts-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for selector, columns in (("#today-appointments", APPOINTMENT_COLUMNS), ("#today-team-table", TEAM_COLUMNS),
                                  ("#today-attention", ATTENTION_COLUMNS), ("#today-week-table", WEEK_COLUMNS),
                                  ("#today-drafts-table", DRAFT_COLUMNS)):
            self.query_one(selector, DataTable).add_columns(*columns)
        self._set_layout(self.app.size.width, self.app.size.height)
        self.reload()

    # --- layout ----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._refits = 0
        if self._set_layout(event.size.width, event.size.height) or self._data is not None:
            self.call_after_refresh(self._refit)

    def _set_layout(self, width: int, height: int) -> bool:
        """Stack the blocks on a small terminal; True when that changed."""
        narrow = width < NARROW_BELOW or height < SHORT_BELOW
        changed = self.has_class("-narrow") != narrow
        self.set_class(narrow, "-narrow")
        return changed

    def _refit(self) -> None:
        """Fill the tables again for their new widths (the data is at hand: no query)."""
        if self._data is not None and self.is_current:
            positions = self._remember_positions()
            self._refits += 1
            self.show(self._data)
            self._restore_positions(positions)

    def _fill(self, selector: str, rows: list[tuple[str, tuple[str, ...]]], empty: str = "",
              empty_at: int = 1) -> DataTable:
        """Put (key, cells) rows into a table, the flexible columns cut to fit its width; `empty` (in
        column `empty_at`) when there are none."""
        table = self.query_one(selector, DataTable)
        table.clear()
        for column in table.columns.values():
            # A DataTable column only ever widens (clear() keeps its width): start from its label, or
            # rows fitted to a narrower terminal would keep the wide columns of before.
            column.content_width = column.label.cell_len
        if not rows and empty:
            cells = [""] * len(table.columns)
            cells[empty_at] = empty
            rows = [("", tuple(cells))]
        headers = tuple(str(column.label) for column in table.columns.values())
        width = self._room(table)
        self._fitted[selector] = width
        cells = fit(headers, [cells for _key, cells in rows], width, FLEXIBLE[selector])
        for (key, _cells), fitted in zip(rows, cells):
            table.add_row(*fitted, key=key or None)
        return table

    @staticmethod
    def _room(table: DataTable) -> int:
        """The cells a table's columns may take: its width, less the scrollbar it may get once its
        rows are in (the body keeps its own scrollbar's room free: today.tcss)."""
        return table.scrollable_content_region.width - (0 if table.show_vertical_scrollbar
                                                        else table.styles.scrollbar_size_vertical)

    def _check_fit(self) -> None:
        """After the layout: filling the tables may have given the body a scrollbar (a narrower room
        for every table); fit once more for the widths they really have."""
        if self._data is None or not self.is_current:
            return
        if any(self._room(self.query_one(selector, DataTable)) != width for selector, width in self._fitted.items()):
            self._refit()

    # --- data ------------------------------------------------------------------------------------

    def fetch(self, session):
        from models.vandaag.queries import conversation_counts, today_view

        view = today_view(session, self.app.user.id, today())
        return view, conversation_counts(session, view.appointments)

    def show(self, data) -> None:
        if data is not self._data:
            self._refits = 0
        self._data = data
        view, progress = data  # progress: client code -> "3/5" (completed conversations of the trajectory)
        self._appointments = {row.id: row for row in view.appointments}
        self.query_one("#today-mine-title", Label).update(
            f"Mijn afspraken · {short_date(view.day)} ({len(view.appointments)})")
        self._fill("#today-appointments", [
            (f"appointment:{row.id}",
             (f"{clock_time(row.start)}–{clock_time(row.end)}", AppointmentKind.label_of(row.kind),
              row.client_code or "", progress.get(row.client_code, ""),
              Gemeente.label_of(row.place) if row.place else "", row.partner))
            for row in view.appointments], empty="Geen afspraken vandaag")
        self._fill("#today-team-table", [
            (f"worker:{line.worker.id}",
             (f"{line.worker.code} {line.worker.name.split()[0]}", _day_type(line),
              clock_time(line.first_start) if line.first_start else "",
              clock_time(line.last_end) if line.last_end else "",
              ", ".join(Gemeente.label_of(place) for place in line.places)))
            for line in view.team])
        self._fill("#today-attention", _attention_rows(view, masked=self.masked),
                   empty="Niets dat vandaag aandacht vraagt")
        self._show_week(view)
        self._show_drafts(view)
        self._fitted_for = self.app.size
        if self._refits < MAX_REFITS:
            self.call_after_refresh(self._check_fit)

    def _show_week(self, view) -> None:
        listed = [day.day for day in view.ahead if day.listed]
        this_week = all(d.isocalendar()[:2] == view.day.isocalendar()[:2] for d in listed)
        self.query_one("#today-week-title", Label).update("Deze week" if this_week else "Komende werkdagen")
        self._fill("#today-week-table", week_rows(view.ahead))

    def _show_drafts(self, view) -> None:
        masked = self.masked
        self._drafts = {f"draft:{row.kind}/{row.key}": row for row in view.drafts}
        count = len(view.drafts)
        self.query_one("#today-drafts-title", Label).update(
            f"Mijn concepten ({count})" + (" · Enter schrijft verder" if count else ""))
        self._fill("#today-drafts-table", [
            (key, (concept_title(row, masked=masked), draft_codes(row), saved_label(row.saved_at, view.day),
                   where_it_continues(kind_of(row))))
            for key, row in self._drafts.items()], empty="Geen concepten", empty_at=0)

    # --- keys ------------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(row_key_of(event) or "")

    def action_open_selected(self) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is not None and table.row_count:
            self._open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")

    def action_action_done(self) -> None:
        """Mark the highlighted action item done (in Aandacht, or in Deze week when that has the focus)."""
        focused = self.focused if isinstance(self.focused, DataTable) else None
        table = focused if focused is not None and focused.id == "today-week-table" else \
            self.query_one("#today-attention", DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        kind, _, ident = (key or "").partition(":")
        if kind != "action":
            self.notify("Kies een actie in de lijst Aandacht of Deze week.", severity="warning")
            return
        self.app.runner.write(self, actions.mark_action_done, int(ident), what="de actie op gedaan zetten",
                              done=self._action_done)

    def _action_done(self, done: Done) -> None:
        self.notify(f"{done.message}." + (" Ctrl+Z maakt ongedaan." if done.undo else ""), timeout=4)
        self.reload()

    def _open(self, key: str) -> None:
        """Each line opens what it refers to."""
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
            row = self._appointments.get(int(ident))
            if row is not None:
                from models.clock import local

                start = local(row.start)
                self._open_in_planning(row.worker_id, date(start.year, start.month, start.day), True)
        elif kind == "worker":
            self._open_in_planning(int(ident), today(), False)
        elif kind == "day":
            self._open_in_planning(self.app.user.id, date.fromisoformat(rest), True)
        elif kind == "draft" and key in self._drafts:
            self._open_draft(self._drafts[key])

    def _open_in_planning(self, worker_id: int, day: date, open_day: bool) -> None:
        """Switch to the Planning with the cursor on this worker's day (and that day opened)."""

        async def go() -> None:
            await self.app.switch_mode("planning")
            planning = self.app.screen
            if hasattr(planning, "go_to"):
                planning.go_to(worker_id, day, open_day=open_day)

        self.app.run_worker(go(), group="open-planning", exclusive=True)

    # --- drafts ----------------------------------------------------------------------------------

    def _open_draft(self, row) -> None:
        """Open the draft's form (it offers "verder met het concept"), or go where that form lives."""
        from screens.handover import flow

        kind = kind_of(row)
        prefix = row.key.partition(":")[0]
        self._draft_opened = True
        if row.kind == "handover" or (prefix == "handover" and row.ident is not None):
            flow.edit_handover(self, row.ident, on_done=lambda _done: self.reload())
        elif row.key == "handover:new":
            flow.open_form(self, on_done=lambda _done: self.reload())
        elif prefix == "handover-ack" and row.ident is not None:
            from screens.handover.page import HandoverView

            self.app.push_screen(HandoverView(row.ident, acknowledge=True))
        elif row.key == "appointment:new":
            from screens.planning.appointment_actions import new_appointment

            new_appointment(self, self.app.user.id, today(), on_done=lambda _done: self.reload())
        elif row.kind == "top3" and row.ident is not None:
            self.app.open_client(row.ident)
            self._tell_where(row, kind)
        elif prefix == "appointment" and row.day is not None and row.worker_id is not None:
            self._open_in_planning(row.worker_id, row.day, True)
            self._tell_where(row, kind)
        elif kind.section == "wachtlijst" and row.codes:
            self.app.open_registration(row.codes[0])
            self._tell_where(row, kind)
        elif kind.section:
            self.app.switch_mode(kind.section)
            self._tell_where(row, kind)
        else:
            self._draft_opened = False
            self.notify("Open dit formulier opnieuw waar u het begon: het biedt het concept aan.", timeout=6)

    def _tell_where(self, row, kind) -> None:
        about = f" ({row.codes[0]})" if row.codes else ""
        self.notify(f"Concept \u201c{kind.label}\u201d{about}: druk {kind.key} om het formulier te openen; "
                    "het biedt het concept aan.", timeout=8)

    def on_screen_resume(self) -> None:
        if self._draft_opened:
            # Back from a form opened on a draft: it may have been saved, kept or thrown away (drafts
            # are no news for the sections, so the usual check would not reload). Wait for the
            # draft's own background write, then read again.
            self._draft_opened = False
            self._shown_state = None
            pending = [w for w in self.app.workers if w.group == "form-draft" and w.is_running]
            if pending:
                async def after_drafts() -> None:
                    from textual.worker import WorkerCancelled, WorkerFailed

                    for worker in pending:
                        try:
                            await worker.wait()
                        except (WorkerCancelled, WorkerFailed):  # the runner logged and told it
                            pass
                    self.reload()

                self.run_worker(after_drafts(), group="today-after-draft", exclusive=True)
                return
        if self._data is not None and self._fitted_for != self.app.size:
            # The terminal was resized while another section was shown: lay out and fit anew.
            self._refits = 0
            self._set_layout(self.app.size.width, self.app.size.height)
            self.call_after_refresh(self._refit)
        super().on_screen_resume()


def _day_type(line) -> str:
    day = DayType.label_of(line.day_type)
    if line.absence_kind:
        day = f"{day} ({AbsenceKind.label_of(line.absence_kind).lower()})"
    return day


def _attention_rows(view, *, masked: bool) -> list[tuple[str, tuple[str, ...]]]:
    """What needs attention today: handovers to me, overdue and today's actions and Top-3 evaluations
    (later ones are under "deze week"), huisverboden ending soon and the last week's huisverbod news
    (extended, ended early, breached: the whole team's, as the endings)."""
    rows: list[tuple[str, tuple[str, ...]]] = []
    for h in view.handovers:
        reason = HandoverReason.label_of(h.reason).lower()
        rows.append((f"handover:{h.id}", ("Overdracht", f"van {h.from_code}: {reason}", ", ".join(h.client_codes),
                                           short_date(h.created_at.date()))))
    for a in view.actions:
        if a.due > view.day:
            continue
        late = a.due < view.day
        rows.append((f"action:{a.id}", ("Actie" + (" (te laat)" if late else ""), a.what, a.client_code or "",
                                         short_date(a.due))))
    for v in view.huisverboden:
        who = f"begeleiding door {v.worker_code or '?'}"
        rows.append((f"client:{v.client_id}:huisverbod", ("Huisverbod eindigt", who, v.client_code, short_date(v.end))))
    for n in view.huisverbod_news:
        rows.append((f"client:{n.client_id}:huisverbod-{n.event_id}", news_line(n, masked=masked)))
    for e in view.evaluations:
        if e.evaluate_on > view.day:
            continue
        late = e.evaluate_on < view.day  # overdue, said as for actions
        rows.append((f"client:{e.client_id}:top3", ("Top-3 evaluatie" + (" (te laat)" if late else ""),
                                                     f"versie {e.plan_number}", e.client_code,
                                                     short_date(e.evaluate_on))))
    return rows
