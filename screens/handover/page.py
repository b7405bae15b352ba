"""One handover on a page: SBAR, and per client the current Top-3, running safety agreements, open
actions, the huisverbod with its events, and appointments in the period. The receiver acknowledges
it here (b); the writer edits (e); x exports it as Markdown (codes only), X with initials. Opening
it is logged per client (an audited read through the runner). Ctrl+Z takes back the section's
newest change, such as the acknowledgement just made here, and the page shows the handover as it is
again.
"""

from __future__ import annotations

from functools import partial

from rich.console import Group
from screens.common.plain import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import TextArea
from screens.common.plain import Label, Static

from models.actions import Done
from models.actions import handover as actions
from models.client.huisverbod_text import event_text, summary_text
from models.clock import local, now
from models.dutch import clock_time, numeric_date, short_date
from models.enums import AgreementStatus, AppointmentKind, Gemeente, HandoverReason, Top3Phase
from models.handover.views import FIELD_REMARK, SBAR_FIELDS, HandoverDetail
from screens.common.form import Edit, FormScreen, field
from screens.common.format import client_label
from screens.handover.flow import edit_handover, export, export_unmasked, undo_hint
from tui.keymap import HANDOVER_VIEW_KEYS, MODAL_CLOSE, bindings

ACK_AANBEVELING = "handover-ack-aanbeveling"  # shown read-only; a merge (Ctrl+L) brings in a changed one


