"""Caseload: weighted load per worker, and a worker's client list."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from models.appointments import Appointment
from models.caseload import capacity, client_weight
from models.clients import Client, Trajectory
from models.clock import at
from models.enums import AppointmentStatus, ClientStatus, Fase, Role
from models.queries.common import CONVERSATION_KINDS, active_workers, worker_ref
from models.settings import team_settings
from models.top3 import Top3Plan
from models.views import CaseloadClientRow, WorkerLoad


def caseload_overview(session: Session) -> list[WorkerLoad]:
    settings = team_settings(session)
    counts = {
        (worker_id, fase): count
        for worker_id, fase, count in session.exec(
            select(Client.worker_id, Client.fase, func.count())
            .where(Client.status == ClientStatus.ACTIVE)
            .group_by(Client.worker_id, Client.fase)
        )
    }
    loads = []
    for worker in active_workers(session):
        if worker.role != Role.AMBULANT:
            continue
        fase_1 = counts.get((worker.id, Fase.FASE_1), 0)
        fase_2 = counts.get((worker.id, Fase.FASE_2), 0)
        loads.append(WorkerLoad(
            worker=worker_ref(worker), contract_hours=worker.contract_hours, active=fase_1 + fase_2, fase_1=fase_1,
            weighted=fase_1 * client_weight(Fase.FASE_1, settings) + fase_2 * client_weight(Fase.FASE_2, settings),
            capacity=capacity(worker.contract_hours, settings),
        ))
    return loads


def worker_clients(session: Session, worker_id: int, today: date) -> list[CaseloadClientRow]:
    clients = list(session.exec(
        select(Client).where(Client.worker_id == worker_id, Client.status == ClientStatus.ACTIVE).order_by(Client.code)
    ))
    ids = [c.id for c in clients]
    if not ids:
        return []
    trajectories = _current_trajectories(session, ids)
    contacts = _contacts(session, ids, today)
    top3 = dict(session.exec(
        select(Top3Plan.client_id, func.max(Top3Plan.created_at))
        .where(col(Top3Plan.client_id).in_(ids), Top3Plan.is_draft == False)  # noqa: E712
        .group_by(Top3Plan.client_id)
    ).all())
    rows = []
    for client in clients:
        trajectory = trajectories.get(client.id)
        done, last, upcoming = contacts.get(client.id, (0, None, None))
        top3_at = top3.get(client.id)
        rows.append(CaseloadClientRow(
            id=client.id, code=client.code, initials=client.initials, fase=client.fase,
            hulpvorm=trajectory.hulpvorm if trajectory else None, done=done,
            planned=trajectory.planned_conversations if trajectory else 0,
            last_contact=last, next_contact=upcoming,
            top3_date=top3_at.date() if top3_at else None, huisverbod_end=client.huisverbod_end,
        ))
    return rows


def _current_trajectories(session: Session, client_ids: list[int]) -> dict[int, Trajectory]:
    query = (
        select(Trajectory)
        .where(col(Trajectory.client_id).in_(client_ids), col(Trajectory.end_date).is_(None))
        .order_by(Trajectory.start_date)
    )
    return {t.client_id: t for t in session.exec(query)}  # the newest open one wins


def _contacts(session: Session, client_ids: list[int], today: date) -> dict[int, tuple[int, date | None, date | None]]:
    """Per client: conversations done, last contact, next planned contact."""
    now = at(today, 0)
    is_done = (Appointment.status == AppointmentStatus.DONE) & col(Appointment.kind).in_(CONVERSATION_KINDS)
    query = (
        select(
            Appointment.client_id,
            func.sum(case((is_done, 1), else_=0)),
            func.max(case((Appointment.start < now, Appointment.start), else_=None)),
            func.min(case(((Appointment.start >= now) & (Appointment.status == AppointmentStatus.PLANNED),
                           Appointment.start), else_=None)),
        )
        .where(col(Appointment.client_id).in_(client_ids))
        .group_by(Appointment.client_id)
    )
    result = {}
    for client_id, done, last, upcoming in session.exec(query):
        result[client_id] = (int(done or 0), _as_date(last), _as_date(upcoming))
    return result


def _as_date(value) -> date | None:
    from models.clock import local

    if value is None:
        return None
    if isinstance(value, str):  # SQLite returns aggregate datetimes as text
        from datetime import datetime

        value = datetime.fromisoformat(value)
    return local(value).date()
