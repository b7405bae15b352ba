"""Overdracht lists: to me, from me, all; unacknowledged first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session, col, func, or_, select

from models.tables.appointments import Appointment
from models.audit import record
from models.tables.clients import Client
from models.clock import at, local, today
from models.enums import (AbsenceKind, ActionStatus, AgreementStatus, AppointmentStatus, AuditAction,
                          HandoverReason)
from models.handover.views import (AbsenceProposal, ActionLine, AgreementLine, ClientAttachment, HandoverDetail,
                                   HandoverList, HandoverListRow)
from models.tables.handovers import Handover, HandoverClient
from models.tables.overleg import ActionItem
from models.common import worker_codes
from models.tables.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.vandaag.views import HandoverRow
from models.views import AppointmentRow
from models.tables.workers import Absence, Worker


def handover_rows(session: Session, *, to_worker_id: int | None = None, from_worker_id: int | None = None,
                  open_only: bool = False, limit: int = 500) -> list[HandoverRow]:
    query = select(Handover).where(Handover.is_draft == False)  # noqa: E712
    if to_worker_id is not None:
        query = query.where(Handover.to_worker_id == to_worker_id)
    if from_worker_id is not None:
        query = query.where(Handover.from_worker_id == from_worker_id)
    if open_only:
        query = query.where(col(Handover.acknowledged_at).is_(None))
    # Unacknowledged first (NULLs), then newest first.
    query = query.order_by(col(Handover.acknowledged_at).is_not(None), col(Handover.created_at).desc()).limit(limit)
    handovers = list(session.exec(query))
    codes = worker_codes(session)
    clients = _client_codes(session, [h.id for h in handovers])
    return [
        HandoverRow(
            id=h.id, from_code=codes.get(h.from_worker_id, "?"), to_code=codes.get(h.to_worker_id),
            reason=h.reason, created_at=h.created_at, period_start=h.period_start, period_end=h.period_end,
            client_codes=tuple(clients.get(h.id, ())), acknowledged_at=h.acknowledged_at,
            aanbeveling=h.aanbeveling,
        )
        for h in handovers
    ]


def _client_codes(session: Session, handover_ids: list[int]) -> dict[int, list[str]]:
    if not handover_ids:
        return {}
    query = (
        select(HandoverClient.handover_id, Client.code)
        .join(Client, Client.id == HandoverClient.client_id)
        .where(col(HandoverClient.handover_id).in_(handover_ids))
        .order_by(Client.code)
    )
    result: dict[int, list[str]] = defaultdict(list)
    for handover_id, code in session.exec(query):
        result[handover_id].append(code)
    return result


# --------------------------------------------------------------------------- the Overdracht section

LIST_LIMIT = 300
NO_PERIOD_DAYS = 28  # a handover without a period attaches the coming four weeks of appointments


def handover_list(session: Session, user_id: int, which: str) -> HandoverList:
    """`to_me`, `from_me` or `all`: my own drafts first, then unacknowledged, then newest."""
    query = select(Handover)
    if which == "to_me":
        query = query.where(Handover.to_worker_id == user_id, Handover.is_draft == False)  # noqa: E712
    elif which == "from_me":
        query = query.where(Handover.from_worker_id == user_id)
    # Drafts are private to their writer.
    query = query.where(or_(Handover.is_draft == False, Handover.from_worker_id == user_id))  # noqa: E712
    query = query.order_by(
        col(Handover.is_draft).desc(), col(Handover.acknowledged_at).is_not(None), col(Handover.created_at).desc(),
    ).limit(LIST_LIMIT)
    handovers = list(session.exec(query))
    codes = worker_codes(session)
    clients = _client_codes(session, [h.id for h in handovers])
    rows = [
        HandoverListRow(
            id=h.id, version=h.version, from_worker_id=h.from_worker_id, from_code=codes.get(h.from_worker_id, "?"),
            to_worker_id=h.to_worker_id, to_code=codes.get(h.to_worker_id), reason=h.reason, created_at=h.created_at,
            period_start=h.period_start, period_end=h.period_end, client_codes=tuple(clients.get(h.id, ())),
            acknowledged_at=h.acknowledged_at, aanbeveling=h.aanbeveling, is_draft=h.is_draft,
        )
        for h in handovers
    ]
    return HandoverList(which=which, rows=rows)


def my_drafts(session: Session, user_id: int) -> list[HandoverListRow]:
    return [row for row in handover_list(session, user_id, "from_me").rows if row.is_draft]


def handover_detail(session: Session, handover_id: int) -> HandoverDetail | None:
    handover = session.get(Handover, handover_id)
    if handover is None:
        return None
    workers = {w.id: w for w in session.exec(
        select(Worker).where(col(Worker.id).in_([handover.from_worker_id, handover.to_worker_id or -1])))}
    start, end = attachment_period(handover.period_start, handover.period_end)
    client_ids = list(session.exec(
        select(HandoverClient.client_id).where(HandoverClient.handover_id == handover_id)))
    sender, receiver = workers.get(handover.from_worker_id), workers.get(handover.to_worker_id)
    return HandoverDetail(
        id=handover.id, version=handover.version, from_worker_id=handover.from_worker_id,
        from_code=sender.code if sender else "?", from_name=sender.name if sender else "?",
        to_worker_id=handover.to_worker_id, to_code=receiver.code if receiver else None,
        to_name=receiver.name if receiver else None, reason=handover.reason,
        period_start=handover.period_start, period_end=handover.period_end,
        situatie=handover.situatie, achtergrond=handover.achtergrond, beoordeling=handover.beoordeling,
        aanbeveling=handover.aanbeveling, created_at=handover.created_at, is_draft=handover.is_draft,
        acknowledged_at=handover.acknowledged_at, ack_remark=handover.ack_remark,
        clients=tuple(client_attachments(session, client_ids, start, end)),
        attachment_start=start, attachment_end=end,
    )


def open_handover(session: Session, handover_id: int) -> HandoverDetail | None:
    """The handover with its attachments, and a "lezen" audit entry per client (it shows their Top-3);
    run as an audited read (models.actions.read(audited=True)), which commits that entry."""
    detail = handover_detail(session, handover_id)
    if detail is None:
        return None
    for client in detail.clients:
        record(session, AuditAction.READ, "handover", client.code, detail.id)
    return detail


def attachment_period(start: date | None, end: date | None) -> tuple[date, date]:
    if start is not None and end is not None and end >= start:
        return start, end
    first = start or today()
    return first, first + timedelta(days=NO_PERIOD_DAYS - 1)


def client_attachments(session: Session, client_ids: list[int], start: date, end: date) -> list[ClientAttachment]:
    """Per client: current (newest non-draft) Top-3, its running agreements, open action items,
    the appointments from `start` to `end` inclusive, and the huisverbod with its events during the
    traject. A handful of queries for all clients at once."""
    if not client_ids:
        return []
    clients = list(session.exec(select(Client).where(col(Client.id).in_(client_ids)).order_by(Client.code)))
    codes = worker_codes(session)
    newest = dict(session.exec(
        select(Top3Plan.client_id, func.max(Top3Plan.number))
        .where(col(Top3Plan.client_id).in_(client_ids), Top3Plan.is_draft == False)  # noqa: E712
        .group_by(Top3Plan.client_id)).all())
    plans: dict[int, Top3Plan] = {}
    if newest:
        for plan in session.exec(select(Top3Plan).where(col(Top3Plan.client_id).in_(list(newest)))):
            if newest.get(plan.client_id) == plan.number:
                plans[plan.client_id] = plan
    plan_ids = [plan.id for plan in plans.values()]
    situations: dict[int, list[str]] = defaultdict(list)
    agreements: dict[int, list[AgreementLine]] = defaultdict(list)
    if plan_ids:
        for s in session.exec(select(UnsafeSituation).where(col(UnsafeSituation.plan_id).in_(plan_ids))
                              .order_by(UnsafeSituation.plan_id, UnsafeSituation.rank)):
            situations[s.plan_id].append(s.description)
        for a in session.exec(select(SafetyAgreement)
                              .where(col(SafetyAgreement.plan_id).in_(plan_ids),
                                     SafetyAgreement.status == AgreementStatus.LOOPT)
                              .order_by(SafetyAgreement.plan_id, SafetyAgreement.position)):
            agreements[a.plan_id].append(AgreementLine(who=a.who, what=a.what, until=a.until, status=a.status))
    actions: dict[int, list[ActionLine]] = defaultdict(list)
    for item in session.exec(select(ActionItem)
                             .where(col(ActionItem.client_id).in_(client_ids), ActionItem.status == ActionStatus.OPEN)
                             .order_by(ActionItem.due)):
        actions[item.client_id].append(ActionLine(what=item.what, owner_code=codes.get(item.owner_id, "?"), due=item.due))
    appointments = _appointments_of(session, client_ids, start, end)
    huisverboden = _huisverbod_events_of(session, clients)
    result = []
    for client in clients:
        plan = plans.get(client.id)
        rows = appointments.get(client.id, [])
        result.append(ClientAttachment(
            client_id=client.id, code=client.code, initials=client.initials,
            worker_code=codes.get(client.worker_id) if client.worker_id else None,
            top3_number=plan.number if plan else None,
            top3_made_on=local(plan.created_at).date() if plan else None,
            top3_phase=plan.phase if plan else None, top3_evaluate_on=plan.evaluate_on if plan else None,
            top3_situations=tuple(situations.get(plan.id, ())) if plan else (),
            agreements=tuple(agreements.get(plan.id, ())) if plan else (),
            actions=tuple(actions.get(client.id, ())),
            appointments=tuple(rows), appointment_worker_codes=tuple(codes.get(r.worker_id, "?") for r in rows),
            huisverbod_start=client.huisverbod_start, huisverbod_end=client.huisverbod_end,
            huisverbod_events=huisverboden.get(client.id, ()),
        ))
    return result


def _huisverbod_events_of(session: Session, clients: list[Client]) -> dict[int, tuple]:
    """Per client: the huisverbod events of its traject (from the current trajectory's start, or
    the order's start when that is earlier: an order usually brings the client in), newest first,
    with the "opgelegd" line of the current order (models/client/huisverbod.py)."""
    from models.client.huisverbod import event_rows, with_imposed
    from models.tables.clients import Trajectory

    ids = [c.id for c in clients]
    since = dict(session.exec(select(Trajectory.client_id, func.max(Trajectory.start_date))
                              .where(col(Trajectory.client_id).in_(ids)).group_by(Trajectory.client_id)).all())
    rows = event_rows(session, ids)
    result: dict[int, tuple] = {}
    for client in clients:
        first = min((d for d in (since.get(client.id), client.huisverbod_start) if d is not None), default=None)
        found = with_imposed([r for r in rows.get(client.id, []) if first is None or r.day >= first],
                             client.huisverbod_start)
        if found:
            result[client.id] = found
    return result


def _appointments_of(session: Session, client_ids: list[int], start: date, end: date) -> dict[int, list]:
    query = (
        select(Appointment, Client.code)
        .join(Client, Client.id == Appointment.client_id)
        .where(col(Appointment.client_id).in_(client_ids))
        .where(Appointment.start >= at(start, 0), Appointment.start < at(end + timedelta(days=1), 0))
        .where(Appointment.status != AppointmentStatus.CANCELLED)
        .order_by(Appointment.start)
    )
    result: dict[int, list] = defaultdict(list)
    for a, code in session.exec(query):
        result[a.client_id].append(AppointmentRow(
            id=a.id, worker_id=a.worker_id, start=a.start, end=a.end, kind=a.kind, status=a.status,
            client_code=code, place=a.place, partner=a.partner))
    return result


def attachments_for_codes(session: Session, codes: list[str], start: date | None,
                          end: date | None) -> tuple[list[ClientAttachment], list[str]]:
    """For the form while it is filled in: what will be attached, and which codes are unknown."""
    wanted = [code.strip().upper() for code in codes if code.strip()]
    if not wanted:
        return [], []
    found = dict(session.exec(select(Client.code, Client.id).where(col(Client.code).in_(wanted))).all())
    first, last = attachment_period(start, end)
    attachments = client_attachments(session, list(found.values()), first, last)
    return attachments, [code for code in wanted if code not in found]


ABSENCE_REASON = {AbsenceKind.ZIEK: HandoverReason.ZIEKTE, AbsenceKind.VAKANTIE: HandoverReason.VAKANTIE}


def absence_proposal(session: Session, worker_id: int, start: date, end: date) -> AbsenceProposal | None:
    """A pre-filled handover for a worker's absence: the clients with appointments in the period.
    None when the worker has no client appointments then (nothing to hand over)."""
    from models.dutch import clock_time, short_date

    worker = session.get(Worker, worker_id)
    if worker is None:
        return None
    kind = session.exec(
        select(Absence.kind).where(Absence.worker_id == worker_id, Absence.start_date <= end, Absence.end_date >= start)
        .order_by(col(Absence.id).desc())).first()
    reason = ABSENCE_REASON.get(kind, HandoverReason.AFWEZIGHEID)
    query = (
        select(Appointment, Client.code)
        .join(Client, Client.id == Appointment.client_id)
        .where(Appointment.worker_id == worker_id)
        .where(Appointment.start >= at(start, 0), Appointment.start < at(end + timedelta(days=1), 0))
        .where(Appointment.status != AppointmentStatus.CANCELLED)
        .order_by(Appointment.start)
    )
    rows = list(session.exec(query))
    if not rows:
        return None
    from models.enums import AppointmentKind, Gemeente

    codes = tuple(dict.fromkeys(code for _a, code in rows))
    what = f" ({AbsenceKind.label_of(kind).lower()})" if kind else ""
    lines = [f"{worker.code} is afwezig{what} van {short_date(start)} t/m {short_date(end)}. "
             f"Afspraken met cliënten in die periode:"]
    for a, code in rows:
        place = f" ({Gemeente.label_of(a.place)})" if a.place else ""
        lines.append(f"- {short_date(local(a.start).date())} {clock_time(a.start)} "
                     f"{AppointmentKind.label_of(a.kind).lower()} {code}{place}")
    return AbsenceProposal(worker_id=worker.id, worker_code=worker.code, reason=reason, start=start, end=end,
                           client_codes=codes, appointment_count=len(rows), situatie="\n".join(lines))
