"""Days off of the team in the running app (issue 15): the planning grid names a public holiday or a
closure day, the free-slot finder never offers one, a new repeating appointment over Christmas asks
"Overslaan?" (ja: skipped, nee: kept), a single appointment on a holiday is saved with a warning.

Real key presses on the seeded demo database (frozen: mon 23 nov 2026, 08:30, user AV, unless a test
freezes the team clock on another day before the app starts); fields are filled in one step."""

from __future__ import annotations

from datetime import date

import pendulum
from sqlmodel import Session, select
from textual.widgets import DataTable, Label

from models import clock
from models.actions import perform
from models.actions.planning import add_closure_day
from models.audit import Actor
from models.clock import local
from models.enums import AppointmentKind
from models.planning.views import REPEAT_WEEKLY
from models.tables.appointments import Appointment
from models.tables.workers import Worker
from screens.common.confirm import ConfirmScreen
from screens.planning.appointment_form import AppointmentForm
from screens.planning.day_dialog import AskScreen, DayScreen
from screens.planning.screen import PlanningScreen
from screens.planning.slot_finder import SlotFinder
from tests.conftest import fill, paste, settle, wait_until

SIZE = (160, 48)
CHRISTMAS = date(2026, 12, 25)


def cell_text(app, worker_code: str, day: date) -> str:
    planning = app.screen
    column = next(i for i, w in enumerate(planning.view.workers) if w.code == worker_code)
    return str(planning.query_one("#planning-grid", DataTable).get_cell_at((planning.view.days.index(day), column)))


def label(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).content)


def worker_id(app, code: str) -> int:
    return next(w.id for w in app.team if w.code == code)


def series_days(app, note: str) -> list[date]:
    with Session(app.database.engine) as session:
        rows = session.exec(select(Appointment).where(Appointment.note == note)).all()
        return sorted(local(row.start).date() for row in rows)


async def open_planning(pilot) -> PlanningScreen:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PlanningScreen)
    return pilot.app.screen


async def go_to_week(pilot, week: str) -> None:
    await pilot.press("g")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AskScreen)
    await paste(pilot, week)
    await pilot.press("enter")
    await settle(pilot)


async def open_slot_finder(pilot, second: str) -> SlotFinder:
    await pilot.press("f")
    await settle(pilot)
    finder = pilot.app.screen
    assert isinstance(finder, SlotFinder)
    await fill(pilot, {"#slots-second": worker_id(pilot.app, second)})
    await settle(pilot)
    await wait_until(pilot, lambda: finder.slots, "free slots found")
    return finder


# --- the grid ---------------------------------------------------------------------------------------

async def check_christmas_week(pilot) -> PlanningScreen:
    planning = await open_planning(pilot)
    await go_to_week(pilot, "52")
    assert label(pilot.app, "#planning-title").startswith("Week 52 · ma 21 dec – vr 25 dec 2026")
    assert planning.view.days_off == {CHRISTMAS: "Eerste kerstdag"}
    for worker in planning.view.workers:  # every column, also a part-timer's day off
        assert cell_text(pilot.app, worker.code, CHRISTMAS) == "Eerste kerstdag"
        assert "kerstdag" not in cell_text(pilot.app, worker.code, date(2026, 12, 24))
    return planning


