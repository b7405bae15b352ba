"""Planning: the team week, workers side by side."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session, col, select

from models.clock import at, local
from models.queries.common import active_workers, appointment_rows, days_of_week, worker_ref
from models.views import WeekView
from models.workers import Absence


def week_view(session: Session, monday: date, *, days: int = 5, worker_ids: list[int] | None = None) -> WeekView:
    """One ISO week (monday..friday, or the whole week with days=7) for the given workers."""
    workers = [w for w in active_workers(session) if worker_ids is None or w.id in worker_ids]
    ids = [w.id for w in workers]
    day_list = days_of_week(monday, days)
    rows = appointment_rows(session, at(monday, 0), at(monday + timedelta(days=days), 0), ids)
    cells: dict[tuple[int, date], list] = defaultdict(list)
    for row in rows:
        cells[(row.worker_id, local(row.start).date())].append(row)
    absences = {}
    query = select(Absence).where(col(Absence.worker_id).in_(ids), Absence.start_date <= day_list[-1],
                                  Absence.end_date >= monday)
    for absence in session.exec(query):
        for day in day_list:
            if absence.start_date <= day <= absence.end_date:
                absences[(absence.worker_id, day)] = absence.kind
    off_days = {(w.id, day) for w in workers for day in day_list if not w.works_on(day)}
    return WeekView(monday=monday, days=day_list, workers=[worker_ref(w) for w in workers], cells=dict(cells),
                    absences=absences, off_days=off_days)
