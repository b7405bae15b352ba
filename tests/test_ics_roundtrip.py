"""The iCalendar export kept in step with a calendar: every export is parsed back with icalendar and
fed to a small model of a calendar program (per UID the newest copy by SEQUENCE, RFC 5546 2.1.5).

Checked: UIDs are UUIDs, stable across exports and different in another database; a cancellation
through the real write door reaches the calendar as STATUS:CANCELLED with a higher SEQUENCE;
a repeating series (weekly and every two weeks, with a skipped date, a moved and a cancelled
occurrence) ends up in the calendar exactly as the database has it, week export after week export;
week 53 and the end of summer time; and the export from the Planning screen by its key.
"""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import WEEKLY, rrule
from icalendar import Calendar
from sqlmodel import col, select

from models.actions import perform
from models.actions.planning import add_absence, add_appointments, edit_appointment, export_week_ics, \
    set_appointment_status
from models.audit import Actor, AuditEntry
from models.clock import at, local
from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus, AuditAction, Gemeente
from models.errors import DomainError, ValidationFailed
from models.planning.ics_identity import KEY, absence_uid, appointment_uid, database_uuid
from models.planning.views import REPEAT_BIWEEKLY, REPEAT_WEEKLY, SCOPE_ONE, AbsenceInput
from models.planning.write import AppointmentInput
from models.settings import TeamSetting
from models.tables.appointments import Appointment
from models.tables.clients import Client
from models.tables.workers import Absence, Worker
from tests.conftest import clear_and_paste, settle
from tests.databases import BACKENDS, fresh_database_url

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Properties that would make a calendar repeat an event beyond the week that was exported.
RECURRENCE = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


# --- a calendar program, as far as keeping in step goes ------------------------------------------


class CalendarProgram:
    """Imports .ics files the way RFC 5546 orders copies of one event: a copy replaces the stored one
    only when its SEQUENCE is higher, or equal with a later DTSTAMP. (The frozen clock gives every
    export the same DTSTAMP, so only SEQUENCE can carry a change.)"""

    def __init__(self) -> None:
        self.events: dict[str, object] = {}

    def import_file(self, content: bytes) -> None:
        for event in Calendar.from_ical(content).walk("VEVENT"):
            uid = str(event["UID"])
            old = self.events.get(uid)
            if old is None or _order(event) > _order(old):
                self.events[uid] = event


def _order(event) -> tuple[int, datetime]:
    return int(event.get("SEQUENCE", 0)), event["DTSTAMP"].dt


# --- helpers ------------------------------------------------------------------------------------


def export(database, code: str, year: int, week: int, folder: Path) -> bytes:
    """Export through the write door, as the Planning screen does, and read the file back."""
    path = folder / f"{code}-{year}-{week}-{uuid.uuid4().hex[:6]}.ics"
    perform(database, Actor("AV"), export_week_ics, code, year, week, path, undoable=False)
    return path.read_bytes()


def events_of(content: bytes) -> list:
    return list(Calendar.from_ical(content).walk("VEVENT"))


def namespace_of(database) -> uuid.UUID:
    with database.session() as session:
        return uuid.UUID(json.loads(session.get(TeamSetting, KEY).value))


def worker_id(database, code: str) -> int:
    with database.session() as session:
        return session.exec(select(Worker.id).where(Worker.code == code)).one()


def rows(database, *conditions) -> list[Appointment]:
    with database.session() as session:
        return list(session.exec(select(Appointment).where(*conditions).order_by(Appointment.start)))


def week_rows(database, code: str, monday: date) -> list[Appointment]:
    return rows(database, Appointment.worker_id == worker_id(database, code), Appointment.start >= at(monday, 0),
                Appointment.start < at(monday + timedelta(days=7), 0))


def early(database, day: date, **changes) -> AppointmentInput:
    """07:00-08:00 for AV: before every demo appointment, so nothing overlaps."""
    values = dict(worker_id=worker_id(database, "AV"), day=day, start=time(7), end=time(8),
                  kind=AppointmentKind.ADMINISTRATIE)
    return AppointmentInput(**{**values, **changes})


def utc(moment) -> datetime:
    return moment.astimezone(timezone.utc)


