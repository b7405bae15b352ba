"""Plain, frozen data for the overleg screens: the agenda, meeting mode, suggestions, history.

Pure dataclasses (no SQLModel), so screens may import this module at module level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.enums import FIXED_AGENDA_KINDS


@dataclass(frozen=True)
class ActionView:
    id: int
    version: int
    agenda_item_id: int | None
    client_id: int | None
    client_code: str | None
    client_initials: str
    owner_id: int
    owner_code: str
    what: str
    due: date | None
    status: str


@dataclass(frozen=True)
class ItemView:
    id: int
    version: int
    meeting_id: int
    position: int
    kind: str
    client_id: int | None
    client_code: str | None
    client_initials: str
    presenter_id: int | None
    presenter_code: str | None
    question: str
    timebox_min: int
    notes: str
    outcome_kind: str | None
    outcome: str
    discussed: bool
    carried_over: bool
    seconds_used: int
    started_at: datetime | None
    actions: tuple[ActionView, ...] = ()

    @property
    def is_fixed(self) -> bool:
        return self.kind in FIXED_AGENDA_KINDS


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    version: int
    start: datetime
    duration_min: int
    status: str
    chair_id: int | None
    chair_code: str | None
    minute_taker_id: int | None
    minute_taker_code: str | None
    present: tuple[str, ...]
    started_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class Suggestion:
    """Something that may deserve a place on the agenda; one key adds it as an item."""

    key: str  # stable per source, e.g. "registration:12", "plan:40"
    reason: str  # Dutch, short: why it is suggested
    kind: str
    client_id: int | None
    client_code: str | None
    client_initials: str
    presenter_id: int | None
    presenter_code: str | None
    question: str
    timebox_min: int


@dataclass(frozen=True)
class AgendaView:
    """The overleg section: one meeting (or the planned start when none exists yet)."""

    meeting: MeetingInfo | None
    planned_start: datetime
    items: list[ItemView]
    previous_start: datetime | None
    next_start: datetime | None
    open_actions: list[ActionView]
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def planned_minutes(self) -> int:
        return sum(item.timebox_min for item in self.items)


@dataclass(frozen=True)
class MeetingModeView:
    meeting: MeetingInfo
    items: list[ItemView]
    next_meeting_start: datetime | None


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the list of meetings (past meetings are browsable)."""

    id: int
    start: datetime
    status: str
    chair_code: str | None
    minute_taker_code: str | None
    items: int
    discussed: int
    carried: int
    actions: int


@dataclass(frozen=True)
class Discussion:
    """One time a client was on the agenda, with its outcome and actions."""

    meeting_id: int
    meeting_start: datetime
    item_id: int
    kind: str
    presenter_code: str | None
    question: str
    outcome_kind: str | None
    outcome: str
    discussed: bool
    carried_over: bool
    actions: tuple[ActionView, ...] = ()


@dataclass(frozen=True)
class WaitlistPanel:
    """For "wachtlijst verdelen" in meeting mode: the waiting list and the caseload bars."""

    registrations: list  # models.waitlist.views.RegistrationRow
    loads: list  # models.caseload.views.WorkerLoad
    can_allocate: bool


@dataclass(frozen=True)
class ItemInput:
    """What the agenda item form collects (plain data; the form never writes)."""

    kind: str
    client_code: str
    presenter_id: int | None
    question: str
    timebox_min: int | None


@dataclass(frozen=True)
class ActionInput:
    owner_id: int | None
    what: str
    due: date | None
