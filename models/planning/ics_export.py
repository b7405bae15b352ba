"""A worker's week as an iCalendar file (RFC 5545) that calendar programs import and keep in step.

Data minimisation: an event names the kind and the client CODE only (no initials, no notes), the
place is the gemeente, never an address. The export is client data leaving Teambord, so each client
in it gets an "exporteren" entry in the audit log (the caller commits).

Keeping a calendar in step across exports (a calendar matches events by UID, and takes a copy
with a higher SEQUENCE as the newer one):
- UID: uuid5 of this database's UUID and the row id (models/planning/ics_identity.py): the same
  appointment has the same UID in every export, another database never shares it.
- SEQUENCE is the row's version counter, which every change raises (models/base.py Versioned); a
  move, an edit or a cancellation therefore always reaches a calendar that holds an older copy.
- Cancelled appointments are exported, as STATUS:CANCELLED, so a calendar that imported them
  earlier as CONFIRMED drops or strikes them; every other status is CONFIRMED.
- An absence is exported whole (its own dates, not cut to the week), so it is the same event in
  each week's export instead of a different slice under one UID. Absences are no client data.

Repeating appointments: every occurrence is its own VEVENT with its own UID, no RRULE, no
RECURRENCE-ID. Why not a master event with RRULE/EXDATE plus RECURRENCE-ID overrides:
- Teambord keeps no rule. A series is rows sharing `series_id` (models/planning/write.py
  create_series), already without the dates skipped for a day off or an absence, and each
  occurrence can later be moved, changed (time, kind, client, even worker), cancelled or deleted
  on its own. A master would be a reconstruction.
- A RECURRENCE-ID must stay the occurrence's original start for ever. Teambord does not keep the
  original start of a moved occurrence, so the RECURRENCE-ID would follow the move and a calendar
  would see a new instance beside the old one.
- The export is one week. A master with an RRULE makes the calendar show the series in every
  week, with the master's time and client, until each other week is imported too — data (client
  codes) outside the exported week, without an audit entry for it, and wrong where an occurrence
  differs. And week 48's master and week 49's master (one UID) must be identical: any change to
  the series in between would make one export undo the other.
Own UIDs have none of these problems: importing week 48 and then week 49 adds each week's
occurrences, and a re-export of a week updates exactly the occurrences that changed.

What no export can say: an appointment deleted in Teambord (rather than cancelled) stays in a
calendar that imported it, as does one moved to a colleague in the first worker's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models.errors import NotFound, ValidationFailed
from models.export_notice import first_line

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
    """The worker's appointments (cancelled ones too) and absences in ISO week `week` of `year`.

    Flushes the database's UUID on the first export and adds the audit entries; the caller commits."""
    from icalendar import Calendar, Event
    from sqlmodel import select

    from models.audit import record
    from models.clock import at, utcnow
    from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus, AuditAction, Gemeente
    from models.planning.ics_identity import absence_uid, appointment_uid, database_uuid
    from models.planning.queries import absence_marks, planned_rows
    from models.tables.workers import Worker

    worker = session.exec(select(Worker).where(Worker.code == worker_code.strip().upper())).first()
    if worker is None:
        raise NotFound("Onbekende medewerkercode.")
    monday = week_monday_of(year, week)
    rows = planned_rows(session, worker_ids=[worker.id], start=at(monday, 0), end=at(monday + timedelta(days=7), 0),
                        include_cancelled=True)
    namespace = database_uuid(session)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Teambord {worker.code} week {week} {year}")
    # Line 1 of a .ics must be BEGIN:VCALENDAR, so the masking notice every export starts with
    # (models/export_notice.py) is the calendar's description instead; the events name codes only.
    calendar.add("x-wr-caldesc", first_line(masked=True))
    stamp = utcnow()
    for row in rows:
        event = Event()
        event.add("uid", appointment_uid(namespace, row.id))
        event.add("dtstamp", stamp)
        event.add("sequence", row.version)
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
        event.add("status", "CANCELLED" if row.status == AppointmentStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    for mark in absence_marks(session, [worker.id], monday, monday + timedelta(days=6)):
        event = Event()
        event.add("uid", absence_uid(namespace, mark.id))
        event.add("dtstamp", stamp)
        event.add("sequence", mark.version)
        event.add("dtstart", mark.start_date)
        event.add("dtend", mark.end_date + timedelta(days=1))  # DATE end is exclusive
        event.add("summary", f"Afwezig: {AbsenceKind.label_of(mark.kind).lower()}")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    for code in sorted({row.client_code for row in rows if row.client_code}):
        record(session, AuditAction.EXPORT, "appointment", code, detail=f"iCalendar {worker.code} week {week} {year}")
    events = len(calendar.subcomponents)
    return IcsExport(filename=f"{worker.code}-{year}-week{week:02d}.ics", content=calendar.to_ical(), events=events)
