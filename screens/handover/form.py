"""The handover form: to whom, which clients (by code, with completion), reason, period, SBAR.

What goes with the handover (each client's Top-3, running safety agreements, open actions, the
huisverbod and appointments in the period) is shown live under the client field. Ctrl+S sends; Ctrl+O keeps it
as a draft; Esc on a changed new handover keeps it as a draft too, so nothing typed is lost.
The form saves through its `Edit` (screens/handover/flow.py builds it); an edit refused because a
colleague saved first merges their version with Ctrl+L (`handover_fields`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import Suggester
from textual.widgets import Input, TextArea
from screens.common.plain import Label, Select, Static

from models.actions import handover as actions
from models.client.huisverbod_text import summary_text
from models.plain_text import short_list
from models.dutch import count, short_date, week_label
from models.enums import HandoverReason
from models.errors import ValidationFailed
from models.handover.views import (FIELD_AANBEVELING, FIELD_ACHTERGROND, FIELD_BEOORDELING, FIELD_CLIENTS,
                                   FIELD_END, FIELD_REASON, FIELD_SITUATIE, FIELD_START, FIELD_TO, HandoverInput)
from screens.common.form import DateInput, Edit, FormScreen, field, parse_field
from screens.common.format import client_label
from tui.keymap import HANDOVER_FORM_KEYS, bindings

SEPARATORS = re.compile(r"[,;\s]+")


@dataclass(frozen=True)
class FormValues:
    from_worker_id: int | None = None  # None: the user writes it for themselves
    to_worker_id: int | None = None
    reason: str = HandoverReason.AFWEZIGHEID
    client_codes: tuple[str, ...] = ()
    period_start: date | None = None
    period_end: date | None = None
    situatie: str = ""
    achtergrond: str = ""
    beoordeling: str = ""
    aanbeveling: str = ""
    sent: bool = False  # editing a handover already sent: it can no longer become a draft


def split_codes(text: str) -> list[str]:
    return [code.upper() for code in SEPARATORS.split(text) if code]


class ClientCodeSuggester(Suggester):
    """Completes the last code of a comma-separated list against the known client codes."""

    def __init__(self, codes: list[str]) -> None:
        # Case is handled here (not by Textual, which would lower-case the whole suggestion).
        super().__init__(use_cache=False, case_sensitive=True)
        self.codes = sorted(codes)

    async def get_suggestion(self, value: str) -> str | None:
        match = re.search(r"([^,;\s]+)$", value)
        if not match:
            return None
        token = match.group(1).upper()
        for code in self.codes:
            if code.startswith(token) and code != token:
                return value[:match.start(1)] + code
        return None


class HandoverForm(FormScreen[object]):
    TITLE = "Nieuwe overdracht"
    AUTO_FOCUS = f"#{FIELD_TO}"
    DEFAULT_CSS = """
    HandoverForm > #form-box { width: 120; }
    HandoverForm .handover-row { height: auto; }
    HandoverForm .handover-row > .field { width: 1fr; margin-right: 2; }
    HandoverForm #handover-from { color: $text-muted; padding-bottom: 1; }
    HandoverForm #handover-attach { color: $text; padding: 0 0 1 2; height: auto; }
    HandoverForm TextArea { height: 4; }
    """
    BINDINGS = bindings(HANDOVER_FORM_KEYS)

    def __init__(self, edit: Edit, *, values: FormValues, title: str | None = None,
                 draft_key: str | None = None) -> None:
        super().__init__(edit, title=title, draft_key=draft_key)
        self.values = values
        self.draft_requested = False

    def compose_fields(self) -> ComposeResult:
        app = self.app
        values = self.values
        sender_id = values.from_worker_id or app.user.id
        team = [w for w in app.team if w.id != sender_id]
        sender = next((w for w in app.team if w.id == sender_id), None)
        by = f" · geschreven door {app.user.code}" if sender and app.user and sender.id != app.user.id else ""
        yield Label(f"Van: {sender.code} ({sender.name}){by}" if sender else "Van: ?", id="handover-from")
        with Horizontal(classes="handover-row"):
            yield field("Aan wie", Select([(f"{w.code} · {w.name}", w.id) for w in team], id=FIELD_TO,
                                          prompt="Kies een collega", allow_blank=True,
                                          value=values.to_worker_id if values.to_worker_id else Select.NULL))
            yield field("Reden", Select([(r.label, r.value) for r in HandoverReason], id=FIELD_REASON,
                                        allow_blank=False, value=values.reason))
        yield field("Cliënten (codes, gescheiden door komma's; → vult aan; leeg = algemene overdracht)",
                    Input(", ".join(values.client_codes), id=FIELD_CLIENTS, placeholder="ZS-0001, WL-0002",
                          suggester=ClientCodeSuggester([ref.code for ref in app.client_index])))
        yield Static("", id="handover-attach")
        with Horizontal(classes="handover-row"):
            yield field("Periode van", DateInput(values.period_start, id=FIELD_START))
            yield field("tot en met", DateInput(values.period_end, id=FIELD_END))
        from models.tables.handovers import Handover
        from models.limits import column_limit

        limit = column_limit(Handover, "situatie")
        yield field("Situatie: wat speelt er nu?", TextArea(values.situatie, id=FIELD_SITUATIE), limit=limit)
        yield field("Achtergrond: wat moet de ontvanger weten?", TextArea(values.achtergrond, id=FIELD_ACHTERGROND),
                    limit=limit)
        yield field("Beoordeling: hoe schat u de veiligheid in?", TextArea(values.beoordeling, id=FIELD_BEOORDELING),
                    limit=limit)
        yield field("Aanbeveling (verplicht): wat moet de ontvanger doen?",
                    TextArea(values.aanbeveling, id=FIELD_AANBEVELING), limit=limit)

    def on_mount(self) -> None:
        keys = "Ctrl+S versturen · Ctrl+O concept bewaren · Esc sluiten"
        keys += " (bewaart als concept)" if not self.values.sent else ""
        self.query_one("#form-keys", Label).update(keys + " · Tab volgend veld")
        self._describe_clients()
        self.initial: tuple | None = None
        self.call_after_refresh(self._remember_initial)

    def _remember_initial(self) -> None:
        self.initial = self._snapshot()

    def _snapshot(self) -> tuple:
        """The raw content of every field, to tell a real change from filling in initial values."""
        parts: list = [self.query_one(f"#{FIELD_TO}", Select).value, self.query_one(f"#{FIELD_REASON}", Select).value]
        parts += [self.query_one(f"#{i}", Input).value for i in (FIELD_CLIENTS, FIELD_START, FIELD_END)]
        parts += [self.query_one(f"#{i}", TextArea).text
                  for i in (FIELD_SITUATIE, FIELD_ACHTERGROND, FIELD_BEOORDELING, FIELD_AANBEVELING)]
        return tuple(parts)

    def changed(self) -> bool:
        return self.initial is not None and self._snapshot() != self.initial

    # --- the client field: live hint and what will be attached ---------------------------

    @on(Input.Changed, f"#{FIELD_CLIENTS}")
    @on(Input.Changed, f"#{FIELD_START}")
    @on(Input.Changed, f"#{FIELD_END}")
    def _clients_or_period_changed(self) -> None:
        self._describe_clients()

    def _describe_clients(self) -> None:
        codes = split_codes(self.query_one(f"#{FIELD_CLIENTS}", Input).value)
        known = {ref.code: ref for ref in self.app.client_index}
        if not codes:
            hint = "geen cliënten: een algemene overdracht"
        else:
            named = [client_label(code, known[code].initials, masked=self.app.masked) for code in codes if code in known]
            unknown = [code for code in codes if code not in known]
            hint = f"{len(named)} cliënt{'en' if len(named) != 1 else ''}: {', '.join(named)}" if named else ""
            if unknown:
                hint += ("; " if hint else "") + f"niet gevonden: {short_list(unknown)}"
        self.query_one(f"#{FIELD_CLIENTS}-hint", Label).update(hint)
        self._load_attachments(tuple(code for code in codes if code in known), *self._period_or_none())

    def _period_or_none(self) -> tuple[date | None, date | None]:
        result = []
        for widget_id in (FIELD_START, FIELD_END):
            widget = self.query_one(f"#{widget_id}", DateInput)
            try:
                result.append(widget.parsed() if widget.value.strip() else None)
            except ValueError:
                result.append(None)
        return result[0], result[1]

    def _load_attachments(self, codes: tuple[str, ...], start: date | None, end: date | None) -> None:
        if not codes:
            self._show_attachments(([], None, None))
            return
        self.app.runner.read(self, actions.attachments, codes, start, end, done=self._show_attachments,
                             what="bijlagen van de overdracht laden", group="handover-attach")

    def _show_attachments(self, found: tuple[list, date | None, date | None]) -> None:
        attachments, first, last = found
        text = Text()
        if attachments:
            text.append(f"Gaat automatisch mee (afspraken {short_date(first)} t/m {short_date(last)}):\n",
                        style="italic")
        for a in attachments:
            top3 = f"Top-3 versie {a.top3_number}" if a.top3_number else "nog geen Top-3"
            text.append(f"{a.code}", style="bold")
            text.append(f"  {top3} · {count(len(a.agreements), 'lopende afspraak', 'lopende afspraken')} · "
                        f"{count(len(a.actions), 'open actie', 'open acties')} · "
                        f"{count(len(a.appointments), 'afspraak', 'afspraken')} in de periode\n")
            if a.huisverbod_start:
                order = summary_text(a.huisverbod_start, a.huisverbod_end, a.huisverbod_events)
                text.append(f"    huisverbod {order}\n")
            if a.top3_situations:
                text.append(f"    1. {a.top3_situations[0][:100]}\n", style="dim")
        self.query_one("#handover-attach", Static).update(text)

    # --- collecting and saving -----------------------------------------------------------

    def collect(self) -> HandoverInput:
        to = self.query_one(f"#{FIELD_TO}", Select).value
        reason = self.query_one(f"#{FIELD_REASON}", Select).value
        start = self.query_one(f"#{FIELD_START}", DateInput)
        end = self.query_one(f"#{FIELD_END}", DateInput)
        period_start = parse_field(start) if start.value.strip() else None
        period_end = parse_field(end) if end.value.strip() else None
        if not self.draft_requested:
            if to is Select.NULL:
                raise ValidationFailed("Kies aan wie u de overdracht geeft.", field=FIELD_TO)
            if period_start and period_end and period_end < period_start:
                raise ValidationFailed("De einddatum ligt vóór de begindatum.", field=FIELD_END)
            if not self.query_one(f"#{FIELD_AANBEVELING}", TextArea).text.strip():
                raise ValidationFailed("Vul de aanbeveling in: wat moet de ontvanger doen?", field=FIELD_AANBEVELING)
        return HandoverInput(
            to_worker_id=None if to is Select.NULL else int(to),
            reason=str(reason) if reason is not Select.NULL else "",
            client_codes=tuple(split_codes(self.query_one(f"#{FIELD_CLIENTS}", Input).value)),
            period_start=period_start, period_end=period_end,
            situatie=self.query_one(f"#{FIELD_SITUATIE}", TextArea).text,
            achtergrond=self.query_one(f"#{FIELD_ACHTERGROND}", TextArea).text,
            beoordeling=self.query_one(f"#{FIELD_BEOORDELING}", TextArea).text,
            aanbeveling=self.query_one(f"#{FIELD_AANBEVELING}", TextArea).text,
            is_draft=self.draft_requested,
        )

    def action_save_draft(self) -> None:
        if self.values.sent:
            self.show_error("form", "Deze overdracht is al verstuurd; sla wijzigingen op met Ctrl+S.")
            return
        self.draft_requested = True
        try:
            self.action_save()
        finally:
            self.draft_requested = False

    def action_cancel(self) -> None:
        # Closing a changed, unsent handover keeps it as a draft: nothing typed is lost.
        self.dirty = self.changed()
        if self.dirty and not self.values.sent:
            self.action_save_draft()
            return
        super().action_cancel()


def handover_fields(detail) -> dict[str, tuple[str, object]]:
    """A stored handover as the form shows it: field id → (text as FormScreen.field_text reads it,
    widget value); what the form merges after a colleague's save (Ctrl+L)."""

    def day(value: date | None) -> tuple[str, str]:
        # the same text as DateInput.describe() shows
        return (f"{short_date(value)} · {week_label(value)}", value.strftime("%d-%m-%Y")) if value else ("", "")

    return {
        # the same label as the receiver's option in the "Aan wie" list
        FIELD_TO: (f"{detail.to_code} · {detail.to_name}", detail.to_worker_id) if detail.to_worker_id
        else ("", Select.NULL),
        FIELD_REASON: (HandoverReason.label_of(detail.reason), detail.reason),
        FIELD_CLIENTS: (", ".join(detail.client_codes),) * 2,
        FIELD_START: day(detail.period_start), FIELD_END: day(detail.period_end),
        FIELD_SITUATIE: (detail.situatie,) * 2, FIELD_ACHTERGROND: (detail.achtergrond,) * 2,
        FIELD_BEOORDELING: (detail.beoordeling,) * 2, FIELD_AANBEVELING: (detail.aanbeveling,) * 2,
    }
