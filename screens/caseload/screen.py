"""Caseload (4): weighted load per worker as bars, the selected worker's clients, and the figures
for the overleg (registrations this month, waiting times, the waiting list per week as a chart).

Client keys (on the lower table): f fase wijzigen · v vervolgtraject · a traject afsluiten.
Each move goes through the app's runner (models/actions/caseload.py), based on the version the
client had when the dialog opened; Ctrl+Z takes it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Sparkline
from screens.common.plain import Label

from models.actions import caseload as actions
from models.clock import today
from models.dutch import numeric_date, week_label
from models.enums import Fase, Hulpvorm
from screens.common.form import Edit, Fields
from screens.common.format import client_label, warn_if_close
from screens.common.section import SectionScreen
from screens.common.table import BoardTable, row_key_of

if TYPE_CHECKING:
    from models.actions import Done
    from models.caseload.write import CaseloadVersion
    from models.errors import DomainError
    from models.caseload.queries import ClientForAction

BAR_WIDTH = 30
OVERVIEW_BAR_WIDTH = 20  # the worker table shares the width with the figures panel
NARROW = 120  # below this many columns (80×24) the figures give way to the bars (issue 15)
NARROW_BAR_WIDTH = 8
CLIENT_ACTIONS = ("change_fase", "follow_up", "close_trajectory")


def load_bar(weighted: float, capacity: float, width: int = BAR_WIDTH) -> Text:
    """A bar of the weighted load against capacity; nearly full orange, over capacity red.

    Over capacity is more than a colour (a projector or a colour-blind eye may not tell red from
    orange): the full bar ends in "▶" and the share over 100% is written as "+18%".
    """
    ratio = weighted / capacity if capacity else 0
    if ratio > 1.0 and round(ratio * 100) > 100:
        return (Text("█" * (width - 1), style="red") + Text("▶", style="bold red")
                + Text(f" +{ratio - 1:.0%}", style="bold red"))
    filled = min(width, round(ratio * width))
    colour = "green" if ratio < 0.85 else "dark_orange"
    return Text("█" * filled, style=colour) + Text("░" * (width - filled), style="dim") + Text(f" {ratio:4.0%}")


def nl(value: float) -> str:
    """A number with one decimal and a Dutch decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def age_text(since, day) -> Text:
    """Age of the current Top-3: '12 d', '5 wk', '7 mnd'; old plans (over 3 months) stand out."""
    if since is None:
        return Text("geen", style="bold dark_orange")
    days = (day - since).days
    label = f"{days} d" if days < 28 else f"{days // 7} wk" if days < 91 else f"{days // 30} mnd"
    return Text(label, style="dark_orange" if days > 91 else "")


@dataclass(frozen=True)
class CaseloadData:
    loads: list
    figures: Any  # models.waitlist.stats.WaitlistFigures
    settings: dict


