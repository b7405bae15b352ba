"""Plain, frozen data handed from the domain layer to the screens.

Screens never see live ORM objects (they would lazy-load on the UI thread, and could leak
changes across sessions). These dataclasses import nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class WorkerRef:
    id: int
    code: str
    name: str
    role: str


@dataclass(frozen=True)
class ClientRef:
    id: int
    code: str
    initials: str


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    worker_id: int
    start: datetime
    end: datetime
    kind: str
    status: str
    client_code: str | None
    place: str
    partner: str


@dataclass(frozen=True)
class TeamDayRow:
    """One line of "wie is waar": a worker's day type, first/last appointment and places."""

    worker: WorkerRef
    day_type: str
    absence_kind: str | None
    first_start: datetime | None
    last_end: datetime | None
    places: tuple[str, ...]


@dataclass(frozen=True)
class HandoverRow:
    id: int
    from_code: str
    to_code: str | None
    reason: str
    created_at: datetime
    period_start: date | None
    period_end: date | None
    client_codes: tuple[str, ...]
    acknowledged_at: datetime | None
    aanbeveling: str


@dataclass(frozen=True)
class ActionRow:
    id: int
    owner_code: str
    what: str
    due: date | None
    status: str
    client_code: str | None


@dataclass(frozen=True)
class HuisverbodRow:
    client_id: int
    client_code: str
    worker_code: str | None
    start: date
    end: date


@dataclass(frozen=True)
class EvaluationRow:
    client_id: int
    client_code: str
    plan_number: int
    evaluate_on: date


@dataclass(frozen=True)
class TodayView:
    day: date
    user: WorkerRef
    appointments: list[AppointmentRow]
    team: list[TeamDayRow]
    handovers: list[HandoverRow]
    actions: list[ActionRow]
    huisverboden: list[HuisverbodRow]
    evaluations: list[EvaluationRow]


@dataclass(frozen=True)
class RegistrationRow:
    id: int
    code: str
    registered_on: date
    days_waiting: int
    via: str
    gemeente: str
    region: str
    urgency: str
    children_involved: bool
    melding_date: date | None
    huisverbod_end: date | None
    status: str
    intake_worker_code: str | None
    advised_hulpvorm: str | None


@dataclass(frozen=True)
class WaitingList:
    rows: list[RegistrationRow]
    counts: dict[str, int]


@dataclass(frozen=True)
class WorkerLoad:
    worker: WorkerRef
    contract_hours: float
    active: int
    fase_1: int
    weighted: float
    capacity: float

    @property
    def ratio(self) -> float:
        return self.weighted / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class CaseloadClientRow:
    id: int
    code: str
    initials: str
    fase: str
    hulpvorm: str | None
    done: int
    planned: int
    last_contact: date | None
    next_contact: date | None
    top3_date: date | None
    huisverbod_end: date | None


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
