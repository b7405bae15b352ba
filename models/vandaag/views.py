"""Vandaag's frozen views: the day, who is where, and what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from models.views import AppointmentRow, WorkerRef


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