def weeks_spanned(first: date, last: date) -> list[tuple[int, int]]:
    weeks, day = [], first - timedelta(days=first.weekday())
    while day <= last:
        weeks.append(tuple(day.isocalendar())[:2])
        day += timedelta(weeks=1)
    return weeks


# --- identity -------------------------------------------------------------------------------------


def test_uids_are_uuids_stable_across_exports_and_differ_in_another_database(database, demo_template, tmp_path):
    with database.session() as session:
        assert session.get(TeamSetting, KEY) is None  # made on the first export, not by the demo
    first = events_of(export(database, "JB", 2026, 48, tmp_path))
    namespace = namespace_of(database)
    assert namespace.version == 4  # random
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids)) > 5
    assert all(uuid.UUID(uid).version == 5 and str(uuid.UUID(uid)) == uid for uid in uids)
    expected = {appointment_uid(namespace, a.id) for a in week_rows(database, "JB", date(2026, 11, 23))}
    with database.session() as session:
        absences = session.exec(select(Absence.id).where(Absence.worker_id == worker_id(database, "JB"),
                                                         Absence.start_date <= date(2026, 11, 29),
                                                         Absence.end_date >= date(2026, 11, 23))).all()
    expected |= {absence_uid(namespace, a) for a in absences}
    assert set(uids) == expected and absences

    again = events_of(export(database, "JB", 2026, 48, tmp_path))
    assert [str(e["UID"]) for e in again] == uids
    assert namespace_of(database) == namespace  # made once
    with database.session() as session:
        assert len(session.exec(select(TeamSetting).where(TeamSetting.key == KEY)).all()) == 1

    other_file = tmp_path / "tweede.db"
    shutil.copy(demo_template, other_file)
    from tui.db import open_database

    other = open_database(f"sqlite:///{other_file}")
    try:
        elsewhere = events_of(export(other, "JB", 2026, 48, tmp_path))
    finally:
        other.dispose()
    assert len(elsewhere) == len(first)  # the same data ...
    assert not {str(e["UID"]) for e in elsewhere} & set(uids)  # ... is another calendar's event


def test_a_failed_export_stores_no_uuid_and_logs_nothing(database, tmp_path):
    with database.session() as session:
        logged = len(session.exec(select(AuditEntry.id)).all())
    with pytest.raises(DomainError, match="Kan niet schrijven"):
        perform(database, Actor("AV"), export_week_ics, "AV", 2026, 48, tmp_path, undoable=False)  # a folder
    with database.session() as session:
        assert session.get(TeamSetting, KEY) is None
        assert len(session.exec(select(AuditEntry.id)).all()) == logged


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_first_exports_at_once_agree_on_one_uuid(backend, tmp_path):
    """The second first export waits for the first (SQLite: the write lock; PostgreSQL: the key's unique
    index) and then takes the UUID the first one stored."""
    from tui.db import open_database

    with fresh_database_url(backend, tmp_path) as url:
        store = open_database(url)
        try:
            found: dict[str, uuid.UUID] = {}
            with store.session(Actor("AV"), write=True) as first:
                found["first"] = database_uuid(first)
                first.flush()

                def second() -> None:
                    with store.session(Actor("JB"), write=True) as session:
                        found["second"] = database_uuid(session)
                        session.commit()

                thread = threading.Thread(target=second)
                thread.start()
                thread.join(0.5)
                assert thread.is_alive()  # waiting for the first transaction
                first.commit()
            thread.join(10)
            assert found["second"] == found["first"]
            with store.session() as session:
                assert json.loads(session.get(TeamSetting, KEY).value) == str(found["first"])
        finally:
            store.dispose()


# --- changes reach the calendar -----------------------------------------------------------------------


