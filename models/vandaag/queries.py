"""Vandaag: the morning view of one worker, the team strip "wie is waar", the days ahead and my drafts.

One fetch (the screen's worker) runs `today_view`: one query pass per part. The due actions and
Top-3 evaluations are read once for today and the coming week together; "deze week"
(models/vandaag/ahead.py) takes the ones after today.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from models.tables.clients import Client
from models.clock import at
from models.enums import ActionStatus, AppointmentKind, ClientStatus, DayType
from models.tables.overleg import ActionItem
from models.common import active_workers, appointment_rows, worker_ref
from models.client.views import HuisverbodNewsRow
from models.handover.queries import handover_rows
from models.tables.top3 import Top3Plan
from models.vandaag.views import ActionRow, EvaluationRow, HuisverbodRow, TeamDayRow, TodayView
from models.views import AppointmentRow
from models.tables.workers import Absence, Worker

HUISVERBOD_WARNING_DAYS = 3
OFFICE_KINDS = {AppointmentKind.KANTOORGESPREK, AppointmentKind.ADMINISTRATIE, AppointmentKind.OVERLEG,
                AppointmentKind.INTAKE}
FIELD_KINDS = {AppointmentKind.HUISBEZOEK, AppointmentKind.NETWERKOVERLEG}


def today_view(session: Session, user_id: int, day: date) -> TodayView:
    from models.vandaag.ahead import ahead_days, window_end
    from models.vandaag.concepts import my_concepts

    user = session.get(Worker, user_id)
    workers = active_workers(session)
    rows = appointment_rows(session, at(day, 0), at(day + timedelta(days=1), 0))
    absences = _absences_on(session, day)
    by_worker: dict[int, list[AppointmentRow]] = {}
    for row in rows:  # one pass: filtering all rows once per worker grew with workers × appointments
        by_worker.setdefault(row.worker_id, []).append(row)
    team = [_team_day(worker, day, by_worker.get(worker.id, []), absences.get(worker.id)) for worker in workers]
    actions = _due_actions(session, user_id, window_end(day))
    evaluations = _evaluations_due(session, user_id, window_end(day))
    week_end = day + timedelta(days=6 - day.weekday())
    return TodayView(
        day=day,
        user=worker_ref(user),
        appointments=by_worker.get(user_id, []),
        team=team,
        handovers=handover_rows(session, to_worker_id=user_id, open_only=True),
        actions=actions,
        huisverboden=_ending_huisverboden(session, day),
        evaluations=[e for e in evaluations if e.evaluate_on <= week_end],
        ahead=ahead_days(session, user, day, [a for a in actions if a.due > day],
                         [e for e in evaluations if e.evaluate_on > day]),
        drafts=my_concepts(session, user),
        huisverbod_news=_huisverbod_news(session, day),
    )


def _huisverbod_news(session: Session, day: date) -> list[HuisverbodNewsRow]:
    """Huisverbod extensions, early ends and breaches of the last week, for the whole team like the
    endings beside them (the morning call is about everyone's clients)."""
    from models.client.huisverbod import huisverbod_news

    return huisverbod_news(session, day)


def _absences_on(session: Session, day: date) -> dict[int, str]:
    query = select(Absence.worker_id, Absence.kind).where(Absence.start_date <= day, Absence.end_date >= day)
    return dict(session.exec(query).all())


def _team_day(worker: Worker, day: date, rows: list[AppointmentRow], absence: str | None) -> TeamDayRow:
    if absence:
        day_type = DayType.AFWEZIG
    elif not worker.works_on(day):
        day_type = DayType.VRIJ
    elif worker.home_day == day.isoweekday() or any(r.kind == AppointmentKind.THUISWERKEN for r in rows):
        day_type = DayType.THUISWERK
    elif any(r.kind in FIELD_KINDS for r in rows):
        day_type = DayType.OP_PAD
    else:
        day_type = DayType.KANTOOR
    places = tuple(dict.fromkeys(r.place for r in rows if r.place))
    return TeamDayRow(
        worker=worker_ref(worker), day_type=day_type, absence_kind=absence,
        first_start=rows[0].start if rows else None, last_end=max((r.end for r in rows), default=None),
        places=places,
    )


def _due_actions(session: Session, user_id: int, until: date) -> list[ActionRow]:
    """Open action items of this worker that are due up to `until` (the end of "deze week",
    models/vandaag/ahead.py) or overdue."""
    query = (
        select(ActionItem, Worker.code, Client.code)
        .join(Worker, Worker.id == ActionItem.owner_id)
        .join(Client, Client.id == ActionItem.client_id, isouter=True)
        .where(ActionItem.owner_id == user_id, ActionItem.status == ActionStatus.OPEN)
        .where(col(ActionItem.due).is_not(None), ActionItem.due <= until)
        .order_by(ActionItem.due)
    )
    return [
        ActionRow(id=a.id, owner_code=owner, what=a.what, due=a.due, status=a.status, client_code=client)
        for a, owner, client in session.exec(query)
    ]


def _ending_huisverboden(session: Session, day: date) -> list[HuisverbodRow]:
    query = (
        select(Client, Worker.code)
        .join(Worker, Worker.id == Client.worker_id, isouter=True)
        .where(Client.status == ClientStatus.ACTIVE)
        .where(Client.huisverbod_end >= day, Client.huisverbod_end <= day + timedelta(days=HUISVERBOD_WARNING_DAYS))
        .order_by(Client.huisverbod_end)
    )
    return [
        HuisverbodRow(client_id=c.id, client_code=c.code, worker_code=code, start=c.huisverbod_start, end=c.huisverbod_end)
        for c, code in session.exec(query)
    ]


def _evaluations_due(session: Session, user_id: int, until: date) -> list[EvaluationRow]:
    """Top-3 evaluations of this worker's clients due up to `until` (overdue too), newest versions only."""
    query = (
        select(Top3Plan, Client.code)
        .join(Client, Client.id == Top3Plan.client_id)
        .where(Client.worker_id == user_id, Client.status == ClientStatus.ACTIVE)
        .where(Top3Plan.is_draft == False, Top3Plan.evaluate_on <= until)  # noqa: E712
        .order_by(Top3Plan.evaluate_on)
    )
    latest: dict[int, EvaluationRow] = {}
    newest_number = _newest_plan_numbers(session, user_id)
    for plan, code in session.exec(query):
        if newest_number.get(plan.client_id) == plan.number:
            latest[plan.client_id] = EvaluationRow(plan.client_id, code, plan.number, plan.evaluate_on)
    return sorted(latest.values(), key=lambda row: row.evaluate_on)


def _newest_plan_numbers(session: Session, user_id: int) -> dict[int, int]:
    from sqlalchemy import func

    query = (
        select(Top3Plan.client_id, func.max(Top3Plan.number))
        .join(Client, Client.id == Top3Plan.client_id)
        .where(Client.worker_id == user_id, Top3Plan.is_draft == False)  # noqa: E712
        .group_by(Top3Plan.client_id)
    )
    return dict(session.exec(query).all())


def conversation_counts(session: Session, rows: list[AppointmentRow]) -> dict[str, str]:
    """For my appointments' clients: completed conversations of the current trajectory, "3/5"."""
    from models.planning.progress import conversation_progress

    codes = sorted({r.client_code for r in rows if r.client_code})
    if not codes:
        return {}
    ids = dict(session.exec(select(Client.id, Client.code).where(col(Client.code).in_(codes))).all())
    return {ids[cid]: str(progress) for cid, progress in conversation_progress(session, list(ids)).items()}
