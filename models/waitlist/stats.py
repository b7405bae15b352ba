"""Figures for the weekly overleg: registrations this month, waiting times, the list's length per week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.clock import at
from models.enums import OPEN_REGISTRATION_STATUSES
from models.tables.registrations import Registration, RegistrationStep

WEEKS = 12
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


@dataclass(frozen=True)
class WaitlistFigures:
    month: str  # "november"
    registrations_this_month: int
    waiting_now: int
    median_wait_days: float | None  # of the registrations waiting now
    longest_wait_days: int | None
    longest_code: str | None
    weeks: tuple[tuple[date, int], ...]  # (monday, length at the end of that week; today for this week)


def overleg_figures(session: Session, today: date, weeks: int = WEEKS) -> WaitlistFigures:
    first_of_month = today.replace(day=1)
    this_month = session.exec(select(func.count()).select_from(Registration).where(
        Registration.registered_on >= first_of_month, Registration.registered_on <= today)).one()
    open_rows = session.exec(select(Registration.code, Registration.registered_on)
                             .where(col(Registration.status).in_(OPEN_REGISTRATION_STATUSES))).all()
    waits = sorted(((today - registered).days, code) for code, registered in open_rows)
    longest = waits[-1] if waits else None
    return WaitlistFigures(
        month=MONTHS[today.month - 1], registrations_this_month=this_month, waiting_now=len(waits),
        median_wait_days=median(days for days, _code in waits) if waits else None,
        longest_wait_days=longest[0] if longest else None, longest_code=longest[1] if longest else None,
        weeks=tuple(length_per_week(session, today, weeks)),
    )


def length_per_week(session: Session, today: date, weeks: int = WEEKS) -> list[tuple[date, int]]:
    """How many registrations were open at the end of each of the last `weeks` weeks (this one: today).

    A registration is open on a day when it was registered by then and its latest step up to that
    day has an open status (a reopened registration counts again).
    """
    monday = today - timedelta(days=today.weekday())
    mondays = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    points = [min(m + timedelta(days=6), today) for m in mondays]
    window_start = at(mondays[0], 0)
    recent = select(RegistrationStep.registration_id).where(RegistrationStep.at >= window_start)
    candidates = dict(session.exec(
        select(Registration.id, Registration.registered_on).where(
            Registration.registered_on <= today,
            col(Registration.status).in_(OPEN_REGISTRATION_STATUSES) | col(Registration.id).in_(recent),
        )
    ).all())
    history: dict[int, list[tuple[object, str]]] = {}
    if candidates:
        for registration_id, moment, status in session.exec(
            select(RegistrationStep.registration_id, RegistrationStep.at, RegistrationStep.status)
            .where(col(RegistrationStep.registration_id).in_(list(candidates)))
            .order_by(col(RegistrationStep.at), col(RegistrationStep.id))
        ):
            history.setdefault(registration_id, []).append((_aware(moment), status))
    # One walk through each registration's history, over the weeks in order: looking up the status
    # afresh for every week re-read every history twelve times.
    ends = [at(point + timedelta(days=1), 0) for point in points]
    counts = [0] * len(points)
    for registration_id, registered_on in candidates.items():
        steps = history.get(registration_id, ())
        status, taken = None, 0
        for week, (point, end) in enumerate(zip(points, ends)):
            while taken < len(steps) and steps[taken][0] < end:
                status = steps[taken][1]
                taken += 1
            if registered_on <= point and (status is None or status in OPEN_REGISTRATION_STATUSES):
                counts[week] += 1
    return list(zip(mondays, counts))


def _aware(value):
    from datetime import timezone

    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
