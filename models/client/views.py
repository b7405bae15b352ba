"""The client page's frozen summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.views import AppointmentRow


@dataclass(frozen=True)
class ClientDetail:
    id: int
    code: str
    initials: str
    care4_ref: str
    region: str
    gemeente: str
    fase: str
    status: str
    worker_code: str | None
    hulpvorm: str | None
    conversations_done: int
    conversations_planned: int
    children_involved: bool
    melding_date: date | None
    huisverbod_start: date | None
    huisverbod_end: date | None
    top3_number: int | None
    top3_situations: tuple[str, ...]
    next_appointments: tuple[AppointmentRow, ...]
