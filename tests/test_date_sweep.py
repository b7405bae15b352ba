"""The demo and scale generators work on every day of the year, and the demo's story holds on each.

Why: the rest of the suite freezes the clock on Monday 2026-11-23, so a generator that breaks on a
Thursday, over the year end or on a public holiday went unnoticed (issue 12: `seed_demo` failed on
53 days of 2026). Each day here is one test case (pytest-xdist spreads them). A case copies an empty
database migrated once per session (migrating costs 0.3-0.9 s, about as much as seeding the demo),
freezes the team clock on that day at 08:30 and seeds it. The scale set is seeded at 1% on the
boundary days and checked for the same planning and Top-3 rules.

The invariants, checked on every day:
- sizes: the team of six, its clients (active and closed), 15 open registrations, appointments,
  weekly overleggen;
- nobody has an appointment on a day they do not work, on vacation, on a Dutch public holiday
  (models.public_holidays) or on a closure day of the team (models.days_off: the demo closes on the
  brugdag after Hemelvaart); a worker's appointments never overlap; overleggen avoid those days too;
- no (minor) children appear in the Top-3 of a client registered with "Kinderen: nee";
- the newest Top-3 version's phase fits the client's fase: fase 1 (unsafety still present) is in
  "1 Directe veiligheid" or "2 Risicogestuurde zorg"; fase 2 (six months without unsafety) is past
  directe veiligheid, so "2 Risicogestuurde zorg" or "3 Herstel";
- the demo's story: a huisverbod of AV's ends within three days; an unacknowledged handover waits
  for AV; AV has open overleg actions due around today and Top-3 evaluations due this week; a
  colleague is absent today; the next overleg is planned with a full agenda; and on a working
  weekday AV has a full day that includes contact with the client whose huisverbod ends soon.

The whole of 2026 is a slow test: TEAMBORD_SLOW=1 .venv/bin/python -m pytest tests/test_date_sweep.py -m slow
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from fixtures.demo import DEMO_USER, TEAM, WAITING_STATUSES, seed_demo
from fixtures.scale import seed_scale
from models import clock
from models.enums import (
    AbsenceKind, AgendaItemKind, AppointmentKind, AppointmentStatus, ClientStatus, Fase, MeetingStatus,
    OPEN_REGISTRATION_STATUSES, Role, Top3Phase,
)
from models.days_off import closure_days, day_off_name
from models.public_holidays import holiday_name, is_public_holiday, public_holidays
from models.schema import (
    Absence, ActionItem, AgendaItem, Appointment, Client, Handover, HandoverClient, Meeting, Registration,
    SafetyAgreement, Top3Plan, UnsafeSituation, Worker,
)

# 28 days over a month end, the year end and ISO week 53 (2026-12-28 .. 2027-01-03), with both
# Christmas days and Nieuwjaarsdag.
SWEEP = [date(2026, 12, 14) + timedelta(days=n) for n in range(28)]
BOUNDARY_DAYS = [
    date(2026, 11, 23),  # the Monday the rest of the suite (and the snapshots) freeze on
    date(2026, 3, 29),  # summer time starts
    date(2026, 10, 25),  # summer time ends
    date(2028, 2, 29),  # leap day
    date(2026, 4, 27),  # Koningsdag on a Monday
    date(2027, 4, 27),  # Koningsdag on a Tuesday: the overleg's own weekday
    date(2026, 5, 14),  # Hemelvaartsdag, a Thursday (every Thursday failed before issue 12)
    date(2026, 4, 3),  # Goede vrijdag: a working day for the team
    date(2026, 5, 15),  # the brugdag after Hemelvaart: the demo team's closure day, as "today"
    date(2027, 5, 4),  # a Tuesday in the week of Hemelvaart (thu 6 May) and the brugdag (fri 7 May)
]
DEMO_DAYS = sorted(set(SWEEP) | set(BOUNDARY_DAYS))
SCALE_DAYS = sorted({date(2026, 12, 28) + timedelta(days=n) for n in range(7)} | set(BOUNDARY_DAYS))
SLOW = os.environ.get("TEAMBORD_SLOW") == "1"
# Without TEAMBORD_SLOW one skipped case stands for the year, instead of 365 skipped ones.
YEAR_2026 = [date(2026, 1, 1) + timedelta(days=n) for n in range(365 if SLOW else 1)]

# Words that bring (minor) children into a text: children, son, daughter, school, youth services.
CHILD_WORDS = re.compile(r"\b(kind|kinderen|zoon|zonen|dochter|dochters|school|jeugd\w*)\b", re.IGNORECASE)
PHASES_FOR_FASE = {
    Fase.FASE_1: {Top3Phase.DIRECTE_VEILIGHEID, Top3Phase.RISICOGESTUURDE_ZORG},
    Fase.FASE_2: {Top3Phase.RISICOGESTUURDE_ZORG, Top3Phase.HERSTEL},
}


def _day_id(day: date) -> str:
    name = holiday_name(day)
    return f"{day.isoformat()}-{day:%a}" + (f"-{name.replace(' ', '_')}" if name else "")


# ---------------------------------------------------------------- databases
@pytest.fixture(scope="session")
def empty_schema(tmp_path_factory):
    """An empty database with the migrated schema (the way `teambord seed` gets one), made once."""
    from tui.db import open_database

    path = tmp_path_factory.mktemp("schema") / "empty.db"
    database = open_database(f"sqlite:///{path}")
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def fresh_engine(empty_schema, tmp_path):
    from tui.db import make_engine

    target = tmp_path / "sweep.db"
    shutil.copy(empty_schema, target)
    engine = make_engine(f"sqlite:///{target}")  # the app's engine: foreign keys on, WAL
    yield engine
    engine.dispose()


def _freeze_on(day: date) -> None:
    # The autouse frozen_clock fixture (conftest) lets the clock run again after the test.
    clock.freeze(clock.at(day, 8, 30))


# ---------------------------------------------------------------- what a seeded database holds
@dataclass
class World:
    today: date
    workers: dict[int, Worker]
    clients: dict[int, Client]
    appointments: list[Appointment]
    absences: list[Absence]
    plans: list[Top3Plan]
    situations: list[UnsafeSituation]
    agreements: list[SafetyAgreement]
    meetings: list[Meeting]
    agenda: list[AgendaItem]
    actions: list[ActionItem]
    handovers: list[Handover]
    handover_clients: list[HandoverClient]
    registrations: list[Registration]
    closures: dict[date, str]  # the team's closure days (team settings)

    @property
    def demo_user(self) -> Worker:
        return min(self.workers.values(), key=lambda w: w.id)

    @property
    def is_working_weekday(self) -> bool:
        return self.today.isoweekday() <= 5 and day_off_name(self.today, self.closures) is None


def _load(engine, today: date) -> World:
    with Session(engine) as session:
        def rows(model):
            return list(session.exec(select(model)).all())

        return World(today, {w.id: w for w in rows(Worker)}, {c.id: c for c in rows(Client)}, rows(Appointment),
                     rows(Absence), rows(Top3Plan), rows(UnsafeSituation), rows(SafetyAgreement), rows(Meeting),
                     rows(AgendaItem), rows(ActionItem), rows(Handover), rows(HandoverClient), rows(Registration),
                     closure_days(session))


def _local_day(moment) -> date:
    return clock.local_std(moment).date()


# ---------------------------------------------------------------- invariants for any generator
def planning_problems(world: World) -> list[str]:
    """Appointments only on the worker's own working days, not on vacation, not on holidays or
    closure days."""
    vacation = defaultdict(set)
    for absence in world.absences:
        if absence.kind == AbsenceKind.VAKANTIE:
            days = (absence.end_date - absence.start_date).days + 1
            vacation[absence.worker_id].update(absence.start_date + timedelta(days=n) for n in range(days))
    problems = []
    spans = defaultdict(list)
    for appointment in world.appointments:
        day, worker = _local_day(appointment.start), world.workers[appointment.worker_id]
        where = f"{worker.code} {appointment.kind} on {day} {day:%a}"
        if not worker.works_on(day):
            problems.append(f"{where}: not a working day of {worker.code} ({worker.work_days})")
        if day in vacation[worker.id]:
            problems.append(f"{where}: {worker.code} is on vacation")
        if day_off_name(day, world.closures):
            problems.append(f"{where}: day off {day_off_name(day, world.closures)}")
        if appointment.kind != AppointmentKind.THUISWERKEN:  # the all-day block holds the phone calls
            spans[(worker.id, day)].append((appointment.start, appointment.end, appointment.kind))
    for (worker_id, day), day_spans in spans.items():
        day_spans.sort()
        for earlier, later in zip(day_spans, day_spans[1:]):
            if earlier[1] > later[0]:
                problems.append(f"{world.workers[worker_id].code} on {day}: {earlier[2]} overlaps {later[2]}")
    for meeting in world.meetings:
        day = _local_day(meeting.start)
        if day.isoweekday() > 5 or day_off_name(day, world.closures):
            problems.append(f"overleg on {day} {day:%a} {day_off_name(day, world.closures) or ''}")
    return problems


def top3_problems(world: World) -> list[str]:
    """No children in the Top-3 of a client without children; the newest phase fits the fase."""
    plan_client = {plan.id: world.clients[plan.client_id] for plan in world.plans}
    problems = []
    texts = [(s.plan_id, (s.description, s.family_members, s.risk_factors)) for s in world.situations]
    texts += [(a.plan_id, (a.who, a.what, a.checked_by, a.consequence)) for a in world.agreements]
    texts += [(p.id, (p.made_with,)) for p in world.plans]
    for plan_id, fields in texts:
        client = plan_client[plan_id]
        if client.children_involved:
            continue
        for field in fields:
            if found := CHILD_WORDS.search(field or ""):
                problems.append(f"{client.code} (Kinderen: nee) has '{found.group()}' in its Top-3: {field}")
    newest: dict[int, Top3Plan] = {}
    for plan in world.plans:
        if plan.client_id not in newest or plan.number > newest[plan.client_id].number:
            newest[plan.client_id] = plan
    for client_id, plan in newest.items():
        client = world.clients[client_id]
        if Top3Phase(plan.phase) not in PHASES_FOR_FASE[Fase(client.fase)]:
            problems.append(f"{client.code} is in {client.fase} but its newest Top-3 (v{plan.number}) "
                            f"is in phase {Top3Phase(plan.phase).label}")
    return problems


# ---------------------------------------------------------------- the demo's own sizes and story
def demo_size_problems(world: World) -> list[str]:
    expected_active = sum(caseload for *_, caseload in TEAM)
    roles = Counter(w.role for w in world.workers.values())
    statuses = Counter(c.status for c in world.clients.values())
    open_registrations = [r for r in world.registrations if r.status in OPEN_REGISTRATION_STATUSES]
    finished = [m for m in world.meetings if m.status == MeetingStatus.FINISHED]
    checks = {
        "six workers": roles == {Role.AMBULANT: 4, Role.GEDRAGSDESKUNDIGE: 1, Role.PROCESBEGELEIDER: 1},
        f"{expected_active} active clients": statuses[ClientStatus.ACTIVE] == expected_active,
        "seven closed clients": statuses[ClientStatus.CLOSED] == 7,
        f"{len(WAITING_STATUSES)} open registrations": len(open_registrations) == len(WAITING_STATUSES),
        "every open status on the waiting list": {r.status for r in open_registrations}
        == set(OPEN_REGISTRATION_STATUSES),
        "hundreds of appointments": len(world.appointments) > 300,
        "60-80 clients with a Top-3": 60 <= len({p.client_id for p in world.plans}) <= 80,
        "ten or eleven weekly overleggen, seven or more finished": 10 <= len(world.meetings) <= 11
        and len(finished) >= 7,
    }
    return [f"expected {what}" for what, holds in checks.items() if not holds]


def story_problems(world: World) -> list[str]:
    today, user = world.today, world.demo_user
    problems = []
    if (user.code, user.work_days) != (DEMO_USER, "1,2,3,4,5"):
        problems.append(f"the demo user is {user.code} working {user.work_days}")
    ending_soon = [c for c in world.clients.values() if c.worker_id == user.id and c.huisverbod_end
                   and 0 <= (c.huisverbod_end - today).days <= 3]
    if not ending_soon:
        problems.append("no huisverbod of AV's ends within three days")
    linked = {link.handover_id for link in world.handover_clients}
    waiting = [h for h in world.handovers if h.to_worker_id == user.id and h.acknowledged_at is None
               and not h.is_draft and h.id in linked]
    if len(waiting) < 2:
        problems.append(f"{len(waiting)} unacknowledged handovers with clients wait for AV, expected two")
    due_soon = [a for a in world.actions if a.owner_id == user.id and a.status == "open" and a.due
                and abs((a.due - today).days) <= 3]
    if len(due_soon) < 2:
        problems.append(f"{len(due_soon)} open overleg actions of AV due around today, expected two")
    monday = clock.week_monday(today)
    evaluations = [p for p in world.plans if world.clients[p.client_id].worker_id == user.id
                   and p.evaluate_on and monday <= p.evaluate_on <= monday + timedelta(days=6)]
    if len(evaluations) < 2:
        problems.append(f"{len(evaluations)} Top-3 evaluations of AV due this week, expected two")
    absent = [a for a in world.absences if a.start_date <= today <= a.end_date and a.worker_id != user.id]
    if not absent:
        problems.append("no colleague is absent today")
    problems += _next_meeting_problems(world)
    if world.is_working_weekday:
        problems += _full_day_problems(world, ending_soon)
    return problems


def _next_meeting_problems(world: World) -> list[str]:
    upcoming = sorted((m for m in world.meetings if _local_day(m.start) >= world.today), key=lambda m: m.start)
    if not upcoming:
        return ["no overleg ahead"]
    meeting = upcoming[0]
    items = [i for i in world.agenda if i.meeting_id == meeting.id]
    cases = [i for i in items if i.client_id is not None]
    checks = {
        "planned": meeting.status == MeetingStatus.PLANNED,
        "a chair and a minute taker": bool(meeting.chair_id and meeting.minute_taker_id),
        "6 to 10 agenda items": 6 <= len(items) <= 10,
        "the waiting list and announcements": {AgendaItemKind.WACHTLIJST, AgendaItemKind.MEDEDELINGEN}
        <= {i.kind for i in items},
        "one clear question per case": all(i.presenter_id and i.question.endswith("?") for i in cases),
        "one case carried over": sum(i.carried_from_id is not None for i in cases) == 1,
    }
    return [f"next overleg on {_local_day(meeting.start)}: expected {what}" for what, holds in checks.items()
            if not holds]


def _full_day_problems(world: World, ending_soon: list[Client]) -> list[str]:
    user = world.demo_user
    todays = [a for a in world.appointments if a.worker_id == user.id and _local_day(a.start) == world.today
              and a.status != AppointmentStatus.CANCELLED]
    problems = []
    if len(todays) < 4:
        problems.append(f"AV has {len(todays)} appointments on working day {world.today}, expected a full day")
    if not {c.id for c in ending_soon} & {a.client_id for a in todays}:
        problems.append("AV has no contact today with the client whose huisverbod ends soon")
    return problems


def _seed_demo_on(engine, day: date) -> World:
    _freeze_on(day)
    seed_demo(engine, today=day)
    return _load(engine, day)


def _assert_no_problems(problems: list[str]) -> None:
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the sweeps
def _check_demo_on(engine, day: date) -> None:
    world = _seed_demo_on(engine, day)
    _assert_no_problems(demo_size_problems(world) + planning_problems(world) + top3_problems(world)
                        + story_problems(world) + closure_problems(world))


def closure_problems(world: World) -> list[str]:
    """The demo team closes on the brugdag after Hemelvaart, this year and next (a team setting)."""
    expected = set()
    for year in (world.today.year, world.today.year + 1):
        ascension = next(day for day, name in public_holidays(year).items() if name == "Hemelvaartsdag")
        expected.add(ascension + timedelta(days=1))
    return [] if set(world.closures) == expected else [f"closure days {sorted(world.closures)}, expected "
                                                        f"{sorted(expected)}"]


@pytest.mark.parametrize("day", DEMO_DAYS, ids=_day_id)
def test_demo_seeds_with_its_story_on(fresh_engine, day):
    _check_demo_on(fresh_engine, day)


@pytest.mark.parametrize("day", SCALE_DAYS, ids=_day_id)
def test_scale_seeds_on(fresh_engine, day):
    _freeze_on(day)
    counts = seed_scale(fresh_engine, today=day, factor=0.01)
    assert counts["worker"] >= 6 and counts["client"] == 150 and counts["appointment"] > 4_000
    world = _load(fresh_engine, day)
    _assert_no_problems(planning_problems(world) + top3_problems(world))


@pytest.mark.slow
@pytest.mark.skipif(not SLOW, reason="every day of 2026: TEAMBORD_SLOW=1")
@pytest.mark.parametrize("day", YEAR_2026, ids=_day_id)
def test_demo_seeds_with_its_story_every_day_of_2026(fresh_engine, day):
    _check_demo_on(fresh_engine, day)


# ---------------------------------------------------------------- the calendar the sweep relies on
def test_public_holidays_are_the_teams_days_off():
    assert holiday_name(date(2026, 12, 25)) == "Eerste kerstdag"
    assert holiday_name(date(2026, 4, 27)) == "Koningsdag"
    assert holiday_name(date(2027, 1, 1)) == "Nieuwjaarsdag"
    assert not is_public_holiday(date(2026, 4, 3))  # Goede vrijdag: the team works
    assert not is_public_holiday(date(2026, 5, 5)) and is_public_holiday(date(2030, 5, 5))  # lustrum years
    assert not is_public_holiday(date(2026, 11, 23)) and not is_public_holiday(date(2028, 2, 29))
    assert date(2026, 12, 28).isocalendar()[:2] == (2026, 53) and date(2027, 1, 3).isocalendar()[:2] == (2026, 53)


def test_the_text_banks_mark_every_text_about_children():
    """What the generators give a client without children is free of children, bank by bank."""
    from fixtures import texts

    banks = ((texts.UNSAFE_SITUATIONS, texts.SITUATIONS_WITH_CHILDREN, texts.ADULT_SITUATIONS),
             (texts.SAFETY_AGREEMENTS, texts.AGREEMENTS_WITH_CHILDREN, texts.ADULT_AGREEMENTS),
             ([(m,) for m in texts.MADE_WITH], texts.MADE_WITH_CHILDREN, [(m,) for m in texts.ADULT_MADE_WITH]))
    for bank, with_children, stand_ins in banks:
        about_children = {i for i, entry in enumerate(bank) if any(CHILD_WORDS.search(field) for field in entry)}
        assert about_children == with_children
        assert not any(CHILD_WORDS.search(field) for entry in stand_ins for field in entry)
        for drawn in ([0, 1, 2], [11, 3, 8], [4], list(with_children)[:3]):
            drawn = [i for i in drawn if i < len(bank)]
            fitted = texts.fit_for_family(drawn, bank, with_children, stand_ins, children=False)
            assert len(fitted) == len(drawn) == len(set(fitted))  # nothing lost, nothing twice
            assert not any(CHILD_WORDS.search(field) for entry in fitted for field in entry)
            assert fitted == texts.fit_for_family(drawn, bank, with_children, stand_ins, children=False)
            with_kids = texts.fit_for_family(drawn, bank, with_children, stand_ins, children=True)
            assert with_kids == [bank[i] for i in drawn]


def test_the_overleg_moves_off_a_public_holiday_within_its_week():
    from fixtures.timing import overleg_day

    assert overleg_day(date(2026, 11, 26), 2) == date(2026, 11, 24)  # an ordinary week: tuesday
    assert overleg_day(date(2027, 4, 26), 2) == date(2027, 4, 28)  # Koningsdag on tuesday: wednesday
    assert overleg_day(date(2028, 12, 25), 2) == date(2028, 12, 27)  # Tweede kerstdag on tuesday
    assert overleg_day(date(2027, 1, 3), 2) == date(2026, 12, 29)  # ISO week 53 of 2026, over the year end
    teamdag = {date(2026, 11, 24): "Teamdag"}
    assert overleg_day(date(2026, 11, 26), 2, teamdag) == date(2026, 11, 25)  # a closure day moves it too
    closed_week = {date(2026, 11, 24) + timedelta(days=n): "Dicht" for n in range(4)}
    assert overleg_day(date(2026, 11, 26), 2, closed_week) is None  # tue-fri closed: no overleg that week
