"""Plain, frozen data shared by several sections (workers, clients, appointment rows); each
section's own views live in `models/<section>/views.py`.

Screens never see live ORM objects (they would lazy-load on the UI thread, and could leak
changes across sessions). These dataclasses import nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class WorkerRef:
    id: int
    code: str
    name: str
    role: str
    coordinator: bool = False


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
