"""Find a slot: the first times this week or next where two (or more) people are all free.

For a duo home visit, or a visit with the gedragsdeskundige. A person is busy during every
appointment that is not cancelled (a thuiswerkdag counts as busy: a home visit together is not
planned on it), and on days they do not work or are absent. Nobody is free on a day off of the
whole team (a public holiday or a closure day, models/days_off.py). Slots start on the quarter
hour within office hours, and never in the past.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from models.clock import at, now, week_monday
from models.planning.views import Slot

DAY_START = (8, 30)
DAY_END = (17, 0)
STEP_MINUTES = 15


def find_slots(session, worker_ids: list[int], *, duration_min: int = 60, from_day: date | None = None,
               weeks: int = 2, limit: int = 8) -> list[Slot]:
    """The first `limit` free slots of `duration_min` for all the workers, this week and next."""
    from sqlmodel import col, select

    from models.tables.appointments import Appointment
    from models.enums import AppointmentStatus
    from models.days_off import days_off
    from models.tables.workers import Absence, Worker

    ids = sorted(set(worker_ids))
    if len(ids) < 2 or duration_min <= 0:
        return []
    current = now()
    first = from_day or current.date()
    last = week_monday(first) + timedelta(days=7 * weeks - 1)
    workers = [session.get(Worker, i) for i in ids]
    closed = days_off(session, first, last)  # the whole team is off: never offered
    absent: set[date] = set()
    for absence in session.exec(select(Absence).where(col(Absence.worker_id).in_(ids), Absence.start_date <= last,
                                                      Absence.end_date >= first)):
        day = max(absence.start_date, first)
        while day <= min(absence.end_date, last):
            absent.add(day)
            day += timedelta(days=1)
    busy: list[tuple[datetime, datetime]] = [
        (start, end) for start, end in session.exec(
            select(Appointment.start, Appointment.end)
            .where(col(Appointment.worker_id).in_(ids), Appointment.start < at(last + timedelta(days=1), 0),
                   Appointment.end > at(first, 0), Appointment.status != AppointmentStatus.CANCELLED)
        )
    ]
    busy = [(_aware(s), _aware(e)) for s, e in busy]
    slots: list[Slot] = []
    step = timedelta(minutes=STEP_MINUTES)
    length = timedelta(minutes=duration_min)
    day = first
    while day <= last and len(slots) < limit:
        if day not in closed and day not in absent and all(w is not None and w.works_on(day) for w in workers):
            start, day_end = at(day, *DAY_START), at(day, *DAY_END)
            while start + length <= day_end and len(slots) < limit:
                end = start + length
                if start >= current and not any(s < end and e > start for s, e in busy):
                    slots.append(Slot(day=day, start=start, end=end))
                    start = end  # the next suggestion after this one, not 15 minutes later
                    continue
                start += step
        day += timedelta(days=1)
    return slots


def days_off_passed_over(session, *, from_day: date | None = None, weeks: int = 2) -> dict[date, str]:
    """The team's days off on working days in find_slots' range (what it never offers), date -> name."""
    from models.days_off import days_off

    first = from_day or now().date()
    found = days_off(session, first, week_monday(first) + timedelta(days=7 * weeks - 1))
    return {day: name for day, name in found.items() if day.isoweekday() <= 5}


def _aware(moment: datetime) -> datetime:
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