def test_cancelling_through_the_write_door_exports_cancelled_with_a_higher_sequence(database, tmp_path):
    calendar = CalendarProgram()
    calendar.import_file(export(database, "AV", 2026, 48, tmp_path))
    namespace = namespace_of(database)
    target, moved, *_ = [a for a in week_rows(database, "AV", date(2026, 11, 23))
                         if a.status == AppointmentStatus.PLANNED and a.kind != AppointmentKind.THUISWERKEN]
    uid = appointment_uid(namespace, target.id)
    before = calendar.events[uid]
    assert str(before["STATUS"]) == "CONFIRMED" and int(before["SEQUENCE"]) == target.version

    perform(database, Actor("AV"), set_appointment_status, target.id, target.version, AppointmentStatus.CANCELLED)
    calendar.import_file(export(database, "AV", 2026, 48, tmp_path))
    after = calendar.events[uid]
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["DTSTART"].dt == before["DTSTART"].dt and str(after["SUMMARY"]) == str(before["SUMMARY"])

    # Planned again (a mistake undone by hand): confirmed once more, with a higher SEQUENCE still.
    (current,) = rows(database, Appointment.id == target.id)
    perform(database, Actor("AV"), set_appointment_status, target.id, current.version, AppointmentStatus.PLANNED)
    calendar.import_file(export(database, "AV", 2026, 48, tmp_path))
    assert str(calendar.events[uid]["STATUS"]) == "CONFIRMED"
    assert int(calendar.events[uid]["SEQUENCE"]) > int(after["SEQUENCE"])

    # A move to another week keeps the UID: the calendar moves the event instead of adding one.
    from models.planning.write import stored_appointment

    with database.session() as session:
        version, data = stored_appointment(session, moved.id)
    new_day = local(moved.start).date() + timedelta(weeks=1)
    data = AppointmentInput(**{**data.__dict__, "day": new_day, "accept_overlap": True})
    perform(database, Actor("AV"), edit_appointment, data, version, appointment_id=moved.id, scope=SCOPE_ONE)
    content = export(database, "AV", 2026, 49, tmp_path)
    calendar.import_file(content)
    week49 = events_of(content)
    moved_uid = appointment_uid(namespace, moved.id)
    assert moved_uid in {str(e["UID"]) for e in week49}
    assert local(calendar.events[moved_uid]["DTSTART"].dt).date() == new_day
    assert moved_uid not in {str(e["UID"]) for e in events_of(export(database, "AV", 2026, 48, tmp_path))}


def test_cancelled_appointments_are_exported_and_their_clients_logged(database, tmp_path):
    content = export(database, "JB", 2026, 48, tmp_path)
    events = events_of(content)
    stored = week_rows(database, "JB", date(2026, 11, 23))
    cancelled = [a for a in stored if a.status == AppointmentStatus.CANCELLED]
    assert cancelled  # JB is ill on monday and tuesday: the demo cancelled those appointments
    assert sum(str(e.get("STATUS")) == "CANCELLED" for e in events) == len(cancelled)
    assert sum(str(e.get("STATUS")) == "CONFIRMED" for e in events) == len(stored) - len(cancelled)
    with database.session() as session:
        codes = set(session.exec(select(Client.code).where(col(Client.id).in_([a.client_id for a in stored]))))
        logged = set(session.exec(select(AuditEntry.client_code).where(AuditEntry.action == AuditAction.EXPORT)))
        initials = set(session.exec(select(Client.initials).where(col(Client.id).in_([a.client_id for a in stored]))))
    assert codes and logged == codes
    # Data minimisation: a kind and a client code, a gemeente, a partner organisation; nothing else.
    kinds, places = {k.label for k in AppointmentKind}, {g.label for g in Gemeente}
    for event in events:
        kind, _, code = str(event["SUMMARY"]).partition(" ")
        assert kind in kinds | {"Afwezig:"} and (not code or code in codes or kind == "Afwezig:")
        assert "LOCATION" not in event or str(event["LOCATION"]) in places
        assert "DESCRIPTION" not in event or str(event["DESCRIPTION"]).startswith("Partner: ")
    assert not any(name in content.decode() for name in initials if name)


# --- repeating appointments ----------------------------------------------------------------------------


