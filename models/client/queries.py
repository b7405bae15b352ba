"""Client lookups: the code index for the command palette, and everything on one client's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from models.tables.appointments import Appointment
from models.audit import AuditEntry, record
from models.tables.clients import Client, Trajectory
from models.clock import at, today
from models.enums import ActionStatus, AppointmentStatus, AuditAction, ClientStatus
from models.tables.handovers import Handover, HandoverClient
from models.tables.overleg import ActionItem, AgendaItem, Meeting
from models.common import CONVERSATION_KINDS, appointment_rows, worker_codes
from models.tables.top3 import Top3Plan, UnsafeSituation
from models.top3.diff import PlanVersion
from models.client.views import ClientDetail, HuisverbodEventRow
from models.views import ClientRef
from models.tables.workers import Worker


def client_refs(session: Session, *, active_only: bool = True) -> list[ClientRef]:
    query = select(Client.id, Client.code, Client.initials).order_by(Client.code)
    if active_only:
        query = query.where(Client.status == ClientStatus.ACTIVE)
    return [ClientRef(id=i, code=c, initials=n) for i, c, n in session.exec(query)]


def open_client(session: Session, client_id: int) -> ClientDetail | None:
    """The client's summary, and a "lezen" entry in the audit log (opening is a logged access); run as
    an audited read (models.actions.read(audited=True)), which commits that entry."""
    client = session.get(Client, client_id)
    if client is None:
        return None
    record(session, AuditAction.READ, "client", client.code, client.id)
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


# --- the full client page ---------------------------------------------------------------------

@dataclass(frozen=True)
class ClientAppointment:
    start: datetime
    end: datetime
    kind: str
    status: str
    worker_code: str
    place: str
    partner: str


@dataclass(frozen=True)
class ClientDiscussion:
    """One overleg agenda item about the client, with its outcome and action items."""

    meeting_start: datetime
    kind: str
    presenter_code: str | None
    question: str
    discussed: bool
    carried_over: bool
    outcome_kind: str | None
    outcome: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class ClientHandover:
    created_at: datetime
    from_code: str
    to_code: str | None
    reason: str
    period_start: date | None
    period_end: date | None
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class ClientTrajectory:
    hulpvorm: str
    start_date: date
    end_date: date | None
    end_reason: str
    planned_conversations: int


@dataclass(frozen=True)
class ClientLogLine:
    at: datetime
    user_code: str
    on_behalf_of: str
    action: str
    entity: str
    detail: str


@dataclass(frozen=True)
class ClientPageView:
    detail: ClientDetail
    melding_note: str
    versions: tuple[PlanVersion, ...]  # newest first
    draft: PlanVersion | None
    past: tuple[ClientAppointment, ...]  # newest first
    planned: tuple[ClientAppointment, ...]
    discussions: tuple[ClientDiscussion, ...]  # newest first
    handovers: tuple[ClientHandover, ...]
    trajectories: tuple[ClientTrajectory, ...]
    log: tuple[ClientLogLine, ...]  # newest first
    huisverbod: tuple[HuisverbodEventRow, ...] = ()  # newest first (models/client/huisverbod.py)


PAGE_ROWS = 100  # per tab; a long-running client's oldest history is in Care4


def client_page(session: Session, client_id: int) -> ClientPageView | None:
    """Everything the client page shows; opening it writes a "lezen" entry (via open_client)."""
    from models.client.huisverbod import huisverbod_history
    from models.top3.queries import draft_of, plan_versions

    detail = open_client(session, client_id)
    if detail is None:
        return None
    client = session.get(Client, client_id)
    codes = worker_codes(session)
    now = at(today(), 0)
    return ClientPageView(
        detail=detail, melding_note=client.melding_note,
        versions=tuple(plan_versions(session, client_id)), draft=draft_of(session, client_id),
        past=_appointments(session, client_id, codes, Appointment.start < now, col(Appointment.start).desc()),
        planned=_appointments(session, client_id, codes, Appointment.start >= now, col(Appointment.start)),
        discussions=client_discussions(session, client_id),
        handovers=_handovers(session, client_id, codes),
        trajectories=tuple(
            ClientTrajectory(t.hulpvorm, t.start_date, t.end_date, t.end_reason, t.planned_conversations)
            for t in session.exec(select(Trajectory).where(Trajectory.client_id == client_id)
                                  .order_by(col(Trajectory.start_date).desc()))
        ),
        log=tuple(
            ClientLogLine(e.at, e.user_code, e.on_behalf_of, e.action, e.entity, e.detail)
            for e in session.exec(select(AuditEntry).where(AuditEntry.client_code == client.code)
                                  .order_by(col(AuditEntry.id).desc()).limit(PAGE_ROWS))
        ),
        huisverbod=huisverbod_history(session, client_id)[:PAGE_ROWS],
    )


def _appointments(session: Session, client_id: int, codes: dict[int, str], when, order) -> tuple[ClientAppointment, ...]:
    query = select(Appointment).where(Appointment.client_id == client_id, when).order_by(order).limit(PAGE_ROWS)
    return tuple(
        ClientAppointment(a.start, a.end, a.kind, a.status, codes.get(a.worker_id, "?"), a.place, a.partner)
        for a in session.exec(query)
    )


def client_discussions(session: Session, client_id: int) -> tuple[ClientDiscussion, ...]:
    """Every overleg agenda item about this client, newest meeting first, with outcome and actions."""
    rows = session.exec(
        select(AgendaItem, Meeting.start, Worker.code)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Worker, Worker.id == AgendaItem.presenter_id, isouter=True)
        .where(AgendaItem.client_id == client_id)
        .order_by(col(Meeting.start).desc(), AgendaItem.position).limit(PAGE_ROWS)
    ).all()
    actions: dict[int, list[str]] = {}
    ids = [item.id for item, _start, _code in rows]
    if ids:
        for item_id, what, due, status, owner in session.exec(
            select(ActionItem.agenda_item_id, ActionItem.what, ActionItem.due, ActionItem.status, Worker.code)
            .join(Worker, Worker.id == ActionItem.owner_id)
            .where(col(ActionItem.agenda_item_id).in_(ids)).order_by(ActionItem.id)
        ):
            due_text = f" vóór {due.strftime('%d-%m')}" if due else ""
            actions.setdefault(item_id, []).append(f"{owner}: {what}{due_text} ({ActionStatus.label_of(status)})")
    return tuple(
        ClientDiscussion(start, item.kind, code, item.question, item.discussed, item.carried_from_id is not None,
                         item.outcome_kind, item.outcome, tuple(actions.get(item.id, ())))
        for item, start, code in rows
    )


def _handovers(session: Session, client_id: int, codes: dict[int, str]) -> tuple[ClientHandover, ...]:
    query = (
        select(Handover).join(HandoverClient, HandoverClient.handover_id == Handover.id)
        .where(HandoverClient.client_id == client_id, Handover.is_draft == False)  # noqa: E712
        .order_by(col(Handover.created_at).desc()).limit(PAGE_ROWS)
    )
    return tuple(
        ClientHandover(h.created_at, codes.get(h.from_worker_id, "?"), codes.get(h.to_worker_id), h.reason,
                       h.period_start, h.period_end, h.acknowledged_at)
        for h in session.exec(query)
    )
