"""Caseload by keys: change fase, start a follow-up trajectory, close a trajectory; the figures for the
overleg; and progress counted from the current trajectory's start."""

from __future__ import annotations

from datetime import timedelta
from statistics import median

import pytest
from sqlmodel import Session, col, select
from textual.widgets import DataTable, Label, Sparkline

from models.tables.appointments import Appointment
from models.audit import Actor
from models.caseload.write import caseload_version, close_trajectory
from models.tables.clients import Client, Trajectory
from models.enums import OPEN_REGISTRATION_STATUSES, AppointmentStatus, ClientStatus, Fase
from models.tables.registrations import Registration
from models.errors import ConcurrentEdit, ValidationFailed
from models.caseload.queries import worker_clients
from models.common import CONVERSATION_KINDS
from screens.caseload.screen import CaseloadScreen
from screens.caseload.trajectory_forms import CloseTrajectoryForm, FollowUpForm
from screens.common.confirm import ConfirmScreen
from tests.conftest import FROZEN_TODAY, settle
from tests.test_waitlist_screen import text_of, type_text

SIZE = (160, 48)


async def open_caseload(pilot) -> None:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseloadScreen)
    await pilot.press("tab")  # to the client list
    await settle(pilot)
    assert pilot.app.focused.id == "caseload-clients"


def selected_client(app) -> tuple[int, tuple]:
    clients = app.screen.query_one("#caseload-clients", DataTable)
    key = clients.coordinate_to_cell_key(clients.cursor_coordinate).row_key
    return int(key.value), tuple(str(cell) for cell in clients.get_row(key))


def number(text: str) -> float:
    return float(text.replace(",", "."))


def worker_row(app, worker_id: int) -> tuple:
    return tuple(str(c) for c in app.screen.query_one("#caseload-workers", DataTable).get_row(str(worker_id)))


def done_since(database, client_id: int, start) -> int:
    from models.clock import at

    with Session(database.engine) as session:
        return len(session.exec(select(Appointment.id).where(
            Appointment.client_id == client_id, Appointment.status == AppointmentStatus.DONE,
            col(Appointment.kind).in_(CONVERSATION_KINDS), Appointment.start >= at(start, 0))).all())


def test_progress_counts_conversations_since_the_current_trajectory_started(database):
    with Session(database.engine) as session:
        # A client whose current trajectory follows an earlier one (vervolgmodule after ambulant).
        followed = session.exec(
            select(Trajectory.client_id).where(col(Trajectory.end_date).is_not(None))
            .join(Client, Client.id == Trajectory.client_id).where(Client.status == ClientStatus.ACTIVE)
        ).first()
        client = session.get(Client, followed)
        current = session.exec(select(Trajectory).where(Trajectory.client_id == followed,
                                                        col(Trajectory.end_date).is_(None))).one()
        all_done = len(session.exec(select(Appointment.id).where(
            Appointment.client_id == followed, Appointment.status == AppointmentStatus.DONE,
            col(Appointment.kind).in_(CONVERSATION_KINDS))).all())
        row = next(r for r in worker_clients(session, client.worker_id, FROZEN_TODAY) if r.id == followed)
    assert row.done == done_since(database, followed, current.start_date)
    assert all_done >= row.done


async def test_change_fase_by_key_updates_the_client_and_the_weighted_load(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        worker_id = app.screen.selected_worker
        before = number(worker_row(app, worker_id)[4])
        client_id, row = selected_client(app)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)
        with Session(database.engine) as session:
            fase = session.get(Client, client_id).fase
        assert Fase.label_of(fase) != row[1]
        _, new_row = selected_client(app)
        assert new_row[1] == Fase.label_of(fase)
        after = number(worker_row(app, worker_id)[4])
        assert after != pytest.approx(before)  # fase 1 weighs more than fase 2


async def test_follow_up_trajectory_restarts_the_progress(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        clients = app.screen.query_one("#caseload-clients", DataTable)
        for _ in range(clients.row_count):  # a client with conversations done in this trajectory
            if not selected_client(app)[1][3].startswith("0/"):
                break
            await pilot.press("down")
        client_id, row = selected_client(app)
        assert not row[3].startswith("0/")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpForm)
        assert app.focused.id == "hulpvorm"
        await pilot.press("ctrl+s")  # vervolgmodule, from today, 5 conversations
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        with Session(database.engine) as session:
            trajectories = session.exec(select(Trajectory).where(Trajectory.client_id == client_id)
                                        .order_by(col(Trajectory.id))).all()
        previous, current = trajectories[-2], trajectories[-1]
        assert (previous.end_date, previous.end_reason) == (FROZEN_TODAY, "Over naar Vervolgmodule")
        assert (current.hulpvorm, current.start_date, current.end_date, current.planned_conversations) == (
            "vervolgmodule", FROZEN_TODAY, None, 5)
        _, new_row = selected_client(app)
        assert (new_row[2], new_row[3]) == ("Vervolgmodule", "0/5")


