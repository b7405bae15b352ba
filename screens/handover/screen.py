"""Overdracht (6): handovers to me, from me, or all; my drafts first, then unacknowledged with age.

Enter opens a handover (SBAR and what goes with it), n writes a new one (offering an open draft
first), e edits or continues a draft, b acknowledges one to me, x exports it as Markdown. Every
change goes through the app's runner (screens/handover/flow.py); Ctrl+Z (app-wide) undoes it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable
from screens.common.plain import Label, Static

from models.clock import local, now
from models.dutch import numeric_date, short_date
from models.enums import HandoverReason
from screens.handover.flow import discard_draft, edit_handover, export, new_handover
from screens.handover.page import HandoverView, age
from screens.common.section import SectionScreen
from screens.common.table import BoardTable

FILTERS = [("to_me", "Aan mij"), ("from_me", "Van mij"), ("all", "Alle")]


class HandoverScreen(SectionScreen):
    MODE = "overdracht"
    CSS_PATH = "handovers.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.which = "to_me"
        self.rows: dict[str, object] = {}

    def compose_body(self) -> ComposeResult:
        yield Label("", id="handover-title", classes="block-title")
        yield BoardTable(id="handover-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="handover-preview")
        yield Label("", id="handover-hint")

    def on_mount(self) -> None:
        self.query_one("#handover-table", DataTable).add_columns(
            "Status", "Van", "Aan", "Reden", "Cliënten", "Periode", "Geschreven", "Aanbeveling")
        self.reload()

    def fetch(self, session):
        from models.handover.queries import handover_list

        return handover_list(session, self.app.user.id, self.which)

    def show(self, data) -> None:
        rows = data.rows
        label = dict(FILTERS)[data.which]
        sent = [r for r in rows if not r.is_draft]
        open_count = sum(1 for r in sent if r.acknowledged_at is None)
        drafts = len(rows) - len(sent)
        concept = f", {drafts} concept{'en' if drafts != 1 else ''}" if drafts else ""
        self.query_one("#handover-title", Label).update(
            f"Overdrachten · {label} ({len(sent)}, {open_count} niet bevestigd{concept}) — f wisselt")
        table = self.query_one("#handover-table", DataTable)
        selected = self.selected_key()
        table.clear()
        self.rows = {}
        moment = now()
        me = self.app.user.id
        for r in rows:
            if r.is_draft:
                status = Text("concept", style="bold italic")
            elif r.acknowledged_at:
                status = Text("bevestigd", style="green")
            else:
                mine = " · aan u" if r.to_worker_id == me and data.which != "to_me" else ""
                status = Text(f"open · {age(r.created_at, moment)}{mine}", style="bold dark_orange")
            period = f"{numeric_date(r.period_start)} – {numeric_date(r.period_end)}" if r.period_start else ""
            key = str(r.id)
            self.rows[key] = r
            table.add_row(status, r.from_code, r.to_code or "", HandoverReason.label_of(r.reason),
                          ", ".join(r.client_codes), period, short_date(local(r.created_at).date()),
                          r.aanbeveling.replace("\n", " ")[:60], key=key)
        if not rows:
            table.add_row("", "", "", "Geen overdrachten", "", "", "", "")
        elif selected in self.rows:
            table.move_cursor(row=table.get_row_index(selected))
        hint = "Concept: e schrijft verder, Delete verwijdert het concept." if drafts else ""
        self.query_one("#handover-hint", Label).update(hint)

    # --- the selected handover ------------------------------------------------------------

    def selected_key(self) -> str | None:
        table = self.query_one("#handover-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if key in self.rows else None

    def selected(self):
        key = self.selected_key()
        return self.rows.get(key) if key else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.rows.get(event.row_key.value) if event.row_key else None
        preview = Text()
        if row is not None:
            clients = ", ".join(row.client_codes) or "geen cliënten (algemene overdracht)"
            preview.append(f"{HandoverReason.label_of(row.reason)} van {row.from_code} aan {row.to_code or '–'} · ",
                           style="bold")
            preview.append(f"{clients}\n")
            preview.append("Aanbeveling: ", style="bold")
            preview.append(row.aanbeveling or "–")
            preview.append("\nEnter: de hele overdracht met Top-3, veiligheidsafspraken, acties en afspraken",
                           style="dim")
        self.query_one("#handover-preview", Static).update(preview)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_selected()

    def action_open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.is_draft:
            self.action_edit_selected()
        else:
            self.app.push_screen(HandoverView(row.id))

    def action_new_handover(self) -> None:
        new_handover(self, on_done=self._changed)

    def action_edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            edit_handover(self, row.id, on_done=self._changed)

    def action_acknowledge_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.to_worker_id != self.app.user.id or row.is_draft:
            self.notify(f"Alleen {row.to_code or 'de ontvanger'} kan deze overdracht bevestigen.", severity="warning")
        elif row.acknowledged_at is not None:
            self.notify("Deze overdracht is al bevestigd.", severity="warning")
        else:
            # Read it first: the page opens and asks for the acknowledgement on top of it.
            self.app.push_screen(HandoverView(row.id, acknowledge=True))

    def action_export_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.is_draft:
            self.notify("Een concept kan niet worden geëxporteerd; verstuur het eerst.", severity="warning")
            return
        export(self, row.id)

    def action_discard_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not row.is_draft:
            self.notify("Alleen een concept kan worden verwijderd.", severity="warning")
            return
        discard_draft(self, row.id, on_done=self._changed)

    def _changed(self, _done) -> None:
        self.reload()

    def action_cycle_filter(self) -> None:
        keys = [key for key, _ in FILTERS]
        self.which = keys[(keys.index(self.which) + 1) % len(keys)]
        self.reload()
