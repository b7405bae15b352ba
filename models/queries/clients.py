"""Client lookups: the code index for the command palette, and one client's summary page."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, func, select

from models.appointments import Appointment
from models.audit import record
from models.clients import Client, Trajectory
from models.clock import at, today
from models.enums import AppointmentStatus, AuditAction, ClientStatus
from models.queries.common import CONVERSATION_KINDS, appointment_rows
from models.top3 import Top3Plan, UnsafeSituation
from models.views import ClientDetail, ClientRef
from models.workers import Worker


def client_refs(session: Session, *, active_only: bool = True) -> list[ClientRef]:
    query = select(Client.id, Client.code, Client.initials).order_by(Client.code)
    if active_only:
        query = query.where(Client.status == ClientStatus.ACTIVE)
    return [ClientRef(id=i, code=c, initials=n) for i, c, n in session.exec(query)]


def open_client(session: Session, client_id: int) -> ClientDetail | None:
    """The client's summary, and a "lezen" entry in the audit log (opening is a logged access)."""
    client = session.get(Client, client_id)
    if client is None:
        return None
    record(session, AuditAction.READ, "client", client.code, client.id)
    session.commit()
    worker_code = session.exec(select(Worker.code).where(Worker.id == client.worker_id)).first()
    trajectory = session.exec(
        select(Trajectory).where(Trajectory.client_id == client.id).order_by(col(Trajectory.start_date).desc())
    ).first()
    done = 0
    if trajectory is not None:
        done = session.exec(
            select(func.count()).select_from(Appointment)
            .where(Appointment.client_id == client.id, Appointment.status == AppointmentStatus.DONE)
            .where(col(Appointment.kind).in_(CONVERSATION_KINDS), Appointment.start >= at(trajectory.start_date, 0))
        ).one()
    plan = session.exec(
        select(Top3Plan).where(Top3Plan.client_id == client.id, Top3Plan.is_draft == False)  # noqa: E712
        .order_by(col(Top3Plan.number).desc())
    ).first()
    situations = ()
    if plan is not None:
        situations = tuple(session.exec(
            select(UnsafeSituation.description).where(UnsafeSituation.plan_id == plan.id).order_by(UnsafeSituation.rank)
        ))
    start = at(today(), 0)
    upcoming = appointment_rows(session, start, start + timedelta(days=90), client_id=client.id, limit=5)
    return ClientDetail(
        id=client.id, code=client.code, initials=client.initials, care4_ref=client.care4_ref, region=client.region,
        gemeente=client.gemeente, fase=client.fase, status=client.status, worker_code=worker_code,
        hulpvorm=trajectory.hulpvorm if trajectory else None, conversations_done=done,
        conversations_planned=trajectory.planned_conversations if trajectory else 0,
        children_involved=client.children_involved, melding_date=client.melding_date,
        huisverbod_start=client.huisverbod_start, huisverbod_end=client.huisverbod_end,
        top3_number=plan.number if plan else None, top3_situations=situations, next_appointments=tuple(upcoming),
    )
