"""One PostgreSQL role per worker (issue 16, part 1): the server knows who connects, and Teambord
lets only that worker sign in over the connection. Runs on the test PostgreSQL server (.ci/run)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from screens.common.user_picker import UserPicker
from screens.signin.sign_in import SignInScreen
from tests.conftest import FROZEN_TODAY, paste, settle
from tests.databases import BACKENDS, PG_URL, fresh_database_url

SIZE = (160, 48)
POSTGRES = BACKENDS[1]

# As the README has it: a team role with the rights, one login role per worker in it.
ROLES_SQL = """
DO $$ BEGIN CREATE ROLE teambord_team NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE av LOGIN IN ROLE teambord_team; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO teambord_team;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO teambord_team;
REVOKE UPDATE, DELETE ON audit_entry FROM teambord_team;
"""


@pytest.fixture
def per_worker_roles(tmp_path):
    from fixtures.demo import seed_demo
    from tui.db import open_database

    with fresh_database_url("postgresql", tmp_path) as url:
        database = open_database(url)
        seed_demo(database.engine, FROZEN_TODAY)
        database.dispose()
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(ROLES_SQL))
        admin.dispose()
        yield make_url(url).set(username="av", password=None).render_as_string(hide_password=False)


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="geen TEAMBORD_TEST_PG_URL")
async def test_a_workers_own_database_role_lets_only_that_worker_sign_in(make_app, per_worker_roles):
    app = make_app(user=None, url=per_worker_roles)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        assert [w.code for w in screen.choices] == ["AV"]  # the server said who connects
        await paste(pilot, "demo")
        await pilot.press("enter")
        await settle(pilot)
        assert app.user.code == "AV"
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, UserPicker)
        await pilot.press("down", "enter")  # JB
        await settle(pilot)
        assert app.user.code == "AV" and not isinstance(app.screen, SignInScreen)
        assert any("Deze databaseverbinding is van AV" in str(n.message) for n in app._notifications)


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="geen TEAMBORD_TEST_PG_URL")
def test_over_a_workers_connection_a_colleague_is_refused_and_the_audit_log_stays_append_only(per_worker_roles):
    from sqlalchemy.exc import ProgrammingError
    from sqlmodel import Session

    from models.actions import perform, signin
    from models.audit import Actor
    from tui.db import open_database

    database = open_database(per_worker_roles)
    try:
        done = perform(database, Actor("JB"), signin.sign_in, "JB", "demo", undoable=False)
        assert done.value.worker is None and "alleen AV meldt zich hier aan" in done.value.message
        assert perform(database, Actor("AV"), signin.sign_in, "AV", "demo", undoable=False).value.worker.code == "AV"
        with Session(database.engine) as session, pytest.raises(ProgrammingError):
            session.exec(text("DELETE FROM audit_entry"))  # the server refuses it, whatever the app does
    finally:
        database.dispose()
