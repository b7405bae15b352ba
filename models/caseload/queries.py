"""Caseload: weighted load per worker, and a worker's client list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from models.tables.appointments import Appointment
from models.caseload.write import capacity, client_weight
from models.tables.clients import Client, Trajectory
from models.clock import at
from models.enums import AppointmentStatus, ClientStatus, Fase, Role
from models.common import CONVERSATION_KINDS, active_workers, worker_ref
from models.settings import team_settings
from models.tables.top3 import Top3Plan
from models.caseload.views import CaseloadClientRow, WorkerLoad


def caseload_overview(session: Session) -> list[WorkerLoad]:
    """Every active ambulant worker with the weighted load (fase x hulpvorm weights) and capacity."""
    settings = team_settings(session)
    current = (
        select(Trajectory.client_id, func.max(Trajectory.id).label("trajectory_id"))
        .where(col(Trajectory.end_date).is_(None))
        .group_by(Trajectory.client_id)
        .subquery()
    )
    query = (
        select(Client.worker_id, Client.fase, Trajectory.hulpvorm, func.count())
        .select_from(Client)
        .join(current, current.c.client_id == Client.id, isouter=True)
        .join(Trajectory, Trajectory.id == current.c.trajectory_id, isouter=True)
        .where(Client.status == ClientStatus.ACTIVE)
        .group_by(Client.worker_id, Client.fase, Trajectory.hulpvorm)
    )
    counts: dict[int, list[tuple[str, str | None, int]]] = {}
    for worker_id, fase, hulpvorm, count in session.exec(query):
        counts.setdefault(worker_id, []).append((fase, hulpvorm, count))
    loads = []
    for worker in active_workers(session):
        if worker.role != Role.AMBULANT:
            continue
        groups = counts.get(worker.id, [])
        loads.append(WorkerLoad(
            worker=worker_ref(worker), contract_hours=worker.contract_hours,
            active=sum(count for _f, _h, count in groups),
            fase_1=sum(count for fase, _h, count in groups if fase == Fase.FASE_1),
            weighted=round(sum(count * client_weight(fase, settings, hulpvorm) for fase, hulpvorm, count in groups), 3),
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
    contacts = _contacts(session, ids, today, since={c: t.start_date for c, t in trajectories.items()})
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


def _contacts(session: Session, client_ids: list[int], today: date,
              since: dict[int, date] | None = None) -> dict[int, tuple[int, date | None, date | None]]:
    """Per client: conversations done since the current trajectory started (`since`), last contact,
    next planned contact."""
    now = at(today, 0)
    query = (
        select(
            Appointment.client_id,
            func.max(case(((Appointment.start < now) & (Appointment.status != AppointmentStatus.NO_SHOW),
                           Appointment.start), else_=None)),
            func.min(case(((Appointment.start >= now) & (Appointment.status == AppointmentStatus.PLANNED),
                           Appointment.start), else_=None)),
        )
        .where(col(Appointment.client_id).in_(client_ids), Appointment.status != AppointmentStatus.CANCELLED)
        .group_by(Appointment.client_id)
    )
    since = since or {}
    starts = {client_id: at(day, 0) for client_id, day in since.items()}
    earliest = min(starts.values(), default=None)
    done_query = (
        select(Appointment.client_id, Appointment.start)
        .where(col(Appointment.client_id).in_(client_ids), Appointment.status == AppointmentStatus.DONE,
               col(Appointment.kind).in_(CONVERSATION_KINDS))
    )
    if earliest is not None:
        done_query = done_query.where(Appointment.start >= earliest)
    done: dict[int, int] = {}
    for client_id, start in session.exec(done_query):
        first = starts.get(client_id)
        if first is None or _aware(start) >= first:
            done[client_id] = done.get(client_id, 0) + 1
    result = {}
    for client_id, last, upcoming in session.exec(query):
        result[client_id] = (done.get(client_id, 0), _as_date(last), _as_date(upcoming))
    return result


def _aware(value):
    from datetime import timezone

    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _as_date(value) -> date | None:
    from models.clock import local

    if value is None:
        return None
    if isinstance(value, str):  # SQLite returns aggregate datetimes as text
        from datetime import datetime

        value = datetime.fromisoformat(value)
    return local(value).date()


@dataclass(frozen=True)
class ClientForAction:
    """What the caseload modals need about one client, with the version they must send back."""

    id: int
    code: str
    initials: str
    version: int
    fase: str
    worker_code: str | None
    children_involved: bool
    melding_date: date | None
    melding_note: str
    hulpvorm: str | None
    trajectory_start: date | None
    planned: int


def client_for_action(session: Session, client_id: int) -> ClientForAction | None:
    from models.caseload.write import current_trajectory
    from models.common import worker_codes

    client = session.get(Client, client_id)
    if client is None or client.status != ClientStatus.ACTIVE:
        return None
    trajectory = current_trajectory(session, client_id)
    return ClientForAction(
        id=client.id, code=client.code, initials=client.initials, version=client.version, fase=client.fase,
        worker_code=worker_codes(session).get(client.worker_id), children_involved=client.children_involved,
        melding_date=client.melding_date, melding_note=client.melding_note,
        hulpvorm=trajectory.hulpvorm if trajectory else None,
        trajectory_start=trajectory.start_date if trajectory else None,
        planned=trajectory.planned_conversations if trajectory else 0,
    )
