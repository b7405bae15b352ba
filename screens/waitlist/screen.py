"""Wachtlijst (3): the shared waiting list, most urgent and longest waiting first.

Filter by typing (`/`), by status (`s`) and by region (`g`); counts per status on top. The
selected registration's details and its steps (date, user, note) show below the table. Status
steps are keys; each opens a small form or question, and saves through the app's runner (one
transaction per step, undone with Ctrl+Z while in this section):
    n nieuw · e wijzigen · i intake plannen (afsprakenformulier) · d intake gedaan · a advies GD ·
    t toewijzen (voorstel met redenen) · v verwijzen · l vervallen · Backspace stap terug
Keys that do not apply to the selected registration's status are greyed out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from tui.keymap import WAITLIST_FILTER_KEYS, bindings
from textual.containers import Horizontal
from textual.widgets import DataTable, Input
from screens.common.plain import Label, Static

from models.actions import waitlist as actions
from models.clock import local, today
from models.dutch import count, numeric_date, short_date
from models.enums import (
    Gemeente, Hulpvorm, OPEN_REGISTRATION_STATUSES, Referrer, Region, RegistrationStatus, Role, Urgency,
)
from models.errors import DomainError
from screens.common.format import melding_text, warn_if_close, yes_no
from screens.common.section import SectionScreen
from screens.common.table import BoardTable, row_key_of

if TYPE_CHECKING:
    from models.actions import Done
    from models.waitlist.queries import RegistrationDetail
    from models.waitlist.views import RegistrationRow

CLOSED = "afgesloten"  # status filter: registrations closed in the last CLOSED_DAYS days
CLOSED_DAYS = 56
STATUS_FILTERS: list[str | None] = [None, *OPEN_REGISTRATION_STATUSES, CLOSED]
REGION_FILTERS: list[str | None] = [None, *Region]
CLOSED_STATUSES = (RegistrationStatus.TOEGEWEZEN, RegistrationStatus.VERWEZEN, RegistrationStatus.VERVALLEN)

# Which statuses each step key applies to (the domain checks again).
STEP_STATUSES: dict[str, tuple[str, ...]] = {
    "edit": tuple(OPEN_REGISTRATION_STATUSES),
    "plan_intake": (RegistrationStatus.AANGEMELD,),
    "intake_done": (RegistrationStatus.INTAKE_GEPLAND,),
    "advice": (RegistrationStatus.INTAKE_GEDAAN, RegistrationStatus.BESPROKEN),
    "allocate": tuple(OPEN_REGISTRATION_STATUSES),
    "refer": tuple(OPEN_REGISTRATION_STATUSES),
    "lapse": tuple(OPEN_REGISTRATION_STATUSES),
    "step_back": (RegistrationStatus.INTAKE_GEPLAND, RegistrationStatus.INTAKE_GEDAAN, RegistrationStatus.BESPROKEN,
                  RegistrationStatus.VERWEZEN, RegistrationStatus.VERVALLEN),
}


@dataclass(frozen=True)
class WaitlistData:
    waiting: Any  # models.waitlist.views.WaitingList (open + recently closed)
    figures: Any  # models.waitlist.stats.WaitlistFigures
    alert_days: int


def status_filter_label(value: str | None) -> str:
    if value is None:
        return "alle open"
    if value == CLOSED:
        return f"afgesloten (laatste {CLOSED_DAYS // 7} weken)"
    return RegistrationStatus.label_of(value)


def matches(row: RegistrationRow, needle: str) -> bool:
    """Does the row contain the typed text (code, via, gemeente, status, intake worker, advice)?"""
    if not needle:
        return True
    haystack = " ".join((
        row.code, Referrer.label_of(row.via), Gemeente.label_of(row.gemeente), Region.label_of(row.region),
        Urgency.label_of(row.urgency), RegistrationStatus.label_of(row.status), row.intake_worker_code or "",
        Hulpvorm.label_of(row.advised_hulpvorm) if row.advised_hulpvorm else "",
    )).lower()
    return all(word in haystack for word in needle.lower().split())


class FilterInput(Input):
    """The `/` search line: Enter or ↓ goes back to the list keeping the filter, Esc clears it."""

    BINDINGS = bindings(WAITLIST_FILTER_KEYS)

    def action_done(self) -> None:
        self.screen.query_one("#waitlist-table").focus()

    def action_clear(self) -> None:
        self.value = ""
        self.screen.query_one("#waitlist-table").focus()


class WaitlistScreen(SectionScreen):
    MODE = "wachtlijst"
    CSS_PATH = "waitlist.tcss"
    AUTO_FOCUS = "#waitlist-table"

    def __init__(self) -> None:
        super().__init__()
        self.data: WaitlistData | None = None
        self.status_filter: str | None = None
        self.region_filter: str | None = None
        self.rows: list[RegistrationRow] = []  # as shown, after filtering
        self.detail: RegistrationDetail | None = None
        self.select_after_load: int | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="waitlist-top"):
            yield Label("", id="waitlist-counts", classes="block-title")
            yield Label("", id="waitlist-figures")
        with Horizontal(id="waitlist-filterbar"):
            yield Label("", id="waitlist-filters")
            yield FilterInput(placeholder="typ om te filteren: code, gemeente, via, status, medewerker…",
                              id="waitlist-filter")
        yield Label("", id="waitlist-alerts")
        yield BoardTable(id="waitlist-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="waitlist-bottom"):
            yield Static("", id="waitlist-detail")
            yield Static("", id="waitlist-steps")

    def on_mount(self) -> None:
        self.query_one("#waitlist-table", DataTable).add_columns(
            "Code", "Aangemeld", "Wacht", "Via", "Gemeente", "Urgentie", "Kind.", "Melding",
            "Huisverbod tot", "Status", "Intake", "Advies")
        self._show_filters()
        self.reload()

    # --- loading ----------------------------------------------------------------------------

    def fetch(self, session):
        from models.waitlist.queries import waiting_list
        from models.settings import team_settings
        from models.waitlist.stats import overleg_figures

        day = today()
        return WaitlistData(
            waiting=waiting_list(session, day, closed_since=day - timedelta(days=CLOSED_DAYS)),
            figures=overleg_figures(session, day),
            alert_days=int(team_settings(session)["waiting_alert_days"]),
        )

    def show(self, data: WaitlistData) -> None:
        self.data = data
        open_rows = [r for r in data.waiting.rows if r.status in OPEN_REGISTRATION_STATUSES]
        counts = " · ".join(f"{RegistrationStatus.label_of(s)}: {data.waiting.counts.get(s, 0)}"
                            for s in OPEN_REGISTRATION_STATUSES)
        self.query_one("#waitlist-counts", Label).update(f"Wachtlijst ({len(open_rows)}) — {counts}")
        f = data.figures
        median = f"{f.median_wait_days:g}" if f.median_wait_days is not None else "–"
        self.query_one("#waitlist-figures", Label).update(
            f"{f.month}: {count(f.registrations_this_month, 'aanmelding', 'aanmeldingen')} · "
            f"wachttijd mediaan {median} d, "
            f"langste {f.longest_wait_days or 0} d")
        day = today()
        ending = sorted((r for r in open_rows if r.huisverbod_end and (r.huisverbod_end - day).days <= 3),
                        key=lambda r: r.huisverbod_end)
        alerts = self.query_one("#waitlist-alerts", Label)
        alerts.update("  ".join(
            f"⚠ Huisverbod {r.code} eindigt {short_date(r.huisverbod_end)}" for r in ending))
        alerts.set_class(not ending, "-empty")
        self._render_rows()

    def _render_rows(self, *, reloaded: bool = True) -> None:
        """Fill the table from the loaded data and the filters. For a filter change (`reloaded`
        False) the table is only touched where needed: the same rows leave it alone, fewer rows
        (typing narrows the filter) are removed, so the rows that stay keep their rendering."""
        if self.data is None:
            return
        table = self.query_one("#waitlist-table", DataTable)
        keep = self.select_after_load if self.select_after_load is not None else self._current_id()
        needle = self.query_one("#waitlist-filter", Input).value.strip()
        rows = []
        for r in self.data.waiting.rows:
            if self.status_filter == CLOSED:
                if r.status not in CLOSED_STATUSES:
                    continue
            elif r.status not in OPEN_REGISTRATION_STATUSES or (self.status_filter and r.status != self.status_filter):
                continue
            if self.region_filter and r.region != self.region_filter:
                continue
            if matches(r, needle):
                rows.append(r)
        previous = [r.id for r in self.rows]
        self.rows = rows
        self._show_filters()
        wanted = [r.id for r in rows]
        if not reloaded and table.row_count == len(previous):
            if wanted == previous:
                return
            if _is_subsequence(wanted, previous):
                for gone in set(previous) - set(wanted):
                    table.remove_row(str(gone))
                self._after_rows(table, rows, keep, reloaded)
                return
        table.clear()
        day = today()
        for r in rows:
            urgency = Text(Urgency.label_of(r.urgency), style="bold red" if r.urgency == Urgency.ACUUT else "")
            waiting = Text(f"{r.days_waiting} d", style="bold dark_orange" if r.days_waiting > self.data.alert_days
                           and r.status in OPEN_REGISTRATION_STATUSES else "")
            table.add_row(
                r.code, numeric_date(r.registered_on), waiting, Referrer.label_of(r.via),
                Gemeente.label_of(r.gemeente), urgency, yes_no(r.children_involved),
                melding_cell(r),
                warn_if_close(r.huisverbod_end, day) if r.huisverbod_end else "",
                RegistrationStatus.label_of(r.status), r.intake_worker_code or "",
                Hulpvorm.label_of(r.advised_hulpvorm) if r.advised_hulpvorm else "", key=str(r.id),
            )
        self._after_rows(table, rows, keep, reloaded)

    def _after_rows(self, table: DataTable, rows: list, keep: int | None, reloaded: bool) -> None:
        if rows:
            index = next((i for i, r in enumerate(rows) if r.id == keep), None)
            if index is not None and keep == self.select_after_load:
                self.select_after_load = None  # found: done (until then, a later load may bring it)
                # After SectionScreen restored the previous cursor position: go to the new row.
                self.call_after_refresh(self._select_row, keep)
            index = index or 0
            if table.cursor_row != index:
                table.move_cursor(row=index)
            if reloaded or self.detail is None or self.detail.id != rows[index].id:
                self._load_detail(rows[index].id)
        else:
            self.detail = None
            self.query_one("#waitlist-detail", Static).update(
                Text("Geen aanmeldingen bij dit filter." if self.data.waiting.rows else "De wachtlijst is leeg.",
                     style="dim"))
            self.query_one("#waitlist-steps", Static).update("")
        self.refresh_bindings()

    def _select_row(self, registration_id: int) -> None:
        table = self.query_one("#waitlist-table", DataTable)
        index = next((i for i, r in enumerate(self.rows) if r.id == registration_id), None)
        if index is not None and table.cursor_row != index:
            table.move_cursor(row=index)

    def _current_id(self) -> int | None:
        table = self.query_one("#waitlist-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key else None

    def current_row(self) -> RegistrationRow | None:
        current = self._current_id()
        return next((r for r in self.rows if r.id == current), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = row_key_of(event)
        if event.data_table.id == "waitlist-table" and key:
            self._load_detail(int(key))
            self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "waitlist-table":
            return
        row = self.current_row()
        if row is not None and row.status in OPEN_REGISTRATION_STATUSES:
            self.action_edit()
        elif self.detail is not None and self.detail.client_code:
            match = next((c for c in self.app.client_index if c.code == self.detail.client_code), None)
            if match is not None:
                self.app.open_client(match.id)

    def _load_detail(self, registration_id: int) -> None:
        from models.waitlist.queries import registration_detail

        self.app.runner.read(self, registration_detail, registration_id,
                             done=partial(self._show_detail, registration_id),
                             what="de details van de aanmelding laden", group="waitlist-detail")

    def _show_detail(self, registration_id: int, detail: RegistrationDetail | None) -> None:
        if registration_id != self._current_id() or detail is None:
            return
        self.detail = detail
        self.query_one("#waitlist-detail", Static).update(detail_text(detail, today()))
        self.query_one("#waitlist-steps", Static).update(steps_text(detail))

    # --- filters ----------------------------------------------------------------------------

    def show_registration(self, code: str) -> None:
        """Show one registration: its code in the search box, all open statuses, every region."""
        self.status_filter, self.region_filter = STATUS_FILTERS[0], REGION_FILTERS[0]
        box = self.query_one("#waitlist-filter", FilterInput)
        box.value = code
        self._render_rows(reloaded=False)

    def action_filter(self) -> None:
        box = self.query_one("#waitlist-filter", FilterInput)
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#waitlist-filter")
    def _filter_changed(self) -> None:
        self._render_rows(reloaded=False)

    def action_cycle_status(self) -> None:
        self.status_filter = STATUS_FILTERS[(STATUS_FILTERS.index(self.status_filter) + 1) % len(STATUS_FILTERS)]
        self._render_rows(reloaded=False)

    def action_cycle_region(self) -> None:
        self.region_filter = REGION_FILTERS[(REGION_FILTERS.index(self.region_filter) + 1) % len(REGION_FILTERS)]
        self._render_rows(reloaded=False)

    def _show_filters(self) -> None:
        region = Region.label_of(self.region_filter) if self.region_filter else "alle"
        shown = f" · {len(self.rows)} getoond" if self.data is not None else ""
        self.query_one("#waitlist-filters", Label).update(
            f"Status (s): {status_filter_label(self.status_filter)} · Regio (g): {region}{shown} · Zoeken (/):")
        box = self.query_one("#waitlist-filter", FilterInput)
        box.set_class(bool(box.value) or box.has_focus, "-shown")

    def on_descendant_blur(self, event) -> None:
        if getattr(event.widget, "id", None) == "waitlist-filter":
            self._show_filters()

    # --- keys that apply to the selected row ------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = STEP_STATUSES.get(action)
        if allowed is None:
            return True
        row = self.current_row() if self.is_mounted else None
        return True if row is not None and row.status in allowed else None

    def _with_detail(self, action: str, then: Callable[[RegistrationDetail, Any], None], *,
                     suggestions: bool = False) -> None:
        """Read the selected registration as stored now, then open its step's form or question."""
        row = self.current_row()
        if row is None:
            self.notify("Kies eerst een aanmelding.", severity="warning")
            return
        if row.status not in STEP_STATUSES[action]:
            return
        self.app.runner.read(self, actions.step_context, row.id, suggestions, done=partial(self._open_step, then),
                             what="de aanmelding laden", group="waitlist-action")

    def _open_step(self, then: Callable[[RegistrationDetail, Any], None], context: tuple[Any, Any]) -> None:
        detail, extra = context
        if detail is None:
            self.notify("Deze aanmelding bestaat niet meer.", severity="error")
            self.reload()
            return
        then(detail, extra)

    # --- the steps --------------------------------------------------------------------------

    def action_new(self) -> None:
        from screens.common.form import Edit
        from screens.waitlist.registration_form import RegistrationForm

        def done(result: Done | None) -> None:
            if result is not None:
                self.status_filter = None
                if self.query_one("#waitlist-filter", FilterInput).value:
                    self.query_one("#waitlist-filter", FilterInput).value = ""
                self._show_filters()
            self._saved(result)

        edit = Edit(actions.add_registration, what="de aanmelding opslaan")
        self.app.push_screen(RegistrationForm(edit, draft_key="registration:new"), done)

    def action_edit(self) -> None:
        def open_form(detail: RegistrationDetail, _extra) -> None:
            from screens.waitlist.registration_form import RegistrationForm, registration_edit, registration_fields

            edit = registration_edit(actions.edit_registration, detail, registration_fields,
                                     what="de aanmelding opslaan")
            self.app.push_screen(RegistrationForm(edit, initial=detail, draft_key=f"registration:{detail.id}"),
                                 self._saved)

        self._with_detail("edit", open_form)

    def action_plan_intake(self) -> None:
        def open_form(detail: RegistrationDetail, _extra) -> None:
            try:
                from models.planning.write import AppointmentInput
                from screens.planning.appointment_form import AppointmentForm
            except ImportError:
                self.notify("Het afsprakenformulier is (nog) niet beschikbaar: de intake kan niet worden gepland.",
                            severity="error")
                return
            from screens.waitlist.registration_form import registration_edit

            workers = [w for w in self.app.team if w.role == Role.AMBULANT] or list(self.app.team)
            me = self.app.user
            worker_id = me.id if me is not None and any(w.id == me.id for w in workers) else workers[0].id
            initial = AppointmentInput(
                worker_id=worker_id, day=next_work_day(today()), start=time(10, 0), end=time(11, 0), kind="intake",
                client_code=None, place=detail.gemeente, note=f"Intake {detail.code}", registration_id=detail.id)
            # The appointment is new: after a colleague's change only the registration's version is taken.
            edit = registration_edit(actions.plan_intake, detail, lambda _stored: {}, what="de intake opslaan")
            form = AppointmentForm(edit, workers=workers, clients=self.app.client_index, initial=initial,
                                   title=f"Intake plannen: {detail.code}", allow_repeat=False, masked=self.masked,
                                   draft_key=f"intake:{detail.id}")
            self.app.push_screen(form, self._saved)

        self._with_detail("plan_intake", open_form)

    def action_intake_done(self) -> None:
        self._step_form("intake_done", actions.intake_done, "Intake gedaan")

    def action_advice(self) -> None:
        self._step_form("advice", actions.advise, "Advies gedragsdeskundige", with_hulpvorm=True)

    def action_refer(self) -> None:
        self._step_form("refer", actions.refer, "Verwijzen", reason_label="Reden (verplicht)",
                        reason_required=True, with_melding=True)

    def action_lapse(self) -> None:
        self._step_form("lapse", actions.lapse, "Laten vervallen", reason_label="Reden (verplicht)",
                        reason_required=True, with_melding=True)

    def _step_form(self, key: str, step: Callable[..., Done], title: str, **options: Any) -> None:
        """The small form of a status step (`step`: its action), for the step key `key`."""
        def open_form(detail: RegistrationDetail, _extra) -> None:
            from screens.waitlist.registration_form import registration_edit
            from screens.waitlist.step_form import RegistrationStepForm, step_fields

            edit = registration_edit(step, detail, step_fields, what="de stap opslaan")
            self.app.push_screen(RegistrationStepForm(edit, detail=detail, title=f"{title}: {detail.code}",
                                                      draft_key=f"registration-{key}:{detail.id}", **options),
                                 self._saved)

        self._with_detail(key, open_form)

    def action_allocate(self) -> None:
        def open_form(detail: RegistrationDetail, suggestions) -> None:
            from screens.waitlist.allocation_form import allocation_form

            def done(result: Done | None) -> None:
                if result is not None:
                    reload_index = getattr(self.app, "_load_client_index", None)
                    if reload_index is not None:
                        reload_index()  # the new client is findable in the palette
                self._saved(result, select=False)  # it has left the waiting list

            self.app.push_screen(allocation_form(detail, suggestions), done)

        self._with_detail("allocate", open_form, suggestions=True)

    def action_step_back(self) -> None:
        def ask(detail: RegistrationDetail, _extra) -> None:
            from screens.common.confirm import ConfirmScreen

            if detail.previous_status is None:
                self.notify("Verder terug kan niet.", severity="warning")
                return
            question = (f"{detail.code}: een stap terug, van '{RegistrationStatus.label_of(detail.status)}' "
                        f"naar '{RegistrationStatus.label_of(detail.previous_status)}'?")
            if detail.status == RegistrationStatus.INTAKE_GEPLAND:
                question += " De geplande intake wordt geannuleerd."

            def answered(yes: bool | None) -> None:
                if yes:
                    self.app.runner.write(self, actions.step_back, detail.id, detail.version,
                                          what="de stap terug opslaan", done=self._stepped_back,
                                          failed=self._refused)

            self.app.push_screen(ConfirmScreen(question, yes="stap terug", no="niet"), answered)

        self._with_detail("step_back", ask)

    def _stepped_back(self, done: Done) -> None:
        if done.value in OPEN_REGISTRATION_STATUSES and self.status_filter == CLOSED:
            self.status_filter = None
            self._show_filters()
        self._saved(done)

    def _refused(self, problem: DomainError) -> None:
        """A one-key step refused (a colleague was first, the database was busy): say so and show
        the list as it is now."""
        self.notify(str(problem), title="Niet opgeslagen", severity="error", timeout=8)
        self.reload()

    def _saved(self, done: Done | None, *, select: bool = True) -> None:
        """A form closed with a saved step (None: cancelled), or a one-key step succeeded; `select`:
        put the cursor on the registration once the list has reloaded."""
        if done is None:
            return
        if select:
            self.select_after_load = done.id
        self.notify(f"{done.message}. Ctrl+Z maakt ongedaan." if done.undo else f"{done.message}.", timeout=4)
        self.reload()


