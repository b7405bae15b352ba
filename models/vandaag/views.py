"""Vandaag's frozen views: the day, who is where, what needs attention, the days ahead, my drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.client.views import HuisverbodNewsRow
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
class AheadDay:
    """One day of "deze week": my appointments that day, and what falls due then.

    `listed` days are the weekdays Vandaag looks ahead to (models/vandaag/ahead.py); a day that is
    not listed (a weekend, or a day past the listed ones) is only there for what falls due on it."""

    day: date
    listed: bool
    works: bool  # one of the worker's own work days
    day_off: str | None  # a public holiday's name ("Eerste kerstdag")
    absence_kind: str | None
    appointments: int
    home_visits: int
    first_start: datetime | None
    first_client_code: str | None
    first_kind: str | None
    actions: tuple[ActionRow, ...] = ()
    evaluations: tuple[EvaluationRow, ...] = ()


@dataclass(frozen=True)
class DraftRow:
    """One of my unsent drafts: a form's kept input, a concept handover, or a Top-3 concept.

    `kind` is "form" (key: the form's draft key, models/drafts.py), "handover" (key "handover:<id>",
    a handover saved as concept) or "top3" (key "top3:<client id>", the client's shared Top-3 draft)."""

    kind: str
    key: str
    title: str
    codes: tuple[str, ...]  # the clients it is about (or the registration's code on the waiting list)
    saved_at: datetime
    ident: int | None  # the handover id, the Top-3's client id, or the id in a form key ("handover:12")
    worker_id: int | None = None  # an appointment being edited: whose it is and on which day
    day: date | None = None


@dataclass(frozen=True)
class TodayView:
    day: date
    user: WorkerRef
    appointments: list[AppointmentRow]
    team: list[TeamDayRow]
    handovers: list[HandoverRow]
    actions: list[ActionRow]  # overdue or due today; those due in the days ahead are in `ahead`
    huisverboden: list[HuisverbodRow]
    evaluations: list[EvaluationRow]  # overdue or due today; later ones are in `ahead`
    ahead: list[AheadDay] = field(default_factory=list)
    drafts: list[DraftRow] = field(default_factory=list)
    huisverbod_news: list[HuisverbodNewsRow] = field(default_factory=list)  # the last week's, the whole team
