"""Planning (2), driven by real key presses on the seeded demo database (frozen: mon 23 nov 2026,
08:30, user AV). Each test checks the database and the screen afterwards.

Keys move between cells and fields, open, save and choose; the text of a field is pasted into it in
one step (`type_text`, tests/conftest.py `paste`): typing character by character is what
tests/test_date_entry.py is about, and here it only cost an idle wait per key."""

from __future__ import annotations

from datetime import date, time

from icalendar import Calendar
from sqlmodel import Session, col, func, select
from textual.widgets import DataTable, Input, Label, Select

from models.tables.appointments import Appointment
from models.clock import local
from models.enums import AbsenceKind, AppointmentKind, AppointmentStatus
from models.tables.workers import Absence, Worker
from screens.planning.absence_form import AbsenceForm
from screens.planning.appointment_form import AppointmentForm
from screens.common.confirm import ConfirmScreen
from screens.planning.screen import PlanningScreen
from screens.planning.day_dialog import AskScreen, DayScreen
from screens.planning.series_scope import ScopeScreen
from screens.planning.slot_finder import SlotFinder
from tests.conftest import clear_and_paste, paste, settle

SIZE = (160, 48)
MONDAY = date(2026, 11, 23)


def engine_of(app):
    return app.database.engine


def appointments_of(app, code: str, day: date) -> list[Appointment]:
    with Session(engine_of(app)) as session:
        worker = session.exec(select(Worker.id).where(Worker.code == code)).one()
        rows = session.exec(select(Appointment).where(Appointment.worker_id == worker).order_by(Appointment.start))
        return [a for a in rows if local(a.start).date() == day]


def line_of(app, appointment: Appointment, start: str | None = None) -> str:
    """The grid line of an appointment as the demo database has it (e.g. "09:00 Huisbez ZS-0123")."""
    from models.tables.clients import Client
    from screens.common.format import KIND_SHORT

    with Session(engine_of(app)) as session:
        code = session.exec(select(Client.code).where(Client.id == appointment.client_id)).first()
    who = code or appointment.partner or ""
    return f"{start or local(appointment.start).strftime('%H:%M')} {KIND_SHORT[appointment.kind]} {who}".rstrip()


def span(appointment: Appointment) -> str:
    return f"{local(appointment.start).strftime('%H:%M')}–{local(appointment.end).strftime('%H:%M')}"


def count_appointments(app) -> int:
    with Session(engine_of(app)) as session:
        return session.exec(select(func.count()).select_from(Appointment)).one()


def cell_text(app, worker_code: str, day: date) -> str:
    grid = app.screen.query_one("#planning-grid", DataTable)
    planning = app.screen
    column = next(i for i, w in enumerate(planning.view.workers) if w.code == worker_code)
    row = planning.view.days.index(day)
    return str(grid.get_cell_at((row, column)))


def label(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).content)


async def open_planning(pilot) -> PlanningScreen:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PlanningScreen)
    return pilot.app.screen


async def type_text(pilot, text: str) -> None:
    """Put the text into the focused field at the cursor, in one step (a paste, not a key per character)."""
    await paste(pilot, text)


async def replace_text(pilot, text: str) -> None:
    """The focused input selects its text on focus; clear it explicitly (End, Ctrl+U) and put the text in."""
    await clear_and_paste(pilot, text)


async def focus_field(pilot, field_id: str) -> None:
    """Tab through the form until the field has focus (real key presses)."""
    for _ in range(15):
        if pilot.app.focused is not None and pilot.app.focused.id == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"could not tab to {field_id}")


async def choose(pilot, field_id: str, steps: int) -> None:
    """Open a Select with enter, move `steps` down (negative: up), choose with enter."""
    await focus_field(pilot, field_id)
    await pilot.press("enter")
    await pilot.press(*(["down"] * steps if steps >= 0 else ["up"] * -steps), "enter")


