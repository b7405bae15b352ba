"""Past meetings (browsable) and, per client, every time the team discussed them."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable
from screens.common.plain import Label

from models.clock import local
from models.dutch import clock_time, long_date, short_date
from models.enums import AgendaItemKind, MeetingStatus, OutcomeKind
from screens.common.table import BoardTable, row_key_of
from tui.keymap import MODAL_CLOSE, bindings

HISTORY_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 150; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }}
{name} .history-title {{ text-style: bold; color: $accent; padding-bottom: 1; }}
{name} BoardTable {{ height: 1fr; }}
{name} .history-hint {{ color: $text-muted; }}
"""


class MeetingListScreen(ModalScreen[int | None]):
    """All meetings, newest first; Enter opens one in the Overleg section."""

    DEFAULT_CSS = HISTORY_CSS.format(name="MeetingListScreen")
    BINDINGS = bindings([MODAL_CLOSE])

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Alle overleggen (nieuwste eerst)", classes="history-title")
            yield BoardTable(id="history-meetings", cursor_type="row", zebra_stripes=True)
            yield Label("Enter opent het overleg · Esc of q sluit", classes="history-hint")

    def on_mount(self) -> None:
        table = self.query_one("#history-meetings", DataTable)
        table.add_columns("Datum", "Tijd", "Status", "Voorzitter", "Notulist", "Punten", "Besproken",
                          "Doorgeschoven", "Acties")
        table.focus()
        self._load()

    def _load(self) -> None:
        from models.overleg.queries import meeting_summaries

        self.app.runner.read(self, partial(meeting_summaries, limit=200), done=self._show,
                             what="eerdere overleggen laden", group="history-load")

    def _show(self, summaries) -> None:
        table = self.query_one("#history-meetings", DataTable)
        table.clear()
        for s in summaries:
            table.add_row(long_date(local(s.start).date()), clock_time(s.start), MeetingStatus.label_of(s.status),
                          s.chair_code or "–", s.minute_taker_code or "–", str(s.items), str(s.discussed),
                          str(s.carried), str(s.actions), key=str(s.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = row_key_of(event)
        if key:
            self.dismiss(int(key))

    def action_close(self) -> None:
        self.dismiss(None)


class ClientDiscussionsScreen(ModalScreen[None]):
    """Every past discussion of one client with its outcome (opening it is logged as a read)."""

    DEFAULT_CSS = HISTORY_CSS.format(name="ClientDiscussionsScreen")
    BINDINGS = bindings([MODAL_CLOSE])

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Eerdere besprekingen", id="discussions-title", classes="history-title")
            yield BoardTable(id="discussions", cursor_type="row", zebra_stripes=True)
            yield Label("Esc of q sluit", classes="history-hint")

    def on_mount(self) -> None:
        table = self.query_one("#discussions", DataTable)
        table.add_columns("Overleg", "Soort", "Inbrenger", "Vraag", "Uitkomst", "Acties")
        table.focus()
        self._load()

    def _load(self) -> None:
        from models.actions.overleg import client_discussions

        self.app.runner.read(self, client_discussions, self.client_id, audited=True, done=self._show,
                             what="besprekingen laden", group="discussions-load")

    def _show(self, found: tuple[str | None, list]) -> None:
        code, rows = found
        self.query_one("#discussions-title", Label).update(f"Eerdere besprekingen van {code} ({len(rows)})")
        table = self.query_one("#discussions", DataTable)
        table.clear()
        for d in rows:
            if d.discussed:
                outcome = f"{OutcomeKind.label_of(d.outcome_kind)}: {d.outcome}" if d.outcome_kind else d.outcome
            else:
                outcome = "niet besproken, doorgeschoven"
            actions = "; ".join(f"{a.owner_code}: {a.what} ({short_date(a.due) if a.due else '–'})" for a in d.actions)
            table.add_row(short_date(local(d.meeting_start).date()), AgendaItemKind.label_of(d.kind),
                          d.presenter_code or "", d.question, outcome or "–", actions or "–", key=str(d.item_id))

    def action_close(self) -> None:
        self.dismiss(None)
