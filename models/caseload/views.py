"""Caseload's frozen views: load per worker and their clients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.views import WorkerRef


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