async def test_close_trajectory_needs_a_reason_and_takes_the_client_off_the_caseload(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_caseload(pilot)
        worker_id = app.screen.selected_worker
        active_before = int(worker_row(app, worker_id)[2])
        client_id, _row = selected_client(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CloseTrajectoryForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "reden van afsluiten" in text_of(app, "#reason-error")
        await type_text(pilot, "Doelen bereikt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        with Session(database.engine) as session:
            client = session.get(Client, client_id)
            ended = session.exec(select(Trajectory).where(Trajectory.client_id == client_id)
                                 .order_by(col(Trajectory.id).desc())).first()
        assert (client.status, client.closed_on) == (ClientStatus.CLOSED, FROZEN_TODAY)
        assert (ended.end_date, ended.end_reason) == (FROZEN_TODAY, "Doelen bereikt")
        assert int(worker_row(app, worker_id)[2]) == active_before - 1
        clients = app.screen.query_one("#caseload-clients", DataTable)
        assert str(client_id) not in {key.value for key in clients.rows}


def test_closing_a_client_follows_the_melding_rule_and_refuses_stale_versions(database):
    with database.session(Actor("AV"), write=True) as session:
        client = Client(code="ZS-9990", region="zaanstreek", gemeente="zaanstad", worker_id=1,
                        children_involved=True, started_on=FROZEN_TODAY - timedelta(days=90))
        session.add(client)
        session.flush()
        session.add(Trajectory(client_id=client.id, hulpvorm="ambulant", start_date=client.started_on))
        session.commit()
        client_id = client.id
        opened = caseload_version(session, client_id)
    with database.session(Actor("AV"), write=True) as session:
        with pytest.raises(ValidationFailed) as refused:
            close_trajectory(session, client_id, opened, "Verhuisd")
    assert refused.value.field == "melding_date"
    with database.session(Actor("AV"), write=True) as session:
        close_trajectory(session, client_id, opened, "Verhuisd", close_client=False)  # the trajectory alone may end
        session.commit()
    # The client row did not change, its trajectory did: a move based on the old state is refused.
    with database.session(Actor("JB"), write=True) as session:
        with pytest.raises(ConcurrentEdit) as conflict:
            close_trajectory(session, client_id, opened, "Verhuisd", melding_note="Meldcode gewogen: geen melding")
    assert "Het traject van deze cliënt is intussen gewijzigd door AV (nu: geen lopend traject)" in str(conflict.value)
    with database.session(Actor("JB"), write=True) as session:
        now = caseload_version(session, client_id)
        close_trajectory(session, client_id, now, "Verhuisd", melding_note="Meldcode gewogen: geen melding")
        session.commit()
    with database.session(Actor("AV"), write=True) as session:
        with pytest.raises(ConcurrentEdit) as conflict:
            close_trajectory(session, client_id, now, "Nogmaals")
    assert "door JB" in str(conflict.value)


async def test_figures_for_the_overleg_with_a_weekly_chart(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        text = str(app.screen.query_one("#caseload-figures-text", Label).content)
        # The figures, counted here straight from the demo's registrations.
        with Session(database.engine) as session:
            registrations = session.exec(select(Registration)).all()
        in_november = [r for r in registrations if (r.registered_on.year, r.registered_on.month) == (2026, 11)]
        waiting = sorted(((FROZEN_TODAY - r.registered_on).days, r.code) for r in registrations
                         if r.status in OPEN_REGISTRATION_STATUSES)
        assert in_november and waiting
        assert f"Aanmeldingen in november: {len(in_november)}" in text
        assert f"Op de wachtlijst nu: {len(waiting)}" in text
        assert f"mediaan {median(d for d, _ in waiting):g} d" in text
        assert f"Langste wachttijd: {waiting[-1][0]} d ({waiting[-1][1]})" in text
        chart = app.screen.query_one("#caseload-sparkline", Sparkline)
        assert len(chart.data) == 12 and chart.data[-1] == len(waiting)
        assert "week 37" in text_of(app, "#caseload-sparkline-axis") and "week 48" in text_of(app, "#caseload-sparkline-axis")
        states = {str(app.screen.query_one("#caseload-workers", DataTable).get_row_at(i)[7])
                  for i in range(app.screen.query_one("#caseload-workers", DataTable).row_count)}
        assert states <= {"ruimte", "bijna vol", "vol", "over capaciteit"}
