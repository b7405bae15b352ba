"""Plain, frozen data of the Overdracht section: what a handover form collects, and what the
list, the handover page and the export show. Pure: screens may import it before SQLModel loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from models.client.huisverbod_text import state_words
from models.client.views import HuisverbodEventRow
from models.views import AppointmentRow

# Widget ids of the handover form; write functions name these in ValidationFailed(field=...).
FIELD_TO = "handover-to"
FIELD_REASON = "handover-reason"
FIELD_CLIENTS = "handover-clients"
FIELD_START = "handover-start"
FIELD_END = "handover-end"
FIELD_SITUATIE = "handover-situatie"
FIELD_ACHTERGROND = "handover-achtergrond"
FIELD_BEOORDELING = "handover-beoordeling"
FIELD_AANBEVELING = "handover-aanbeveling"
FIELD_REMARK = "handover-remark"

SBAR_FIELDS: tuple[tuple[str, str], ...] = (
    ("situatie", "Situatie"),
    ("achtergrond", "Achtergrond"),
    ("beoordeling", "Beoordeling"),
    ("aanbeveling", "Aanbeveling"),
)


@dataclass(frozen=True)
class HandoverInput:
    """What the form collects; `save_handover` validates it (a draft only loosely)."""

    to_worker_id: int | None
    reason: str
    client_codes: tuple[str, ...]
    period_start: date | None
    period_end: date | None
    situatie: str = ""
    achtergrond: str = ""
    beoordeling: str = ""
    aanbeveling: str = ""
    is_draft: bool = False


@dataclass(frozen=True)
class SavedHandover:
    id: int
    version: int
    is_draft: bool
    to_code: str | None


@dataclass(frozen=True)
class Acknowledged:
    id: int
    from_code: str
    moved_client_codes: tuple[str, ...]  # clients now in the receiver's caseload


@dataclass(frozen=True)
class HandoverListRow:
    id: int
    version: int
    from_worker_id: int
    from_code: str
    to_worker_id: int | None
    to_code: str | None
    reason: str
    created_at: datetime
    period_start: date | None
    period_end: date | None
    client_codes: tuple[str, ...]
    acknowledged_at: datetime | None
    aanbeveling: str
    is_draft: bool


@dataclass(frozen=True)
class HandoverList:
    which: str
    rows: list[HandoverListRow]


@dataclass(frozen=True)
class AgreementLine:
    who: str
    what: str
    until: date | None
    status: str


@dataclass(frozen=True)
class ActionLine:
    what: str
    owner_code: str
    due: date | None


@dataclass(frozen=True)
class ClientAttachment:
    """What goes with a handover for one client: its current Top-3, open agreements and actions,
    its appointments in the handover's period (or the coming four weeks without one), and its
    huisverbod: the current order and what happened to it during the traject."""

    client_id: int
    code: str
    initials: str
    worker_code: str | None
    top3_number: int | None
    top3_made_on: date | None
    top3_phase: str | None
    top3_evaluate_on: date | None
    top3_situations: tuple[str, ...]
    agreements: tuple[AgreementLine, ...]
    actions: tuple[ActionLine, ...]
    appointments: tuple[AppointmentRow, ...]
    appointment_worker_codes: tuple[str, ...]  # per appointment, who has it
    huisverbod_start: date | None = None
    huisverbod_end: date | None = None
    huisverbod_events: tuple[HuisverbodEventRow, ...] = ()  # newest first, since the traject (or order) began

    @property
    def huisverbod_state(self) -> tuple[str, ...]:
        """'verlengd t/m 12-12', 'overtreden op 3-12': the current order's latest state."""
        return state_words(self.huisverbod_events, self.huisverbod_start)


@dataclass(frozen=True)
class HandoverDetail:
    id: int
    version: int
    from_worker_id: int
    from_code: str
    from_name: str
    to_worker_id: int | None
    to_code: str | None
    to_name: str | None
    reason: str
    period_start: date | None
    period_end: date | None
    situatie: str
    achtergrond: str
    beoordeling: str
    aanbeveling: str
    created_at: datetime
    is_draft: bool
    acknowledged_at: datetime | None
    ack_remark: str
    clients: tuple[ClientAttachment, ...]
    attachment_start: date
    attachment_end: date

    @property
    def client_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.clients)


@dataclass(frozen=True)
class AbsenceProposal:
    """A pre-filled handover for an absence just entered in the planning."""

    worker_id: int
    worker_code: str
    reason: str
    start: date
    end: date
    client_codes: tuple[str, ...]
    appointment_count: int
    situatie: str
