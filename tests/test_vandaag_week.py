"""Vandaag looks ahead ("deze week", models/vandaag/ahead.py) on many dates, at model level.

Which days are listed depends on today: the rest of this week from Monday to Wednesday, the next
five weekdays from Thursday on and at the weekend, never a weekend day, across a year end, ISO week
53 of 2026 (28 Dec 2026 – 3 Jan 2027) and 29 Feb 2028. A worker of our own (no demo appointments)
gets an appointment, an absence, an action and a Top-3 evaluation on chosen days, and the view must
put each on its day; public holidays say their name. Also: "mijn concepten" (models/vandaag/concepts.py).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.audit import Actor
from models.clock import at
from models.enums import AbsenceKind, ActionStatus, AppointmentKind, ClientStatus
from models.tables.appointments import Appointment
from models.tables.clients import Client
from models.tables.overleg import ActionItem
from models.tables.top3 import Top3Plan
from models.tables.workers import Absence, Worker
from models.vandaag.ahead import AHEAD_DAYS, ahead_dates, window_end
from models.vandaag.queries import today_view
from tests.conftest import FROZEN_TODAY


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize("today, expected", [
    ("2026-11-23", ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]),  # Monday: the rest of the week
    ("2026-11-24", ["2026-11-25", "2026-11-26", "2026-11-27"]),  # Tuesday
    ("2026-11-25", ["2026-11-26", "2026-11-27"]),  # Wednesday
    ("2026-11-26", ["2026-11-27", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"]),  # Thursday: 5 ahead
    ("2026-11-27", ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]),  # Friday: not empty
    ("2026-11-28", ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]),  # Saturday
    ("2026-11-29", ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]),  # Sunday
    ("2026-12-28", ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01"]),  # Monday of week 53
    ("2026-12-31", ["2027-01-01", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07"]),  # 31 Dec (Thu)
    ("2027-01-03", ["2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08"]),  # Sunday of week 53
    ("2028-02-29", ["2028-03-01", "2028-03-02", "2028-03-03"]),  # 29 Feb 2028 (Tue)
    ("2028-02-28", ["2028-02-29", "2028-03-01", "2028-03-02", "2028-03-03"]),  # Monday: 29 Feb is listed
])
def test_the_days_listed_depend_on_today(today, expected):
    assert ahead_dates(d(today)) == [d(day) for day in expected]


def test_every_day_of_three_years_lists_weekdays_ahead_within_the_week_window():
    day = date(2026, 1, 1)
    while day < date(2029, 1, 1):
        listed = ahead_dates(day)
        assert listed == sorted(set(listed)) and listed[0] > day, day
        assert all(current.weekday() < 5 for current in listed), day
        assert listed[-1] <= window_end(day) == day + timedelta(days=AHEAD_DAYS), day
        if day.weekday() < 3:  # Monday to Wednesday: exactly the rest of this ISO week
            assert listed == [day + timedelta(days=n) for n in range(1, 5 - day.weekday())], day
            assert {current.isocalendar()[:2] for current in listed} == {day.isocalendar()[:2]}, day
        else:  # Thursday to Sunday: five weekdays, Friday never looks at an empty week
            assert len(listed) == 5, day
        day += timedelta(days=1)


# --- the view, with data on chosen days -------------------------------------------------------------

DAYS = [d("2026-11-23"), d("2026-11-26"), d("2026-11-27"), d("2026-11-28"), d("2026-11-29"),
        d("2026-12-24"), d("2026-12-28"), d("2026-12-31"), d("2027-01-03"), d("2028-02-29")]


def _our_worker(session) -> Worker:
    worker = Worker(code="TW", name="Test Werker", work_days="1,2,3,4")  # no Fridays
    session.add(worker)
    session.flush()
    return worker


def _client(session, worker: Worker, code: str) -> Client:
    client = Client(code=code, region="zaanstreek", gemeente="zaanstad", worker_id=worker.id,
                    status=ClientStatus.ACTIVE)
    session.add(client)
    session.flush()
    return client


def _appointment(session, worker, client, day: date, hour: int, minute: int = 0, kind=AppointmentKind.HUISBEZOEK):
    session.add(Appointment(worker_id=worker.id, client_id=client.id if client else None, kind=kind,
                            start=at(day, hour, minute), end=at(day, hour + 1, minute)))


@pytest.mark.parametrize("today", DAYS, ids=lambda day: f"{day:%a-%Y-%m-%d}")
def test_each_thing_is_on_its_day(database, today):
    listed = ahead_dates(today)
    first, second, last = listed[0], listed[1], listed[-1]
    with database.session(Actor("AV"), write=True) as session:
        worker = _our_worker(session)
        one, two = _client(session, worker, "TW-0001"), _client(session, worker, "TW-0002")
        _appointment(session, worker, two, first, 11)
        _appointment(session, worker, one, first, 9, 30)  # the first of the day, though stored second
        _appointment(session, worker, None, first, 13, kind=AppointmentKind.OVERLEG)
        _appointment(session, worker, one, today, 10)  # today's: not "deze week"
        _appointment(session, worker, one, window_end(today) + timedelta(days=1), 10)  # past the window
        session.add(Absence(worker_id=worker.id, kind=AbsenceKind.VAKANTIE, start_date=second, end_date=second))
        session.add(ActionItem(owner_id=worker.id, client_id=one.id, what="Bellen met wijkagent", due=last))
        session.add(ActionItem(owner_id=worker.id, what="Verslag nalezen", due=today - timedelta(days=1)))
        session.add(ActionItem(owner_id=worker.id, what="Al gedaan", due=first, status=ActionStatus.DONE))
        session.add(Top3Plan(client_id=two.id, number=1, evaluate_on=today + timedelta(days=AHEAD_DAYS),
                             author_id=worker.id, created_at=at(today, 8)))
        session.commit()
        view = today_view(session, worker.id, today)

    by_day = {day.day: day for day in view.ahead}
    assert [day.day for day in view.ahead if day.listed] == listed
    assert all(first <= day <= window_end(today) for day in by_day)
    start = by_day[first]
    assert (start.appointments, start.home_visits, start.first_client_code) == (3, 2, "TW-0001")
    assert start.first_start == at(first, 9, 30)
    assert by_day[second].absence_kind == AbsenceKind.VAKANTIE and by_day[second].appointments == 0
    assert [a.what for a in by_day[last].actions] == ["Bellen met wijkagent"]
    assert [e.client_code for e in by_day[today + timedelta(days=AHEAD_DAYS)].evaluations] == ["TW-0002"]
    assert sum(day.appointments for day in view.ahead) == 3  # not today's, not past the window
    # The overdue action stays with today's (Aandacht); the done one is nowhere.
    assert [a.what for a in view.actions if a.due <= today] == ["Verslag nalezen"]
    assert "Al gedaan" not in [a.what for day in view.ahead for a in day.actions]
    for day in view.ahead:
        assert day.works == (day.day.isoweekday() in (1, 2, 3, 4))
        assert day.listed or day.actions or day.evaluations or day.appointments  # nothing empty unlisted


@pytest.mark.parametrize("today, holiday, name", [
    (d("2026-12-24"), d("2026-12-25"), "Eerste kerstdag"),
    (d("2026-12-24"), d("2026-12-28"), None),
    (d("2026-12-28"), d("2027-01-01"), "Nieuwjaarsdag"),
    (d("2026-12-31"), d("2027-01-01"), "Nieuwjaarsdag"),
    (d("2027-04-22"), d("2027-04-27"), "Koningsdag"),
])
def test_a_public_holiday_says_its_name(database, today, holiday, name):
    with database.session() as session:
        av = session.get(Worker, 1)
        view = today_view(session, av.id, today)
    day = next(day for day in view.ahead if day.day == holiday)
    assert day.day_off == name


def test_a_team_closure_day_says_its_name_too(database):
    from models.days_off import set_closure_day

    friday = FROZEN_TODAY + timedelta(days=4)
    with database.session(Actor("AV"), write=True) as session:
        set_closure_day(session, friday, "Teamdag")
        session.commit()
        view = today_view(session, session.get(Worker, 1).id, FROZEN_TODAY)
    assert next(day for day in view.ahead if day.day == friday).day_off == "Teamdag"


def test_the_demo_monday_looks_at_the_rest_of_the_week(database):
    from sqlmodel import select

    with database.session() as session:
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        view = today_view(session, av.id, FROZEN_TODAY)
    assert [day.day for day in view.ahead if day.listed] == ahead_dates(FROZEN_TODAY)
    assert sum(day.appointments for day in view.ahead) > 0
    # A Top-3 evaluation due later this week is under its day, and still in `evaluations` (this ISO week).
    later = [e for day in view.ahead for e in day.evaluations]
    assert later and all(e.evaluate_on > FROZEN_TODAY for e in later)


# --- mijn concepten -------------------------------------------------------------------------------------

def test_my_concepts_are_form_drafts_concept_handovers_and_top3_concepts_newest_first(database):
    from sqlmodel import select

    from models.drafts import keep_draft
    from models.tables.handovers import Handover
    from models.tables.registrations import Registration

    with database.session(Actor("AV"), write=True) as session:
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        registration = session.exec(select(Registration)).first()
        client = session.exec(select(Client).where(Client.worker_id == av.id)).first()
        keep_draft(session, "AV", "appointment:new", {"client": "zs-0012", "note": "x"}, "Nieuwe afspraak")
        keep_draft(session, "AV", f"registration-refer:{registration.id}", {"reason": "te ver"}, "Verwijzen")
        keep_draft(session, "AV", f"followup:{client.id}", {}, f"Vervolgtraject: {client.code} (X.Y.)")
        keep_draft(session, "JB", "handover:new", {"handover-situatie": "niet van AV"}, "Nieuwe overdracht")
        concept = Handover(from_worker_id=av.id, to_worker_id=None, created_at=at(FROZEN_TODAY, 7), is_draft=True)
        session.add(concept)
        session.flush()
        keep_draft(session, "AV", f"handover:{concept.id}", {"handover-situatie": "verder"}, "Concept-overdracht")
        session.commit()
        view = today_view(session, av.id, FROZEN_TODAY)

    keys = [row.key for row in view.drafts]
    assert f"handover:{concept.id}" in keys and keys.count(f"handover:{concept.id}") == 1  # one line, not two
    assert [row.kind for row in view.drafts if row.key == f"handover:{concept.id}"] == ["handover"]
    assert "handover:new" not in keys  # JB's draft is JB's
    saved = [row.saved_at for row in view.drafts]
    assert saved == sorted(saved, reverse=True)
    rows = {row.key: row for row in view.drafts}
    assert rows["appointment:new"].codes == ("ZS-0012",)
    assert rows[f"registration-refer:{registration.id}"].codes == (registration.code,)
    assert rows[f"followup:{client.id}"].codes == (client.code,)


# --- the lines as Vandaag shows them (screens/vandaag/lines.py: plain functions) ---------------------

def _day(day: str, **fields):
    from models.vandaag.views import AheadDay

    values = dict(listed=True, works=True, day_off=None, absence_kind=None, appointments=0, home_visits=0,
                  first_start=None, first_client_code=None, first_kind=None)
    return AheadDay(day=d(day), **{**values, **fields})


@pytest.mark.parametrize("fields, line", [
    (dict(appointments=3, home_visits=2, first_start=at(d("2026-12-08"), 9, 30), first_client_code="ZS-0012",
          first_kind="huisbezoek"), "3 afspraken (2 huisbezoeken) · eerste 09:30 ZS-0012"),
    (dict(appointments=1, home_visits=1, first_start=at(d("2026-12-08"), 14), first_client_code="ZS-0012",
          first_kind="huisbezoek"), "1 afspraak · eerste 14:00 ZS-0012"),
    (dict(appointments=2, home_visits=1, first_start=at(d("2026-12-08"), 10), first_kind="overleg"),
     "2 afspraken (1 huisbezoek) · eerste 10:00 overleg"),
    (dict(), "geen afspraken"),
    (dict(works=False), "geen werkdag"),
    (dict(absence_kind="vakantie"), "afwezig (vakantie)"),
    (dict(day_off="Eerste kerstdag"), "Eerste kerstdag — vrij"),
    (dict(day_off="Nieuwjaarsdag", appointments=1, first_start=at(d("2026-12-08"), 9), first_kind="telefonisch"),
     "Nieuwjaarsdag — vrij · 1 afspraak · eerste 09:00 telefonisch"),
    (dict(listed=False), ""),  # a weekend day there for what falls due: no line of its own
])
def test_a_day_in_one_line(fields, line):
    from screens.vandaag.lines import day_summary

    assert day_summary(_day("2026-12-08", **fields)) == line


def test_what_falls_due_goes_under_its_day_and_a_day_without_a_line_shows_its_date():
    from models.vandaag.views import ActionRow, EvaluationRow
    from screens.vandaag.lines import week_rows

    action = ActionRow(id=7, owner_code="AV", what="Bellen", due=d("2026-12-06"), status="open", client_code="ZS-1")
    evaluation = EvaluationRow(client_id=3, client_code="ZS-2", plan_number=2, evaluate_on=d("2026-12-07"))
    rows = week_rows([_day("2026-12-06", listed=False, works=False, actions=(action,)),
                      _day("2026-12-07", evaluations=(evaluation,))])
    assert rows == [("action:7", ("zo 6 dec", "Actie: Bellen · ZS-1")),
                    ("day:2026-12-07", ("ma 7 dec", "geen afspraken")),
                    ("client:3:top3", ("", "Top-3 evaluatie ZS-2 · versie 2"))]


@pytest.mark.parametrize("saved, today, label", [
    ("2026-12-04T13:32:00+00:00", "2026-12-04", "14:32"),  # 14:32 in Amsterdam
    ("2026-12-03T22:59:00+00:00", "2026-12-04", "gisteren 23:59"),
    ("2026-12-31T23:30:00+00:00", "2027-01-01", "00:30"),  # already New Year's Day in Amsterdam
    ("2026-12-30T10:00:00+00:00", "2027-01-01", "wo 30 dec 2026"),
    ("2028-02-28T12:00:00+00:00", "2028-02-29", "gisteren 13:00"),
])
def test_when_a_draft_was_kept(saved, today, label):
    from datetime import datetime

    from screens.vandaag.lines import saved_label

    assert saved_label(datetime.fromisoformat(saved), d(today)) == label


def test_fit_cuts_only_the_flexible_columns_and_marks_it():
    from screens.vandaag.lines import fit

    headers = ("Wie", "Waar")
    rows = [("AV Anouk", "Zaanstad, Purmerend, Edam-Volendam"), ("JB Jeroen", "")]
    assert fit(headers, rows, 80, ((1, 8),)) == rows  # room enough: unchanged
    cut = fit(headers, rows, 30, ((1, 8),))
    assert [row[0] for row in cut] == ["AV Anouk", "JB Jeroen"]  # a name is never cut
    assert cut[0][1].endswith("…") and len(cut[0][1]) == 30 - 4 - len("JB Jeroen")
    assert fit(headers, rows, 0, ((1, 8),)) == rows  # not laid out yet
    narrowest = fit(headers, rows, 10, ((1, 8),))
    assert len(narrowest[0][1]) == 8  # never below its narrowest width
