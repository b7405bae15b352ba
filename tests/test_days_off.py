"""The team's days off (models/days_off.py): Dutch public holidays over the years, the team's closure
days (a team setting, written through the write door), and what avoids them: the free-slot finder,
a new repeating appointment (it asks), the weekly overleg (it moves). No UI: tests/test_holidays_app.py
drives the same through the app."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import col, select

from models.actions import perform
from models.actions.planning import add_appointments, add_closure_day, remove_closure_day, set_closure_days
from models.actions.undo import undo
from models.audit import Actor
from models.clock import local
from models.days_off import (
    CLOSURE_PREFIX, DEFAULT_NAME, closure_days, closure_days_in, day_off, day_off_name, days_off, days_off_in,
    describe_days, is_day_off, working_day_in_week,
)
from models.enums import AppointmentKind
from models.errors import NotFound, ValidationFailed
from models.overleg.queries import meeting_start_on_or_after
from models.planning.slots import days_off_passed_over, find_slots
from models.planning.views import DAYS_OFF_KEEP, DAYS_OFF_SKIP, REPEAT_BIWEEKLY, REPEAT_WEEKLY, AppointmentsSaved
from models.planning.write import AppointmentInput, DaysOffQuestion, create_series
from models.public_holidays import holiday_name, is_public_holiday, public_holidays
from models.settings import DEFAULTS, TeamSetting, team_settings
from models.tables.appointments import Appointment
from models.tables.workers import Worker

# Every year's days off on a weekday or weekend, as the team has them (Goede vrijdag is worked;
# Bevrijdingsdag only in lustrum years).
EASTER = {2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28), 2028: date(2028, 4, 16),
          2029: date(2029, 4, 1), 2030: date(2030, 4, 21), 2031: date(2031, 4, 13)}


def expected_holidays(year: int) -> dict[date, str]:
    easter = EASTER[year]
    king = date(year, 4, 27) if date(year, 4, 27).isoweekday() != 7 else date(year, 4, 26)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag", easter: "Eerste paasdag", easter + timedelta(days=1): "Tweede paasdag",
        king: "Koningsdag", easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste pinksterdag", easter + timedelta(days=50): "Tweede pinksterdag",
        date(year, 12, 25): "Eerste kerstdag", date(year, 12, 26): "Tweede kerstdag",
    }
    if year % 5 == 0:
        days[date(year, 5, 5)] = "Bevrijdingsdag"
    return dict(sorted(days.items()))


@pytest.mark.parametrize("year", range(2025, 2032))
def test_the_public_holidays_of_a_year(year):
    assert dict(public_holidays(year)) == expected_holidays(year)
    assert holiday_name(date(year, 12, 25)) == "Eerste kerstdag" and holiday_name(date(year, 12, 26)) == "Tweede kerstdag"
    assert not is_public_holiday(EASTER[year] - timedelta(days=2))  # Goede vrijdag: the team works
    assert not is_public_holiday(date(year, 12, 24)) and not is_public_holiday(date(year, 12, 31))


def test_koningsdag_on_a_sunday_is_the_saturday_before():
    assert date(2025, 4, 27).isoweekday() == 7 and date(2031, 4, 27).isoweekday() == 7
    for year in (2025, 2031):
        assert holiday_name(date(year, 4, 26)) == "Koningsdag" and not is_public_holiday(date(year, 4, 27))
    for year in range(2026, 2031):  # never a Sunday in these years: the 27th itself
        assert holiday_name(date(year, 4, 27)) == "Koningsdag" and not is_public_holiday(date(year, 4, 26))


def test_bevrijdingsdag_is_a_day_off_in_lustrum_years_only():
    assert [year for year in range(2025, 2041) if is_public_holiday(date(year, 5, 5))] == [2025, 2030, 2035, 2040]


def test_christmas_weeks_over_the_years():
    """Which Christmas days fall on a working day, the ones a team notices."""
    weekday_christmas = {year: [d for d in (date(year, 12, 25), date(year, 12, 26)) if d.isoweekday() <= 5]
                         for year in range(2026, 2031)}
    assert weekday_christmas == {
        2026: [date(2026, 12, 25)],  # friday; Tweede kerstdag is a saturday
        2027: [],  # a weekend
        2028: [date(2028, 12, 25), date(2028, 12, 26)],  # monday and tuesday (the overleg's day)
        2029: [date(2029, 12, 25), date(2029, 12, 26)],
        2030: [date(2030, 12, 25), date(2030, 12, 26)],
    }
    assert days_off_in(date(2028, 12, 25), date(2028, 12, 29)) == {date(2028, 12, 25): "Eerste kerstdag",
                                                                   date(2028, 12, 26): "Tweede kerstdag"}


def test_a_datetime_or_pendulum_value_finds_its_day():
    import pendulum

    assert day_off_name(pendulum.date(2026, 12, 25)) == "Eerste kerstdag"
    assert day_off_name(pendulum.datetime(2026, 12, 25, 9, tz="Europe/Amsterdam")) == "Eerste kerstdag"


# --- closure days: a team setting -------------------------------------------------------------------

def test_closure_days_come_with_the_team_settings_and_join_the_public_holidays(database):
    done = perform(database, Actor("AV"), add_closure_day, date(2026, 12, 24), "  Teamdag   kerst ")
    assert done.message == "Sluitingsdag do 24 dec 2026 (Teamdag kerst) opgeslagen"
    with database.session() as session:
        assert closure_days(session, date(2026, 12, 1), date(2026, 12, 31)) == {date(2026, 12, 24): "Teamdag kerst"}
        settings = team_settings(session)
        assert settings[CLOSURE_PREFIX + "2026-12-24"] == "Teamdag kerst"
        assert closure_days_in(settings)[date(2026, 12, 24)] == "Teamdag kerst"
        assert days_off(session, date(2026, 12, 21), date(2026, 12, 27)) == {
            date(2026, 12, 24): "Teamdag kerst", date(2026, 12, 25): "Eerste kerstdag",
            date(2026, 12, 26): "Tweede kerstdag"}
        assert day_off(session, date(2026, 12, 24)) == "Teamdag kerst" and is_day_off(session, date(2026, 12, 24))
        assert not is_day_off(session, date(2026, 12, 23))
    perform(database, Actor("AV"), add_closure_day, date(2026, 12, 24), "")  # renamed: the default name
    with database.session() as session:
        assert closure_days(session, date(2026, 12, 24), date(2026, 12, 24)) == {date(2026, 12, 24): DEFAULT_NAME}
    perform(database, Actor("AV"), remove_closure_day, date(2026, 12, 24))
    with database.session() as session:
        assert date(2026, 12, 24) not in closure_days(session)
    with pytest.raises(NotFound, match="geen sluitingsdag"):
        perform(database, Actor("AV"), remove_closure_day, date(2026, 12, 24))


def test_a_closure_day_is_a_working_day_with_a_short_name(database):
    refusals = {
        (date(2026, 12, 26), "Teamdag"): "valt in het weekend",
        (date(2026, 12, 25), "Teamdag"): r"is al een feestdag \(Eerste kerstdag\)",
        (date(2026, 12, 24), "x" * 41): "te lang, ten hoogste 40 tekens",
    }
    for (day, name), message in refusals.items():
        with pytest.raises(ValidationFailed, match=message):
            perform(database, Actor("AV"), add_closure_day, day, name)
    with database.session() as session:
        assert not closure_days(session, date(2026, 12, 1), date(2026, 12, 31))


def test_setting_the_whole_list_is_all_or_nothing_and_can_be_undone(database):
    with database.session() as session:
        demo = closure_days(session)  # the demo's brugdagen
    assert demo and all(name == "Brugdag na Hemelvaart" for name in demo.values())
    wanted = {date(2027, 5, 7): "Brugdag", date(2027, 12, 27): "Tussen kerst en nieuwjaar"}
    done = perform(database, Actor("AV"), set_closure_days, wanted)
    assert done.message == "2 sluitingsdagen opgeslagen" and done.value == wanted
    with pytest.raises(ValidationFailed, match="weekend"):
        perform(database, Actor("AV"), set_closure_days, {date(2027, 6, 1): "Goed", date(2027, 6, 5): "Zaterdag"})
    with database.session() as session:
        assert closure_days(session) == wanted  # the refused list changed nothing
    perform(database, Actor("AV"), undo, done.undo, undoable=False)
    with database.session() as session:
        assert closure_days(session) == demo


def test_a_hand_edited_setting_does_not_stop_the_planning(database):
    with database.session(Actor("AV"), write=True) as session:
        session.add(TeamSetting(key=CLOSURE_PREFIX + "geen-datum", value='"Kapot"'))
        session.add(TeamSetting(key=CLOSURE_PREFIX + "2027-06-01", value="geen json"))
        session.commit()
    with database.session() as session:
        found = closure_days(session, date(2027, 6, 1), date(2027, 6, 1))
    assert found == {date(2027, 6, 1): "geen json"}


def test_describing_days_off():
    days = {date(2026, 12, 28) + timedelta(days=n): f"Dag {n}" for n in range(8)}
    assert describe_days(dict(list(days.items())[:2])) == "ma 28 dec Dag 0, di 29 dec Dag 1"
    assert describe_days(days).endswith(", za 2 jan Dag 5 en nog 2")


# --- the weekly overleg moves off a day off -----------------------------------------------------------

def test_the_meeting_day_moves_within_its_week():
    tuesday = {**DEFAULTS}
    assert working_day_in_week(date(2027, 4, 29), 2) == date(2027, 4, 28)  # Koningsdag on tuesday
    assert local(meeting_start_on_or_after(tuesday, date(2027, 4, 26))).date() == date(2027, 4, 28)
    assert local(meeting_start_on_or_after(tuesday, date(2027, 4, 28))).date() == date(2027, 4, 28)
    assert local(meeting_start_on_or_after(tuesday, date(2027, 4, 29))).date() == date(2027, 5, 4)
    assert local(meeting_start_on_or_after(tuesday, date(2028, 12, 25))).date() == date(2028, 12, 27)
    # a closure day among the settings moves it as well; a whole week closed moves it a week on
    teamdag = {**DEFAULTS, CLOSURE_PREFIX + "2026-12-01": "Teamdag"}
    assert local(meeting_start_on_or_after(teamdag, date(2026, 11, 30))).date() == date(2026, 12, 2)
    closed = {**DEFAULTS, **{CLOSURE_PREFIX + (date(2026, 12, 28) + timedelta(days=n)).isoformat(): "Dicht"
                             for n in range(4)}}  # mon 28 - thu 31 dec; fri 1 jan is Nieuwjaarsdag
    assert local(meeting_start_on_or_after(closed, date(2026, 12, 28))).date() == date(2027, 1, 5)
    moment = local(meeting_start_on_or_after(teamdag, date(2026, 11, 30)))
    assert moment.strftime("%H:%M") == DEFAULTS["meeting_time"]


def test_a_new_meeting_is_planned_off_a_closure_day(database):
    from models.overleg.write import ensure_meeting
    from models.tables.overleg import Meeting

    perform(database, Actor("AV"), add_closure_day, date(2026, 12, 8), "Teamdag")
    with database.session(Actor("AV"), write=True) as session:
        last = session.exec(select(Meeting).order_by(col(Meeting.start).desc())).first()
        assert local(last.start).date() == date(2026, 12, 1)  # the demo plans two weeks ahead
        meeting = ensure_meeting(session, date(2026, 12, 2))
        assert local(meeting.start).date() == date(2026, 12, 9)  # wednesday: tuesday is the Teamdag


# --- the free-slot finder never offers a day off ----------------------------------------------------------

def ids(session, *codes: str) -> list[int]:
    return [session.exec(select(Worker.id).where(Worker.code == code)).one() for code in codes]


def test_the_slot_finder_never_offers_a_holiday_or_closure_day(database):
    christmas_week = date(2026, 12, 21)
    with database.session() as session:
        pair = ids(session, "AV", "SK")  # both work on fridays
        days = {s.day for s in find_slots(session, pair, duration_min=30, from_day=christmas_week, weeks=1,
                                          limit=200)}
        assert date(2026, 12, 24) in days and date(2026, 12, 25) not in days
        assert days_off_passed_over(session, from_day=christmas_week, weeks=1) == {date(2026, 12, 25):
                                                                                   "Eerste kerstdag"}
    perform(database, Actor("AV"), add_closure_day, date(2026, 12, 24), "Teamdag")
    with database.session() as session:
        days = {s.day for s in find_slots(session, pair, duration_min=30, from_day=christmas_week, weeks=1,
                                          limit=200)}
        assert days and not days & {date(2026, 12, 24), date(2026, 12, 25)}
        assert set(days_off_passed_over(session, from_day=christmas_week, weeks=1)) == {date(2026, 12, 24),
                                                                                      date(2026, 12, 25)}


# --- a new series over Christmas asks; a single appointment only warns -----------------------------------

def fridays(database, **changes) -> AppointmentInput:
    """AV, 07:00-07:30 on fridays 11 dec 2026 - 8 jan 2027: 25 dec and 1 jan are public holidays."""
    with database.session() as session:
        (av,) = ids(session, "AV")
    values = dict(worker_id=av, day=date(2026, 12, 11), start=time(7), end=time(7, 30),
                  kind=AppointmentKind.ADMINISTRATIE, repeat=REPEAT_WEEKLY, repeat_until=date(2027, 1, 8))
    return AppointmentInput(**{**values, **changes})


def series_days(database, appointment_ids) -> list[date]:
    with database.session() as session:
        rows = session.exec(select(Appointment).where(col(Appointment.id).in_(list(appointment_ids)))).all()
        return sorted(local(row.start).date() for row in rows)


def count(database) -> int:
    with database.session() as session:
        return len(session.exec(select(Appointment.id)).all())


def test_a_series_over_christmas_asks_then_skips_or_keeps(database):
    before = count(database)
    with pytest.raises(DaysOffQuestion) as asked:
        perform(database, Actor("AV"), add_appointments, fridays(database))
    assert str(asked.value) == ("2 herhalingen vallen op een feestdag (vr 25 dec Eerste kerstdag, vr 1 jan "
                                "Nieuwjaarsdag). Overslaan?")
    assert asked.value.days == {date(2026, 12, 25): "Eerste kerstdag", date(2027, 1, 1): "Nieuwjaarsdag"}
    assert count(database) == before  # nothing written before the answer

    skipped = perform(database, Actor("AV"), add_appointments, fridays(database, days_off=DAYS_OFF_SKIP))
    assert series_days(database, skipped.ids) == [date(2026, 12, 11), date(2026, 12, 18), date(2027, 1, 8)]
    assert skipped.message == "3 afspraken toegevoegd, 2 feestdagen overgeslagen"
    assert skipped.value.day_off_note == ""

    kept = perform(database, Actor("AV"), add_appointments,
                   fridays(database, start=time(7, 30), end=time(8), days_off=DAYS_OFF_KEEP))
    assert series_days(database, kept.ids) == [date(2026, 12, 11), date(2026, 12, 18), date(2026, 12, 25),
                                               date(2027, 1, 1), date(2027, 1, 8)]
    assert (kept.message, kept.value.day_off_note) == (
        "5 afspraken toegevoegd", "2 afspraken op een feestdag (vr 25 dec Eerste kerstdag, vr 1 jan Nieuwjaarsdag)")


def test_a_closure_day_in_a_series_is_asked_about_as_well(database):
    perform(database, Actor("AV"), add_closure_day, date(2026, 12, 4), "Teamdag")
    data = fridays(database, day=date(2026, 11, 27), repeat=REPEAT_BIWEEKLY, repeat_until=date(2026, 12, 11))
    with pytest.raises(DaysOffQuestion, match=r"^1 herhaling valt op een sluitingsdag \(vr 4 dec Teamdag\)"):
        perform(database, Actor("AV"), add_appointments, replace_repeat(data, REPEAT_WEEKLY))
    done = perform(database, Actor("AV"), add_appointments, data)  # every two weeks: 27 nov, 11 dec: no question
    assert series_days(database, done.ids) == [date(2026, 11, 27), date(2026, 12, 11)]
    mixed = fridays(database, day=date(2026, 12, 4), repeat_until=date(2026, 12, 25), start=time(7, 30), end=time(8))
    with pytest.raises(DaysOffQuestion, match=r"^2 herhalingen vallen op een vrije dag \(vr 4 dec Teamdag, "):
        perform(database, Actor("AV"), add_appointments, mixed)


def replace_repeat(data: AppointmentInput, repeat: str) -> AppointmentInput:
    from dataclasses import replace

    return replace(data, repeat=repeat)


def test_a_series_starting_on_a_holiday_starts_at_the_first_date_kept(database):
    data = fridays(database, day=date(2026, 12, 25), repeat_until=date(2027, 1, 15), days_off=DAYS_OFF_SKIP)
    done = perform(database, Actor("AV"), add_appointments, data)
    assert series_days(database, done.ids) == [date(2027, 1, 8), date(2027, 1, 15)]
    assert done.value.day == date(2027, 1, 8)  # where the planning puts its cursor afterwards
    assert done.message == "2 afspraken toegevoegd, 2 feestdagen overgeslagen"


def test_skipping_every_date_is_refused(database):
    data = fridays(database, day=date(2026, 12, 25), repeat_until=date(2027, 1, 1), days_off=DAYS_OFF_SKIP)
    with pytest.raises(ValidationFailed, match="Alle datums van deze herhaling vallen op een feestdag"):
        perform(database, Actor("AV"), add_appointments, data)


def test_a_single_appointment_on_a_holiday_is_saved_with_a_warning(database):
    done = perform(database, Actor("AV"), add_appointments,
                   fridays(database, day=date(2026, 12, 25), repeat="", repeat_until=None))
    assert done.message == "Afspraak toegevoegd"  # also what Ctrl+Z offers to undo
    assert done.value == AppointmentsSaved(done.value.worker_id, date(2026, 12, 25),
                                           "vr 25 dec is een feestdag (Eerste kerstdag)")
    assert series_days(database, done.ids) == [date(2026, 12, 25)]
    plain = perform(database, Actor("AV"), add_appointments,
                    fridays(database, day=date(2026, 12, 18), repeat="", repeat_until=None))
    assert (plain.message, plain.value.day_off_note) == ("Afspraak toegevoegd", "")


def test_series_creation_in_the_model_skips_nothing_unasked(database):
    """create_series itself (no action) raises the same question: no caller plans on a holiday unaware."""
    with database.session(Actor("AV"), write=True) as session:
        with pytest.raises(DaysOffQuestion):
            create_series(session, fridays(database))
