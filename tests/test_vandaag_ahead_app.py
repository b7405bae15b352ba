"""Vandaag looks ahead, driven by keys in the real app: "deze week", "mijn concepten", and 80×24.

On the demo's Monday AV gets an early appointment tomorrow, an action due the day after and a
Top-3 evaluation due on Thursday; "deze week" lists each under its day and Enter / d act on them.
A handover typed and left (Esc keeps it as concept; Ctrl+Q keeps the form's draft) is listed under
"mijn concepten", and Enter opens the form with the text. At 80×24 the blocks stack and no column
is cut off: every name in "wie is waar" is whole.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select
from textual.widgets import DataTable, TextArea

from models.audit import Actor
from models.clock import at
from models.enums import ActionStatus, AppointmentKind, ClientStatus
from models.tables.appointments import Appointment
from models.tables.clients import Client
from models.tables.overleg import ActionItem
from models.tables.top3 import Top3Plan
from models.tables.workers import Worker
from screens.client.page import ClientPage
from screens.common.confirm import ConfirmScreen
from screens.handover.form import HandoverForm
from screens.planning.day_dialog import DayScreen
from screens.vandaag.screen import TodayScreen
from tests.conftest import FROZEN_TODAY, paste, settle

SIZE = (160, 48)
TOMORROW = FROZEN_TODAY + timedelta(days=1)  # Tuesday 24 Nov
WEDNESDAY = FROZEN_TODAY + timedelta(days=2)
THURSDAY = FROZEN_TODAY + timedelta(days=3)


def rows(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def key_at(app, selector: str) -> str:
    table = app.screen.query_one(selector, DataTable)
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


async def focus_table(pilot, selector: str) -> DataTable:
    """Tab from table to table until `selector` has the focus (as a user would)."""
    table = pilot.app.screen.query_one(selector, DataTable)
    for _ in range(6):
        if pilot.app.focused is table:
            return table
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {selector}")


async def cursor_to(pilot, selector: str, text: str, column: int = 1) -> None:
    """Move the cursor with ↓ to the first row whose `column` starts with `text`."""
    found = [r[column] for r in rows(pilot.app, selector)]
    index = next(i for i, cell in enumerate(found) if cell.startswith(text))
    await focus_table(pilot, selector)
    await pilot.press("ctrl+home", *["down"] * index)


def plant_the_week(database) -> dict:
    """AV's own things in the coming days (on top of the demo's)."""
    with database.session(Actor("AV"), write=True) as session:
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        client = Client(code="ZS-7001", region="zaanstreek", gemeente="zaanstad", worker_id=av.id,
                        status=ClientStatus.ACTIVE)
        session.add(client)
        session.flush()
        session.add(Appointment(worker_id=av.id, client_id=client.id, kind=AppointmentKind.HUISBEZOEK,
                                start=at(TOMORROW, 7, 30), end=at(TOMORROW, 8, 15)))
        action = ActionItem(owner_id=av.id, client_id=client.id, what="Terugbellen over de sleutel", due=WEDNESDAY)
        session.add(action)
        session.add(Top3Plan(client_id=client.id, number=1, evaluate_on=THURSDAY, author_id=av.id,
                             created_at=at(FROZEN_TODAY, 8)))
        session.commit()
        tomorrow = session.exec(select(Appointment).where(Appointment.worker_id == av.id,
                                                          Appointment.start >= at(TOMORROW, 0),
                                                          Appointment.start < at(WEDNESDAY, 0),
                                                          Appointment.status != "cancelled")).all()
        return {"client_id": client.id, "action_id": action.id, "av": av.id, "tomorrow": len(tomorrow)}


async def test_deze_week_lists_tomorrow_a_due_evaluation_and_an_action(make_app, database):
    planted = plant_the_week(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        week = rows(app, "#today-week-table")
        assert [r[0] for r in week if r[0]] == ["di 24 nov", "wo 25 nov", "do 26 nov", "vr 27 nov"]
        tuesday = next(r[1] for r in week if r[0] == "di 24 nov")
        assert tuesday.startswith(f"{planted['tomorrow']} afspraken") and "eerste 07:30 ZS-0701" not in tuesday
        assert "eerste 07:30 ZS-7001" in tuesday
        # each due thing under its own day
        day_of = {}
        current = ""
        for label, what in week:
            current = label or current
            day_of[what] = current
        assert day_of["Actie: Terugbellen over de sleutel · ZS-7001"] == "wo 25 nov"
        assert day_of["Top-3 evaluatie ZS-7001 · versie 1"] == "do 26 nov"
        # not in Aandacht: that is for today and what is overdue
        assert all("ZS-7001" not in r[2] for r in rows(app, "#today-attention"))

        await cursor_to(pilot, "#today-week-table", "di 24 nov", column=0)
        await pilot.press("enter")  # my Tuesday in the planning
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert (app.screen.worker_id, app.screen.day) == (planted["av"], TOMORROW)
        await pilot.press("q", "1")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)

        await cursor_to(pilot, "#today-week-table", "Top-3 evaluatie ZS-7001")
        await pilot.press("enter")  # the client's page
        await settle(pilot)
        assert isinstance(app.screen, ClientPage) and app.screen.client_id == planted["client_id"]
        await pilot.press("escape")
        await settle(pilot)

        await cursor_to(pilot, "#today-week-table", "Actie: Terugbellen")
        assert key_at(app, "#today-week-table") == f"action:{planted['action_id']}"
        await pilot.press("d")  # done, from "deze week"
        await settle(pilot)
        with Session(app.database.engine) as session:
            assert session.get(ActionItem, planted["action_id"]).status == ActionStatus.DONE
        assert all("Terugbellen" not in r[1] for r in rows(app, "#today-week-table"))


async def test_a_handover_left_with_esc_is_a_concept_and_enter_reopens_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(app, "#today-drafts-table") == [["Geen concepten", "", "", ""]]
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HandoverForm)
        form.query_one("#handover-situatie", TextArea).focus()
        await pilot.pause()
        await paste(pilot, "Moeder belt vanavond terug")
        await pilot.press("escape")  # a changed new handover is kept as concept
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        drafts = rows(app, "#today-drafts-table")
        assert drafts == [["Concept-overdracht", "", "08:30", "Enter"]]
        assert "Mijn concepten (1)" in str(app.screen.query_one("#today-drafts-title").content)

        await focus_table(pilot, "#today-drafts-table")
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HandoverForm)
        assert form.query_one("#handover-situatie", TextArea).text == "Moeder belt vanavond terug"


async def test_a_form_draft_kept_by_ctrl_q_is_listed_and_enter_offers_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#handover-clients").focus()
        await pilot.pause()
        await paste(pilot, "ZS-0969")
        app.screen.query_one("#handover-beoordeling", TextArea).focus()
        await pilot.pause()
        await paste(pilot, "Spanning loopt op; vandaag nog bellen")
        await pilot.press("ctrl+q")  # "toch stoppen?" — what is typed stays as the form's draft
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
    assert not app.is_running

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [draft] = rows(again, "#today-drafts-table")
        assert draft[0] == "Nieuwe overdracht" and draft[1] == "ZS-0969" and draft[3] == "Enter"
        await focus_table(pilot, "#today-drafts-table")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen) and "Verder met het concept?" in again.screen.question
        await pilot.press("j")
        await settle(pilot)
        form = again.screen
        assert isinstance(form, HandoverForm)
        assert form.query_one("#handover-beoordeling", TextArea).text == "Spanning loopt op; vandaag nog bellen"
        assert form.query_one("#handover-clients").value == "ZS-0969"


async def test_starting_afresh_from_vandaag_drops_the_draft_from_the_list(make_app, database):
    from models.drafts import keep_draft
    from screens.planning.appointment_form import AppointmentForm

    with database.session(Actor("AV"), write=True) as session:
        keep_draft(session, "AV", "appointment:new", {"client": "ZS-0969", "note": "Sleutel ophalen"},
                   "Nieuwe afspraak")
        session.commit()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(app, "#today-drafts-table") == [["Nieuwe afspraak", "ZS-0969", "08:30", "Enter"]]
        await focus_table(pilot, "#today-drafts-table")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # opnieuw beginnen: the draft goes
        await settle(pilot)
        assert isinstance(app.screen, AppointmentForm)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert rows(app, "#today-drafts-table") == [["Geen concepten", "", "", ""]]


async def test_a_draft_of_another_section_says_where_it_continues(make_app, database):
    from models.drafts import keep_draft
    from models.tables.registrations import Registration

    with database.session(Actor("AV"), write=True) as session:
        registration = session.exec(select(Registration).where(Registration.status == "aangemeld")).first()
        keep_draft(session, "AV", f"registration-refer:{registration.id}", {"reason": "te ver weg"},
                   f"Verwijzen: {registration.code}")
        session.commit()
        code = registration.code
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(app, "#today-drafts-table")[0] == [f"Verwijzen: {code}", code, "08:30", "Wachtlijst (3) · v"]
        await pilot.press("m")  # masking: the form's own title may hold initials; the kind of form does not
        await settle(pilot)
        assert rows(app, "#today-drafts-table")[0][0] == "Verwijzen"
        await focus_table(pilot, "#today-drafts-table")
        await pilot.press("enter")  # the waiting list, on that registration
        await settle(pilot)
        assert app.current_mode == "wachtlijst"
        told = [str(n.message) for n in app._notifications]
        assert any("druk v" in message and code in message for message in told)


def fits(table: DataTable) -> bool:
    """All columns inside the table's width: nothing to scroll sideways to."""
    return table.virtual_size.width <= table.scrollable_content_region.width


