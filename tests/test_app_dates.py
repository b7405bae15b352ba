"""The real app on many days, not one frozen Monday: every section and a client page open cleanly.

Time is the main input of this app. Each case takes the demo seeded for its day (seeded once and
kept, tests/conftest.py `seeded_demo_file`; seeding itself on every day: tests/test_date_sweep.py),
freezes the team clock on it and tours the app by keys as a worker would. The days: every day of ISO week 53 of 2026
(Monday 28 Dec … Sunday 3 Jan: each weekday, a weekend, 31 Dec, New Year's Day, year end), both
DST Sundays, and 29 Feb.
"""

from __future__ import annotations

import os

import shutil
from datetime import date, timedelta
from pathlib import Path

import pendulum
import pytest
from sqlmodel import Session, select

from models import clock
from models.dutch import long_date
from screens.caseload.screen import CaseloadScreen
from screens.client.page import ClientPage
from screens.handover.screen import HandoverScreen
from screens.overleg.screen import OverlegScreen
from screens.planning.screen import PlanningScreen
from screens.vandaag.screen import TodayScreen
from screens.waitlist.screen import WaitlistScreen
from tests.conftest import paste, rendered, seeded_demo_file, settle

WEEK_53 = [date(2026, 12, 28) + timedelta(days=n) for n in range(7)]
DAYS = WEEK_53 + [date(2026, 3, 29), date(2026, 10, 25), date(2028, 2, 29)]
# The default run keeps the README's test command near four minutes: a Monday, the year's last day,
# New Year's Day (a holiday), a Sunday, the October DST change and 29 February. The other days of
# week 53 and the March DST change run with the slow sweeps (TEAMBORD_SLOW=1 -m slow, in .ci/run).
DEFAULT_DAYS = {date(2026, 12, 28), date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 3), date(2026, 10, 25),
                date(2028, 2, 29)}
SLOW = pytest.mark.skipif(os.environ.get("TEAMBORD_SLOW") != "1", reason="TEAMBORD_SLOW=1: elke dag van week 53")

SECTIONS = [
    ("1", TodayScreen, "#today-appointments"),
    ("2", PlanningScreen, "#planning-grid"),
    ("3", WaitlistScreen, "#waitlist-table"),
    ("4", CaseloadScreen, "#caseload-clients"),
    ("5", OverlegScreen, "#overleg-items"),
    ("6", HandoverScreen, "#handover-table"),
]


def seeded_on(day: date, folder) -> tuple[str, str]:
    """A demo database seeded as if today were `day` (a copy of the one seeded once for that day,
    tests/conftest.py `seeded_demo_file`); returns its URL and a client code of AV."""
    from models.tables.clients import Client
    from models.tables.workers import Worker
    from tui.db import open_database

    target = folder / f"demo-{day.isoformat()}.db"
    shutil.copy(seeded_demo_file(day), target)
    url = f"sqlite:///{target}"
    database = open_database(url)
    with Session(database.engine) as session:
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        code = session.exec(select(Client.code).where(Client.worker_id == av.id, Client.status == "active")
                            .order_by(Client.code)).first()
    database.dispose()
    return url, code


def errors_shown(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize("day", [d if d in DEFAULT_DAYS else pytest.param(d, marks=[pytest.mark.slow, SLOW])
                                 for d in DAYS], ids=lambda d: f"{d:%a-%Y-%m-%d}")
async def test_every_section_and_a_client_page_open_on(day, make_app, tmp_path):
    moment = pendulum.datetime(day.year, day.month, day.day, 8, 30, tz="Europe/Amsterdam")
    clock.freeze(moment)
    url, client_code = seeded_on(day, tmp_path)
    app = make_app(url=url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.user is not None and app.user.code == "AV"
        assert long_date(day) in app.date_label
        assert f"week {day.isocalendar().week}" in app.date_label
        for key, screen_type, table in SECTIONS:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type), key
            app.screen.query_one(table)  # the section's main table is on screen
            assert errors_shown(app) == [], (key, errors_shown(app))
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await paste(pilot, client_code)  # the code in one step; typing in the palette: tests/test_palette.py
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        assert client_code in str(app.screen.query_one("#client-title").content)
        for tab in "taovhl":  # every tab of the client page
            await pilot.press(tab)
            await settle(pilot)
        assert errors_shown(app) == []
        assert app.is_running


def test_teambord_demo_opens_on_a_frozen_thursday_through_the_command_line(monkeypatch, tmp_path):
    """`teambord demo` as the user starts it: argument parsing, temp folder, seeding, app, cleanup."""
    import asyncio

    from tui.app import TeambordApp
    from tui.cli import main

    clock.freeze(pendulum.datetime(2026, 12, 3, 8, 45, tz="Europe/Amsterdam"))  # a Thursday
    seen: dict[str, object] = {}

    def run_headless(self, *args, **kwargs):
        async def drive() -> None:
            async with self.run_test(size=(160, 48)) as pilot:
                await settle(pilot)
                seen["demo hint"] = "wachtwoordzin van elke medewerker is \u201cdemo\u201d" in rendered(self)
                await paste(pilot, "demo")  # the sign-in screen, AV preselected (the demo's first worker)
                await pilot.press("enter")
                await settle(pilot)
                seen["user"] = self.user.code if self.user else None
                seen["date"] = self.date_label
                seen["rows"] = self.screen.query_one("#today-appointments").row_count
                seen["folder"] = Path(self.settings.database_url.removeprefix("sqlite:///")).parent
                await pilot.press("ctrl+q")
                await pilot.pause()

        asyncio.run(drive())
        return self.return_code

    monkeypatch.setattr(TeambordApp, "run", run_headless)
    assert main(["demo"]) == 0
    assert seen["demo hint"] and seen["user"] == "AV"
    assert "donderdag 3 december 2026" in str(seen["date"]) and "week 49" in str(seen["date"])
    assert seen["rows"] >= 1  # AV works on Thursdays: her day is planned
    assert not Path(seen["folder"]).exists()  # the demo leaves nothing behind
