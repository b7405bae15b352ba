"""Allocate a registration: the suggested workers ranked with their reasons; the user chooses.

Nothing is chosen for the user: the cursor starts on the first suggestion, and saving (Ctrl+S)
allocates to the worker under the cursor, whose name is repeated under the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input
from screens.plain import Label, Select

from models.enums import Hulpvorm
from models.errors import ValidationFailed
from screens.form import FormScreen, field
from screens.registration_step import collect_melding, melding_fields, registration_intro
from screens.table import BoardTable

if TYPE_CHECKING:
    from models.allocation import Suggestion
    from models.queries.waitlist import RegistrationDetail


def suggestion_cells(rank: int, s: Suggestion) -> tuple:
    """A suggestion as table cells; the reasons on two lines (capacity, then the rest)."""
    from screens.caseload import load_bar

    first, *rest = s.reasons
    style = "dim" if s.absent else ""
    return (
        Text(f"{rank}. {s.worker.code} {s.worker.name}", style=style),
        load_bar(s.weighted, s.capacity, width=12),
        Text(f"{first}\n{' · '.join(rest)}", style=style),
    )


class AllocationForm(FormScreen):
    """Dismisses with the new client's id (the saver's result). collect(): worker_id, hulpvorm, ..."""

    DEFAULT_CSS = """
    AllocationForm > #form-box { width: 150; }
    AllocationForm #step-intro { color: $text-muted; }
    AllocationForm #worker { height: auto; max-height: 14; }
    AllocationForm #chosen { text-style: bold; color: $accent; padding-bottom: 1; }
    AllocationForm .form-warning { color: $warning; text-style: bold; padding-top: 1; }
    """

    def __init__(self, saver, *, detail: RegistrationDetail, suggestions: list[Suggestion]) -> None:
        super().__init__(saver, title=f"Toewijzen: {detail.code}")
        self.detail = detail
        self.suggestions = suggestions

    def compose_fields(self) -> ComposeResult:
        yield Label(registration_intro(self.detail), id="step-intro")
        yield Label("Voorstel (hoogste eerst: vrije ruimte, regio, weinig fase 1). Het team kiest: "
                    "pijltjes om te kiezen, Ctrl+S wijst toe.", classes="field-hint")
        yield field("Medewerker", BoardTable(id="worker", cursor_type="row", zebra_stripes=True))
        yield Label("", id="chosen")
        advised = self.detail.advised_hulpvorm if self.detail.advised_hulpvorm != Hulpvorm.VERWIJZING else None
        options = [(h.label, h.value) for h in Hulpvorm if h != Hulpvorm.VERWIJZING]
        yield field("Hulpvorm (traject)", Select(options, id="hulpvorm", allow_blank=False,
                                                 value=advised or Hulpvorm.AMBULANT.value))
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
