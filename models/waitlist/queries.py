"""Wachtlijst: the open registrations, most urgent and longest waiting first; one registration in detail."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from models.clock import at
from models.enums import OPEN_REGISTRATION_STATUSES, URGENCY_ORDER, RegistrationStatus
from models.common import worker_codes
from models.tables.registrations import Registration, RegistrationStep
from models.waitlist.views import RegistrationRow, WaitingList

CLOSED_STATUSES = (RegistrationStatus.TOEGEWEZEN, RegistrationStatus.VERWEZEN, RegistrationStatus.VERVALLEN)


@dataclass(frozen=True)
class WaitlistRow(RegistrationRow):
    """A RegistrationRow plus what the melding rule and the step keys need."""

    melding_note: str = ""
    version: int = 0

    @property
    def melding_missing(self) -> bool:
        return self.children_involved and self.melding_date is None and not self.melding_note.strip()


def waiting_list(session: Session, today: date, closed_since: date | None = None) -> WaitingList:
    """Open registrations; with `closed_since`, also those closed (toegewezen, verwezen, vervallen)
    on or after that day, so a step can still be undone."""
    condition = col(Registration.status).in_(OPEN_REGISTRATION_STATUSES)
    if closed_since is not None:
        recently_closed = (
            select(RegistrationStep.registration_id)
            .where(col(RegistrationStep.status).in_(CLOSED_STATUSES), RegistrationStep.at >= at(closed_since, 0))
        )
        condition = condition | (col(Registration.status).in_(CLOSED_STATUSES)
                                 & col(Registration.id).in_(recently_closed))
    query = select(Registration).where(condition)
    codes = worker_codes(session)
    rows = [
        WaitlistRow(
            id=r.id, code=r.code, registered_on=r.registered_on, days_waiting=(today - r.registered_on).days,
            via=r.via, gemeente=r.gemeente, region=r.region, urgency=r.urgency,
            children_involved=r.children_involved, melding_date=r.melding_date, huisverbod_end=r.huisverbod_end,
            status=r.status, intake_worker_code=codes.get(r.intake_worker_id), advised_hulpvorm=r.advised_hulpvorm,
            melding_note=r.melding_note, version=r.version,
        )
        for r in session.exec(query)
    ]
    rows.sort(key=lambda row: (row.status in CLOSED_STATUSES, URGENCY_ORDER.get(row.urgency, 9),
                               -row.days_waiting, row.code))
    return WaitingList(rows=rows, counts=dict(Counter(row.status for row in rows)))


@dataclass(frozen=True)
class StepRow:
    status: str
    at: datetime
    user_code: str
    note: str


@dataclass(frozen=True)
class IntakeRow:
    start: datetime
    worker_code: str | None
    status: str


@dataclass(frozen=True)
class RegistrationDetail:
    """One registration as the detail panel and the step modals need it (with its version)."""

    id: int
    code: str
    version: int
    status: str
    registered_on: date
    via: str
    referrer_contact: str
    reason: str
    region: str
    gemeente: str
    urgency: str
    children_involved: bool
    melding_date: date | None
    melding_note: str
    huisverbod_start: date | None
    huisverbod_end: date | None
    intake_worker_id: int | None
    intake_worker_code: str | None
    advised_hulpvorm: str | None
    client_code: str | None
    previous_status: str | None  # where "a step back" leads; None: no way back
    steps: tuple[StepRow, ...]
    intakes: tuple[IntakeRow, ...]

    @property
    def melding_missing(self) -> bool:
        return self.children_involved and self.melding_date is None and not self.melding_note.strip()


def registration_detail(session: Session, registration_id: int) -> RegistrationDetail | None:
    from models.tables.appointments import Appointment
    from models.tables.clients import Client
    from models.waitlist.write import previous_status

    r = session.get(Registration, registration_id)
    if r is None:
        return None
    codes = worker_codes(session)
    steps = tuple(
        StepRow(status=s.status, at=s.at, user_code=s.user_code, note=s.note)
        for s in session.exec(select(RegistrationStep).where(RegistrationStep.registration_id == r.id)
                              .order_by(col(RegistrationStep.at), col(RegistrationStep.id)))
    )
    intakes = tuple(
        IntakeRow(start=a.start, worker_code=codes.get(a.worker_id), status=a.status)
        for a in session.exec(select(Appointment).where(Appointment.registration_id == r.id)
                              .order_by(col(Appointment.start)))
    )
    client_code = session.exec(select(Client.code).where(Client.id == r.client_id)).first() if r.client_id else None
    back = previous_status(session, r)
    return RegistrationDetail(
        id=r.id, code=r.code, version=r.version, status=r.status, registered_on=r.registered_on, via=r.via,
        referrer_contact=r.referrer_contact, reason=r.reason, region=r.region, gemeente=r.gemeente,
        urgency=r.urgency, children_involved=r.children_involved, melding_date=r.melding_date,
        melding_note=r.melding_note, huisverbod_start=r.huisverbod_start, huisverbod_end=r.huisverbod_end,
        intake_worker_id=r.intake_worker_id, intake_worker_code=codes.get(r.intake_worker_id),
        advised_hulpvorm=r.advised_hulpvorm, client_code=client_code,
        previous_status=back.value if back else None, steps=steps, intakes=intakes,
    )


def open_registration_codes(session: Session) -> list[str]:
    """The codes of the registrations on the waiting list, for the command palette (AM-…)."""
    query = (select(Registration.code).where(col(Registration.status).in_(OPEN_REGISTRATION_STATUSES))
             .order_by(Registration.code))
    return list(session.exec(query))
