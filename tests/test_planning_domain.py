"""Planning domain rules on the seeded demo database: appointments, series, undo, absences,
free slots, the iCalendar export and the trajectory count (no UI)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import Session, col, func, select

from models.planning.absences import create_absence, planned_during
from models.tables.appointments import Appointment
from models.planning.write import (
    AppointmentInput, conversation_progress, create_appointment, create_series, delete_appointment,
    scope_ids, set_status, update_appointment,
)
from models.audit import Actor, AuditEntry, act_as
from models.tables.clients import Client, Trajectory
from models.clock import at, local
from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus, AuditAction
from models.errors import ConcurrentEdit, OverlapWarning, ValidationFailed
from models.planning.ics_export import export_week
from models.planning.views import REPEAT_BIWEEKLY, REPEAT_WEEKLY, SCOPE_ALL, SCOPE_FOLLOWING, SCOPE_ONE, AbsenceInput
from models.planning.slots import find_slots
from models.tables.workers import Absence, Worker

MONDAY = date(2026, 11, 23)


@pytest.fixture
def session(database):
    with database.session(Actor("AV"), write=True) as s:
        yield s


def worker_id(session: Session, code: str) -> int:
    return session.exec(select(Worker.id).where(Worker.code == code)).one()


def an_active_client(session: Session, worker: str = "AV") -> Client:
    return session.exec(select(Client).where(Client.worker_id == worker_id(session, worker),
                                              Client.status == "active").order_by(Client.code)).first()


def early(session, code="AV", day=MONDAY, **changes) -> AppointmentInput:
    """07:00-08:00: before every demo appointment, so no overlap unless a test wants one."""
    values = dict(worker_id=worker_id(session, code), day=day, start=time(7), end=time(8),
                  kind=AppointmentKind.ADMINISTRATIE)
    values.update(changes)
    return AppointmentInput(**values)


def test_create_validates_flushes_and_leaves_the_commit_to_the_caller(session, database):
    client = an_active_client(session)
    new_id = create_appointment(session, early(session, kind=AppointmentKind.HUISBEZOEK,
                                               client_code=client.code.lower()))
    row = session.get(Appointment, new_id)
    assert (row.client_id, row.place, row.status) == (client.id, client.gemeente, AppointmentStatus.PLANNED)
    assert local(row.start).strftime("%H:%M") == "07:00" and local(row.start).date() == MONDAY
    session.rollback()  # the caller did not commit: nothing was written
    with database.session() as other:
        assert other.get(Appointment, new_id) is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (dict(start=time(9), end=time(8)), "end", "eindtijd"),
        (dict(client_code="ZS-9999"), "client", "Onbekende cliëntcode"),
        (dict(day=date(2026, 11, 28)), "day", "werkt niet op za 28 nov"),
        (dict(code="RM"), "day", "werkt niet op ma 23 nov"),
        (dict(code="JB", day=date(2026, 11, 24)), "day", "afwezig"),
        (dict(place="amsterdam"), "place", "gemeente"),
        (dict(repeat=REPEAT_WEEKLY), "until", "tot wanneer"),
        (dict(repeat=REPEAT_WEEKLY, repeat_until=MONDAY), "until", "na de eerste datum"),
    ],
)
def test_create_refuses_bad_input_at_the_field(session, changes, field, words):
    code = changes.pop("code", "AV")
    before = session.exec(select(func.count()).select_from(Appointment)).one()
    with pytest.raises(ValidationFailed) as refused:
        create_appointment(session, early(session, code=code, **changes))
    assert refused.value.field == field
    assert words in str(refused.value)
    assert session.exec(select(func.count()).select_from(Appointment)).one() == before


def test_overlap_is_a_warning_that_can_be_accepted(session):
    first = session.exec(select(Appointment).where(
        Appointment.worker_id == worker_id(session, "AV"), Appointment.start >= at(MONDAY, 0),
        Appointment.start < at(MONDAY, 23), Appointment.status != AppointmentStatus.CANCELLED)
        .order_by(Appointment.start)).first()
    start = local(first.start)
    data = early(session, start=time(start.hour, start.minute), end=time(start.hour, start.minute + 1))
    with pytest.raises(OverlapWarning) as warned:
        create_appointment(session, data)
    assert f"{start.strftime('%H:%M')}–{local(first.end).strftime('%H:%M')}" in str(warned.value)
    new_id = create_appointment(session, AppointmentInput(**{**data.__dict__, "accept_overlap": True}))
    assert session.get(Appointment, new_id) is not None


def test_a_home_working_day_does_not_count_as_an_overlap(session):
    # JB works from home on thursdays (an all-day thuiswerken block); a phone call fits in it.
    data = early(session, code="JB", day=date(2026, 11, 26), start=time(8, 0), end=time(8, 30),
                 kind=AppointmentKind.TELEFONISCH)
    assert create_appointment(session, data)


def test_weekly_series_skips_absent_days_and_shares_a_series_id(session):
    # SK is on holiday 30 nov - 3 dec: that monday is skipped.
    ids = create_series(session, early(session, code="SK", repeat=REPEAT_WEEKLY, repeat_until=date(2026, 12, 14)))
    rows = [session.get(Appointment, i) for i in ids]
    assert [local(r.start).date() for r in rows] == [MONDAY, date(2026, 12, 7), date(2026, 12, 14)]
    assert {r.series_id for r in rows} == {ids[0]}
    biweekly = create_series(session, early(session, repeat=REPEAT_BIWEEKLY, repeat_until=date(2026, 12, 21),
                                            start=time(6), end=time(6, 30)))
    assert [local(session.get(Appointment, i).start).date() for i in biweekly] == [
        MONDAY, date(2026, 12, 7), date(2026, 12, 21)]


def series(session) -> list[Appointment]:
    ids = create_series(session, early(session, repeat=REPEAT_WEEKLY, repeat_until=date(2026, 12, 14)))
    session.commit()
    return [session.get(Appointment, i) for i in ids]


def test_changing_one_occurrence_never_touches_the_others(session):
    rows = series(session)
    second = rows[1]
    update_appointment(session, second.id, second.version,
                       early(session, day=date(2026, 12, 1), start=time(7, 15), end=time(8), note="verzet"), SCOPE_ONE)
    assert local(second.start).date() == date(2026, 12, 1) and second.note == "verzet"
    for other in (rows[0], rows[2], rows[3]):
        assert local(other.start).strftime("%H:%M") == "07:00" and other.note == ""
    delete_appointment(session, rows[2].id, rows[2].version, SCOPE_ONE)
    assert session.exec(select(func.count()).where(Appointment.series_id == rows[0].id)).one() == 3


def test_changing_following_or_all_occurrences_moves_them_together(session):
    rows = series(session)
    dates = [local(r.start).date() for r in rows]
    third = rows[2]
    # "deze en volgende": one day later, and a new time
    update_appointment(session, third.id, third.version,
                       early(session, day=dates[2] + timedelta(days=1), start=time(7, 30), end=time(8, 15)),
                       SCOPE_FOLLOWING)
    assert [local(r.start).date() for r in rows] == dates[:2] + [d + timedelta(days=1) for d in dates[2:]]
    assert [local(r.start).strftime("%H:%M") for r in rows] == ["07:00", "07:00", "07:30", "07:30"]
    first = rows[0]
    update_appointment(session, first.id, first.version, early(session, note="wekelijks", start=time(6), end=time(7)),
                       SCOPE_ALL)
    assert {r.note for r in rows} == {"wekelijks"}
    assert sorted(scope_ids(session, rows[1].id, SCOPE_FOLLOWING)) == sorted(r.id for r in rows[1:])
    delete_appointment(session, rows[1].id, rows[1].version, SCOPE_FOLLOWING)
    assert session.exec(select(Appointment.id).where(Appointment.series_id == rows[0].id)).all() == [rows[0].id]


def test_moving_a_series_onto_an_absence_is_refused_naming_the_occurrence(session):
    rows = series(session)  # AV mondays 23 nov .. 14 dec
    session.add(Absence(worker_id=worker_id(session, "AV"), kind=AbsenceKind.VRIJ, start_date=date(2026, 12, 8),
                        end_date=date(2026, 12, 8)))
    session.flush()
    with pytest.raises(ValidationFailed) as refused:
        update_appointment(session, rows[0].id, rows[0].version, early(session, day=MONDAY + timedelta(days=1)),
                           SCOPE_ALL)
    assert refused.value.field == "day" and "Herhaling op di 8 dec" in str(refused.value)


def test_a_stale_version_is_refused(session):
    row = series(session)[0]
    with pytest.raises(ConcurrentEdit):
        update_appointment(session, row.id, row.version - 1, early(session), SCOPE_ONE)


def test_status_done_counts_toward_the_trajectory(session):
    client = an_active_client(session)
    trajectory = session.exec(select(Trajectory).where(Trajectory.client_id == client.id,
                                                       col(Trajectory.end_date).is_(None))).first()
    before = conversation_progress(session, [client.id])[client.id]
    assert before.planned == trajectory.planned_conversations
    new_id = create_appointment(session, early(session, kind=AppointmentKind.HUISBEZOEK, client_code=client.code))
    progress = set_status(session, new_id, session.get(Appointment, new_id).version, AppointmentStatus.DONE)
    assert (progress.done, progress.planned) == (before.done + 1, before.planned)
    assert str(progress) == f"{before.done + 1}/{before.planned}"
    # administration, or no-show, does not count
    row = session.get(Appointment, new_id)
    set_status(session, new_id, row.version, AppointmentStatus.NO_SHOW)
    assert conversation_progress(session, [client.id])[client.id] == before


def test_undo_puts_back_a_creation_a_change_and_a_deletion(session, database):
    """Through the one door (models/actions): every change is captured and can be taken back."""
    from models.actions import Done, perform
    from models.actions.undo import undo

    def through_the_door(change) -> Done:
        return perform(database, Actor("AV"), lambda s: Done("wijziging", value=change(s)))

    def stored(appointment_id: int) -> Appointment | None:
        with database.session() as reader:
            return reader.get(Appointment, appointment_id)

    rows = series(session)
    target = rows[0]
    session.commit()  # the fixture's write session lets go of the database
    edited = through_the_door(lambda s: update_appointment(s, target.id, target.version,
                                                           early(s, note="gewijzigd"), SCOPE_ONE))
    perform(database, Actor("AV"), undo, edited.undo, undoable=False)
    assert stored(target.id).note == ""

    ids = [r.id for r in rows]
    version = stored(target.id).version
    deleted = through_the_door(lambda s: delete_appointment(s, target.id, version, SCOPE_ALL))
    assert all(stored(i) is None for i in ids)
    perform(database, Actor("AV"), undo, deleted.undo, undoable=False)
    assert [stored(i).series_id for i in ids] == [ids[0]] * 4

    created = through_the_door(lambda s: create_appointment(s, early(s, start=time(6), end=time(6, 30))))
    perform(database, Actor("AV"), undo, created.undo, undoable=False)
    assert stored(created.value) is None


def test_undo_refuses_after_a_colleagues_change(session, database):
    from models.actions import Done, perform
    from models.actions.undo import undo

    session.commit()
    created = perform(database, Actor("AV"), lambda s: Done(value=create_appointment(s, early(s))))
    with database.session(Actor("JB"), write=True) as colleague:
        colleague.get(Appointment, created.value).note = "door JB"
        colleague.commit()
    with pytest.raises(ConcurrentEdit):
        perform(database, Actor("AV"), undo, created.undo, undoable=False)
    session.expire_all()
    assert session.get(Appointment, created.value).note == "door JB"


def test_absences_are_recorded_and_checked(session):
    av = worker_id(session, "AV")
    new_id = create_absence(session, AbsenceInput(av, AbsenceKind.ZIEK, date(2026, 11, 26), date(2026, 11, 27)))
    assert session.get(Absence, new_id).kind == AbsenceKind.ZIEK
    planned = session.exec(select(func.count()).select_from(Appointment).where(
        Appointment.worker_id == av, Appointment.status == AppointmentStatus.PLANNED,
        Appointment.start >= at(date(2026, 11, 26), 0), Appointment.start < at(date(2026, 11, 28), 0))).one()
    assert planned > 0
    assert planned_during(session, av, date(2026, 11, 26), date(2026, 11, 27)) == planned
    with pytest.raises(ValidationFailed) as refused:
        create_absence(session, AbsenceInput(av, AbsenceKind.VRIJ, date(2026, 11, 27), date(2026, 11, 30)))
    assert refused.value.field == "absence-from" and "al afwezig" in str(refused.value)
    with pytest.raises(ValidationFailed) as refused:
        create_absence(session, AbsenceInput(av, AbsenceKind.VRIJ, date(2026, 12, 9), date(2026, 12, 8)))
    assert refused.value.field == "absence-to"
    # an appointment during the absence is refused at the date
    with pytest.raises(ValidationFailed) as refused:
        create_appointment(session, early(session, day=date(2026, 11, 26)))
    assert refused.value.field == "day" and "ziek" in str(refused.value)


def test_find_slots_where_both_are_free(session):
    av, hd = worker_id(session, "AV"), worker_id(session, "HD")
    slots = find_slots(session, [av, hd], duration_min=60, limit=6)
    assert 3 <= len(slots) <= 6  # AV's weeks are full: only a few hours are free for both
    busy = session.exec(select(Appointment).where(col(Appointment.worker_id).in_([av, hd]),
                                                  Appointment.status != AppointmentStatus.CANCELLED)).all()
    for slot in slots:
        assert slot.day.isoweekday() in (1, 2, 4)  # HD works mon, tue, thu
        assert slot.start >= at(MONDAY, 8, 30) and slot.end - slot.start == timedelta(hours=1)
        assert not any(local(a.start) < slot.end and local(a.end) > slot.start for a in busy)
    assert slots == sorted(slots, key=lambda s: s.start)
    # SK is on holiday 30 nov - 3 dec: none of those days
    sk = worker_id(session, "SK")
    assert not any(date(2026, 11, 30) <= s.day <= date(2026, 12, 3)
                   for s in find_slots(session, [av, sk], duration_min=30, limit=40))


def test_ics_export_of_a_week(session):
    export = export_week(session, "sk", 2026, 49)
    calendar = Calendar.from_ical(export.content)
    events = list(calendar.walk("VEVENT"))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "Afwezig: vakantie" in summaries
    sk = worker_id(session, "SK")
    count = session.exec(select(func.count()).select_from(Appointment).where(
        Appointment.worker_id == sk, Appointment.status != AppointmentStatus.CANCELLED,
        Appointment.start >= at(date(2026, 11, 30), 0), Appointment.start < at(date(2026, 12, 7), 0))).one()
    assert len(events) == export.events == count + 1
    assert export.filename == "SK-2026-week49.ics"

    export = export_week(session, "AV", 2026, 48)
    events = list(Calendar.from_ical(export.content).walk("VEVENT"))
    code = session.exec(select(Client.code).join(Appointment, Appointment.client_id == Client.id).where(
        Appointment.worker_id == worker_id(session, "AV"), Appointment.start >= at(MONDAY, 0),
        Appointment.start < at(MONDAY, 23), Appointment.status != AppointmentStatus.CANCELLED)).first()
    assert any(str(e["SUMMARY"]).endswith(code) for e in events)
    assert all("DESCRIPTION" not in e or "Partner" in str(e["DESCRIPTION"]) for e in events)  # no notes
    session.commit()
    logged = session.exec(select(AuditEntry.client_code).where(AuditEntry.action == AuditAction.EXPORT)).all()
    assert code in logged


def test_ics_week_that_does_not_exist(session):
    with pytest.raises(ValidationFailed):
        export_week(session, "AV", 2026, 54)


@pytest.mark.parametrize(
    ("text", "monday"),
    [("49", date(2026, 11, 30)), ("wk 2", date(2027, 1, 11)), ("week 48 vr", MONDAY), ("24-12", date(2026, 12, 21)),
     ("volgende week", date(2026, 11, 30)), ("morgen", MONDAY)],
)
def test_jump_to_week_reads_numbers_and_dates(text, monday):
    from screens.planning.day_dialog import parse_week

    assert parse_week(text) == monday


@pytest.mark.parametrize(("text", "words"), [("wk 54", "bestaat niet"), ("week", "Onbekende datum"),
                                              ("31-11", "geen bestaande datum"), ("", "Vul een datum in")])
def test_jump_to_week_refuses_what_it_does_not_understand(text, words):
    from screens.planning.day_dialog import parse_week

    with pytest.raises(ValueError) as refused:
        parse_week(text)
    assert words in str(refused.value)
