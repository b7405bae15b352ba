"""The waiting list's frozen views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
