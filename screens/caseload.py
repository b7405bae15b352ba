"""Caseload (4): weighted load per worker as bars, the selected worker's clients, and the figures
for the overleg (registrations this month, waiting times, the waiting list per week as a chart).

Client keys (on the lower table): f fase wijzigen · v vervolgtraject · a traject afsluiten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Sparkline
from screens.plain import Label
from textual.worker import Worker, WorkerState

from models.clock import today
from models.dutch import numeric_date, week_label
from models.enums import Fase, Hulpvorm
from models.errors import DomainError
from screens.format import client_label, warn_if_close
from screens.section import SectionScreen
from screens.table import BoardTable, row_key_of
from screens.workers import db_work

if TYPE_CHECKING:
    from models.queries.caseload import ClientForAction

BAR_WIDTH = 30
OVERVIEW_BAR_WIDTH = 20  # the worker table shares the width with the figures panel
CLIENT_ACTIONS = ("change_fase", "follow_up", "close_trajectory")


def load_bar(weighted: float, capacity: float, width: int = BAR_WIDTH) -> Text:
    """A bar of the weighted load against capacity; nearly full orange, over capacity red."""
    ratio = weighted / capacity if capacity else 0
    filled = min(width, round(ratio * width))
    colour = "green" if ratio < 0.85 else "dark_orange" if ratio <= 1.0 else "red"
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
    figures: Any  # models.waitlist_stats.WaitlistFigures
    settings: dict


class CaseloadScreen(SectionScreen):
    MODE = "caseload"
    CSS_PATH = "caseload.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.selected_worker: int | None = None
        self.loads: list = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="caseload-top"):
            with Vertical(id="caseload-left"):
                yield Label("Caseload per medewerker (gewogen naar fase en hulpvorm, volgens de teaminstellingen)", classes="block-title")
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
        self.query_one("#caseload-workers", DataTable).add_columns(
            "Medewerker", "Uren", "Actief", "Fase 1", "Gewogen", "Vol bij", "Belasting", "")
        self.query_one("#caseload-clients", DataTable).add_columns(
            "Code", "Fase", "Hulpvorm", "Gesprekken", "Laatste contact", "Volgend contact", "Top-3 leeftijd",
            "Huisverbod tot")
        self.reload()

    def fetch(self, session):
        from models.queries.caseload import caseload_overview
        from models.settings import team_settings
        from models.waitlist_stats import overleg_figures

        return CaseloadData(loads=caseload_overview(session), figures=overleg_figures(session, today()),
                            settings=team_settings(session))

    def show(self, data: CaseloadData) -> None:
        from models.caseload import load_state  # pure module: no SQLModel

        loads = data.loads
        self.loads = loads
        table = self.query_one("#caseload-workers", DataTable)
        row = table.cursor_row
        table.clear()
        for load in loads:
            state = load_state(load.weighted, load.capacity)
            table.add_row(
                f"{load.worker.code} {load.worker.name}", f"{load.contract_hours:g}", str(load.active),
                str(load.fase_1), nl(load.weighted), nl(load.capacity),
                load_bar(load.weighted, load.capacity, width=OVERVIEW_BAR_WIDTH),
                Text(state, style="bold red" if state == "over capaciteit" else "bold dark_orange"
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
        self.selected_worker = worker_id
        self._load_clients(worker_id)

    @db_work("caseload-clients", what="de cliënten laden")
    def _load_clients(self, worker_id: int) -> None:
        from models.queries.caseload import worker_clients

        with self.app.database.session() as session:
            rows = worker_clients(session, worker_id, today())
        self.app.call_from_thread(self._show_clients, worker_id, rows)

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

    def _with_client(self, then: Callable[[ClientForAction], None]) -> None:
        client_id = self.selected_client()
        if client_id is None:
            self.notify("Kies eerst een cliënt in de onderste lijst.", severity="warning")
            return
        self._fetch_client(client_id, then)

    @db_work("caseload-action", failure=None)
    def _fetch_client(self, client_id: int, then) -> None:
        from models.queries.caseload import client_for_action

        with self.app.database.session(self.app.actor) as session:
            client = client_for_action(session, client_id)
        if client is None:
            self.app.call_from_thread(self.notify, "Deze cliënt is niet meer actief.", severity="error")
            self.app.call_from_thread(self.reload)
            return
        self.app.call_from_thread(then, client)

    def _writer(self, write: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
        def saver(data: Any) -> Any:
            with self.app.database.session(self.app.actor, write=True) as session:
                return write(session, data)
        return saver

    def _done(self, message: str) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            if result is not None:
                self.notify(message, timeout=4)
                self.reload()
        return done

    def label(self, client: ClientForAction) -> str:
        return client_label(client.code, client.initials, masked=self.masked)

    def action_change_fase(self) -> None:
        def ask(client: ClientForAction) -> None:
            from screens.confirm import ConfirmScreen

            target = Fase.FASE_2 if client.fase == Fase.FASE_1 else Fase.FASE_1
            why = ("(ten minste zes maanden zonder onveiligheid)" if target == Fase.FASE_2
                   else "(er is weer structurele onveiligheid)")
            question = f"{self.label(client)}: van {Fase.label_of(client.fase)} naar {target.label} {why}?"

            def answered(yes: bool | None) -> None:
                if yes:
                    self._change_fase(client, target.value)

            self.app.push_screen(ConfirmScreen(question, yes=f"naar {target.label.lower()}", no="niet"), answered)

        self._with_client(ask)

    @db_work("caseload-write", failure=None)
    def _change_fase(self, client: ClientForAction, fase: str) -> None:
        from models.caseload import change_fase

        with self.app.database.session(self.app.actor, write=True) as session:
            change_fase(session, client.id, client.version, fase)
        self.app.call_from_thread(self.notify, f"{self.label(client)} staat nu in {Fase.label_of(fase).lower()}.",
                                  timeout=4)
        self.app.call_from_thread(self.reload)

    def action_follow_up(self) -> None:
        def open_form(client: ClientForAction) -> None:
            from models.caseload import start_follow_up
            from screens.caseload_trajectory import FollowUpForm

            def write(session, data):
                return start_follow_up(session, client.id, client.version, data["hulpvorm"], start=data["start"],
                                       planned_conversations=data["planned"], end_reason=data["end_reason"])

            self.app.push_screen(FollowUpForm(self._writer(write), client=client, label=self.label(client)),
                                 self._done(f"Vervolgtraject voor {self.label(client)} gestart."))

        self._with_client(open_form)

    def action_close_trajectory(self) -> None:
        def open_form(client: ClientForAction) -> None:
            from models.caseload import close_trajectory
            from screens.caseload_trajectory import CloseTrajectoryForm

            def write(session, data):
                close_trajectory(session, client.id, client.version, data["reason"],
                                 close_client=data["close_client"], melding_date=data.get("melding_date"),
                                 melding_note=data.get("melding_note", ""))
                return client.id

            self.app.push_screen(CloseTrajectoryForm(self._writer(write), client=client, label=self.label(client)),
                                 self._done(f"Traject van {self.label(client)} afgesloten."))

        self._with_client(open_form)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.worker.group in ("caseload-action", "caseload-write") and event.state is WorkerState.ERROR:
            error = event.worker.error
            message = str(error) if isinstance(error, DomainError) else \
                "Dat is niet gelukt (database niet bereikbaar of bezet). Probeer het opnieuw."
            self.notify(message, title="Niet opgeslagen", severity="error", timeout=8)
            self.reload()
