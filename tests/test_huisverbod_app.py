"""The huisverbod on the client page, driven by real key presses (Pilot) on the demo database.

AV opens a client with a running huisverbod from the palette, presses u, and extends it: a date past
the 28 days is refused at the field in Dutch and nothing is saved; a good one shows on the page's
header and in the Traject tab's history. A breach is recorded the same way. A new handover for that
client carries the huisverbod along automatically. Texts are pasted into their field in one step."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlmodel import Session, col, select
from textual.widgets import DataTable, Label, Select, Static

from models.dutch import short_date
from models.enums import HuisverbodEventKind as Kind
from models.tables.clients import Client
from models.tables.handovers import Handover
from models.tables.huisverbod import HuisverbodEvent
from models.tables.workers import Worker
from screens.client.huisverbod_form import HuisverbodEventForm
from screens.client.page import ClientPage
from screens.handover.form import HandoverForm
from screens.handover.page import HandoverView
from screens.handover.screen import HandoverScreen
from tests.conftest import FROZEN_TODAY, clear_and_paste, paste, settle, tab_to

SIZE = (160, 48)
DAY, NOTE, KIND = "huisverbod-day", "huisverbod-note", "huisverbod-kind"


def av_client(database) -> Client:
    with Session(database.engine) as session:
        return session.exec(select(Client).join(Worker, Worker.id == Client.worker_id)
                            .where(Worker.code == "AV", col(Client.huisverbod_start).is_not(None))
                            # the oldest order: the demo's follow-up (a breach) is on AV's newest
                            .order_by(Client.huisverbod_start, Client.code)).first()


def stored(database, client_id: int) -> tuple[Client, list[HuisverbodEvent]]:
    with Session(database.engine) as session:
        # The demo records "opgelegd" for every running order; the tests look at what came after.
        return session.get(Client, client_id), list(session.exec(
            select(HuisverbodEvent).where(HuisverbodEvent.client_id == client_id,
                                          HuisverbodEvent.kind != Kind.OPGELEGD).order_by(HuisverbodEvent.id)))


def shown(app, selector: str) -> str:
    from rich.console import Console

    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=300, record=True, file=io.StringIO(), color_system=None)
    console.print(content)
    return console.export_text()


def error_at(app, field_id: str) -> str:
    label = app.screen.query_one(f"#{field_id}-error", Label)
    return str(label.content) if label.display and label.region.height else ""


def rows(app, selector: str) -> list[list[str]]:
    grid = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


def day_month(day) -> str:
    return f"{day.day}-{day.month}"


async def open_client(pilot, code: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await paste(pilot, code)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientPage)


async def open_form(pilot) -> HuisverbodEventForm:
    await pilot.press("u")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, HuisverbodEventForm)
    return form


async def test_extending_by_keys_refuses_past_28_days_and_shows_the_extension(make_app, database):
    c = av_client(database)
    last = c.huisverbod_start + timedelta(days=28)
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_client(pilot, c.code)
        assert "verlengd" not in shown(app, "#client-facts")
        form = await open_form(pilot)
        assert app.focused.id == KIND and form.query_one(f"#{KIND}", Select).value == Kind.VERLENGD
        assert f"uiterlijk {short_date(last)}" in str(form.query_one("#huisverbod-now").value)

        # one day too far: refused at the date, in Dutch, and nothing saved
        await tab_to(pilot, DAY)
        await paste(pilot, (last + timedelta(days=1)).strftime("%d-%m-%Y"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_at(app, DAY) == f"Een huisverbod duurt ten hoogste 28 dagen: uiterlijk {short_date(last)}."
        assert app.focused.id == DAY
        client, events = stored(database, c.id)
        assert client.huisverbod_end == c.huisverbod_end and client.version == c.version and events == []

        # the last possible day, with a note
        await clear_and_paste(pilot, last.strftime("%d-%m-%Y"))
        await tab_to(pilot, NOTE)
        await paste(pilot, "Besluit burgemeester")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage), "the form closes after saving"
        facts = shown(app, "#client-facts")
        assert f"t/m {last:%d-%m-%Y}" in facts and f"verlengd t/m {day_month(last)}" in facts

        await pilot.press("h")  # Traject: the huisverbod's history under the trajectories
        await settle(pilot)
        history = rows(app, "#client-huisverbod")
        assert history[0][1:] == [f"verlengd t/m {day_month(last)}", "AV", "Besluit burgemeester"]
        assert history[-1][:2] == [c.huisverbod_start.strftime("%d-%m-%Y"), f"opgelegd op {day_month(c.huisverbod_start)}"]

    client, events = stored(database, c.id)
    assert client.huisverbod_end == last
    assert [(e.kind, e.new_end, e.note, e.recorded_by) for e in events] == [
        (Kind.VERLENGD, last, "Besluit burgemeester", "AV")]


async def test_a_breach_by_keys_needs_a_note_and_shows_in_red_on_the_header(make_app, database):
    c = av_client(database)
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_client(pilot, c.code)
        form = await open_form(pilot)
        await pilot.press("enter")  # open the choice, jump to "overtreding", take it
        await pilot.pause()
        await pilot.press("o", "enter")
        await pilot.pause()
        assert form.query_one(f"#{KIND}", Select).value == Kind.OVERTREDEN
        assert str(form.query_one(f"#{DAY}-field .field-label", Label).content) == "Datum van de overtreding"
        await tab_to(pilot, DAY)
        await paste(pilot, "gisteren")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(app, NOTE) == "Beschrijf kort wat er gebeurde." and stored(database, c.id)[1] == []
        await paste(pilot, "Pleger stond [bold]voor[/] de deur")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        yesterday = FROZEN_TODAY - timedelta(days=1)
        assert f"overtreden op {day_month(yesterday)}" in shown(app, "#client-facts")
        await pilot.press("h")
        await settle(pilot)
        assert rows(app, "#client-huisverbod")[0][3] == "Pleger stond [bold]voor[/] de deur"  # data, never markup
    _client, events = stored(database, c.id)
    assert [(e.kind, e.day) for e in events] == [(Kind.OVERTREDEN, yesterday)]


async def test_a_client_without_a_huisverbod_says_so_on_u(make_app, database):
    with Session(database.engine) as session:
        code = session.exec(select(Client.code).join(Worker, Worker.id == Client.worker_id)
                            .where(Worker.code == "AV", col(Client.huisverbod_start).is_(None))
                            .order_by(Client.code)).first()
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_client(pilot, code)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        assert any("geen huisverbod" in str(n.message) for n in app._notifications)


async def test_a_new_handover_for_the_client_carries_the_huisverbod(make_app, database):
    c = av_client(database)
    new_end = c.huisverbod_end + timedelta(days=7)
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_client(pilot, c.code)
        await open_form(pilot)
        await tab_to(pilot, DAY)
        await paste(pilot, new_end.strftime("%d-%m-%Y"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("6")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HandoverForm)
        form = app.screen
        form.query_one("#handover-to", Select).value = _worker_id(database, "RM")
        form.query_one("#handover-clients").focus()
        await pilot.pause()
        await paste(pilot, c.code)
        await settle(pilot)
        attached = shown(app, "#handover-attach")
        assert f"huisverbod {c.huisverbod_start:%d-%m-%Y} t/m {new_end:%d-%m-%Y} · verlengd t/m {day_month(new_end)}" \
            in attached
        form.query_one("#handover-aanbeveling").focus()
        await pilot.pause()
        await paste(pilot, "Huisverbod loopt nog een week")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)

        with Session(database.engine) as session:
            handover_id = session.exec(select(Handover.id).order_by(col(Handover.id).desc())).first()
        app.screen.query_one("#handover-table", DataTable).focus()
        await pilot.press("f")  # from me: the new one on top
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverView) and app.screen.handover_id == handover_id
        body = shown(app, "#handover-view-body")
        assert f"Huisverbod     {c.huisverbod_start:%d-%m-%Y} t/m {new_end:%d-%m-%Y} · verlengd t/m " \
               f"{day_month(new_end)}" in body
        assert f"verlengd t/m {day_month(new_end)} (AV)" in body and f"opgelegd op {day_month(c.huisverbod_start)}" in body


def _worker_id(database, code: str) -> int:
    with Session(database.engine) as session:
        return session.exec(select(Worker.id).where(Worker.code == code)).one()


async def test_a_colleagues_extension_meanwhile_is_refused_merged_with_ctrl_l_and_undone_with_ctrl_z(make_app, database):
    from models.actions import perform
    from models.actions.huisverbod import extend_huisverbod
    from models.audit import Actor

    c = av_client(database)
    theirs, mine = c.huisverbod_end + timedelta(days=3), c.huisverbod_end + timedelta(days=8)
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_client(pilot, c.code)
        form = await open_form(pilot)
        await tab_to(pilot, DAY)
        await paste(pilot, mine.strftime("%d-%m-%Y"))
        perform(database, Actor("JB"), extend_huisverbod, c.id, c.version, theirs)  # JB saves first
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        banner = str(form.query_one("#form-error", Label).content)
        assert "intussen gewijzigd door JB" in banner and "Ctrl+L" in banner
        assert stored(database, c.id)[0].huisverbod_end == theirs  # JB's extension stands
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert f"verlengd t/m {day_month(theirs)}" in str(form.query_one("#huisverbod-now").value)
        assert form.query_one(f"#{DAY}").value == mine.strftime("%d-%m-%Y")  # what AV typed stays
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage)
        assert stored(database, c.id)[0].huisverbod_end == mine
        assert f"verlengd t/m {day_month(mine)}" in shown(app, "#client-facts")

        await pilot.press("ctrl+z")  # AV's own extension goes; JB's stays
        await settle(pilot)
        assert f"verlengd t/m {day_month(theirs)}" in shown(app, "#client-facts")
    client, events = stored(database, c.id)
    assert client.huisverbod_end == theirs and [(e.recorded_by, e.new_end) for e in events] == [("JB", theirs)]