async def test_80_by_24_stacks_the_blocks_and_cuts_no_column(make_app, database):
    with Session(database.engine) as session:
        team = session.exec(select(Worker).where(Worker.active == True)).all()  # noqa: E712
        names = {f"{w.code} {w.name.split()[0]}" for w in team}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        assert {r[0] for r in rows(app, "#today-team-table")} == names  # every name whole
        for selector in ("#today-appointments", "#today-team-table", "#today-attention", "#today-week-table",
                         "#today-drafts-table"):
            table = screen.query_one(selector, DataTable)
            await focus_table(pilot, selector)  # scrolled into view on the small screen
            await settle(pilot)
            assert fits(table), selector
            assert table.region.width and screen.region.contains_region(table.region.intersection(screen.region))
            assert screen.query_one("#today-body").region.overlaps(table.region), selector
        # My appointments are whole too: a time, a kind and a code are never cut.
        first = rows(app, "#today-appointments")[0]
        assert first[0].count(":") == 2 and "…" not in first[0] + first[1] + first[2]

        await pilot.resize_terminal(160, 48)  # back to wide: side by side, everything whole
        await settle(pilot)
        assert not screen.has_class("-narrow")
        team_table = screen.query_one("#today-team-table", DataTable)
        mine = screen.query_one("#today-appointments", DataTable)
        assert team_table.region.y == mine.region.y and fits(team_table)
        assert all("…" not in cell for r in rows(app, "#today-attention") for cell in r)

        await pilot.press("2")  # made small while another section is shown
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.press("1")
        await settle(pilot)
        assert screen.has_class("-narrow")
        for selector in ("#today-appointments", "#today-team-table", "#today-attention", "#today-week-table",
                         "#today-drafts-table"):
            assert fits(screen.query_one(selector, DataTable)), selector


