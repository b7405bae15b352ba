"""Live refresh: a colleague's change shows without a manual reload and without moving the cursor."""

from __future__ import annotations

from sqlmodel import select

from models.audit import Actor
from models.clock import utcnow
from models.tables.handovers import Handover
from models.tables.workers import Worker
from tests.conftest import settle
from tui.app import LIVE_REFRESH_SECONDS

SIZE = (160, 48)


async def test_a_colleagues_new_handover_appears_and_the_cursor_stays(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        grid = app.screen.query_one("#handover-table")
        rows_before = grid.row_count
        await pilot.press("down")
        selected = grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value
        app.check_for_changes()  # the first poll only takes the stamp
        await settle(pilot)

        with database.session(Actor("JB"), write=True) as session:  # a colleague, elsewhere
            ids = {w.code: w.id for w in session.exec(select(Worker))}
            session.add(Handover(from_worker_id=ids["JB"], to_worker_id=ids["AV"], created_at=utcnow(),
                                 aanbeveling="Bel cliënt morgen terug."))
            session.commit()

        app.check_for_changes()  # what the timer does every LIVE_REFRESH_SECONDS
        await settle(pilot)
        assert grid.row_count == rows_before + 1
        assert grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value == selected


async def test_the_poll_runs_on_a_timer_of_a_few_seconds(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app._live_timer is not None and 0 < LIVE_REFRESH_SECONDS <= 5


async def test_a_lost_connection_is_reported_once_and_recovery_too(make_app, tmp_path):
    from tui.db import make_engine

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        working = app.database.engine
        # The server goes away: nothing listens on this port.
        app.database.engine = make_engine("postgresql+psycopg://teambord@127.0.0.1:9/teambord?connect_timeout=2")
        app.check_for_changes()
        await settle(pilot)
        app.check_for_changes()
        await settle(pilot)
        assert app.offline
        titles = [n.title for n in app._notifications]
        assert titles.count("Verbinding verbroken") == 1
        app.database.engine = working
        app.check_for_changes()
        await settle(pilot)
        assert not app.offline
        assert "Verbonden" in [n.title for n in app._notifications]