def age(created_at, moment) -> str:
    """How long a handover has waited: '40 min', '3 uur', '2 dagen'."""
    minutes = max(0, int((moment - created_at).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        return f"{minutes // 60} uur"
    days = minutes // (24 * 60)
    return "1 dag" if days == 1 else f"{days} dagen"


class HandoverView(ModalScreen[None]):
    DEFAULT_CSS = """
    HandoverView { align: center middle; }
    HandoverView > #handover-view-box { width: 130; height: auto; max-height: 94%; border: thick $primary; background: $surface;
                                        padding: 0 1; }
    HandoverView #handover-view-title { text-style: bold; color: $accent; }
    HandoverView #handover-view-status { padding-bottom: 1; }
    HandoverView #handover-view-keys { color: $text-muted; padding-top: 1; }
    """
    BINDINGS = bindings([*HANDOVER_VIEW_KEYS, MODAL_CLOSE])

    def __init__(self, handover_id: int, *, acknowledge: bool = False) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.acknowledge_on_load = acknowledge
        self.detail: HandoverDetail | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="handover-view-box"):
            yield Label("Overdracht wordt geladen…", id="handover-view-title")
            yield Label("", id="handover-view-status")
            yield Static("", id="handover-view-body")
            yield Label("", id="handover-view-keys")

    def on_mount(self) -> None:
        self.query_one("#handover-view-box").focus()
        self.reload()

    def reload(self) -> None:
        """Load (again) and log the reading per client; also what the app calls after an undo."""
        from models.handover.queries import open_handover

        self.app.runner.read(self, open_handover, self.handover_id, done=self._show, what="de overdracht laden",
                             audited=True, group="handover-view")

    def _show(self, detail: HandoverDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.query_one("#handover-view-title", Label).update("Deze overdracht bestaat niet (meer).")
            return
        masked = self.app.masked
        me = self.app.user.id
        reason = HandoverReason.label_of(detail.reason)
        to = f"{detail.to_code} ({detail.to_name})" if detail.to_code else "–"
        self.query_one("#handover-view-title", Label).update(
            f"Overdracht {detail.id} · {reason} · van {detail.from_code} ({detail.from_name}) aan {to}")
        self.query_one("#handover-view-status", Label).update(self._status(detail))
        self.query_one("#handover-view-body", Static).update(self._body(detail, masked))
        keys = []
        if detail.to_worker_id == me and detail.acknowledged_at is None and not detail.is_draft:
            keys.append("b bevestigen (gelezen en overgenomen)")
        if detail.acknowledged_at is None and (detail.to_worker_id != me or detail.is_draft):
            keys.append("e bewerken")
        if not detail.is_draft:
            keys += ["x exporteren (codes)", "X met initialen"]
        keys.append("Esc/q sluiten")
        self.query_one("#handover-view-keys", Label).update(" · ".join(keys))
        if self.acknowledge_on_load:
            self.acknowledge_on_load = False
            self.action_acknowledge()

    @staticmethod
    def _status(detail: HandoverDetail) -> Text:
        written = local(detail.created_at)
        period = (f" · periode {short_date(detail.period_start)} t/m {short_date(detail.period_end)}"
                  if detail.period_start and detail.period_end else "")
        text = Text(f"Geschreven {short_date(written.date())} {clock_time(detail.created_at)}{period} · ")
        if detail.is_draft:
            text.append("CONCEPT (nog niet verstuurd)", style="bold dark_orange")
        elif detail.acknowledged_at:
            ack = local(detail.acknowledged_at)
            text.append(f"gelezen en overgenomen door {detail.to_code} op {short_date(ack.date())} "
                        f"{clock_time(detail.acknowledged_at)}", style="bold green")
            if detail.ack_remark:
                text.append(f"\nTerugkoppeling: {detail.ack_remark}", style="italic")
        else:
            text.append(f"nog niet bevestigd · wacht {age(detail.created_at, now())}", style="bold dark_orange")
        return text

    @staticmethod
    def _body(detail: HandoverDetail, masked: bool) -> Group:
        parts: list = []
        sbar = Table.grid(padding=(0, 2))
        sbar.add_column(style="bold", width=13)
        sbar.add_column()
        for name, label in SBAR_FIELDS:
            value = getattr(detail, name) or "–"
            sbar.add_row(label, Text(value, style="bold" if name == "aanbeveling" else ""))
        parts.append(sbar)
        if not detail.clients:
            parts.append(Text("\nGeen cliënten: een algemene overdracht.", style="italic"))
        for client in detail.clients:
            parts.append(Text(f"\nCliënt {client_label(client.code, client.initials, masked=masked)} · "
                              f"medewerker {client.worker_code or '–'}", style="bold underline"))
            facts = Table.grid(padding=(0, 2))
            facts.add_column(style="bold", width=13)
            facts.add_column()
            if client.top3_number:
                facts.add_row("Top-3", f"versie {client.top3_number} van {numeric_date(client.top3_made_on)} · "
                                       f"{Top3Phase.label_of(client.top3_phase)} · evaluatie "
                                       f"{numeric_date(client.top3_evaluate_on)}")
                for rank, situation in enumerate(client.top3_situations, start=1):
                    facts.add_row(f"  {rank}.", situation)
            else:
                facts.add_row("Top-3", "nog geen Top-3")
            for a in client.agreements:
                facts.add_row("Veiligheid", f"{a.who}: {a.what} (tot {numeric_date(a.until)}, "
                                          f"{AgreementStatus.label_of(a.status).lower()})")
            if not client.agreements:
                facts.add_row("Veiligheid", "geen lopende veiligheidsafspraken")
            for action in client.actions:
                facts.add_row("Actie", f"{action.what} ({action.owner_code}, uiterlijk {numeric_date(action.due)})")
            if client.huisverbod_start or client.huisverbod_events:
                facts.add_row("Huisverbod", summary_text(client.huisverbod_start, client.huisverbod_end,
                                                         client.huisverbod_events))
                for event in client.huisverbod_events:
                    facts.add_row("", Text(f"  {event_text(event)}") + (Text(f": {event.note}") if event.note else ""))
            for row, who in zip(client.appointments, client.appointment_worker_codes):
                place = f" · {Gemeente.label_of(row.place)}" if row.place else ""
                facts.add_row("Gepland", f"{short_date(local(row.start).date())} {clock_time(row.start)} "
                                         f"{AppointmentKind.label_of(row.kind)}{place} ({who})")
            if not client.appointments:
                facts.add_row("Gepland", f"geen afspraken {short_date(detail.attachment_start)} t/m "
                                         f"{short_date(detail.attachment_end)}")
            parts.append(facts)
        return Group(*parts)

    # --- actions --------------------------------------------------------------------------

    def _after_change(self, _done) -> None:
        self.reload()

    def action_acknowledge(self) -> None:
        detail = self.detail
        if detail is None:
            return
        if detail.is_draft:
            self.notify("Een concept kan niet worden bevestigd.", severity="warning")
        elif detail.acknowledged_at is not None:
            self.notify(f"Deze overdracht is al bevestigd door {detail.to_code}.", severity="warning")
        elif detail.to_worker_id != self.app.user.id:
            self.notify(f"Alleen {detail.to_code or 'de ontvanger'} kan deze overdracht bevestigen.",
                        severity="warning")
        else:
            self._open_acknowledge_form(detail)

    def _open_acknowledge_form(self, detail: HandoverDetail) -> None:
        handover_id = detail.id

        def load(session):
            version, stored = actions.load_handover(session, handover_id)
            return version, {ACK_AANBEVELING: (stored.aanbeveling, stored.aanbeveling)}

        edit = Edit(partial(actions.acknowledge, handover_id=handover_id), version=detail.version, load=load,
                    what="de bevestiging opslaan")
        self.app.push_screen(AcknowledgeForm(edit, detail=detail, draft_key=f"handover-ack:{handover_id}"),
                             self._acknowledged)

    def _acknowledged(self, done: Done | None) -> None:
        if done is None:
            return
        moved = done.value.moved_client_codes
        also = f" {', '.join(moved)} staan nu in uw caseload." if moved else ""
        self.notify(f"{done.message}: gelezen en overgenomen.{also}{undo_hint(done)}", timeout=8)
        self.reload()

    def action_edit(self) -> None:
        if self.detail is not None:
            edit_handover(self, self.detail.id, on_done=self._after_change)

    def action_export(self) -> None:
        if self.detail is not None:
            export(self, self.detail.id)

    def action_export_full(self) -> None:
        if self.detail is not None:
            export_unmasked(self, self.detail.id)

    def action_close(self) -> None:
        self.dismiss(None)


class AcknowledgeForm(FormScreen[object]):
    """"Gelezen en overgenomen", with an optional repeat-back in the receiver's own words.

    The Aanbeveling is shown as a read-only field: when the writer changed the handover meanwhile,
    the acknowledgement is refused and Ctrl+L brings the new Aanbeveling in before it is confirmed."""

    TITLE = "Bevestigen: gelezen en overgenomen"
    AUTO_FOCUS = f"#{FIELD_REMARK}"
    DEFAULT_CSS = """
    AcknowledgeForm > #form-box { width: 90; height: auto; max-height: 80%; }
    AcknowledgeForm #handover-ack-summary { padding-bottom: 1; }
    """

    def __init__(self, edit: Edit, *, detail: HandoverDetail, draft_key: str | None = None) -> None:
        super().__init__(edit, title=f"Overdracht van {detail.from_code} bevestigen: gelezen en overgenomen",
                         draft_key=draft_key)
        self.detail = detail

    def compose_fields(self) -> ComposeResult:
        from models.tables.handovers import Handover
        from models.limits import column_limit

        detail = self.detail
        yield field("Aanbeveling: wat u moet doen", TextArea(detail.aanbeveling, id=ACK_AANBEVELING,
                                                             read_only=True))
        if detail.reason == "caseload" and detail.clients:
            yield Static(Text(f"Na bevestigen staan {', '.join(detail.client_codes)} in uw caseload.", style="bold"),
                         id="handover-ack-summary")
        yield field("Terugkoppeling (optioneel): wat gaat u doen, in uw eigen woorden",
                    TextArea("", id=FIELD_REMARK), limit=column_limit(Handover, "ack_remark"))

    def on_mount(self) -> None:
        self.query_one("#form-keys", Label).update("Ctrl+S bevestigen · Esc annuleren")

    def collect(self) -> str:
        return self.query_one(f"#{FIELD_REMARK}", TextArea).text

    def draft_fields(self) -> dict[str, object]:
        # only what the receiver typed: a kept draft must never bring back an outdated Aanbeveling
        return {FIELD_REMARK: self.collect()}