@pytest.mark.parametrize(("repeat", "interval"), [(REPEAT_WEEKLY, 1), (REPEAT_BIWEEKLY, 2)])
def test_a_series_reaches_the_calendar_as_the_database_has_it(database, tmp_path, repeat, interval):
    first_day, until = date(2026, 11, 24), date(2027, 1, 26)  # tuesdays; over the turn of the year
    # An absence on one of the dates: the series skips it (models/planning/write.py create_series).
    skipped = first_day + timedelta(weeks=2 * interval)
    perform(database, Actor("AV"), add_absence, AbsenceInput(worker_id=worker_id(database, "AV"),
                                                             kind=AbsenceKind.TRAINING, start_date=skipped,
                                                             end_date=skipped))
    done = perform(database, Actor("AV"), add_appointments,
                   early(database, first_day, repeat=repeat, repeat_until=until, client_code=None))
    series_id = min(done.ids)

    # The rule the user asked for, expanded with dateutil: the database holds it, minus the skipped date.
    asked = [d.date() for d in rrule(WEEKLY, interval=interval, dtstart=datetime.combine(first_day, time(7)),
                                     until=datetime.combine(until, time(23)))]
    series = rows(database, Appointment.series_id == series_id)
    assert [local(a.start).date() for a in series] == [d for d in asked if d != skipped]

    # One occurrence moved a day (alone), one cancelled, both through the write door.
    from models.planning.write import stored_appointment

    moved, cancelled = series[1], series[-1]
    with database.session() as session:
        version, data = stored_appointment(session, moved.id)
    perform(database, Actor("AV"), edit_appointment,
            AppointmentInput(**{**data.__dict__, "day": data.day + timedelta(days=1), "start": time(7, 30),
                                "end": time(8, 15), "accept_overlap": True}),
            version, appointment_id=moved.id, scope=SCOPE_ONE)
    perform(database, Actor("AV"), set_appointment_status, cancelled.id, cancelled.version,
            AppointmentStatus.CANCELLED)

    # A calendar imports the weeks one after another (the series' weeks and one on each side).
    calendar = CalendarProgram()
    seen: dict[str, int] = {}
    for year, week in weeks_spanned(first_day - timedelta(weeks=1), until + timedelta(weeks=1)):
        content = export(database, "AV", year, week, tmp_path)
        for event in events_of(content):
            assert not any(name in event for name in RECURRENCE)  # each week's file holds that week only
            seen[str(event["UID"])] = seen.get(str(event["UID"]), 0) + 1
        calendar.import_file(content)
    namespace = namespace_of(database)
    series = rows(database, Appointment.series_id == series_id)
    uids = [appointment_uid(namespace, a.id) for a in series]
    assert len(set(uids)) == len(series) and all(seen[uid] == 1 for uid in uids)  # in one week's file each
    in_calendar = [calendar.events[uid] for uid in uids]
    assert [(utc(e["DTSTART"].dt), utc(e["DTEND"].dt)) for e in in_calendar] == [(a.start, a.end) for a in series]
    assert [str(e["STATUS"]) for e in in_calendar] == \
        ["CANCELLED" if a.id == cancelled.id else "CONFIRMED" for a in series]
    assert local(in_calendar[1]["DTSTART"].dt).strftime("%a %H:%M") == "Wed 07:30"
    assert [int(e["SEQUENCE"]) for e in in_calendar] == [a.version for a in series]
    assert not any(local(e["DTSTART"].dt).date() == skipped for e in calendar.events.values()
                   if str(e["SUMMARY"]) == "Administratie")


def test_an_absence_is_the_same_event_in_every_week_it_touches(database, tmp_path):
    """A two-week absence appears whole in both weeks' files, so the second import changes nothing."""
    perform(database, Actor("AV"), add_absence, AbsenceInput(worker_id=worker_id(database, "AV"),
                                                             kind=AbsenceKind.VAKANTIE, start_date=date(2027, 1, 6),
                                                             end_date=date(2027, 1, 13)))
    first = [e for e in events_of(export(database, "AV", 2027, 1, tmp_path)) if "Afwezig" in str(e["SUMMARY"])]
    second = [e for e in events_of(export(database, "AV", 2027, 2, tmp_path)) if "Afwezig" in str(e["SUMMARY"])]
    assert len(first) == len(second) == 1
    assert first[0].to_ical() == second[0].to_ical()
    assert (first[0]["DTSTART"].dt, first[0]["DTEND"].dt) == (date(2027, 1, 6), date(2027, 1, 14))


# --- odd weeks ------------------------------------------------------------------------------------------


