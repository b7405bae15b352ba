"""Allocate a registration: the suggested workers ranked with their reasons; the user chooses.

Nothing is chosen for the user: the cursor starts on the first suggestion, and saving (Ctrl+S)
allocates to the worker under the cursor, whose name is repeated under the table.

`allocation_form()` builds the form with its `Edit` (models.actions.waitlist.allocate, the
registration's version, and a `load` for the merge after a colleague's save), for every place
that allocates: the waiting list and the overleg's meeting mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input
from screens.common.plain import Label, Select

from models.enums import Hulpvorm
from models.errors import ValidationFailed
from screens.common.form import Edit, Fields, FormScreen, field
from screens.waitlist.registration_form import registration_edit
from screens.waitlist.step_form import collect_melding, melding_fields, melding_stored, registration_intro
from screens.common.table import BoardTable

if TYPE_CHECKING:
    from models.waitlist.allocation import Suggestion
    from models.waitlist.queries import RegistrationDetail


def suggestion_cells(rank: int, s: Suggestion) -> tuple:
    """A suggestion as table cells; the reasons on two lines (capacity, then the rest)."""
    from screens.caseload.screen import load_bar

    first, *rest = s.reasons
    style = "dim" if s.absent else ""
    return (
        Text(f"{rank}. {s.worker.code} {s.worker.name}", style=style),
        load_bar(s.weighted, s.capacity, width=12),
        Text(f"{first}\n{' · '.join(rest)}", style=style),
    )


def allocation_form(detail: RegistrationDetail, suggestions: list[Suggestion]) -> AllocationForm:
    """The allocation form for this registration, saving through the one door. It dismisses with the
    action's Done: its ids are the registration's and the new client's, its value the worker's code."""
    from models.actions import waitlist as actions

    edit = registration_edit(actions.allocate, detail, allocation_fields, what="de toewijzing opslaan")
    return AllocationForm(edit, detail=detail, suggestions=suggestions, draft_key=f"allocation:{detail.id}")


def advised_hulpvorm(detail: RegistrationDetail) -> str:
    """What the hulpvorm field starts with: the advice, unless that is a referral (not allocated)."""
    advised = detail.advised_hulpvorm if detail.advised_hulpvorm != Hulpvorm.VERWIJZING else None
    return advised or Hulpvorm.AMBULANT.value


def allocation_fields(detail: RegistrationDetail) -> Fields:
    """The stored registration as this form shows it (the advice and the melding)."""
    hulpvorm = advised_hulpvorm(detail)
    return {"hulpvorm": (Hulpvorm.label_of(hulpvorm), hulpvorm), **melding_stored(detail)}


class AllocationForm(FormScreen):
    """Dismisses with the action's Done (see allocation_form). collect(): worker_id, hulpvorm, ..."""

    DEFAULT_CSS = """
    AllocationForm > #form-box { width: 150; }
    AllocationForm #step-intro { color: $text-muted; }
    AllocationForm #worker { height: auto; max-height: 14; }
    AllocationForm #chosen { text-style: bold; color: $accent; padding-bottom: 1; }
    AllocationForm .form-warning { color: $warning; text-style: bold; padding-top: 1; }
    """

    def __init__(self, edit: Edit, *, detail: RegistrationDetail, suggestions: list[Suggestion],
                 draft_key: str | None = None) -> None:
        super().__init__(edit, title=f"Toewijzen: {detail.code}", draft_key=draft_key)
        self.detail = detail
        self.suggestions = suggestions

    def compose_fields(self) -> ComposeResult:
        yield Label(registration_intro(self.detail), id="step-intro")
        yield Label("Voorstel (hoogste eerst: vrije ruimte, regio, weinig fase 1). Het team kiest: "
                    "pijltjes om te kiezen, Ctrl+S wijst toe.", classes="field-hint")
        yield field("Medewerker", BoardTable(id="worker", cursor_type="row", zebra_stripes=True))
        yield Label("", id="chosen")
        options = [(h.label, h.value) for h in Hulpvorm if h != Hulpvorm.VERWIJZING]
        yield field("Hulpvorm (traject)", Select(options, id="hulpvorm", allow_blank=False,
                                                 value=advised_hulpvorm(self.detail)))
        yield field("Initialen cliënt (optioneel)", Input("", id="initials", max_length=12))
        yield field("Care4-nummer (optioneel)", Input("", id="care4_ref", max_length=24))
        if self.detail.melding_missing:
            yield from melding_fields(self.detail)
        yield field("Notitie (optioneel)", Input("", id="reason", max_length=400))

    def on_mount(self) -> None:
        table = self.query_one("#worker", DataTable)
        table.add_columns("Medewerker", "Belasting", "Waarom")
        for rank, suggestion in enumerate(self.suggestions, start=1):
            table.add_row(*suggestion_cells(rank, suggestion), key=str(suggestion.worker.id), height=2)
        table.focus()
        self._show_chosen()

    @on(DataTable.RowHighlighted, "#worker")
    def _highlighted(self) -> None:
        self._show_chosen()

    def chosen(self) -> Suggestion | None:
        table = self.query_one("#worker", DataTable)
        if not table.row_count:
            return None
        return self.suggestions[table.cursor_row]

    def _show_chosen(self) -> None:
        s = self.chosen()
        self.query_one("#chosen", Label).update(
            f"Toewijzen aan: {s.worker.code} {s.worker.name} (na toewijzing {s.load_after:.0%})" if s else
            "Geen medewerkers met een caseload.")

    def collect(self) -> Any:
        s = self.chosen()
        if s is None:
            raise ValidationFailed("Kies een medewerker.", field="worker")
        return {
            "worker_id": s.worker.id,
            "hulpvorm": str(self.query_one("#hulpvorm", Select).value),
            "initials": self.query_one("#initials", Input).value.strip(),
            "care4_ref": self.query_one("#care4_ref", Input).value.strip(),
            "reason": self.query_one("#reason", Input).value.strip(),
            **collect_melding(self),
        }