async def test_arrows_move_between_cells_and_enter_opens_the_day(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        planning = await open_planning(pilot)
        assert planning.selected_cell() == (planning.view.workers[0].id, MONDAY)
        assert line_of(app, appointments_of(app, "AV", MONDAY)[0]) in cell_text(app, "AV", MONDAY)
        assert cell_text(app, "JB", MONDAY).startswith("AFWEZIG · ziek")
        assert cell_text(app, "RM", MONDAY) == "geen werkdag"
        await pilot.press("right", "down")
        assert planning.selected_cell() == (planning.view.workers[1].id, date(2026, 11, 24))
        await pilot.press("left", "enter")
        await settle(pilot)
        day = app.screen
        assert isinstance(day, DayScreen)
        assert "AV Anouk Verhoef · di 24 nov" in label(app, "#day-title")
        table = day.query_one("#day-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [str(r[0]) for r in rows] == [span(a) for a in appointments_of(app, "AV", date(2026, 11, 24))]
        assert any("gesprekken" in str(r[3]) for r in rows)  # the trajectory count, e.g. 2/5
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is planning


async def test_weeks_jump_weekend_and_this_week(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        planning = await open_planning(pilot)
        await pilot.press("full_stop")
        await settle(pilot)
        assert label(app, "#planning-title").startswith("Week 49 · ma 30 nov")
        assert cell_text(app, "SK", date(2026, 11, 30)).startswith("AFWEZIG · vakantie")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await type_text(pilot, "wk 54")
        assert "bestaat niet" in label(app, "#ask-hint")
        await pilot.press("enter")  # refused: stays open
        assert isinstance(app.screen, AskScreen)
        await replace_text(pilot, "2")
        assert label(app, "#ask-hint").startswith("Week 2 · ma 11 jan 2027")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is planning
        assert label(app, "#planning-title").startswith("Week 2 · ma 11 jan – vr 15 jan 2027")
        await pilot.press("w")
        await settle(pilot)
        assert planning.query_one("#planning-grid", DataTable).row_count == 7
        await pilot.press("t")
        await settle(pilot)
        assert label(app, "#planning-title").startswith("Week 48 · ma 23 nov – zo 29 nov")


async def test_new_appointment_in_the_selected_cell(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        planning = await open_planning(pilot)
        before = len(appointments_of(app, "AV", date(2026, 11, 24)))
        await pilot.press("down", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AppointmentForm)
        assert form.query_one("#day", Input).value == "24-11-2026"
        assert form.query_one("#worker", Select).value == planning.view.workers[0].id
        assert app.focused.id == "start"
        await type_text(pilot, "7u")
        assert label(app, "#start-hint") == "07:00"
        await pilot.press("tab")
        await type_text(pilot, "7.45")
        assert label(app, "#end-hint") == "07:45"
        await focus_field(pilot, "client")
        code = next(r.code for r in app.client_index if r.code.startswith("ZS-"))
        prefix = code[:-1]
        expected = min(r.code for r in app.client_index if r.code.startswith(prefix))
        await type_text(pilot, prefix.lower())
        await pilot.press("right")  # accept the completion
        assert form.query_one("#client", Input).value.upper() == expected
        assert f"✓ {expected}" in label(app, "#client-hint")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is planning
        rows = appointments_of(app, "AV", date(2026, 11, 24))
        assert len(rows) == before + 1
        new = rows[0]
        assert (local(new.start).time(), local(new.end).time(), new.kind) == (time(7), time(7, 45),
                                                                              AppointmentKind.HUISBEZOEK)
        from models.tables.clients import Client

        with Session(engine_of(app)) as session:
            client = session.exec(select(Client).where(Client.code == expected)).one()
        assert new.client_id == client.id
        assert new.place == client.gemeente  # a home visit takes the client's gemeente
        assert f"07:00 Huisbez {expected}" in cell_text(app, "AV", date(2026, 11, 24))


async def test_rejected_inputs_show_at_the_field_and_keep_what_was_typed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        planning = await open_planning(pilot)
        total = count_appointments(app)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await type_text(pilot, "15u")
        await pilot.press("tab")
        await type_text(pilot, "14u")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "eindtijd ligt voor" in label(app, "#end-error")
        await replace_text(pilot, "16u")
        await focus_field(pilot, "client")
        await type_text(pilot, "ZS-9999")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Onbekende cliëntcode" in label(app, "#client-error")
        await replace_text(pilot, "")
        await focus_field(pilot, "day")
        await replace_text(pilot, "za")
        assert label(app, "#day-hint").startswith("za 28 nov")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "AV werkt niet op za 28 nov" in label(app, "#day-error")
        await replace_text(pilot, "morgen")
        await choose(pilot, "worker", 1)  # JB, who is ill until tomorrow
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "JB is afwezig op di 24 nov (ziek" in label(app, "#day-error")
        await focus_field(pilot, "day")
        await replace_text(pilot, "24-13")
        assert "geen bestaande datum" in label(app, "#day-hint")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "geen bestaande datum" in label(app, "#day-error")
        assert app.screen is form  # still open, with everything typed
        assert form.query_one("#start", Input).value == "15u"
        assert form.query_one("#end", Input).value == "16u"
        assert count_appointments(app) == total
        await pilot.press("escape")  # dirty: asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen is planning
        assert count_appointments(app) == total


async def test_an_overlap_is_a_warning_the_user_can_accept(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        existing = appointments_of(app, "AV", MONDAY)
        first = existing[0]
        start = local(first.start).strftime("%H:%M")
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, start)  # the same start as AV's first appointment; end: 1 hour later
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"overlapt met een andere afspraak van AV op ma 23 nov, {span(first)}" in label(app, "#start-error")
        assert "Nogmaals Ctrl+S" in label(app, "#start-error")
        assert len(appointments_of(app, "AV", MONDAY)) == len(existing)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        assert len(appointments_of(app, "AV", MONDAY)) == len(existing) + 1
        assert cell_text(app, "AV", MONDAY).count(f"{start} ") == 2


async def test_edit_and_move_to_another_day_and_worker_then_undo(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        planning = await open_planning(pilot)
        first = appointments_of(app, "AV", MONDAY)[0]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the first appointment of the day
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AppointmentForm) and "Afspraak wijzigen" in label(app, "#form-title")
        assert form.query_one("#start", Input).value == local(first.start).strftime("%H:%M")
        await focus_field(pilot, "day")
        await replace_text(pilot, "do")
        await choose(pilot, "worker", 2)  # SK works on thursdays
        await focus_field(pilot, "start")
        await replace_text(pilot, "7u")
        await pilot.press("tab")
        await replace_text(pilot, "8u")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        await pilot.press("q")
        await settle(pilot)
        with Session(engine_of(app)) as session:
            moved = session.get(Appointment, first.id)
            sk = session.exec(select(Worker.id).where(Worker.code == "SK")).one()
            assert (moved.worker_id, local(moved.start).date(), local(moved.start).time()) == (sk, date(2026, 11, 26),
                                                                                                 time(7))
        assert line_of(app, first, "07:00") in cell_text(app, "SK", date(2026, 11, 26))
        assert line_of(app, first) not in cell_text(app, "AV", MONDAY)
        await pilot.press("ctrl+z")
        await settle(pilot)
        with Session(engine_of(app)) as session:
            back = session.get(Appointment, first.id)
            assert (back.worker_id, back.start, back.end) == (first.worker_id, first.start, first.end)
        assert line_of(app, first) in cell_text(app, "AV", MONDAY)
        assert line_of(app, first, "07:00") not in cell_text(app, "SK", date(2026, 11, 26))
        await pilot.press("ctrl+z")  # nothing left to undo in this session
        await settle(pilot)
        assert app.runner.undo_label() is None


async def test_status_done_no_show_cancelled_counts_and_undo(make_app):
    from models.common import CONVERSATION_KINDS

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        day = appointments_of(app, "AV", MONDAY)
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#day-table", DataTable)
        # the first conversation (home visit, office or phone) with a client in a trajectory
        i = next(n for n, a in enumerate(day) if a.kind in CONVERSATION_KINDS and "gesprekken" in str(table.get_row_at(n)[3]))
        assert i + 2 < len(day)
        first = day[i]
        done, planned = map(int, str(table.get_row_at(i)[3]).split()[0].split("/"))  # e.g. "0/5 gesprekken"
        await pilot.press(*["down"] * i, "d")
        await settle(pilot)
        assert str(table.get_row_at(i)[6]) == "Gedaan"
        assert str(table.get_row_at(i)[3]) == f"{done + 1}/{planned} gesprekken"
        assert appointments_of(app, "AV", MONDAY)[i].status == AppointmentStatus.DONE
        await pilot.press("down", "v")
        await settle(pilot)
        assert appointments_of(app, "AV", MONDAY)[i + 1].status == AppointmentStatus.NO_SHOW
        await pilot.press("down", "a")
        await settle(pilot)
        assert appointments_of(app, "AV", MONDAY)[i + 2].status == AppointmentStatus.CANCELLED
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert appointments_of(app, "AV", MONDAY)[i + 2].status == AppointmentStatus.PLANNED
        await pilot.press("q")
        await settle(pilot)
        text = cell_text(app, "AV", MONDAY)
        assert f"{line_of(app, first)} ✓" in text and f"{line_of(app, day[i + 1])} ✗" in text
        assert f"{line_of(app, day[i + 2])}" in text


async def test_delete_asks_first_and_can_be_undone(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        first = appointments_of(app, "AV", MONDAY)[0]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert len(appointments_of(app, "AV", MONDAY)) == 5
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert [a.id for a in appointments_of(app, "AV", MONDAY)].count(first.id) == 0
        assert app.screen.query_one("#day-table", DataTable).row_count == 4
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert appointments_of(app, "AV", MONDAY)[0].id == first.id
        assert app.screen.query_one("#day-table", DataTable).row_count == 5


async def test_repeating_appointment_and_changing_the_series(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        planning = await open_planning(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "7u")
        await pilot.press("tab")
        await type_text(pilot, "8u")
        await choose(pilot, "kind", 4)  # huisbezoek -> administratie
        await choose(pilot, "repeat", 1)  # elke week
        await focus_field(pilot, "until")
        await type_text(pilot, "wk 51 ma")
        assert label(app, "#until-hint").startswith("ma 14 dec")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is planning
        with Session(engine_of(app)) as session:
            series = session.exec(select(Appointment).where(col(Appointment.series_id).is_not(None))
                                  .order_by(Appointment.start)).all()
        assert [local(a.start).date() for a in series] == [MONDAY, date(2026, 11, 30), date(2026, 12, 7),
                                                           date(2026, 12, 14)]
        assert {a.kind for a in series} == {AppointmentKind.ADMINISTRATIE}
        assert "07:00 Admin ↻" in cell_text(app, "AV", MONDAY)
        # change "deze en volgende" from the second one: next week
        await pilot.press("full_stop")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # 07:00 is the first of that day
        await settle(pilot)
        assert isinstance(app.screen, ScopeScreen)
        await pilot.press("v")
        await settle(pilot)
        assert "deze en volgende" in label(app, "#form-title")
        await focus_field(pilot, "start")
        await replace_text(pilot, "6u")
        await pilot.press("tab")
        await replace_text(pilot, "7u")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with Session(engine_of(app)) as session:
            times = [local(session.get(Appointment, a.id).start).strftime("%H:%M") for a in series]
        assert times == ["07:00", "06:00", "06:00", "06:00"]
        # one occurrence alone: delete only this one (the third), the others stay
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("full_stop")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ScopeScreen)
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        with Session(engine_of(app)) as session:
            left = session.exec(select(Appointment.id).where(Appointment.series_id == series[0].id)).all()
        assert sorted(left) == sorted([series[0].id, series[1].id, series[3].id])


async def test_absence_for_a_date_range_is_shown_in_the_grid(make_app):
    app = make_app()
    posted = []
    async with app.run_test(size=SIZE) as pilot:
        planning = await open_planning(pilot)
        original = app.post_message
        app.post_message = lambda message: (posted.append(message), original(message))[1]
        await pilot.press("down", "down", "down", "a")  # AV, thursday
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AbsenceForm)
        assert form.query_one("#absence-from", Input).value == "26-11-2026"
        await choose(pilot, "absence-kind", 1)  # ziek
        await focus_field(pilot, "absence-to")
        await type_text(pilot, "wo")  # the next wednesday: before the start
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "einddatum ligt voor" in label(app, "#absence-to-error")
        await replace_text(pilot, "vr")
        await pilot.press("ctrl+s")
        await settle(pilot)
        while not isinstance(app.screen, PlanningScreen):  # the handover offer may follow
            await pilot.press("escape")
            await settle(pilot)
        with Session(engine_of(app)) as session:
            absence = session.exec(select(Absence).order_by(col(Absence.id).desc())).first()
        assert (absence.kind, absence.start_date, absence.end_date) == (AbsenceKind.ZIEK, date(2026, 11, 26),
                                                                        date(2026, 11, 27))
        assert cell_text(app, "AV", date(2026, 11, 26)).startswith("AFWEZIG · ziek")
        assert cell_text(app, "AV", date(2026, 11, 27)).startswith("AFWEZIG · ziek")
        recorded = [m for m in posted if type(m).__name__ == "AbsenceRecorded"]
        assert [(m.worker_id, m.start, m.end) for m in recorded] == [(absence.worker_id, absence.start_date,
                                                                      absence.end_date)]
        assert app.runner.undo_label() == "Afwezigheid ingevoerd"


async def test_find_a_slot_for_two_and_plan_the_duo_visit(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        total = count_appointments(app)
        await pilot.press("f")
        await settle(pilot)
        finder = app.screen
        assert isinstance(finder, SlotFinder)
        assert finder.query_one("#slots-first", Select).value == app.user.id
        await pilot.press("enter", *["down"] * 5, "enter")  # persoon 2: HD (after the blank, AV, JB, SK, RM)
        await settle(pilot)
        table = finder.query_one("#slots-table", DataTable)
        assert "AV en HD zijn allebei vrij op" in label(app, "#slots-status")
        assert table.row_count >= 3
        first_slot = finder.slots[0]
        assert first_slot.day.isoweekday() in (1, 2, 4)
        await pilot.press("tab", "tab")
        assert app.focused is table
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AppointmentForm) and "duo met AV en HD" not in label(app, "#form-title")
        assert "duo met HD" in label(app, "#form-title")
        assert form.query_one("#note", Input).value == "Duo: AV en HD"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert count_appointments(app) == total + 2
        with Session(engine_of(app)) as session:
            duo = session.exec(select(Appointment).where(Appointment.note == "Duo: AV en HD")).all()
        assert sorted(a.worker_id for a in duo) == sorted([app.user.id, next(w.id for w in app.team if w.code == "HD")])
        assert {a.start for a in duo} == {first_slot.start}


async def test_export_the_week_as_icalendar_from_the_screen(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        await pilot.press("right", "x")  # JB's week
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.screen.query_one("#ask-input", Input).value.endswith("JB-2026-week48.ics")
        target = tmp_path / "agenda" / "jb.ics"
        await replace_text(pilot, str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
        summaries = [str(e["SUMMARY"]) for e in events]
        assert "Afwezig: ziek" in summaries
        assert any(s.startswith("Thuiswerkdag") for s in summaries)


async def test_many_workers_page_six_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with Session(engine_of(app)) as session:
            for number in range(8):
                session.add(Worker(code=f"X{number}", name=f"Extra Medewerker{number}"))
            session.commit()
        planning = await open_planning(pilot)
        assert [w.code for w in planning.view.workers] == ["AV", "JB", "SK", "RM", "HD", "TP"]
        assert "medewerkers 1–6 van 14" in label(app, "#planning-title")
        await pilot.press("pagedown")
        await settle(pilot)
        assert [w.code for w in planning.view.workers] == [f"X{n}" for n in range(6)]
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert [w.code for w in planning.view.workers] == ["X6", "X7"]
        assert "medewerkers 13–14 van 14" in label(app, "#planning-title")
        await pilot.press("pageup", "pageup")
        await settle(pilot)
        assert planning.view.workers[0].code == "AV"