async def test_the_christmas_week_names_eerste_kerstdag_in_the_grid(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        planning = await check_christmas_week(pilot)
        grid = planning.query_one("#planning-grid", DataTable)
        assert grid.rows[CHRISTMAS.isoformat()].height == 1  # the name fits on one line of a cell
        label_text = grid.rows[CHRISTMAS.isoformat()].label
        assert str(label_text).startswith("vr 25 dec") and str(label_text.style) == "dim"  # like a day off
        await pilot.press(*["down"] * 4, "enter")  # AV's christmas day: the day dialog says it too
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert label(app, "#day-title") == ("AV Anouk Verhoef · vr 25 dec · week 52 · Eerste kerstdag (vrije dag "
                                            "van het team)")
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("w")  # the weekend too: Tweede kerstdag is a saturday
        await settle(pilot)
        assert cell_text(app, "AV", date(2026, 12, 26)) == "Tweede kerstdag"
        assert cell_text(app, "AV", date(2026, 12, 27)) == "geen werkdag"


async def test_the_christmas_week_at_80_by_24(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await check_christmas_week(pilot)
        await pilot.press(*["down"] * 4)  # to the holiday's row: the cursor moves, nothing breaks
        await settle(pilot)
        assert app.screen.selected_cell()[1] == CHRISTMAS


# --- the free-slot finder ------------------------------------------------------------------------------

async def test_the_slot_finder_skips_christmas_and_a_closure_day(make_app, database):
    # Thursday 24 December, 15:00: the next free hours are this afternoon and then monday 28 December.
    clock.freeze(pendulum.datetime(2026, 12, 24, 15, tz="Europe/Amsterdam"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        finder = await open_slot_finder(pilot, "SK")
        days = [slot.day for slot in finder.slots]
        assert date(2026, 12, 24) in days and date(2026, 12, 28) in days and CHRISTMAS not in days
        assert label(app, "#slots-status") == ("Overgeslagen, het hele team is vrij: vr 25 dec Eerste kerstdag, "
                                               "vr 1 jan Nieuwjaarsdag. AV en SK zijn allebei vrij op:")
        await pilot.press("escape")
        await settle(pilot)
        # a coordinator closes the office on monday 28 December (a team setting)
        perform(database, Actor("JB"), add_closure_day, date(2026, 12, 28), "Kerstsluiting")
        finder = await open_slot_finder(pilot, "SK")
        days = [slot.day for slot in finder.slots]
        assert date(2026, 12, 28) not in days and CHRISTMAS not in days and date(2026, 12, 29) in days
        assert "vr 25 dec Eerste kerstdag, ma 28 dec Kerstsluiting" in label(app, "#slots-status")


async def test_a_closure_day_appears_in_the_grid_and_the_slot_finder_avoids_it(make_app, database):
    thursday = date(2026, 11, 26)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        finder = await open_slot_finder(pilot, "HD")  # AV and HD: both work on thursdays
        assert thursday in [slot.day for slot in finder.slots]
        await pilot.press("escape")
        await settle(pilot)
        perform(database, Actor("AV"), add_closure_day, thursday, "Teamdag")
        await pilot.press("r")  # refresh (the live refresh would do it within seconds too)
        await settle(pilot)
        await wait_until(pilot, lambda: thursday in app.screen.view.days_off, "the closure day in the week")
        for worker in app.screen.view.workers:
            assert cell_text(app, worker.code, thursday).startswith("Teamdag")
        assert "Teamdag" not in cell_text(app, "AV", date(2026, 11, 25))
        finder = await open_slot_finder(pilot, "HD")
        assert thursday not in [slot.day for slot in finder.slots]
        assert label(app, "#slots-status").startswith("Overgeslagen, het hele team is vrij: do 26 nov Teamdag. ")


# --- a repeating appointment over Christmas asks; one appointment on a holiday warns ----------------------

async def new_series_over_christmas(pilot, note: str) -> None:
    """Fridays 11 December to 8 January, 07:00-07:30, for AV: 25 Dec and 1 Jan are public holidays."""
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AppointmentForm)
    await fill(pilot, day="11-12-2026", start="7u", end="7.30", kind=AppointmentKind.ADMINISTRATIE,
               repeat=REPEAT_WEEKLY, until="08-01-2027", note=note)
    await pilot.press("ctrl+s")
    await settle(pilot)
    question = pilot.app.screen
    assert isinstance(question, ConfirmScreen)
    assert label(pilot.app, "#confirm-question") == ("2 herhalingen vallen op een feestdag (vr 25 dec Eerste "
                                                     "kerstdag, vr 1 jan Nieuwjaarsdag). Overslaan?")
    assert label(pilot.app, "#confirm-hint") == "j / Enter: overslaan · n / Esc: toch plannen"
    assert series_days(pilot.app, note) == []  # nothing saved before the answer


async def test_a_weekly_series_over_christmas_asks_and_skips(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        await new_series_over_christmas(pilot, "Reeks overslaan")
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        assert series_days(app, "Reeks overslaan") == [date(2026, 12, 11), date(2026, 12, 18), date(2027, 1, 8)]
        messages = [str(n.message) for n in app._notifications]
        assert "3 afspraken toegevoegd, 2 feestdagen overgeslagen. Ctrl+Z maakt ongedaan." in messages
        await go_to_week(pilot, "52")
        assert cell_text(app, "AV", CHRISTMAS) == "Eerste kerstdag"  # nothing planned there


async def test_a_weekly_series_over_christmas_asks_and_keeps(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        await new_series_over_christmas(pilot, "Reeks houden")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        assert series_days(app, "Reeks houden") == [date(2026, 12, 11), date(2026, 12, 18), CHRISTMAS,
                                                    date(2027, 1, 1), date(2027, 1, 8)]
        warnings = [str(n.message) for n in app._notifications if n.severity == "warning"]
        assert ("5 afspraken toegevoegd · let op: 2 afspraken op een feestdag (vr 25 dec Eerste kerstdag, vr 1 jan "
                "Nieuwjaarsdag). Ctrl+Z maakt ongedaan.") in warnings
        assert app.runner.undo_label() == "5 afspraken toegevoegd"
        await go_to_week(pilot, "52")
        assert cell_text(app, "AV", CHRISTMAS) == "Eerste kerstdag\n07:00 Admin ↻"


async def test_the_answer_survives_an_overlap_warning_but_not_a_change(make_app):
    """Ja (skip), then the save warns of an overlap; changing the form asks again, and the second
    Ctrl+S after the overlap warning saves with the answer given."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        with Session(app.database.engine) as session:
            av = session.exec(select(Worker.id).where(Worker.code == "AV")).one()
            busy = [a for a in session.exec(select(Appointment).where(Appointment.worker_id == av)
                                            .order_by(Appointment.start)) if local(a.start).date() == date(2026, 12, 18)]
        start = local(busy[0].start).strftime("%H:%M")  # the same start as AV's first appointment that friday
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, day="11-12-2026", start=start, kind=AppointmentKind.ADMINISTRATIE, repeat=REPEAT_WEEKLY,
                   until="08-01-2027", note="Reeks overlap")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, AppointmentForm)
        assert "overlapt met een andere afspraak van AV op vr " in label(app, "#start-error")
        await fill(pilot, until="01-01-2027")  # a change: the dates are asked about again
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)
        assert "overlapt" in label(app, "#start-error")
        await pilot.press("ctrl+s")  # accept the overlap; the answer (skip) still holds
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        assert series_days(app, "Reeks overlap") == [date(2026, 12, 11), date(2026, 12, 18)]


async def test_one_appointment_on_christmas_is_saved_with_a_warning(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await fill(pilot, day="25-12-2026", start="10u", kind=AppointmentKind.ADMINISTRATIE, note="Kerstdienst")
        hint = form.query_one("#day-off", Label)
        assert str(hint.content) == "Let op: vr 25 dec is Eerste kerstdag, een vrije dag van het team. Opslaan kan wel."
        assert hint.has_class("-shown") and hint.display
        await fill(pilot, day="24-12-2026")
        assert not form.query_one("#day-off", Label).has_class("-shown")
        await fill(pilot, day="25-12-2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)  # saved: a warning, not a refusal
        assert series_days(app, "Kerstdienst") == [CHRISTMAS]
        warnings = [str(n.message) for n in app._notifications if n.severity == "warning"]
        assert "Afspraak toegevoegd · let op: vr 25 dec is een feestdag (Eerste kerstdag). Ctrl+Z maakt ongedaan." \
            in warnings
