"""Small lookups shared by the section queries."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from models.tables.appointments import Appointment
from models.tables.clients import Client
from models.enums import AppointmentKind, AppointmentStatus
from models.views import AppointmentRow, WorkerRef
from models.tables.workers import Worker

# Appointment kinds that count as a conversation of a client's trajectory.
CONVERSATION_KINDS = (AppointmentKind.HUISBEZOEK, AppointmentKind.KANTOORGESPREK, AppointmentKind.TELEFONISCH)


def worker_ref(worker: Worker) -> WorkerRef:
    return WorkerRef(id=worker.id, code=worker.code, name=worker.name, role=worker.role,
                     coordinator=bool(worker.coordinator))


def active_workers(session: Session) -> list[Worker]:
    return list(session.exec(select(Worker).where(Worker.active == True).order_by(Worker.id)))  # noqa: E712


def worker_codes(session: Session) -> dict[int, str]:
    return dict(session.exec(select(Worker.id, Worker.code)).all())


def appointment_rows(session: Session, start, end, worker_ids: list[int] | None = None,
                     client_id: int | None = None, limit: int | None = None) -> list[AppointmentRow]:
    """Appointments starting in [start, end), not cancelled, in time order, with client codes."""
    query = (
        select(Appointment, Client.code)
        .join(Client, Client.id == Appointment.client_id, isouter=True)
        .where(Appointment.start >= start, Appointment.start < end)
        .where(Appointment.status != AppointmentStatus.CANCELLED)
        .order_by(Appointment.start)
    )
    if worker_ids is not None:
        query = query.where(col(Appointment.worker_id).in_(worker_ids))
    if client_id is not None:
        query = query.where(Appointment.client_id == client_id)
    if limit is not None:
        query = query.limit(limit)
    return [
        AppointmentRow(
            id=a.id, worker_id=a.worker_id, start=a.start, end=a.end, kind=a.kind, status=a.status,
            client_code=code, place=a.place, partner=a.partner,
        )
        for a, code in session.exec(query)
    ]


def days_of_week(monday: date, count: int = 5) -> list[date]:
    from datetime import timedelta

    return [monday + timedelta(days=offset) for offset in range(count)]
