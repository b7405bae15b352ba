"""Auditoverzicht: who did what with which client, for a coordinator (Ctrl+P "Auditoverzicht").

Filters on top — Medewerker (code), Cliënt (code), Actie, Van, Tot (team days, both included;
default the last 30 days, or everything when opened for one client) — then the matching entries of
the audit log newest first, and a count line ("124 regels · 38 keer ingezien") with who read how
often. The table has the focus; `f` goes to the filters (Tab between them), Enter in a filter field
applies the filters and goes back to the table (a changed Actie applies at once); `x` exports what the filters select as Markdown to the export folder (models/audit_overview.py
writes it, 0600, and logs the export itself). A date that cannot be read is said in Dutch under the
filters, and the field is marked.

Only a coordinator sees this screen: `open_audit_overview` refuses anyone else, and the model
refuses again (a screen never decides access on its own). Everything shown is plain text.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input

from models.clock import today
from models.dutch_parse import ParseError
from models.enums import AuditAction
from models.errors import DomainError
from screens.common.footer import TeambordFooter
from screens.common.form import DateInput
from screens.common.header import TeambordHeader
from screens.common.plain import Label, Select
from screens.common.table import BoardTable
from tui.keymap import AUDIT_OVERVIEW_KEYS, bindings

if TYPE_CHECKING:
    from textual.app import App

    from models.actions import Done
    from models.audit_overview import AuditFilter, AuditPage

TITLE = "Auditoverzicht"
REFUSED = "Alleen een coördinator kan het auditoverzicht inzien."  # = models.audit_overview.NOT_A_COORDINATOR
COLUMNS = ("Wanneer", "Wie", "Namens", "Actie", "Wat", "Cliënt", "Details")
DEFAULT_DAYS = 30
FIELD_NAMES = {"audit-worker": "Medewerker", "audit-client": "Cliënt", "audit-action": "Actie",
               "audit-from": "Van", "audit-to": "Tot"}


def open_audit_overview(app: App, client_code: str | None = None) -> None:
    """The palette's "Auditoverzicht" (and, for one client, the client page's key): push the
    overview for a coordinator, or say that only a coordinator may see it."""
    user = getattr(app, "user", None)
    if user is None or not getattr(user, "coordinator", False):
        app.notify(REFUSED, title=TITLE, severity="warning", timeout=6)
        return
    if getattr(app, "database", None) is None or isinstance(app.screen, AuditOverview):
        return
    app.push_screen(AuditOverview(client_code=client_code))


def action_options() -> list[tuple[str, str]]:
    return [("Alle", ""), *((action.label, action.value) for action in AuditAction)]


class AuditOverview(Screen[None]):
    CSS_PATH = "overview.tcss"
    BINDINGS = bindings(AUDIT_OVERVIEW_KEYS)

    def __init__(self, client_code: str | None = None) -> None:
        super().__init__()
        self.client_code = (client_code or "").strip().upper()
        self.page: AuditPage | None = None
        self.exporting = False

    def compose(self) -> ComposeResult:
        end = today()
        # One client's whole history is short and is what a request asks; the team's is long.
        start = None if self.client_code else end - timedelta(days=DEFAULT_DAYS - 1)
        yield TeambordHeader(TITLE)
        with Horizontal(id="audit-filters"):
            yield self._field("Medewerker", Input(placeholder="code", id="audit-worker", max_length=8))
            yield self._field("Cliënt", Input(self.client_code, placeholder="code", id="audit-client",
                                              max_length=16))
            yield self._field("Actie", Select(action_options(), value="", allow_blank=False, id="audit-action"))
            yield self._field("Van", DateInput(start, id="audit-from"))
            yield self._field("Tot", DateInput(end, id="audit-to"))
        yield Label("", id="audit-error")
        yield Label("Wordt geladen…", id="audit-count")
        yield Label("", id="audit-reads")
        yield BoardTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield TeambordFooter(compact=True)

    @staticmethod
    def _field(label: str, widget) -> Vertical:
        return Vertical(Label(label, classes="audit-field-label"), widget, classes="audit-field")

    def on_mount(self) -> None:
        self.query_one("#audit-table", DataTable).add_columns(*COLUMNS)
        self.apply()  # the table has the focus: x, f, q work at once (a focused field would type them)

    # --- the filters ----------------------------------------------------------------------------

    def collect(self) -> AuditFilter | None:
        """The filter as typed, or None after showing what is wrong at the field."""
        from models.audit_overview import AuditFilter

        self.show_error(None, "")
        action = self.query_one("#audit-action", Select).value
        try:
            start = self._date("audit-from")
            end = self._date("audit-to")
            return AuditFilter(worker=self.query_one("#audit-worker", Input).value,
                               client=self.query_one("#audit-client", Input).value,
                               action="" if action is Select.NULL else str(action), start=start, end=end)
        except DomainError as problem:
            self.show_error(problem.field, str(problem))
            return None

    def _date(self, field_id: str):
        widget = self.query_one(f"#{field_id}", DateInput)
        if not widget.value.strip():
            return None  # no start: from the beginning; no end: up to now
        try:
            return widget.parsed()
        except ParseError as problem:
            raise DomainError(str(problem), field=field_id) from None

    def show_error(self, field_id: str | None, message: str) -> None:
        for widget in self.query("#audit-filters Input"):
            widget.set_class(False, "-invalid")
        line = self.query_one("#audit-error", Label)
        if field_id and message and self.query(f"#{field_id}"):
            widget = self.query_one(f"#{field_id}")
            widget.set_class(True, "-invalid")
            widget.focus()
            message = f"{FIELD_NAMES.get(field_id, field_id)}: {message}"
        line.update(message)
        line.set_class(bool(message), "-shown")

    def action_apply(self) -> None:
        self.apply()

    def action_reload(self) -> None:
        self.apply(move_to_table=False)

    def action_focus_filters(self) -> None:
        self.query_one("#audit-worker", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply()

    @on(Select.Changed, "#audit-action")
    def _action_chosen(self, _event: Select.Changed) -> None:
        if self.is_mounted and self.page is not None:
            self.apply(move_to_table=False)

    def apply(self, *, move_to_table: bool = True) -> None:
        from models.audit_overview import audit_rows

        audit_filter = self.collect()
        if audit_filter is None:
            return
        if move_to_table:
            self.query_one("#audit-table", DataTable).focus()
        self.app.runner.read(self, audit_rows, audit_filter, done=self._show, failed=self._refused,
                             what="het auditoverzicht laden", group="audit-overview")

    def _refused(self, problem: DomainError) -> None:
        self.query_one("#audit-count", Label).update(str(problem))
        self.app.notify(str(problem), title=TITLE, severity="warning", timeout=8)

    def _show(self, page: AuditPage) -> None:
        self.page = page
        self.query_one("#audit-count", Label).update(page.summary_line())
        reads = self.query_one("#audit-reads", Label)
        reads.update(page.reads_line())
        reads.set_class(bool(page.reads_line()), "-shown")
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        for row in page.rows:
            table.add_row(row.when, row.user_code, row.on_behalf_of or "", row.action_label, row.what,
                          row.client_code or "–", row.detail, key=str(row.id))

    # --- export ---------------------------------------------------------------------------------

    def action_export(self) -> None:
        from models.actions.audit_overview import export_audit_overview
        from tui.exports import export_folder

        if self.exporting:
            return  # one file, one audit entry
        audit_filter = self.collect()
        if audit_filter is None:
            return
        try:
            folder = export_folder(self.app.config)
        except DomainError as problem:
            self.app.notify(str(problem), title="Niet geëxporteerd", severity="warning", timeout=10)
            return
        self.exporting = True

        def saved(done: Done) -> None:
            from tui.exports import saved_message

            self.exporting = False
            self.app.notify(saved_message(done.value), title=TITLE, timeout=10)
            self.apply(move_to_table=False)  # the export is in the log now

        def failed(problem: DomainError) -> None:
            self.exporting = False
            self.app.notify(str(problem), title="Niet geëxporteerd", severity="warning", timeout=10)

        self.app.runner.write(self, export_audit_overview, audit_filter, folder, undoable=False,
                              what="het auditoverzicht exporteren", done=saved, failed=failed, group="audit-export")

    def action_close(self) -> None:
        self.dismiss(None)