def _is_subsequence(short: list[int], long: list[int]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def melding_cell(row) -> Text | str:
    """The melding column: the date; 'reden' when a reason not to report is recorded; else a warning."""
    if row.children_involved and row.melding_date is None and getattr(row, "melding_note", "").strip():
        return Text("reden", style="dim")
    return melding_text(row.children_involved, row.melding_date)


def next_work_day(day: date) -> date:
    day += timedelta(days=1)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return day


def detail_text(d: RegistrationDetail, day: date) -> Text:
    from models.waitlist.write import huisverbod_warning

    text = Text()
    text.append(f"{d.code}", style="bold")
    text.append(f" · {RegistrationStatus.label_of(d.status)} · urgentie {Urgency.label_of(d.urgency).lower()} · "
                f"{Gemeente.label_of(d.gemeente)} ({Region.label_of(d.region)})\n")
    via = Referrer.label_of(d.via) + (f" — {d.referrer_contact}" if d.referrer_contact else "")
    text.append(f"Aangemeld {short_date(d.registered_on)} ({(day - d.registered_on).days} d geleden) via {via}\n")
    text.append(f"Reden: {d.reason or '–'}\n")
    if d.children_involved:
        text.append("Kinderen betrokken · ")
        if d.melding_date:
            text.append(f"melding Veilig Thuis {short_date(d.melding_date)}\n")
        elif d.melding_note.strip():
            text.append(f"geen melding: {d.melding_note}\n")
        else:
            text.append("melding nog niet vastgelegd (nodig voor toewijzen of afsluiten)\n", style="bold dark_orange")
    else:
        text.append("Geen kinderen betrokken\n", style="dim")
    if d.huisverbod_start:
        text.append(f"Huisverbod {short_date(d.huisverbod_start)} t/m {short_date(d.huisverbod_end)}")
        warning = huisverbod_warning(d.huisverbod_end, day)
        if warning:
            text.append(f"  {warning}", style="bold dark_orange")
        else:
            text.append(f"  (nog {count((d.huisverbod_end - day).days, 'dag', 'dagen')})")
        text.append("\n")
    for intake in d.intakes:
        moment = local(intake.start)
        text.append(f"Intake {short_date(moment.date())} {moment:%H:%M} door {intake.worker_code or '–'} "
                    f"({'gedaan' if intake.status == 'done' else 'geannuleerd' if intake.status == 'cancelled' else 'gepland'})\n")
    if d.advised_hulpvorm:
        text.append(f"Advies GD: {Hulpvorm.label_of(d.advised_hulpvorm)}\n")
    if d.client_code:
        text.append(f"Cliënt: {d.client_code} (Enter opent)\n")
    return text


def steps_text(d: RegistrationDetail) -> Text:
    text = Text("Stappen\n", style="bold")
    for step in d.steps:
        moment = local(step.at)
        text.append(f"{numeric_date(moment.date())} {moment:%H:%M}  ", style="dim")
        text.append(f"{RegistrationStatus.label_of(step.status):<16} ")
        text.append(f"{step.user_code:<3}", style="bold")
        if step.note:
            text.append(f"  {step.note}", style="dim")
        text.append("\n")
    return text
