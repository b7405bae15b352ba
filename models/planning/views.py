"""Plain data of the planning area (the team week, appointments, absences, free slots, undo).

Like models/views.py these are frozen dataclasses that import nothing heavy, so the planning
screens may import them before SQLModel is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.views import WorkerRef

# Scopes of a change to a repeating appointment ("alleen deze / deze en volgende / alle").
SCOPE_ONE, SCOPE_FOLLOWING, SCOPE_ALL = "one", "following", "all"
SCOPE_LABELS = {SCOPE_ONE: "alleen deze", SCOPE_FOLLOWING: "deze en volgende", SCOPE_ALL: "alle"}

# Repetition of a new appointment.
REPEAT_NONE, REPEAT_WEEKLY, REPEAT_BIWEEKLY = "", "weekly", "biweekly"
REPEAT_LABELS = {REPEAT_NONE: "niet herhalen", REPEAT_WEEKLY: "elke week", REPEAT_BIWEEKLY: "om de week"}
REPEAT_WEEKS = {REPEAT_WEEKLY: 1, REPEAT_BIWEEKLY: 2}

# What a new series does with dates on a day off of the team (a public holiday or a closure day):
# ask the user first (the model raises DaysOffQuestion), skip those dates, or keep them.
DAYS_OFF_ASK, DAYS_OFF_SKIP, DAYS_OFF_KEEP = "ask", "skip", "keep"


@dataclass(frozen=True)
class PlannedAppointment:
    """One appointment with everything the planning shows and the edit form needs."""

    id: int
    version: int
    worker_id: int
    start: datetime
    end: datetime
    kind: str
    status: str
    client_id: int | None
    client_code: str | None
    place: str
    partner: str
    note: str
    series_id: int | None
    registration_id: int | None


@dataclass(frozen=True)
class AbsenceMark:
    id: int
    version: int
    worker_id: int
    kind: str
    start_date: date
    end_date: date
    note: str


@dataclass(frozen=True)
class PlanningWeek:
    monday: date
    days: list[date]
    workers: list[WorkerRef]  # the page shown
    page: int
    pages: int
    total_workers: int
    cells: dict[tuple[int, date], list[PlannedAppointment]] = field(default_factory=dict)
    absences: dict[tuple[int, date], AbsenceMark] = field(default_factory=dict)
    off_days: set[tuple[int, date]] = field(default_factory=set)
    # The team's days off this week: public holidays and closure days, date -> name (models/days_off.py).
    days_off: dict[date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Progress:
    """Completed conversations of a client's current trajectory, e.g. 3/5 gesprekken."""

    done: int
    planned: int

    def __str__(self) -> str:
        return f"{self.done}/{self.planned}"


@dataclass(frozen=True)
class AppointmentsSaved:
    """What a new or changed appointment (or series) tells the screen: where it is, to show it, and
    whether some of it is on a day off of the team ("vr 25 dec is een feestdag (Eerste kerstdag)"):
    allowed, but the screen says so clearly."""

    worker_id: int
    day: date
    day_off_note: str = ""


@dataclass(frozen=True)
class Slot:
    day: date
    start: datetime
    end: datetime


@dataclass(frozen=True)
class AbsenceInput:
    worker_id: int
    kind: str
    start_date: date
    end_date: date
    note: str = ""

