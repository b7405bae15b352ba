"""Recording an absence (vakantie, ziek, training, vrij) of a worker for a date range."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input
from screens.common.plain import Select

from models.enums import AbsenceKind
from models.errors import ValidationFailed
from models.planning.views import AbsenceInput
from models.views import WorkerRef
from screens.common.form import DateInput, FormScreen, field, parse_field


class AbsenceForm(FormScreen[int]):
    TITLE = "Afwezigheid invoeren"
    CSS_PATH = "planning.tcss"

    def __init__(self, saver: Callable[[AbsenceInput], Any], *, workers: list[WorkerRef], worker_id: int | None,
                 day: date | None, title: str | None = None, draft_key: str | None = None) -> None:
        super().__init__(saver, title=title, draft_key=draft_key)
        self.team = workers
        self.worker_id = worker_id
        self.day = day

    def compose_fields(self) -> ComposeResult:
        known = any(w.id == self.worker_id for w in self.team)
        with Horizontal(classes="form-row"):
            yield field("Medewerker", Select([(f"{w.code} · {w.name}", w.id) for w in self.team],
                                             id="absence-worker", allow_blank=not known, prompt="kies…",
                                             value=self.worker_id if known else Select.NULL, compact=True))
            yield field("Soort", Select([(k.label, k.value) for k in AbsenceKind], id="absence-kind",
                                        allow_blank=False, value=AbsenceKind.VAKANTIE, compact=True))
        with Horizontal(classes="form-row"):
            yield field("Van", DateInput(self.day, id="absence-from", compact=True))
            yield field("Tot en met (leeg: één dag)", DateInput(None, id="absence-to", compact=True))
        yield field("Notitie", Input("", id="absence-note", max_length=200, compact=True))

    def on_mount(self) -> None:
        self.query_one("#absence-kind").focus()
        self.dirty = False

    def collect(self) -> AbsenceInput:
        worker = self.query_one("#absence-worker", Select).value
        if worker is Select.NULL:
            raise ValidationFailed("Kies een medewerker.", field="absence-worker")
        start = parse_field(self.query_one("#absence-from", DateInput))
        until = self.query_one("#absence-to", DateInput)
        end = parse_field(until) if until.value.strip() else start
        if end < start:
            raise ValidationFailed("De einddatum ligt voor de begindatum.", field="absence-to")
        return AbsenceInput(worker_id=int(worker), kind=str(self.query_one("#absence-kind", Select).value),
                            start_date=start, end_date=end, note=self.query_one("#absence-note", Input).value.strip())
