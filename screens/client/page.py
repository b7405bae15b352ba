"""A client's page (Enter on a client anywhere, or the palette): the essentials, then tabs.

Header: code (initials only when masking is off), fase, current hulpvorm and progress, responsible
worker, huisverbod with end date and its latest state ("verlengd t/m 12-12", "overtreden op 3-12"),
children and melding status. Tabs: Top-3 (the current plan at a glance and its versions), afspraken,
overleg, overdrachten, traject history with the huisverbod's history, and the log. `u` updates the
huisverbod: extend it, end it early or record a breach (screens/client/huisverbod_form.py).
Opening the page is an access to client data: the load is an audited read through the app's
runner, which writes a "lezen" entry to the audit log. The page is a plain screen pushed over a
section, so Ctrl+Z (the app's) works here and takes back the section's newest change, e.g. a Top-3
version just saved; the page reloads afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from screens.common.plain import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, TabbedContent, TabPane
from screens.common.plain import Label, Static

from models.audit import entity_label
from models.clock import local, today
from models.dutch import days_until, numeric_date, short_date
from models.enums import (AgendaItemKind, AppointmentKind, AppointmentStatus, AuditAction, ClientStatus, Fase,
                          Gemeente, HandoverReason, Hulpvorm, OutcomeKind)
from models.client.huisverbod_text import describe_event, state_words
from screens.common.app_watch import forget_app_watches, watch_app
from screens.common.footer import TeambordFooter
from screens.common.format import client_label
from screens.common.header import TeambordHeader
from screens.common.look import KeepsItsLook
from screens.common.table import BoardTable
from screens.top3.render import plan_at_a_glance, version_title
from tui.keymap import CLIENT_PAGE_KEYS, bindings

if TYPE_CHECKING:
    from models.actions import Done

TABS = {"top3": "Top-3", "afspraken": "Afspraken", "overleg": "Overleg", "overdrachten": "Overdrachten",
        "traject": "Traject", "log": "Log"}
TAB_KEYS = {"top3": "t", "afspraken": "a", "overleg": "o", "overdrachten": "v", "traject": "h", "log": "l"}
TAB_SHOW = {"top3": "_show_top3", "afspraken": "_show_appointments", "overleg": "_show_overleg",
            "overdrachten": "_show_handovers", "traject": "_show_trajectories", "log": "_show_log"}
APPOINTMENT_COLUMNS = ("Datum", "Tijd", "Soort", "Wie", "Waar", "Partner", "Status")
TAB_COLUMNS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "top3": [("top3-versions", ("Versie", "Datum", "Door", "Fase", "Evaluatie"))],
    "afspraken": [("client-planned", APPOINTMENT_COLUMNS), ("client-past", APPOINTMENT_COLUMNS)],
    "overleg": [],
    "overdrachten": [("client-handovers", ("Gemaakt", "Van", "Aan", "Reden", "Periode", "Bevestigd"))],
    "traject": [("client-trajectories", ("Hulpvorm", "Start", "Einde", "Gesprekken", "Reden einde")),
                ("client-huisverbod", ("Datum", "Huisverbod", "Door", "Notitie"))],
    "log": [("client-log", ("Wanneer", "Wie", "Namens", "Actie", "Wat", "Velden"))],
}


class ClientPage(KeepsItsLook, Screen[None]):
    CSS_PATH = "client_page.tcss"
    BINDINGS = bindings(CLIENT_PAGE_KEYS)

    def __init__(self, client_id: int, *, tab: str = "top3") -> None:
        super().__init__()
        self.client_id = client_id
        self.initial_tab = tab
        self.view = None  # ClientPageView, once loaded
        self.shown_version = 0  # index into view.versions (0 = newest)

    def compose(self) -> ComposeResult:
        yield TeambordHeader("Cliënt")
        with Vertical(id="client-head"):
            yield Label("Cliënt wordt geladen…", id="client-title")
            yield Static("", id="client-facts")
        with TabbedContent(initial=f"tab-{self.initial_tab}", id="client-tabs"):
            for name, title in TABS.items():
                with TabPane(f"{title} ({TAB_KEYS[name]})", id=f"tab-{name}"):
                    if name == self.initial_tab:
                        yield from self._tab_widgets(name)
        yield TeambordFooter(compact=True)  # Ctrl+Z names what it undoes

    # Only the tab that opens is built up front; the others are built when first shown. Opening
    # the page built all six (67 widgets, four tables) on every open (issue 14).
    _built: frozenset[str] = frozenset()  # asked for
    _ready: frozenset[str] = frozenset()  # mounted: may be filled

    def _tab_widgets(self, name: str) -> list[Widget]:
        def table(table_id: str) -> BoardTable:
            return BoardTable(id=table_id, cursor_type="row", zebra_stripes=True)

        if name == "top3":
            return [Horizontal(
                VerticalScroll(Static("", id="top3-plan"), id="top3-plan-box"),
                Vertical(Label("Versies (↑↓ kiezen)", classes="client-block-title"), table("top3-versions"),
                         Static("", id="top3-draft"), Label("n bewerken · g vergelijken", id="top3-keys"),
                         id="top3-side"),
                id="top3-body")]
        if name == "afspraken":
            return [Label("Gepland", classes="client-block-title"), table("client-planned"),
                    Label("Geweest", classes="client-block-title"), table("client-past")]
        if name == "overleg":
            return [VerticalScroll(Static("", id="client-overleg"))]
        if name == "traject":
            return [Label("Trajecten", classes="client-block-title"), table("client-trajectories"),
                    Label("Huisverbod (u bijwerken)", classes="client-block-title"), table("client-huisverbod")]
        ids = {"overdrachten": "client-handovers", "log": "client-log"}
        return [table(ids[name])]

    def _add_columns(self, name: str) -> None:
        for table_id, columns in TAB_COLUMNS[name]:
            self.query_one(f"#{table_id}", DataTable).add_columns(*columns)

    def _ensure_tab(self, name: str, then: Callable[[], None] | None = None) -> None:
        """Build a tab the first time it is shown, and fill it once its widgets are mounted."""
        if name in self._built:
            if then is not None:
                then()
            return
        self._built = self._built | {name}
        mounting = self.query_one(f"#tab-{name}", TabPane).mount(*self._tab_widgets(name))

        async def fill() -> None:
            await mounting  # nested widgets (a Static in a scroll box) exist only once mounted
            self._ready = self._ready | {name}
            self._add_columns(name)
            if self.view is not None:
                getattr(self, TAB_SHOW[name])()
            if then is not None:
                then()

        self.call_next(fill)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._ensure_tab(event.pane.id.removeprefix("tab-"))

    def on_mount(self) -> None:
        self._built = self._ready = frozenset({self.initial_tab})
        self._add_columns(self.initial_tab)
        watch_app(self, "masked", lambda _masked: self._show_head(), init=False)
        self.reload()

    def on_unmount(self) -> None:
        forget_app_watches(self)

    # --- loading --------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        from models.client.queries import client_page

        self.app.runner.read(self, client_page, self.client_id, done=self._show, what="de cliëntgegevens laden",
                             group="client-page", audited=True)

    def _show(self, view) -> None:
        if view is None:
            self.query_one("#client-title", Label).update("Deze cliënt bestaat niet (meer).")
            return
        self.view = view
        self.shown_version = min(self.shown_version, max(0, len(view.versions) - 1))
        self._show_head()
        for name in TABS:
            if name in self._ready:
                getattr(self, TAB_SHOW[name])()

    # --- header ---------------------------------------------------------------------------

    def _show_head(self) -> None:
        if self.view is None:
            return
        detail, day = self.view.detail, today()
        label = client_label(detail.code, detail.initials, masked=self.app.masked)
        status = "" if detail.status == ClientStatus.ACTIVE else f" · {ClientStatus.label_of(detail.status)}"
        self.query_one("#client-title", Label).update(f"Cliënt {label}{status}")
        hulpvorm = "geen lopend traject"
        if detail.hulpvorm:
            hulpvorm = (f"{Hulpvorm.label_of(detail.hulpvorm)} · {detail.conversations_done}/"
                        f"{detail.conversations_planned} gesprekken")
        huisverbod: Text | str = "geen"
        if detail.huisverbod_end:
            ends = (detail.huisverbod_end - day).days
            style = "bold dark_orange" if 0 <= ends <= 3 else ("dim" if ends < 0 else "")
            huisverbod = Text(f"{numeric_date(detail.huisverbod_start)} t/m {numeric_date(detail.huisverbod_end)} "
                              f"({'afgelopen' if ends < 0 else days_until(detail.huisverbod_end, day)})", style=style)
            for words in state_words(self.view.huisverbod, detail.huisverbod_start):
                overtreden = words.startswith("overtreden")
                huisverbod += Text(" · ", style="dim") + Text(words, style="bold red" if overtreden else "bold")
        children: Text | str = "nee"
        if detail.children_involved:
            if detail.melding_date:
                children = f"ja · melding Veilig Thuis {numeric_date(detail.melding_date)}"
            else:
                note = f" ({self.view.melding_note})" if self.view.melding_note else ""
                children = Text(f"ja · GEEN melding geregistreerd{note}", style="bold dark_orange")
        def part(label: str, value: Text | str) -> Text:
            return Text(f"{label}: ", style="bold") + (value if isinstance(value, Text) else Text(value))

        separator = Text("  ·  ", style="dim")
        facts = Text("\n").join([
            separator.join([Text(Fase.label_of(detail.fase), style="bold"), part("Hulpvorm", hulpvorm),
                            part("Medewerker", detail.worker_code or "–"),
                            part("Gemeente", Gemeente.label_of(detail.gemeente)),
                            part("Care4", "–" if self.app.masked else (detail.care4_ref or "–"))]),
            separator.join([part("Huisverbod", huisverbod), part("Kinderen", children)]),
        ])
        self.query_one("#client-facts", Static).update(facts)

    # --- Top-3 ----------------------------------------------------------------------------

    def _show_top3(self) -> None:
        view = self.view
        table = self.query_one("#top3-versions", DataTable)
        table.clear()
        for version in view.versions:
            content = version.content
            table.add_row(str(version.number), numeric_date(local(version.created_at).date()),
                          version.author_code or "–", content.phase,
                          numeric_date(content.evaluate_on), key=str(version.number))
        if view.versions:
            table.move_cursor(row=self.shown_version)
        self._show_version()
        draft = self.query_one("#top3-draft", Static)
        if view.draft is not None:
            draft.update(Text(f"{version_title(view.draft)}: druk n om verder te gaan.", style="bold dark_orange"))
        else:
            draft.update("")

    def _show_version(self) -> None:
        plan = self.query_one("#top3-plan", Static)
        if not self.view.versions:
            plan.update(Text("Nog geen Top-3 voor deze cliënt. Druk n om de eerste versie te maken.", style="italic"))
            return
        plan.update(plan_at_a_glance(self.view.versions[self.shown_version], today()))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "top3-versions" and self.view is not None and self.view.versions:
            if event.cursor_row != self.shown_version and 0 <= event.cursor_row < len(self.view.versions):
                self.shown_version = event.cursor_row
                self._show_version()

    def action_tab(self, name: str) -> None:
        self.query_one("#client-tabs", TabbedContent).active = f"tab-{name}"

        def focus_it() -> None:
            # The cursor goes into the tab, so the arrow keys scroll what it shows.
            focusable = self.query_one(f"#tab-{name}").query(
                "DataTable" if name == "top3" else "DataTable, VerticalScroll")
            if focusable:
                focusable.first().focus()

        self._ensure_tab(name, then=focus_it)

    def action_edit_top3(self) -> None:
        if self.view is None:
            return
        from screens.top3.editor import open_top3_editor

        self._ensure_tab("top3")
        self.query_one("#client-tabs", TabbedContent).active = "tab-top3"
        open_top3_editor(self, self.view)

    def action_compare(self) -> None:
        if self.view is None:
            return
        if len(self.view.versions) < 2:
            self.notify("Er is maar één versie: er valt nog niets te vergelijken.", timeout=4)
            return
        from screens.top3.compare import Top3Compare

        # The version under the cursor against the one before it (newest against previous by default).
        newer = min(self.shown_version, len(self.view.versions) - 2)
        self.app.push_screen(Top3Compare(self.view.detail.code, list(self.view.versions), left=newer + 1, right=newer))

    def version_saved(self, done: Done | None) -> None:
        """Called when the editor closes (`done`: the version saved); reload so it (or the draft) shows."""
        self.shown_version = 0
        if done is not None:
            self.notify(f"{done.message}. Ctrl+Z maakt ongedaan." if done.undo else f"{done.message}.", timeout=4)
        self.reload()

    # --- the other tabs -------------------------------------------------------------------

    def _show_appointments(self) -> None:
        for selector, rows in (("#client-planned", self.view.planned), ("#client-past", self.view.past)):
            table = self.query_one(selector, DataTable)
            table.clear()
            for row in rows:
                start = local(row.start)
                table.add_row(f"{short_date(start.date())} {start.year}", f"{start.format('HH:mm')}–"
                              f"{local(row.end).format('HH:mm')}", AppointmentKind.label_of(row.kind), row.worker_code,
                              Gemeente.label_of(row.place) if row.place else "", row.partner,
                              AppointmentStatus.label_of(row.status))
            if not rows:
                table.add_row("", "", "geen", "", "", "", "")

    def _show_overleg(self) -> None:
        grid = Table(expand=True, show_lines=True, header_style="bold", padding=(0, 1))
        for name, ratio in (("Overleg", 2), ("Soort", 2), ("Inbrenger", 1), ("Vraag aan het team", 4),
                            ("Uitkomst", 4), ("Acties", 3)):
            grid.add_column(name, ratio=ratio)
        for item in self.view.discussions:
            start = local(item.meeting_start).date()
            outcome: Text | str
            if item.outcome:
                outcome = Text(f"{OutcomeKind.label_of(item.outcome_kind)}: ", style="bold") + Text(item.outcome)
            elif item.discussed:
                outcome = "besproken, geen uitkomst vastgelegd"
            else:
                outcome = Text("nog niet besproken", style="italic")
            kind = AgendaItemKind.label_of(item.kind) + (" (doorgeschoven)" if item.carried_over else "")
            grid.add_row(f"{short_date(start)} {start.year}", kind, item.presenter_code or "–", item.question, outcome,
                         "\n".join(item.actions) or "–")
        if not self.view.discussions:
            grid.add_row("", "", "", Text("Nog niet besproken in het overleg.", style="italic"), "", "")
        self.query_one("#client-overleg", Static).update(grid)

    def _show_handovers(self) -> None:
        table = self.query_one("#client-handovers", DataTable)
        table.clear()
        for row in self.view.handovers:
            period = ""
            if row.period_start:
                period = f"{numeric_date(row.period_start)} t/m {numeric_date(row.period_end)}"
            acknowledged = numeric_date(local(row.acknowledged_at).date()) if row.acknowledged_at else \
                Text("nog niet", style="bold dark_orange")
            table.add_row(numeric_date(local(row.created_at).date()), row.from_code, row.to_code or "–",
                          HandoverReason.label_of(row.reason), period, acknowledged)
        if not self.view.handovers:
            table.add_row("", "", "", "geen overdrachten", "", "")

    def _show_trajectories(self) -> None:
        table = self.query_one("#client-trajectories", DataTable)
        table.clear()
        for row in self.view.trajectories:
            table.add_row(Hulpvorm.label_of(row.hulpvorm), numeric_date(row.start_date),
                          numeric_date(row.end_date) if row.end_date else "loopt",
                          str(row.planned_conversations), row.end_reason)
        if not self.view.trajectories:
            table.add_row("geen traject", "", "", "", "")
        self._show_huisverbod()

    def _show_huisverbod(self) -> None:
        table = self.query_one("#client-huisverbod", DataTable)
        table.clear()
        for row in self.view.huisverbod:
            table.add_row(numeric_date(row.day), describe_event(row.kind, row.day, row.new_end),
                          row.recorded_by or "–", row.note)
        if not self.view.huisverbod:
            table.add_row("", "geen huisverbod", "", "")

    def _show_log(self) -> None:
        table = self.query_one("#client-log", DataTable)
        table.clear()
        for row in self.view.log:
            moment = local(row.at)
            table.add_row(f"{numeric_date(moment.date())} {moment.format('HH:mm')}", row.user_code,
                          row.on_behalf_of, AuditAction.label_of(row.action), entity_label(row.entity),
                          row.detail)

    # --- huisverbod -----------------------------------------------------------------------

    def action_who_viewed(self) -> None:
        """i: the audit overview on this client, its whole history (a data-protection request)."""
        if self.view is not None:
            from screens.audit.overview import open_audit_overview

            open_audit_overview(self.app, client_code=self.view.detail.code)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "who_viewed":  # only a coordinator sees (and has) the key; models/ refuses others too
            return bool(getattr(self.app.user, "coordinator", False))
        return True

    def action_huisverbod(self) -> None:
        """Extend, end or record a breach of the client's huisverbod (u)."""
        if self.view is None:
            return
        from models.actions import huisverbod as actions

        def found(order) -> None:
            if order is None:
                self.notify("Deze cliënt heeft geen huisverbod: er valt niets bij te werken.", timeout=4)
                return
            from functools import partial

            from screens.client.huisverbod_form import HuisverbodEventForm, stored_fields
            from screens.common.form import Edit

            def load(session):
                version, stored = actions.stored_huisverbod(session, order.client_id)
                return version, stored_fields(stored)

            edit = Edit(partial(actions.change_huisverbod, client_id=order.client_id), version=order.version,
                        load=load, what="het huisverbod opslaan")
            label = client_label(order.code, order.initials, masked=self.app.masked)
            self.app.push_screen(HuisverbodEventForm(edit, order=order, label=label,
                                                     draft_key=f"huisverbod:{order.client_id}"), self._huisverbod_saved)

        self.app.runner.read(self, actions.huisverbod_for_form, self.client_id, done=found,
                             what="het huisverbod laden", group="client-huisverbod")

    def _huisverbod_saved(self, done: Done | None) -> None:
        if done is None:
            return
        self.notify(f"{done.message}. Ctrl+Z maakt ongedaan." if done.undo else f"{done.message}.", timeout=4)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
