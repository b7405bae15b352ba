"""Vandaag (1): the morning view of AV on the demo's monday, driven by key presses."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select
from textual.widgets import DataTable

from models.tables.appointments import Appointment
from models.planning.write import conversation_progress
from models.tables.clients import Client
from models.clock import at
from models.dutch import clock_time
from models.enums import AppointmentKind, AppointmentStatus, Gemeente

from screens.client.page import ClientPage
from screens.planning.screen import PlanningScreen
from screens.planning.day_dialog import DayScreen
from screens.vandaag.screen import TodayScreen
from tests.conftest import FROZEN_TODAY, settle

SIZE = (160, 48)
MONDAY = date(2026, 11, 23)


def rows(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_morning_view_shows_my_day_the_team_and_what_needs_attention(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        mine = rows(app, "#today-appointments")
        with Session(app.database.engine) as session:
            day = session.exec(
                select(Appointment, Client).join(Client, Client.id == Appointment.client_id, isouter=True)
                .where(Appointment.worker_id == app.user.id, Appointment.start >= at(MONDAY, 0),
                       Appointment.start < at(MONDAY, 23), Appointment.status != AppointmentStatus.CANCELLED)
                .order_by(Appointment.start)).all()
            counts = conversation_progress(session, [c.id for _a, c in day if c is not None])
        assert [r[0] for r in mine] == [f"{clock_time(a.start)}–{clock_time(a.end)}" for a, _c in day]
        for row, (appointment, client) in zip(mine, day):
            assert row[1] == AppointmentKind.label_of(appointment.kind)
            assert row[2] == (client.code if client else "")
            # completed conversations of the client's trajectory, e.g. 1/5
            assert row[3] == (str(counts[client.id]) if client is not None and client.id in counts else "")
            assert row[4] == (Gemeente.label_of(appointment.place) if appointment.place else "")
        assert any(row[3] for row in mine)
        team = {r[0].split()[0]: r for r in rows(app, "#today-team-table")}
        assert team["JB"][1] == "Afwezig (ziek)"
        assert team["AV"][2:4] == [clock_time(day[0][0].start), clock_time(max(a.end for a, _c in day))]
        assert team["RM"][1] == "Geen werkdag"
        kinds = [r[0] for r in rows(app, "#today-attention")]
        assert "Overdracht" in kinds and "Huisverbod eindigt" in kinds


async def test_enter_on_my_appointment_opens_it_in_the_planning(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("down", "enter")  # the 10:30 home visit
        await settle(pilot)
        day = app.screen
        assert isinstance(day, DayScreen)
        assert (day.worker_id, day.day) == (app.user.id, MONDAY)
        await pilot.press("q")
        await settle(pilot)
        planning = app.screen
        assert isinstance(planning, PlanningScreen)
        assert planning.selected_cell() == (app.user.id, MONDAY)


async def test_enter_on_a_colleague_in_wie_is_waar_shows_their_day(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # to "wie is waar"
        team = app.screen.query_one("#today-team-table", DataTable)
        assert app.focused is team
        await pilot.press("down", "down", "enter")  # SK
        await settle(pilot)
        planning = app.screen
        assert isinstance(planning, PlanningScreen)
        sk = next(w.id for w in app.team if w.code == "SK")
        assert planning.selected_cell() == (sk, MONDAY)


async def test_attention_lines_open_what_they_refer_to(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab")
        attention = app.screen.query_one("#today-attention", DataTable)
        assert app.focused is attention
        kinds = [r[0] for r in rows(app, "#today-attention")]
        await pilot.press(*["down"] * kinds.index("Huisverbod eindigt"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("home", "enter")  # the first line: a handover to me
        await settle(pilot)
        assert kinds[0] == "Overdracht"
        assert not isinstance(app.screen, TodayScreen)


async def test_d_marks_an_action_done_and_ctrl_z_takes_it_back(make_app):
    from models.enums import ActionStatus
    from models.tables.overleg import ActionItem

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab")
        descriptions = [r[1] for r in rows(app, "#today-attention")]
        line = descriptions.index("Melding doen bij Veilig Thuis")
        await pilot.press("home", *["down"] * line)
        attention = app.screen.query_one("#today-attention", DataTable)
        action_id = int(attention.coordinate_to_cell_key(attention.cursor_coordinate).row_key.value.split(":")[1])
        await pilot.press("d")
        await settle(pilot)
        with Session(app.database.engine) as session:
            assert session.get(ActionItem, action_id).status == ActionStatus.DONE
        assert "Melding doen bij Veilig Thuis" not in [r[1] for r in rows(app, "#today-attention")]
        told = [str(n.message) for n in app._notifications]
        assert "Actie gedaan: Melding doen bij Veilig Thuis. Ctrl+Z maakt ongedaan." in told

        await pilot.press("ctrl+z")
        await settle(pilot)
        with Session(app.database.engine) as session:
            assert session.get(ActionItem, action_id).status == ActionStatus.OPEN
        assert [r[1] for r in rows(app, "#today-attention")] == descriptions  # the line is back
        assert "Ongedaan gemaakt: Actie gedaan: Melding doen bij Veilig Thuis." in [str(n.message)
                                                                                   for n in app._notifications]


async def test_overdue_top3_evaluations_say_te_laat_like_overdue_actions(make_app, database):
    from models.vandaag.queries import today_view

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with database.session() as session:
            view = today_view(session, app.user.id, FROZEN_TODAY)
        overdue = sum(1 for e in view.evaluations if e.evaluate_on < FROZEN_TODAY)
        kinds = [r[0] for r in rows(app, "#today-attention")]
        assert overdue > 0, "the demo's Monday has an overdue evaluation"
        assert kinds.count("Top-3 evaluatie (te laat)") == overdue
        assert kinds.count("Top-3 evaluatie") == sum(1 for e in view.evaluations if e.evaluate_on == FROZEN_TODAY)
        # the ones due later this week are under their day in "deze week", not in Aandacht
        later = [e for e in view.evaluations if e.evaluate_on > FROZEN_TODAY]
        week = [r[1] for r in rows(app, "#today-week-table")]
        assert later and all(f"Top-3 evaluatie {e.client_code} · versie {e.plan_number}" in week for e in later)
