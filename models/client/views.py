"""The client page's frozen summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.client.huisverbod_text import describe_event
from models.views import AppointmentRow

# Widget ids of the huisverbod form (screens/client/huisverbod_form.py); models/client/huisverbod.py
# names these in ValidationFailed(field=...), so a refusal shows at the field it concerns.
FIELD_KIND = "huisverbod-kind"
FIELD_DAY = "huisverbod-day"
FIELD_NOTE = "huisverbod-note"


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


@dataclass(frozen=True)
class HuisverbodEventRow:
    """One event of a client's huisverbod (models/tables/huisverbod.py), for the client page's history."""

    id: int | None  # None: the "opgelegd" line shown from the client's start date (none stored)
    kind: str  # HuisverbodEventKind value
    day: date
    new_end: date | None  # an extension's new end (and an "opgelegd" line's first end)
    note: str
    recorded_by: str  # worker code

    @property
    def summary(self) -> str:
        """'verlengd t/m 12-12', 'beëindigd op 8-12', 'overtreden op 3-12', 'opgelegd op 1-12'."""
        return describe_event(self.kind, self.day, self.new_end)


@dataclass(frozen=True)
class HuisverbodNewsRow:
    """An extension, early end or breach of the last week, as Vandaag lists it (`huisverbod_news`).

    `start`/`end` are the client's current period (after the event), so a line can say how long it
    still runs."""

    event_id: int
    client_id: int
    client_code: str
    worker_code: str | None  # the client's worker
    kind: str  # HuisverbodEventKind value: verlengd, beeindigd or overtreden
    day: date
    new_end: date | None
    note: str
    recorded_by: str
    start: date | None
    end: date | None

    @property
    def summary(self) -> str:
        """'verlengd t/m 12-12', 'beëindigd op 8-12', 'overtreden op 3-12'."""
        return describe_event(self.kind, self.day, self.new_end)
