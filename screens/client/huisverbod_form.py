"""The huisverbod form (u on the client page): extend the order, end it early, or record a breach.

One small form for the three, since the worker records one thing at a time: what happened
(verlengen / beëindigen / overtreding), its date and a short note (required for a breach). The
date's label follows the choice. The rules and their Dutch refusals are the model's
(models/client/huisverbod.py) and show at the field they concern; the form saves through its
`Edit` (the client page builds it) on the client's version. When a colleague changed the client
meanwhile, Ctrl+L brings their state into the read-only "Nu" field and keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input
from screens.common.plain import Label, Select

from models.actions.huisverbod import HuisverbodForm
from models.client.huisverbod_text import period_text
from models.client.views import FIELD_DAY, FIELD_KIND, FIELD_NOTE
from models.clock import today
from models.dutch import short_date
from models.enums import HuisverbodEventKind as Kind
from models.errors import ValidationFailed
from screens.common.form import DateInput, Edit, Fields, FormScreen, field, parse_field

FIELD_NOW = "huisverbod-now"

CHOICES = ((Kind.VERLENGD, "verlengen (nieuwe einddatum)"), (Kind.BEEINDIGD, "beëindigen (datum)"),
           (Kind.OVERTREDEN, "overtreding (datum, notitie)"))
DAY_LABELS = {Kind.VERLENGD: "Nieuwe einddatum", Kind.BEEINDIGD: "Beëindigd op",
              Kind.OVERTREDEN: "Datum van de overtreding"}
NOTE_LABELS = {Kind.VERLENGD: "Notitie (optioneel)",
               Kind.BEEINDIGD: "Notitie (optioneel, bijv. opgeheven door de rechter)",
               Kind.OVERTREDEN: "Wat gebeurde er (kort)"}


def now_text(order: HuisverbodForm) -> str:
    """The order as it stands, for the read-only "Nu" field: period, latest state, how far it can go."""
    parts = [period_text(order.start, order.end), *order.state]
    if order.ended_on is None:
        parts.append(f"verlengen kan tot uiterlijk {short_date(order.latest_end)}")
    return " · ".join(parts)


def stored_fields(order: HuisverbodForm) -> Fields:
    """The order as this form shows it (FormScreen's merge after a refusal compares these texts)."""
    text = now_text(order)
    return {FIELD_NOW: (text, text)}


class HuisverbodEventForm(FormScreen):
    DEFAULT_CSS = """
    HuisverbodEventForm > #form-box { height: auto; max-height: 90%; }
    HuisverbodEventForm #huisverbod-intro { color: $text-muted; padding-bottom: 1; width: 100%; }
    """

    def __init__(self, edit: Edit, *, order: HuisverbodForm, label: str, draft_key: str | None = None) -> None:
        super().__init__(edit, title=f"Huisverbod bijwerken: {label}", draft_key=draft_key)
        self.order = order

    def compose_fields(self) -> ComposeResult:
        order = self.order
        first = Kind.OVERTREDEN if order.ended_on is not None else Kind.VERLENGD
        yield Label("Een huisverbod duurt 10 dagen; de burgemeester kan het verlengen tot ten hoogste 28 dagen.",
                    id="huisverbod-intro")
        yield field("Nu", Input(now_text(order), id=FIELD_NOW, disabled=True))
        yield field("Wat is er gebeurd", Select([(label, kind.value) for kind, label in CHOICES], id=FIELD_KIND,
                                                allow_blank=False, value=first.value))
        yield field(DAY_LABELS[first], DateInput(today() if first == Kind.OVERTREDEN else None, id=FIELD_DAY))
        yield field(NOTE_LABELS[first], Input("", id=FIELD_NOTE, max_length=200))

    def on_mount(self) -> None:
        self.query_one(f"#{FIELD_KIND}").focus()

    @on(Select.Changed, f"#{FIELD_KIND}")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        kind = Kind(event.value)
        self.query_one(f"#{FIELD_DAY}-field .field-label", Label).update(DAY_LABELS[kind])
        self.query_one(f"#{FIELD_NOTE}-field .field-label", Label).update(NOTE_LABELS[kind])

    def collect(self) -> dict[str, Any]:
        kind = self.query_one(f"#{FIELD_KIND}", Select).value
        widget = self.query_one(f"#{FIELD_DAY}", DateInput)
        if not widget.value.strip():
            raise ValidationFailed(f"Vul de {DAY_LABELS[Kind(kind)].lower()} in.", field=FIELD_DAY)
        return {"kind": str(kind), "day": parse_field(widget), "note": self.query_one(f"#{FIELD_NOTE}", Input).value}

    def draft_fields(self) -> dict[str, Any]:
        fields = super().draft_fields()
        fields.pop(FIELD_NOW, None)  # not input: a resumed draft must not bring back an old state
        return fields
