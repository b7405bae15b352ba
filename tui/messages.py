"""App-wide messages between sections (posted to the App, handled where the work belongs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.message import Message


@dataclass
class AbsenceRecorded(Message):
    """A worker's absence was saved in the planning: the handover flow may offer handovers."""

    worker_id: int
    start: date
    end: date


