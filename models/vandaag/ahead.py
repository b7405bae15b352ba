"""Vandaag looks ahead: "deze week", the worker's coming days and what falls due on them.

Which days: the rest of this working week; from Thursday on (and at the weekend) the next five
weekdays, so Thursday and Friday do not look at an (almost) empty week. Weekends are never
listed; a weekend day between listed days shows up only for an appointment or something due on
it. Actions and Top-3 evaluations are looked ahead for a week (`AHEAD_DAYS`): on a Monday that
reaches past Friday, and such a later day shows only what falls due on it.

A day off (a public holiday or a team closure day, models/days_off.py) says its name. Each part is
one query over the whole window (appointments, absences, closure days), grouped here;
the due actions and evaluations come from Vandaag's own queries (models/vandaag/queries.py), which
read today's and the coming week's in one pass.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session, select

from models.clock import at, local_std
from models.common import appointment_rows
from models.days_off import days_off
from models.enums import AppointmentKind
from models.tables.workers import Absence, Worker
from models.vandaag.views import ActionRow, AheadDay, EvaluationRow

AHEAD_DAYS = 7  # actions and evaluations due within this many days after today are "deze week"
LOOK_FURTHER_FROM = 3  # weekday (Thursday = 3) from which the next five weekdays are listed
LISTED_WEEKDAYS = 5


def ahead_dates(day: date) -> list[date]:
    """The weekdays after `day` that "deze week" lists: Monday → Tuesday … Friday; Wednesday →
    Thursday, Friday; Thursday, Friday and the weekend → the next five weekdays."""
    if day.weekday() < LOOK_FURTHER_FROM:
        return [day + timedelta(days=n) for n in range(1, 5 - day.weekday())]
    dates: list[date] = []
    current = day
    while len(dates) < LISTED_WEEKDAYS:
        current += timedelta(days=1)
        if current.weekday() < 5:
            dates.append(current)
    return dates


def window_end(day: date) -> date:
    """The last day "deze week" covers (inclusive): a week after today, which is never before the
    last listed weekday (Thursday's and Friday's fifth weekday is exactly a week later)."""
    return day + timedelta(days=AHEAD_DAYS)


def ahead_days(session: Session, worker: Worker, day: date, actions: list[ActionRow],
               evaluations: list[EvaluationRow]) -> list[AheadDay]:
    """The days after `day` up to `window_end(day)` worth a line: the listed weekdays, and any other
    day with an appointment or something due. `actions` and `evaluations` are those due in that
    window (the caller's queries read them together with today's)."""
    first, last = day + timedelta(days=1), window_end(day)
    dates = ahead_dates(day)
    listed = set(dates)
    # Appointments up to the last listed day only: next Monday's day is not "deze week" on a Monday.
    rows = appointment_rows(session, at(first, 0), at(dates[-1] + timedelta(days=1), 0), worker_ids=[worker.id])
    by_day: dict[date, list] = defaultdict(list)
    for row in rows:
        by_day[local_std(row.start).date()].append(row)
    due_actions: dict[date, list[ActionRow]] = defaultdict(list)
    for action in actions:
        due_actions[action.due].append(action)
    due_evaluations: dict[date, list[EvaluationRow]] = defaultdict(list)
    for evaluation in evaluations:
        due_evaluations[evaluation.evaluate_on].append(evaluation)
    absences = _absences(session, worker.id, first, last)
    off = days_off(session, first, last)  # public holidays and the team's closure days
    days = []
    for offset in range((last - first).days + 1):
        current = first + timedelta(days=offset)
        mine = by_day.get(current, [])
        if current not in listed and not mine and current not in due_actions and current not in due_evaluations:
            continue
        days.append(AheadDay(
            day=current, listed=current in listed, works=worker.works_on(current), day_off=off.get(current),
            absence_kind=absences.get(current), appointments=len(mine),
            home_visits=sum(1 for r in mine if r.kind == AppointmentKind.HUISBEZOEK),
            first_start=mine[0].start if mine else None,
            first_client_code=mine[0].client_code if mine else None,
            first_kind=mine[0].kind if mine else None,
            actions=tuple(due_actions.get(current, ())), evaluations=tuple(due_evaluations.get(current, ())),
        ))
    return days


def _absences(session: Session, worker_id: int, first: date, last: date) -> dict[date, str]:
    """The worker's absence per day of [first, last] (one query for the window)."""
    query = select(Absence.start_date, Absence.end_date, Absence.kind).where(
        Absence.worker_id == worker_id, Absence.start_date <= last, Absence.end_date >= first)
    days: dict[date, str] = {}
    for start, end, kind in session.exec(query):
        current = max(start, first)
        while current <= min(end, last):
            days.setdefault(current, kind)
            current += timedelta(days=1)
    return days
