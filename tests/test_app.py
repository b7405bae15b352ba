"""The real app, driven by key presses on a seeded demo database (Pilot)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select
from textual.widgets import DataTable, Label

from models.audit import AuditEntry
from models.enums import AuditAction
from screens.caseload.screen import CaseloadScreen
from screens.client.page import ClientPage
from screens.handover.screen import HandoverScreen
from screens.common.help import HelpScreen
from screens.overleg.screen import OverlegScreen
from screens.planning.screen import PlanningScreen
from screens.vandaag.screen import TodayScreen
from screens.common.user_picker import UserPicker
from screens.waitlist.screen import WaitlistScreen
from tests.conftest import settle
from tests.databases import BACKENDS, fresh_database_url
from tui.keymap import GLOBAL, SECTION_KEYS

SIZE = (160, 48)


def table(app, selector: str) -> DataTable:
    return app.screen.query_one(selector, DataTable)


def column_values(grid: DataTable, column: int) -> list[str]:
    return [str(grid.get_row_at(i)[column]) for i in range(grid.row_count)]


def label_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).content)


async def test_starts_on_vandaag_with_my_appointments_and_the_team(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.user.code == "AV"
        mine = table(app, "#today-appointments")
        assert mine.row_count >= 3
        assert any(code.startswith(("ZS-", "WL-")) for code in column_values(mine, 2))
        team = table(app, "#today-team-table")
        assert team.row_count == len(app.team)
        assert "week 48" in app.date_label and "maandag 23 november 2026" in app.date_label
        attention = column_values(table(app, "#today-attention"), 0)
        assert "Overdracht" in attention


@pytest.mark.parametrize(
    ("key", "screen_type", "selector", "minimum_rows"),
    [
        ("1", TodayScreen, "#today-appointments", 1),
        ("2", PlanningScreen, "#planning-grid", 5),
        ("3", WaitlistScreen, "#waitlist-table", 10),
        ("4", CaseloadScreen, "#caseload-workers", 4),
        ("5", OverlegScreen, "#overleg-items", 6),
        ("6", HandoverScreen, "#handover-table", 2),
    ],
)
async def test_number_keys_open_each_section_with_demo_data(make_app, key, screen_type, selector, minimum_rows):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6" if key == "1" else "1")  # start elsewhere so the key really switches
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, screen_type)
        assert table(app, selector).row_count >= minimum_rows


async def test_waitlist_shows_counts_and_urgent_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert "Aangemeld:" in label_text(app, "#waitlist-counts")
        urgencies = column_values(table(app, "#waitlist-table"), 5)
        order = {"Acuut": 0, "Hoog": 1, "Normaal": 2}
        assert [order[u] for u in urgencies] == sorted(order[u] for u in urgencies)


async def test_caseload_lists_the_selected_workers_clients(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        first = label_text(app, "#caseload-clients-title")
        assert table(app, "#caseload-clients").row_count >= 18
        await pilot.press("down")
        await settle(pilot)
        assert label_text(app, "#caseload-clients-title") != first


async def test_planning_moves_between_weeks(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert label_text(app, "#planning-title").startswith("Week 48")
        await pilot.press("full_stop")
        await settle(pilot)
        assert label_text(app, "#planning-title").startswith("Week 49")
        await pilot.press("comma", "comma")
        await settle(pilot)
        assert label_text(app, "#planning-title").startswith("Week 47")
        await pilot.press("t")
        await settle(pilot)
        assert label_text(app, "#planning-title").startswith("Week 48")


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key_from_the_key_map(make_app, key):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = column_values(table(app, "#help-table"), 1)
        for spec in GLOBAL + [k for keys in SECTION_KEYS.values() for k in keys]:
            assert spec.description in described
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_palette_finds_a_client_by_code_and_opening_is_audited(make_app, database):
    with Session(database.engine) as session:
        from models.tables.clients import Client

        client = session.exec(select(Client).where(Client.status == "active").order_by(Client.code)).first()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*client.code)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        assert client.code in label_text(app, "#client-title")
    with Session(database.engine) as session:
        reads = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.READ)).all()
    assert [(r.user_code, r.client_code) for r in reads] == [("AV", client.code)]


async def test_palette_reaches_every_section(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"ga naar overleg")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)


async def test_masking_hides_initials(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert any("(" in code for code in column_values(table(app, "#caseload-clients"), 0))
        await pilot.press("m")
        await settle(pilot)
        assert app.has_class("-masked")
        assert not any("(" in code for code in column_values(table(app, "#caseload-clients"), 0))


async def test_unknown_user_code_exits_with_a_dutch_message(make_app):
    app = make_app(user="ZZ")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_code == 2


async def test_ctrl_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("backend", BACKENDS[1:])
async def test_every_section_works_on_postgresql(make_app, tmp_path, backend):
    from fixtures.demo import seed_demo
    from tests.conftest import FROZEN_TODAY
    from tui.db import open_database

    with fresh_database_url(backend, tmp_path) as url:
        database = open_database(url)
        seed_demo(database.engine, today=FROZEN_TODAY)
        database.dispose()
        app = make_app(url=url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert table(app, "#today-appointments").row_count >= 3
            for key, selector in [("2", "#planning-grid"), ("3", "#waitlist-table"), ("4", "#caseload-clients"),
                                  ("5", "#overleg-items"), ("6", "#handover-table")]:
                await pilot.press(key)
                await settle(pilot)
                assert table(app, selector).row_count >= 2, selector