def test_week_53_crosses_the_turn_of_the_year(database, tmp_path):
    av = worker_id(database, "AV")
    with database.session(Actor("AV"), write=True) as session:  # new year's day: straight in, no form rules
        for day in (date(2026, 12, 28), date(2027, 1, 1)):
            session.add(Appointment(worker_id=av, kind=AppointmentKind.ADMINISTRATIE, start=at(day, 7),
                                    end=at(day, 8)))
        session.commit()
    path = tmp_path / "wk53.ics"
    done = perform(database, Actor("AV"), export_week_ics, "AV", 2026, 53, path, undoable=False)
    events = events_of(path.read_bytes())
    assert f"({len(events)} items)" in done.message
    from models.planning.ics_export import export_week

    with database.session(Actor("AV"), write=True) as session:
        assert export_week(session, "av", 2026, 53).filename == "AV-2026-week53.ics"
    days = sorted(local(e["DTSTART"].dt).date() for e in events)
    assert days[0] == date(2026, 12, 28) and days[-1] == date(2027, 1, 1)
    assert len(events) == len(week_rows(database, "AV", date(2026, 12, 28)))
    week1 = events_of(export(database, "AV", 2027, 1, tmp_path))
    assert not {str(e["UID"]) for e in week1} & {str(e["UID"]) for e in events}
    with pytest.raises(ValidationFailed, match="Week 53 bestaat niet in 2027"):
        perform(database, Actor("AV"), export_week_ics, "AV", 2027, 53, tmp_path / "x.ics", undoable=False)


@pytest.mark.parametrize(("first_day", "switch"), [(date(2026, 10, 16), date(2026, 10, 25)),  # summer time ends
                                                   (date(2026, 3, 20), date(2026, 3, 29))])  # and begins
def test_the_week_the_clocks_change_keeps_the_wall_clock_time(database, tmp_path, first_day, switch):
    """A friday 07:00 series over the last sunday of October (and of March): 07:00 in Amsterdam in
    every export, an hour earlier or later in UTC after the switch, never 06:00 or 08:00."""
    done = perform(database, Actor("AV"), add_appointments,
                   early(database, first_day, repeat=REPEAT_WEEKLY, repeat_until=first_day + timedelta(weeks=2)))
    expected = rows(database, col(Appointment.id).in_(done.ids))
    offsets = set()
    found = []
    for year, week in weeks_spanned(first_day, first_day + timedelta(weeks=2)):
        for event in events_of(export(database, "AV", year, week, tmp_path)):
            if str(event["UID"]) in {appointment_uid(namespace_of(database), a.id) for a in expected}:
                start, end = event["DTSTART"].dt, event["DTEND"].dt
                assert start.utcoffset() == timedelta(0)  # UTC in the file: no time zone to misread
                wall = start.astimezone(AMSTERDAM)
                assert (wall.strftime("%a %H:%M"), end - start) == ("Fri 07:00", timedelta(hours=1))
                offsets.add(wall.utcoffset())
                found.append(wall.date())
    assert found == [local(a.start).date() for a in expected] == \
        [first_day + timedelta(weeks=n) for n in range(3)]
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # both sides of the switch
    assert first_day < switch < found[-1]


# --- from the screen ---------------------------------------------------------------------------------


async def test_the_planning_screen_exports_a_week_that_parses(make_app, tmp_path):
    from screens.planning.day_dialog import AskScreen
    from screens.planning.screen import PlanningScreen
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        await pilot.press("right", "x")  # JB's week
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.screen.query_one("#ask-input", Input).value.endswith("JB-2026-week48.ics")
        target = tmp_path / "agenda" / "jb.ics"
        await clear_and_paste(pilot, str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        database = app.database
        events = events_of(target.read_bytes())
        stored = week_rows(database, "JB", date(2026, 11, 23))
        namespace = namespace_of(database)  # committed by the runner together with the audit entries
        by_uid = {str(e["UID"]): e for e in events}
        for row in stored:
            event = by_uid[appointment_uid(namespace, row.id)]
            assert str(event["STATUS"]) == ("CANCELLED" if row.status == AppointmentStatus.CANCELLED else "CONFIRMED")
            assert int(event["SEQUENCE"]) == row.version and utc(event["DTSTART"].dt) == row.start
        assert any(str(e.get("STATUS")) == "CANCELLED" for e in events)
        assert "Afwezig: ziek" in {str(e["SUMMARY"]) for e in events}
