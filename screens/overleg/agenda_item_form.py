"""The agenda item form: kind, client code, inbrenger, one question to the team, time box."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input
from screens.common.plain import Select

from models.enums import AgendaItemKind, FIXED_AGENDA_KINDS
from models.errors import ValidationFailed
from models.overleg.views import ItemInput
from screens.common.form import Edit, Fields, FormScreen, field

CASE_KINDS = [kind for kind in AgendaItemKind if kind not in FIXED_AGENDA_KINDS]
KIND_OPTIONS = ([(kind.label, kind.value) for kind in CASE_KINDS]
                + [(f"{kind.label} (vast punt)", kind.value) for kind in FIXED_AGENDA_KINDS])


def presenter_label(worker) -> str:
    return f"{worker.code} {worker.name}"


def item_fields(data: ItemInput, team) -> Fields:
    """A stored item as the form shows it: field id → (text as FormScreen.field_text reads it, widget value)."""
    kind = next((label for label, value in KIND_OPTIONS if value == data.kind), data.kind)
    presenter = next((w for w in team if w.id == data.presenter_id), None)
    timebox = str(data.timebox_min) if data.timebox_min else ""
    return {
        "item-kind": (kind, data.kind), "item-client": (data.client_code,) * 2,
        "item-presenter": (presenter_label(presenter), presenter.id) if presenter else ("", Select.NULL),
        "item-question": (data.question,) * 2, "item-timebox": (timebox,) * 2,
    }


class AgendaItemForm(FormScreen):
    """Collects an ItemInput; the `edit`'s action saves it (add or change)."""

    TITLE = "Agendapunt"

    def __init__(self, edit: Edit, *, team, item=None, title: str | None = None, default_presenter: int | None = None,
                 default_timebox: int | None = None, draft_key: str | None = None) -> None:
        super().__init__(edit, title=title or ("Agendapunt wijzigen" if item else "Agendapunt toevoegen"),
                         draft_key=draft_key)
        self.team = team
        self.item = item  # an ItemView or a Suggestion (for pre-filling), or None
        self.default_presenter = default_presenter
        self.default_timebox = default_timebox

    def compose_fields(self) -> ComposeResult:
        item = self.item
        yield field("Soort", Select(KIND_OPTIONS, value=item.kind if item else AgendaItemKind.TOP3.value,
                                    allow_blank=False, id="item-kind"))
        yield field("Cliënt (code)", Input(item.client_code or "" if item else "", placeholder="bijv. ZS-0012",
                                          id="item-client"),
                    hint="Leeg laten bij een vast punt (wachtlijst, mededelingen, rondje caseload).")
        presenter = item.presenter_id if item else self.default_presenter
        yield field("Inbrenger", Select([(presenter_label(w), w.id) for w in self.team],
                                        value=presenter if presenter is not None else Select.NULL,
                                        id="item-presenter"))
        yield field("Vraag aan het team (één duidelijke vraag, verplicht)",
                    Input(item.question if item else "", max_length=400, id="item-question"))
        timebox = item.timebox_min if item else self.default_timebox
        yield field("Tijd (minuten)", Input(str(timebox) if timebox else "", placeholder="10", id="item-timebox"))

    def on_mount(self) -> None:
        self.query_one("#item-question" if self.item else "#item-kind").focus()

    def collect(self) -> ItemInput:
        kind = self.query_one("#item-kind", Select).value
        presenter = self.query_one("#item-presenter", Select).value
        timebox_text = self.query_one("#item-timebox", Input).value.strip()
        timebox = None
        if timebox_text:
            try:
                timebox = int(timebox_text.removesuffix("min").strip())
            except ValueError:
                raise ValidationFailed("Vul een aantal minuten in, bijv. 10.", field="item-timebox") from None
        return ItemInput(
            kind=str(kind), client_code=self.query_one("#item-client", Input).value,
            presenter_id=None if presenter is Select.NULL else int(presenter),
            question=self.query_one("#item-question", Input).value, timebox_min=timebox,
        )
