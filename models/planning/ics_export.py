"""A worker's week as an iCalendar file (RFC 5545) that calendar programs import.

Data minimisation: an event names the kind and the client CODE only (no initials, no notes), the
place is the gemeente, never an address. Cancelled appointments are left out; absences are
all-day events. The export is client data leaving Teambord, so each client in it gets an
"exporteren" entry in the audit log (the caller commits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models.errors import NotFound, ValidationFailed

PRODID = "-//Teambord//Planning//NL"


@dataclass(frozen=True)
class IcsExport:
    filename: str  # suggested file name, e.g. "AV-2026-week48.ics"
    content: bytes
    events: int


def week_monday_of(year: int, week: int) -> date:
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationFailed(f"Week {week} bestaat niet in {year}.", field="week") from None


def export_week(session, worker_code: str, year: int, week: int) -> IcsExport:
    """The worker's appointments and absences in ISO week `week` of `year`, as .ics bytes."""
    from icalendar import Calendar, Event
    from sqlmodel import select

    from models.audit import record
    from models.clock import at, utcnow
    from models.enums import AbsenceKind, AppointmentKind, AuditAction, Gemeente
    from models.planning.queries import absence_marks, planned_rows
    from models.tables.workers import Worker

    worker = session.exec(select(Worker).where(Worker.code == worker_code.strip().upper())).first()
    if worker is None:
        raise NotFound("Onbekende medewerkercode.")
    monday = week_monday_of(year, week)
    rows = planned_rows(session, worker_ids=[worker.id], start=at(monday, 0), end=at(monday + timedelta(days=7), 0))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Teambord {worker.code} week {week} {year}")
    stamp = utcnow()
    for row in rows:
        event = Event()
        event.add("uid", f"afspraak-{row.id}@teambord")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.start)
        event.add("dtend", row.end)
        summary = AppointmentKind.label_of(row.kind)
        if row.client_code:
            summary += f" {row.client_code}"
        event.add("summary", summary)
        if row.place:
            event.add("location", Gemeente.label_of(row.place))
        if row.partner:
            event.add("description", f"Partner: {row.partner}")
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    for mark in absence_marks(session, [worker.id], monday, monday + timedelta(days=6)):
        event = Event()
        event.add("uid", f"afwezig-{mark.id}@teambord")
        event.add("dtstamp", stamp)
        event.add("dtstart", max(mark.start_date, monday))
        event.add("dtend", min(mark.end_date, monday + timedelta(days=6)) + timedelta(days=1))
        event.add("summary", f"Afwezig: {AbsenceKind.label_of(mark.kind).lower()}")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    for code in sorted({row.client_code for row in rows if row.client_code}):
        record(session, AuditAction.EXPORT, "appointment", code, detail=f"iCalendar {worker.code} week {week} {year}")
    events = len(calendar.subcomponents)
    return IcsExport(filename=f"{worker.code}-{year}-week{week:02d}.ics", content=calendar.to_ical(), events=events)
