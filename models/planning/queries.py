"""Planning: the team week, workers side by side, one page of workers at a time.

At organisation scale (150 workers) the grid shows a page of workers; only that page's
appointments and absences are read, so a week step costs the same for 6 or 150 workers.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session, col, select

from models.tables.appointments import Appointment
from models.tables.clients import Client
from models.clock import at, local
from models.enums import AppointmentStatus
from models.planning.views import AbsenceMark, PlannedAppointment, PlanningWeek
from models.common import active_workers, days_of_week, worker_ref
from models.days_off import days_off
from models.tables.workers import Absence


def week_view(session: Session, monday: date, *, days: int = 5, worker_ids: list[int] | None = None,
              page: int | None = None, per_page: int = 6, focus_worker_id: int | None = None) -> PlanningWeek:
    """One ISO week (monday..friday, or the whole week with days=7).

    Workers: the given ids, or all active workers paged `per_page` at a time (`page`, or the page
    holding `focus_worker_id`)."""
    workers = active_workers(session)
    if worker_ids is not None:
        workers = [w for w in workers if w.id in worker_ids]
    total = len(workers)
    pages = max(1, -(-total // per_page))
    if page is None:
        index = next((i for i, w in enumerate(workers) if w.id == focus_worker_id), 0)
        page = index // per_page
    page = min(max(page, 0), pages - 1)
    shown = workers[page * per_page:(page + 1) * per_page]
    ids = [w.id for w in shown]
    day_list = days_of_week(monday, days)
    cells: dict[tuple[int, date], list[PlannedAppointment]] = defaultdict(list)
    for row in planned_rows(session, worker_ids=ids, start=at(monday, 0), end=at(monday + timedelta(days=days), 0)):
        cells[(row.worker_id, local(row.start).date())].append(row)
    absences: dict[tuple[int, date], AbsenceMark] = {}
    for mark in absence_marks(session, ids, monday, day_list[-1]):
        for day in day_list:
            if mark.start_date <= day <= mark.end_date:
                absences[(mark.worker_id, day)] = mark
    off_days = {(w.id, day) for w in shown for day in day_list if not w.works_on(day)}
    return PlanningWeek(monday=monday, days=day_list, workers=[worker_ref(w) for w in shown], page=page, pages=pages,
                        total_workers=total, cells=dict(cells), absences=absences, off_days=off_days,
                        days_off=days_off(session, day_list[0], day_list[-1]))


def planned_rows(session: Session, *, worker_ids: list[int] | None = None, start=None, end=None,
                 ids: list[int] | None = None, include_cancelled: bool = False) -> list[PlannedAppointment]:
    query = select(Appointment, Client.code).join(Client, Client.id == Appointment.client_id, isouter=True)
    if worker_ids is not None:
        query = query.where(col(Appointment.worker_id).in_(worker_ids))
    if start is not None:
        query = query.where(Appointment.start >= start)
    if end is not None:
        query = query.where(Appointment.start < end)
    if ids is not None:
        query = query.where(col(Appointment.id).in_(ids))
    elif not include_cancelled:
        query = query.where(Appointment.status != AppointmentStatus.CANCELLED)
    return [
        PlannedAppointment(
            id=a.id, version=a.version, worker_id=a.worker_id, start=a.start, end=a.end, kind=a.kind, status=a.status,
            client_id=a.client_id, client_code=code, place=a.place, partner=a.partner, note=a.note,
            series_id=a.series_id, registration_id=a.registration_id,
        )
        for a, code in session.exec(query.order_by(Appointment.start, Appointment.id))
    ]


def absence_marks(session: Session, worker_ids: list[int], first: date, last: date) -> list[AbsenceMark]:
    query = (
        select(Absence)
        .where(col(Absence.worker_id).in_(worker_ids), Absence.start_date <= last, Absence.end_date >= first)
        .order_by(Absence.start_date)
    )
    return [AbsenceMark(id=a.id, version=a.version, worker_id=a.worker_id, kind=a.kind, start_date=a.start_date,
                        end_date=a.end_date, note=a.note) for a in session.exec(query)]


def day_detail(session: Session, worker_id: int, day: date):
    """One worker's day for the day modal: all appointments (cancelled too), the absence if any,
    and the conversation count (3/5) of each client's trajectory."""
    from models.planning.progress import conversation_progress

    rows = planned_rows(session, worker_ids=[worker_id], start=at(day, 0), end=at(day + timedelta(days=1), 0),
                        include_cancelled=True)
    marks = absence_marks(session, [worker_id], day, day)
    progress = conversation_progress(session, [r.client_id for r in rows if r.client_id])
    return rows, (marks[0] if marks else None), progress
