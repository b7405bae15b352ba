"""Shared fixtures: a frozen team clock, a migrated and seeded database file per test, the app.

The demo database is migrated and seeded once per test session into a template file; each test
gets its own copy under tmp_path, so tests stay independent and fast.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pendulum
import pytest

from models import clock

os.environ.setdefault("TEXTUAL_ANIMATION", "none")

# A Monday: the demo's richest morning, and the week the snapshots show.
FROZEN_NOW = pendulum.datetime(2026, 11, 23, 8, 30, tz="Europe/Amsterdam")
FROZEN_TODAY: date = FROZEN_NOW.date()


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.freeze(None)


@pytest.fixture(autouse=True)
def private_log_dir(tmp_path, monkeypatch):
    """Each test logs into its own folder (platformdirs reads XDG_STATE_HOME), never the user's."""
    from tui.diagnostics import reset_logging

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the demo's template (tui/demo_template.py)
    yield
    reset_logging()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from fixtures.demo import seed_demo
    from tui.db import open_database

    clock.freeze(FROZEN_NOW)
    path = tmp_path_factory.mktemp("template") / "demo.db"
    database = open_database(f"sqlite:///{path}")
    seed_demo(database.engine, today=FROZEN_TODAY)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    clock.freeze(None)
    return path


@pytest.fixture
def demo_url(demo_template, tmp_path) -> str:
    target = tmp_path / "teambord.db"
    shutil.copy(demo_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def database(demo_url):
    from tui.db import open_database

    db = open_database(demo_url)
    yield db
    db.dispose()


@pytest.fixture
def make_app(demo_url, tmp_path):
    """Build the real app on the test's database, as worker AV unless told otherwise."""
    from tui.app import TeambordApp
    from tui.settings import LaunchSettings, UserConfig

    def build(user: str | None = "AV", url: str | None = None, **settings) -> TeambordApp:
        launch = LaunchSettings(database_url=url or demo_url, user_code=user, **settings)
        return TeambordApp(launch, user_config=UserConfig(tmp_path / "config.json"))

    return build


async def settle(pilot) -> None:
    """Wait for every worker (database loads) to finish and the screen to catch up."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(5):
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):  # replaced, exiting, or failed (the app reports it)
            pass
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return