class CaseloadScreen(SectionScreen):
    MODE = "caseload"
    CSS_PATH = "caseload.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        self.selected_worker: int | None = None
        self.loads: list = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="caseload-top"):
            with Vertical(id="caseload-left"):
                yield Label("Caseload per medewerker, gewogen naar fase en hulpvorm (teaminstellingen)",
                            classes="block-title")
                yield BoardTable(id="caseload-workers", cursor_type="row")
                yield Label("", id="caseload-weights")
            with Vertical(id="caseload-figures"):
                yield Label("Cijfers voor het overleg", classes="block-title")
                yield Label("", id="caseload-figures-text")
                yield Sparkline([], id="caseload-sparkline")
                yield Label("", id="caseload-sparkline-axis")
        yield Label("", id="caseload-clients-title", classes="block-title")
        yield BoardTable(id="caseload-clients", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#caseload-clients", DataTable).add_columns(
            "Code", "Fase", "Hulpvorm", "Gesprekken", "Laatste contact", "Volgend contact", "Top-3 leeftijd",
            "Huisverbod tot")
        self.reload()

    def fetch(self, session):
        from models.caseload.queries import caseload_overview
        from models.settings import team_settings
        from models.waitlist.stats import overleg_figures

        return CaseloadData(loads=caseload_overview(session), figures=overleg_figures(session, today()),
                            settings=team_settings(session))

    def show(self, data: CaseloadData) -> None:
        from models.caseload.write import load_state  # pure module: no SQLModel

        loads = data.loads
        self.loads = loads
        self._data = data
        self._shown_narrow = narrow = self.size.width < NARROW
        table = self.query_one("#caseload-workers", DataTable)
        row = table.cursor_row
        # A DataTable keeps its widest column widths through clear(): across the 120-column line the
        # columns are made anew, so the narrow table really is narrow.
        table.clear(columns=narrow != getattr(self, "_columns_narrow", None))
        if not table.columns:
            table.add_columns("Medewerker", "Uren", "Actief", "Fase 1", "Gewogen", "Vol bij", "Belasting", "")
            self._columns_narrow = narrow
        for load in loads:
            state = load_state(load.weighted, load.capacity)
            table.add_row(
                load.worker.code if narrow else f"{load.worker.code} {load.worker.name}",
                f"{load.contract_hours:g}", str(load.active), str(load.fase_1), nl(load.weighted), nl(load.capacity),
                load_bar(load.weighted, load.capacity, width=NARROW_BAR_WIDTH if narrow else OVERVIEW_BAR_WIDTH),
                Text("te vol" if narrow and state == "over capaciteit" else state, style="bold red" if state == "over capaciteit" else "bold dark_orange"
                     if state in ("vol", "bijna vol") else "green"),
                key=str(load.worker.id),
            )
        s = data.settings
        def g(key: str) -> str:
            return f"{float(s[key]):g}".replace(".", ",")

        self.query_one("#caseload-weights", Label).update(
            f"Gewicht: fase 1 ×{g('weight_fase_1')} · fase 2 ×{g('weight_fase_2')} · maal hulpvorm "
            f"(training ×{g('weight_hulpvorm_sterk')}, crisis ×{g('weight_hulpvorm_crisismodule')}) · "
            f"vol bij {g('clients_per_fulltime')} per {g('fulltime_hours')} uur")
        self._show_figures(data.figures)
        if loads:
            table.move_cursor(row=min(row, len(loads) - 1))
            self._show_worker(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def on_resize(self) -> None:
        """Across the 120-column line the worker table is drawn again, shorter or longer."""
        data = getattr(self, "_data", None)
        if data is not None and (self.size.width < NARROW) != self._shown_narrow:
            self.show(data)

    def _show_figures(self, f) -> None:
        median = f"{f.median_wait_days:g} d" if f.median_wait_days is not None else "–"
        longest = f"{f.longest_wait_days} d ({f.longest_code})" if f.longest_code else "–"
        lengths = [count for _monday, count in f.weeks]
        self.query_one("#caseload-figures-text", Label).update(
            f"Aanmeldingen in {f.month}: {f.registrations_this_month}\n"
            f"Op de wachtlijst nu: {f.waiting_now}\n"
            f"Wachttijd: mediaan {median}\n"
            f"Langste wachttijd: {longest}\n"
            f"Wachtlijst per week, laatste {len(lengths)} weken\n"
            f"(laagste {min(lengths, default=0)}, hoogste {max(lengths, default=0)}, "
            f"nu {lengths[-1] if lengths else 0}):")
        self.query_one("#caseload-sparkline", Sparkline).data = lengths
        if f.weeks:
            first, last = week_label(f.weeks[0][0]), week_label(f.weeks[-1][0])
            self.query_one("#caseload-sparkline-axis", Label).update(f"{first} … {last}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = row_key_of(event)
        if event.data_table.id == "caseload-workers" and key:
            self._show_worker(int(key))
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = row_key_of(event)
        if event.data_table.id == "caseload-clients" and key:
            self.app.open_client(int(key))

    def action_open_selected(self) -> None:
        client_id = self.selected_client()
        if client_id is not None:
            self.app.open_client(client_id)

    def selected_client(self) -> int | None:
        clients = self.query_one("#caseload-clients", DataTable)
        if not clients.row_count:
            return None
        return int(clients.coordinate_to_cell_key(clients.cursor_coordinate).row_key.value)

    def _show_worker(self, worker_id: int) -> None:
        from models.caseload.queries import worker_clients

        self.selected_worker = worker_id
        self.app.runner.read(self, worker_clients, worker_id, today(), done=partial(self._show_clients, worker_id),
                             what="de cliënten laden", group="caseload-clients")

    def _show_clients(self, worker_id: int, rows) -> None:
        if worker_id != self.selected_worker:
            return  # the user moved on while this loaded
        name = next((w.name for w in self.app.team if w.id == worker_id), "")
        load = next((l for l in self.loads if l.worker.id == worker_id), None)
        summary = f" — gewogen {nl(load.weighted)}, vol bij {nl(load.capacity)}" if load else ""
        self.query_one("#caseload-clients-title", Label).update(
            f"Cliënten van {name} ({len(rows)}){summary} · f fase · v vervolgtraject · a afsluiten")
        table = self.query_one("#caseload-clients", DataTable)
        keep = self.selected_client() if table.row_count else None
        table.clear()
        day = today()
        for r in rows:
            progress = Text(f"{r.done}/{r.planned}", style="bold" if r.planned and r.done >= r.planned else "")
            table.add_row(
                client_label(r.code, r.initials, masked=self.masked), Fase.label_of(r.fase),
                Hulpvorm.label_of(r.hulpvorm), progress, numeric_date(r.last_contact),
                numeric_date(r.next_contact), age_text(r.top3_date, day),
                warn_if_close(r.huisverbod_end, day) if r.huisverbod_end else "", key=str(r.id),
            )
        if keep is not None:
            index = next((i for i, r in enumerate(rows) if r.id == keep), None)
            if index is not None:
                table.move_cursor(row=index)
        self.refresh_bindings()

    # --- client actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLIENT_ACTIONS:
            return True if self.is_mounted and self.selected_client() is not None else None
        return True

    def _with_client(self, then: Callable[[ClientForAction, CaseloadVersion], None]) -> None:
        """The selected client as it is now, with the version a move is based on, then `then`."""
        client_id = self.selected_client()
        if client_id is None:
            self.notify("Kies eerst een cliënt in de onderste lijst.", severity="warning")
            return

        def found(result: tuple[ClientForAction, CaseloadVersion] | None) -> None:
            if result is None:
                self.notify("Deze cliënt is niet meer actief.", severity="error")
                self.reload()
            else:
                then(*result)

        self.app.runner.read(self, actions.client_for_move, client_id, done=found, what="de cliënt laden",
                             group="caseload-action")

    def _moved(self, done: Done | None) -> None:
        """A move saved (None: the form was closed without saving)."""
        if done is None:
            return
        self.notify(f"{done.message}. Ctrl+Z maakt ongedaan." if done.undo else f"{done.message}.", timeout=4)
        self.reload()

    def _refused(self, problem: DomainError) -> None:
        """A one-key move refused (mostly: a colleague changed the client meanwhile): say so, show it as it is now."""
        self.notify(str(problem), title="Niet opgeslagen", severity="warning", timeout=8)
        self.reload()

    def label(self, client: ClientForAction) -> str:
        return client_label(client.code, client.initials, masked=self.masked)

    def action_change_fase(self) -> None:
        def ask(client: ClientForAction, _version: CaseloadVersion) -> None:
            from screens.common.confirm import ConfirmScreen

            target = Fase.FASE_2 if client.fase == Fase.FASE_1 else Fase.FASE_1
            why = ("(ten minste zes maanden zonder onveiligheid)" if target == Fase.FASE_2
                   else "(er is weer structurele onveiligheid)")
            question = f"{self.label(client)}: van {Fase.label_of(client.fase)} naar {target.label} {why}?"

            def answered(yes: bool | None) -> None:
                if yes:
                    self.app.runner.write(self, actions.change_fase, client.id, client.version, target.value,
                                          what="de fase wijzigen", done=self._moved, failed=self._refused)

            self.app.push_screen(ConfirmScreen(question, yes=f"naar {target.label.lower()}", no="niet"), answered)

        self._with_client(ask)

    def action_follow_up(self) -> None:
        from screens.caseload.trajectory_forms import FollowUpForm

        def open_form(client: ClientForAction, version: CaseloadVersion) -> None:
            edit = Edit(partial(actions.start_follow_up, client_id=client.id), version=version,
                        load=partial(_stored, client.id), what="het vervolgtraject opslaan")
            self.app.push_screen(FollowUpForm(edit, client=client, label=self.label(client),
                                              draft_key=f"followup:{client.id}"), self._moved)

        self._with_client(open_form)

    def action_close_trajectory(self) -> None:
        from screens.caseload.trajectory_forms import CloseTrajectoryForm

        def open_form(client: ClientForAction, version: CaseloadVersion) -> None:
            edit = Edit(partial(actions.close_trajectory, client_id=client.id), version=version,
                        load=partial(_stored, client.id), what="het traject afsluiten")
            self.app.push_screen(CloseTrajectoryForm(edit, client=client, label=self.label(client),
                                                     draft_key=f"close:{client.id}"), self._moved)

        self._with_client(open_form)


def _stored(client_id: int, session) -> tuple[CaseloadVersion, Fields]:
    """What a caseload form merges in after a refusal (Ctrl+L): the client and its version now."""
    from models.errors import NotFound
    from screens.caseload.trajectory_forms import stored_fields

    found = actions.client_for_move(session, client_id)
    if found is None:
        raise NotFound("Deze cliënt is intussen afgesloten of verwijderd.")
    client, version = found
    return version, stored_fields(client)
