"""Writing appointments: create (once or repeating), edit/move, status, delete, and undo.

Transactions: every function here validates, changes rows and FLUSHES, but never commits. The
caller commits (`with database.session(actor, write=True) as s: ...; s.commit()`), so a write can
be combined with others in one transaction (the waiting list's "plan intake" creates the intake
appointment and moves the registration on together). A failed validation raises before anything
is added, so a rollback leaves nothing half.

Errors are `ValidationFailed(message, field=<widget id of screens/planning/appointment_form.py>)`:
"worker", "day", "start", "end", "kind", "client", "place", "partner", "note", "until". An
overlap with another appointment of the same worker raises `OverlapWarning` unless the input
says `accept_overlap=True` (the form asks the user first).

Days off of the whole team (public holidays and closure days, models/days_off.py): a new series
whose dates hit one raises `DaysOffQuestion` unless the input says `days_off="skip"` or `"keep"`
(the form asks "Overslaan?" first). A single appointment on a day off is allowed: nobody is
forbidden to work on Eerste kerstdag, but `day_off_note` makes the result say so.

This module imports SQLModel only inside its functions, so screens can import `AppointmentInput`
at module level without loading the database layer before the first frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from models.clock import at, local
from models.dutch import clock_time, count, short_date
from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus, Gemeente
from models.errors import DomainError, NotFound, OverlapWarning, ValidationFailed
from models.planning.views import (
    DAYS_OFF_ASK, DAYS_OFF_KEEP, DAYS_OFF_SKIP, REPEAT_NONE, REPEAT_WEEKS, SCOPE_ALL, SCOPE_FOLLOWING, SCOPE_ONE,
    PlannedAppointment, Progress,
)
from models.planning.progress import conversation_progress

MAX_SERIES_DAYS = 366
# Kinds that never collide with other appointments: a home-working day is a whole-day marker.
NON_BLOCKING_KINDS = {AppointmentKind.THUISWERKEN}
WEEKDAY_SHORT = ["ma", "di", "wo", "do", "vr", "za", "zo"]


@dataclass(frozen=True)
class AppointmentInput:
    worker_id: int
    day: date
    start: time
    end: time
    kind: str  # AppointmentKind value
    client_code: str | None = None
    place: str = ""  # a Gemeente value or ""
    partner: str = ""
    note: str = ""
    registration_id: int | None = None  # intake of a waiting-list registration
    accept_overlap: bool = False
    repeat: str = REPEAT_NONE  # REPEAT_WEEKLY / REPEAT_BIWEEKLY: a series until `repeat_until`
    repeat_until: date | None = None
    days_off: str = DAYS_OFF_ASK  # a series' dates on a team day off: ask (raise), skip or keep


class DaysOffQuestion(DomainError):
    """Dates of a new series fall on a day off of the team: skip them or keep them? Nothing was
    written. `str()` is the question; `days` the dates with their names ("Tweede kerstdag")."""

    def __init__(self, message: str, days: dict[date, str]) -> None:
        super().__init__(message, field="until")
        self.days = days


# --- create -------------------------------------------------------------------------------------


def create_appointment(session, data: AppointmentInput) -> int:
    """Validate and add one appointment (or a series when `data.repeat` is set); flush, no commit.

    Returns the id of the (first) appointment."""
    return create_series(session, data)[0]


def create_series(session, data: AppointmentInput) -> list[int]:
    """The appointment, repeated weekly or every two weeks until `repeat_until` when asked.

    Repetitions on a day the worker does not work or is absent are skipped (the first one must be
    valid). Dates on a day off of the team are asked about (`DaysOffQuestion`), then skipped or kept
    as `data.days_off` says. All occurrences share `series_id` (the first one's id). Flushes, no
    commit."""
    from models.tables.appointments import Appointment

    client_id, place = _checked_fields(session, data)
    days = [data.day]
    if data.repeat != REPEAT_NONE:
        days = _series_days(data)
    worker = _worker(session, data.worker_id)
    _check_day(session, worker, data.day)
    valid_days = [data.day] + [d for d in days[1:] if _day_problem(session, worker, d) is None]
    if data.repeat != REPEAT_NONE:
        valid_days = _settle_days_off(session, data, valid_days)
    if not data.accept_overlap and data.kind not in NON_BLOCKING_KINDS:
        for day in valid_days:
            _check_overlap(session, worker, at(day, data.start.hour, data.start.minute),
                           at(day, data.end.hour, data.end.minute), exclude=())
    rows = [
        Appointment(worker_id=worker.id, client_id=client_id, kind=data.kind,
                    start=at(day, data.start.hour, data.start.minute), end=at(day, data.end.hour, data.end.minute),
                    place=place, partner=data.partner.strip(), note=data.note.strip(),
                    status=AppointmentStatus.PLANNED, registration_id=data.registration_id)
        for day in valid_days
    ]
    session.add_all(rows)
    session.flush()
    if len(rows) > 1:
        for row in rows:
            row.series_id = rows[0].id
        session.flush()
    return [row.id for row in rows]


def _settle_days_off(session, data: AppointmentInput, days: list[date]) -> list[date]:
    """The series' dates after the user's answer about days off; asks (raises) when not answered."""
    from models.days_off import days_off, describe_days, kind_of

    off = days_off(session, days[0], days[-1])
    hits = {day: off[day] for day in days if day in off}
    if not hits or data.days_off == DAYS_OFF_KEEP:
        return days
    if data.days_off == DAYS_OFF_SKIP:
        left = [day for day in days if day not in hits]
        if not left:
            raise ValidationFailed(f"Alle datums van deze herhaling vallen op een {kind_of(hits)}; kies een andere "
                                   "datum of herhaling.", field="day")
        return left
    verb = "valt" if len(hits) == 1 else "vallen"
    raise DaysOffQuestion(f"{count(len(hits), 'herhaling', 'herhalingen')} {verb} op een {kind_of(hits)} "
                          f"({describe_days(hits)}). Overslaan?", hits)


def skipped_days_off(session, data: AppointmentInput) -> dict[date, str]:
    """The dates of a new series that `days_off="skip"` leaves out (date -> name); {} otherwise."""
    from models.days_off import days_off

    if data.repeat == REPEAT_NONE or data.days_off != DAYS_OFF_SKIP:
        return {}
    days = _series_days(data)
    off = days_off(session, days[0], days[-1])
    return {day: off[day] for day in days if day in off}


def day_off_note(session, days: list[date]) -> str:
    """'vr 25 dec is een feestdag (Eerste kerstdag)' when some of `days` are a day off of the team,
    else '': what the screen adds to its message after a save, so nothing lands there unnoticed."""
    from models.days_off import days_off, describe_days, kind_of

    if not days:
        return ""
    off = days_off(session, min(days), max(days))
    hits = {day: off[day] for day in sorted(set(days)) if day in off}
    if not hits:
        return ""
    if len(hits) == 1:
        day, name = next(iter(hits.items()))
        return f"{short_date(day)} is een {kind_of(hits)} ({name})"
    return f"{len(hits)} afspraken op een {kind_of(hits)} ({describe_days(hits)})"


def _series_days(data: AppointmentInput) -> list[date]:
    if data.repeat not in REPEAT_WEEKS:
        raise ValidationFailed("Kies of de afspraak herhaalt: niet, elke week of om de week.", field="repeat")
    if data.repeat_until is None:
        raise ValidationFailed("Vul in tot wanneer de afspraak herhaalt.", field="until")
    if data.repeat_until <= data.day:
        raise ValidationFailed("De herhaling moet na de eerste datum eindigen.", field="until")
    if (data.repeat_until - data.day).days > MAX_SERIES_DAYS:
        raise ValidationFailed("Een herhaling loopt hoogstens een jaar.", field="until")
    step = timedelta(weeks=REPEAT_WEEKS[data.repeat])
    days, day = [], data.day
    while day <= data.repeat_until:
        days.append(day)
        day += step
    return days


# --- edit, move, status, delete ------------------------------------------------------------------


def update_appointment(session, appointment_id: int, expected_version: int, data: AppointmentInput,
                       scope: str = SCOPE_ONE) -> list[int]:
    """Change (or move) an appointment; for a series also the following ones or all of them.

    Moving by N days moves every occurrence in scope by N days; the other fields are set as given.
    Changing one occurrence never touches the others. Flushes, no commit; returns the changed ids."""
    from sqlalchemy.orm.exc import StaleDataError

    appointment = _appointment(session, appointment_id, expected_version)
    client_id, place = _checked_fields(session, data)
    worker = _worker(session, data.worker_id)
    targets = _in_scope(session, appointment, scope)
    shift = data.day - local(appointment.start).date()
    ids = tuple(t.id for t in targets)
    planned: list[tuple[object, datetime, datetime]] = []
    for target in targets:
        day = local(target.start).date() + shift
        problem = _day_problem(session, worker, day)
        if problem is not None:
            if target.id != appointment.id:
                problem = f"Herhaling op {short_date(day)}: {problem[0].lower()}{problem[1:]}"
            raise ValidationFailed(problem, field="day")
        start, end = at(day, data.start.hour, data.start.minute), at(day, data.end.hour, data.end.minute)
        if not data.accept_overlap and data.kind not in NON_BLOCKING_KINDS and target.status != AppointmentStatus.CANCELLED:
            _check_overlap(session, worker, start, end, exclude=ids)
        planned.append((target, start, end))
    for target, start, end in planned:
        target.worker_id, target.start, target.end = worker.id, start, end
        target.kind, target.client_id, target.place = data.kind, client_id, place
        target.partner, target.note = data.partner.strip(), data.note.strip()
        if data.registration_id is not None:
            target.registration_id = data.registration_id
    try:
        session.flush()
    except StaleDataError:
        from models.conflicts import lost_race

        raise lost_race("Deze afspraak") from None
    return list(ids)


def set_status(session, appointment_id: int, expected_version: int, status: str) -> Progress | None:
    """Mark one occurrence gedaan / niet verschenen / geannuleerd (or back to gepland).

    Returns the client's conversation count afterwards (3/5) when it has a current trajectory."""
    from sqlalchemy.orm.exc import StaleDataError

    if status not in {s.value for s in AppointmentStatus}:
        raise ValidationFailed("Onbekende status.")
    appointment = _appointment(session, appointment_id, expected_version)
    appointment.status = status
    try:
        session.flush()
    except StaleDataError:
        from models.conflicts import lost_race

        raise lost_race("Deze afspraak") from None
    if appointment.client_id is None:
        return None
    return conversation_progress(session, [appointment.client_id]).get(appointment.client_id)


def delete_appointment(session, appointment_id: int, expected_version: int, scope: str = SCOPE_ONE) -> list[int]:
    """Delete an appointment (and, for a series, the following ones or all). Flushes, no commit."""
    from sqlalchemy.orm.exc import StaleDataError

    appointment = _appointment(session, appointment_id, expected_version)
    targets = _in_scope(session, appointment, scope)
    for target in targets:
        session.delete(target)
    try:
        session.flush()
    except StaleDataError:
        from models.conflicts import lost_race

        raise lost_race("Deze afspraak") from None
    return [t.id for t in targets]


def stored_appointment(session, appointment_id: int) -> tuple[int, AppointmentInput]:
    """The appointment as it is stored now, with its version: what a form reloads after a conflict."""
    from models.tables.appointments import Appointment
    from models.tables.clients import Client

    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound("Deze afspraak bestaat niet meer (door een collega verwijderd).")
    start, end = local(appointment.start), local(appointment.end)
    client = session.get(Client, appointment.client_id) if appointment.client_id else None
    return appointment.version, AppointmentInput(
        worker_id=appointment.worker_id, day=start.date(), start=start.time(), end=end.time(),
        kind=appointment.kind, client_code=client.code if client else None, place=appointment.place,
        partner=appointment.partner, note=appointment.note, registration_id=appointment.registration_id)


def scope_ids(session, appointment_id: int, scope: str) -> list[int]:
    """The ids a change with this scope touches (for the undo snapshot taken before it)."""
    from models.tables.appointments import Appointment

    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound("Deze afspraak bestaat niet meer.")
    return [t.id for t in _in_scope(session, appointment, scope)]


def _in_scope(session, appointment, scope: str) -> list:
    from sqlmodel import select

    from models.tables.appointments import Appointment

    if scope == SCOPE_ONE or appointment.series_id is None:
        return [appointment]
    if scope not in (SCOPE_FOLLOWING, SCOPE_ALL):
        raise ValidationFailed("Kies: alleen deze, deze en volgende, of alle.")
    query = select(Appointment).where(Appointment.series_id == appointment.series_id)
    if scope == SCOPE_FOLLOWING:
        query = query.where(Appointment.start >= appointment.start)
    return list(session.exec(query.order_by(Appointment.start)))


def _appointment(session, appointment_id: int, expected_version: int):
    from models.tables.appointments import Appointment
    from models.conflicts import fetch_for_update

    return fetch_for_update(session, Appointment, appointment_id, expected_version, "appointment", "Deze afspraak")


# --- validation ------------------------------------------------------------------------------------


def _checked_fields(session, data: AppointmentInput) -> tuple[int | None, str]:
    """Field checks that need no other appointment: returns (client id, place)."""
    from sqlmodel import select

    from models.tables.clients import Client

    if data.kind not in {k.value for k in AppointmentKind}:
        raise ValidationFailed("Kies een soort afspraak.", field="kind")
    if data.end <= data.start:
        raise ValidationFailed("De eindtijd ligt voor of op de begintijd.", field="end")
    if data.place and data.place not in {g.value for g in Gemeente}:
        raise ValidationFailed("Onbekende gemeente.", field="place")
    if len(data.partner.strip()) > 60:
        raise ValidationFailed("Partnerorganisatie: hoogstens 60 tekens.", field="partner")
    if len(data.note.strip()) > 400:
        raise ValidationFailed("Notitie: hoogstens 400 tekens.", field="note")
    client_id, place = None, data.place
    code = (data.client_code or "").strip().upper()
    if code:
        found = session.exec(select(Client.id, Client.gemeente).where(Client.code == code)).first()
        if found is None:
            raise ValidationFailed("Onbekende cliëntcode. Kies een code uit de lijst (→ vult aan).", field="client")
        client_id = found[0]
        if not place and data.kind in (AppointmentKind.HUISBEZOEK, AppointmentKind.NETWERKOVERLEG):
            place = found[1]  # a home visit is in the client's gemeente
    return client_id, place


def _worker(session, worker_id: int):
    from models.tables.workers import Worker

    worker = session.get(Worker, worker_id) if worker_id else None
    if worker is None or not worker.active:
        raise ValidationFailed("Kies een medewerker.", field="worker")
    return worker


def _check_day(session, worker, day: date) -> None:
    problem = _day_problem(session, worker, day)
    if problem is not None:
        raise ValidationFailed(problem, field="day")


def _day_problem(session, worker, day: date) -> str | None:
    from sqlmodel import select

    from models.tables.workers import Absence

    if not worker.works_on(day):
        days = ", ".join(WEEKDAY_SHORT[int(d) - 1] for d in worker.work_days.split(",") if d)
        return f"{worker.code} werkt niet op {short_date(day)} (werkdagen: {days})."
    absence = session.exec(
        select(Absence).where(Absence.worker_id == worker.id, Absence.start_date <= day, Absence.end_date >= day)
    ).first()
    if absence is not None:
        return (f"{worker.code} is afwezig op {short_date(day)} ({AbsenceKind.label_of(absence.kind).lower()} "
                f"{short_date(absence.start_date)} – {short_date(absence.end_date)}).")
    return None


def _check_overlap(session, worker, start: datetime, end: datetime, exclude: tuple[int, ...]) -> None:
    from sqlmodel import col, select

    from models.tables.appointments import Appointment

    query = (
        select(Appointment)
        .where(Appointment.worker_id == worker.id, Appointment.start < end, Appointment.end > start)
        .where(Appointment.status != AppointmentStatus.CANCELLED)
        .where(col(Appointment.kind).not_in([k.value for k in NON_BLOCKING_KINDS]))
        .order_by(Appointment.start)
    )
    if exclude:
        query = query.where(col(Appointment.id).not_in(exclude))
    other = session.exec(query).first()
    if other is not None:
        raise OverlapWarning(
            f"Let op: overlapt met een andere afspraak van {worker.code} op {short_date(local(other.start).date())}, "
            f"{clock_time(other.start)}–{clock_time(other.end)} ({AppointmentKind.label_of(other.kind).lower()}).",
            field="start")


# --- reading one appointment ---------------------------------------------


def planned_appointment(session, appointment_id: int) -> PlannedAppointment | None:
    from models.planning.queries import planned_rows

    rows = planned_rows(session, ids=[appointment_id])
    return rows[0] if rows else None