async def test_huisverbod_news_stands_beside_the_endings_and_masking_hides_a_note(make_app, database):
    from sqlmodel import col

    from models.actions import perform
    from models.actions.huisverbod import change_huisverbod
    from models.enums import HuisverbodEventKind as Kind
    from screens.client.page import ClientPage as Page

    with Session(database.engine) as session:
        av = session.exec(select(Worker).where(Worker.code == "AV")).one()
        client = session.exec(select(Client).where(Client.worker_id == av.id,
                                                   col(Client.huisverbod_start).is_not(None))
                              .order_by(Client.code)).first()
    new_end = client.huisverbod_start + timedelta(days=20)
    perform(database, Actor("AV"), change_huisverbod, {"kind": Kind.VERLENGD, "day": new_end, "note": ""},
            client.version, client_id=client.id)
    with Session(database.engine) as session:
        version = session.get(Client, client.id).version
    perform(database, Actor("AV"), change_huisverbod,
            {"kind": Kind.OVERTREDEN, "day": FROZEN_TODAY, "note": "Pleger stond [bij] de deur"}, version,
            client_id=client.id)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        attention = rows(app, "#today-attention")
        kinds = [r[0] for r in attention]
        assert "Huisverbod verlengd" in kinds and "Huisverbod overtreden" in kinds
        extended = attention[kinds.index("Huisverbod verlengd")]
        assert extended[1:] == [f"t/m {short(new_end)} · begeleiding door AV", client.code, short(FROZEN_TODAY)]
        breach = attention[kinds.index("Huisverbod overtreden")]
        assert breach[1] == "Pleger stond [bij] de deur · begeleiding door AV"  # as typed, no markup
        # beside the endings: the huisverbod lines together, after the actions, before the evaluations
        huisverbod = [i for i, kind in enumerate(kinds) if kind.startswith("Huisverbod ")]
        assert huisverbod == list(range(huisverbod[0], huisverbod[-1] + 1))
        assert all(not kind.startswith("Top-3") for kind in kinds[:huisverbod[0]])
        assert all(not kind.startswith("Actie") for kind in kinds[huisverbod[-1]:])

        await pilot.press("m")  # masking: codes only, no typed note
        await settle(pilot)
        masked = rows(app, "#today-attention")
        assert masked[[r[0] for r in masked].index("Huisverbod overtreden")][1] == "begeleiding door AV"
        await pilot.press("m")
        await settle(pilot)

        await cursor_to(pilot, "#today-attention", "Huisverbod overtreden", column=0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Page) and app.screen.client_id == client.id


def short(day) -> str:
    from models.dutch import short_date

    return short_date(day)
