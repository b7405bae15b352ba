"""Wachtlijst by keys: a registration from the form through every status to allocation, the client in
the chosen worker's caseload with the new weighted load, going back, filters, and every refused input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select
from textual.widgets import DataTable, Input, Label, Select, Static

from models.tables.appointments import Appointment
from models.audit import Actor
from models.tables.clients import Client, Trajectory
from models.enums import AppointmentKind, AppointmentStatus, RegistrationStatus
from models.waitlist.write import RegistrationInput, create_registration
from models.tables.registrations import Registration, RegistrationStep
from models.tables.workers import Worker
from screens.planning.appointment_form import AppointmentForm
from screens.caseload.screen import CaseloadScreen
from screens.common.confirm import ConfirmScreen
from screens.waitlist.allocation_form import AllocationForm
from screens.waitlist.registration_form import RegistrationForm
from screens.waitlist.step_form import RegistrationStepForm
from screens.waitlist.screen import WaitlistScreen
from tests.conftest import FROZEN_TODAY, clear_and_paste, paste, settle, tab_to

SIZE = (160, 48)


def text_of(app, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.content if isinstance(widget, (Label, Static)) else widget.render())


def focused_id(app) -> str | None:
    return app.focused.id if app.focused else None


def table_codes(app) -> list[str]:
    grid = app.screen.query_one("#waitlist-table", DataTable)
    return [str(grid.get_row_at(i)[0]) for i in range(grid.row_count)]


def cursor_code(app) -> str:
    grid = app.screen.query_one("#waitlist-table", DataTable)
    return str(grid.get_row_at(grid.cursor_row)[0])


async def type_keys(pilot, text: str) -> None:
    """Type the text key by key (where the typing is what is tested: the live filter)."""
    await pilot.press(*[{" ": "space", "-": "minus", ",": "comma", ".": "full_stop", ":": "colon",
                         "/": "slash"}.get(c, c) for c in text])


async def type_text(pilot, text: str) -> None:
    """Put the text into the focused field at the cursor, in one step (a paste, not a key per character)."""
    await paste(pilot, text)


async def pick(pilot, *letters: str) -> None:
    """Open the focused Select with Enter, jump by typing, choose with Enter."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*letters)
    await pilot.press("enter")
    await pilot.pause()


async def open_waitlist(pilot) -> None:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WaitlistScreen)


async def filter_to(pilot, code: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, code)
    await pilot.press("enter")
    await settle(pilot)
    assert table_codes(pilot.app) == [code]


def db_registration(database, code: str) -> Registration:
    with Session(database.engine) as session:
        return session.exec(select(Registration).where(Registration.code == code)).one()


def seed_registration(database, **changes) -> str:
    data = dict(registered_on=FROZEN_TODAY - timedelta(days=2), via="wijkteam", gemeente="purmerend",
                reason="Spanningen thuis, vraagt hulp.")
    with database.session(Actor("AV"), write=True) as session:
        rid = create_registration(session, RegistrationInput(**{**data, **changes}))
        session.commit()  # the flow only flushes
    with Session(database.engine) as session:
        return session.get(Registration, rid).code


async def test_a_registration_goes_through_every_status_to_a_caseload_by_keys(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waitlist(pilot)
        rows_before = len(table_codes(app))

        # --- new registration, keyboard only -----------------------------------------------------
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RegistrationForm)
        assert focused_id(app) == "registered_on"
        await tab_to(pilot, "via")
        await pick(pilot, "p")  # Politie
        await tab_to(pilot, "referrer_contact")
        await type_text(pilot, "Wijkagent Purmerend")
        await tab_to(pilot, "gemeente")
        await pick(pilot, "p")  # Purmerend (Waterland)
        await tab_to(pilot, "reason")
        await type_text(pilot, "Dreiging door ex-partner")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistScreen)
        assert len(table_codes(app)) == rows_before + 1
        code = cursor_code(app)  # the new registration is selected
        registration = db_registration(database, code)
        assert (registration.via, registration.gemeente, registration.region, registration.reason) == (
            "politie", "purmerend", "waterland", "Dreiging door ex-partner")
        assert "Aangemeld" in text_of(app, "#waitlist-detail") and "AV" in text_of(app, "#waitlist-steps")

        # --- plan intake: the appointment form of the planning ------------------------------------
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, AppointmentForm)
        assert focused_id(app) == "start"
        await clear_and_paste(pilot, "07:30")
        await tab_to(pilot, "end")
        await clear_and_paste(pilot, "08:15")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistScreen), text_of(app, "#form-error")
        assert cursor_code(app) == code
        registration = db_registration(database, code)
        assert registration.status == RegistrationStatus.INTAKE_GEPLAND
        with Session(database.engine) as session:
            intake = session.exec(select(Appointment).where(Appointment.registration_id == registration.id)).one()
        assert (intake.kind, intake.status, intake.client_id) == (AppointmentKind.INTAKE, AppointmentStatus.PLANNED, None)
        assert "Intake di 24 nov 07:30 door AV (gepland)" in text_of(app, "#waitlist-detail")

        # --- intake done, advice ---------------------------------------------------------------
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, RegistrationStepForm)
        await type_text(pilot, "Veiligheidsplan besproken")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert db_registration(database, code).status == RegistrationStatus.INTAKE_GEDAAN

        await pilot.press("a")
        await settle(pilot)
        assert focused_id(app) == "hulpvorm"
        await pilot.press("ctrl+s")  # no advice chosen yet: refused at the field
        await settle(pilot)
        assert "Kies de geadviseerde hulpvorm" in text_of(app, "#hulpvorm-error")
        await pick(pilot, "a")  # Ambulant traject
        await pilot.press("ctrl+s")
        await settle(pilot)
        registration = db_registration(database, code)
        assert (registration.status, registration.advised_hulpvorm) == (RegistrationStatus.BESPROKEN, "ambulant")

        # --- allocate: the suggestion is shown, the user chooses the second one -------------------
        await pilot.press("4")
        await settle(pilot)
        loads_before = {row_key.value: app.screen.query_one("#caseload-workers", DataTable).get_row(row_key)[4]
                        for row_key in app.screen.query_one("#caseload-workers", DataTable).rows}
        await pilot.press("3")
        await settle(pilot)
        assert cursor_code(app) == code
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, AllocationForm)
        suggestions = app.screen.suggestions
        assert len(suggestions) == 4 and all(s.reasons for s in suggestions)
        assert "regio" in str(app.screen.query_one("#worker", DataTable).get_row_at(0)[2])
        await pilot.press("down")
        await pilot.pause()
        chosen = suggestions[1].worker
        assert f"Toewijzen aan: {chosen.code}" in text_of(app, "#chosen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistScreen)
        assert code not in table_codes(app)  # no longer waiting

        registration = db_registration(database, code)
        assert registration.status == RegistrationStatus.TOEGEWEZEN
        with Session(database.engine) as session:
            client = session.get(Client, registration.client_id)
            trajectory = session.exec(select(Trajectory).where(Trajectory.client_id == client.id)).one()
            steps = session.exec(select(RegistrationStep).where(RegistrationStep.registration_id == registration.id)
                                 .order_by(col(RegistrationStep.id))).all()
        assert client.worker_id == chosen.id and client.fase == "fase_1"
        assert (trajectory.hulpvorm, trajectory.planned_conversations) == ("ambulant", 5)
        assert [(s.status, s.user_code) for s in steps] == [
            ("aangemeld", "AV"), ("intake_gepland", "AV"), ("intake_gedaan", "AV"), ("besproken", "AV"),
            ("toegewezen", "AV")]
        assert all(s.at is not None for s in steps)

        # --- the client is in the chosen worker's caseload, with the new weighted load -------------
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        workers = app.screen.query_one("#caseload-workers", DataTable)
        new_load = workers.get_row(str(chosen.id))[4]
        def number(text) -> float:
            return float(str(text).replace(",", "."))

        assert number(new_load) == pytest.approx(number(loads_before[str(chosen.id)]) + 1.2)  # fase 1 x ambulant
        for _ in range(workers.row_count):
            if app.screen.selected_worker == chosen.id:
                break
            await pilot.press("down")
            await settle(pilot)
        clients = app.screen.query_one("#caseload-clients", DataTable)
        codes = [str(clients.get_row_at(i)[0]).split(" ")[0] for i in range(clients.row_count)]
        assert client.code in codes
        row = clients.get_row(str(client.id))
        assert (str(row[1]), str(row[2]), str(row[3])) == ("Fase 1", "Ambulant traject", "0/5")


async def test_missing_fields_are_refused_at_the_field_and_nothing_is_lost(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waitlist(pilot)
        with Session(database.engine) as session:
            before = len(session.exec(select(Registration.id)).all())
        await pilot.press("n")
        await settle(pilot)
        await tab_to(pilot, "referrer_contact")
        await type_text(pilot, "Huisarts")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Kies via wie de aanmelding binnenkwam." in text_of(app, "#via-error")
        assert focused_id(app) == "via"
        await pick(pilot, "z")  # Zelfmelding
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Kies de gemeente." in text_of(app, "#gemeente-error")
        await pick(pilot, "o")  # Oostzaan
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "reden van aanmelding" in text_of(app, "#reason-error")
        assert isinstance(app.screen, RegistrationForm)
        assert app.screen.query_one("#referrer_contact", Input).value == "Huisarts"  # what was typed is kept
        with Session(database.engine) as session:
            assert len(session.exec(select(Registration.id)).all()) == before


async def test_huisverbod_needs_its_start_and_lasts_at_most_28_days(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waitlist(pilot)
        await pilot.press("n")
        await settle(pilot)
        await tab_to(pilot, "via")
        await pick(pilot, "p")
        await tab_to(pilot, "gemeente")
        await pick(pilot, "z")  # Zaanstad
        await tab_to(pilot, "reason")
        await type_text(pilot, "Huisverbod opgelegd")
        await tab_to(pilot, "huisverbod")
        await pick(pilot, "j")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "begindatum verplicht" in text_of(app, "#huisverbod_start-error")
        assert focused_id(app) == "huisverbod_start"
        await type_text(pilot, "vandaag")
        await pilot.pause()
        assert "eindigt do 3 dec (10 dagen)" in text_of(app, "#huisverbod-summary")
        await tab_to(pilot, "huisverbod_end")
        await type_text(pilot, "22-12")  # 29 days
        await pilot.pause()
        assert "te lang" in text_of(app, "#huisverbod-summary")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RegistrationForm)
        assert "ten hoogste 28 dagen" in text_of(app, "#huisverbod_end-error")
        await clear_and_paste(pilot, "21-12")  # exactly 28 days: an allowed extension
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistScreen)
        registration = db_registration(database, cursor_code(app))
        assert (registration.huisverbod_start, registration.huisverbod_end) == (
            FROZEN_TODAY, FROZEN_TODAY + timedelta(days=28))


async def test_melding_rule_blocks_allocation_and_closing_until_recorded(make_app, database):
    code = seed_registration(database, children_involved=True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waitlist(pilot)
        await filter_to(pilot, code)
        assert "melding nog niet vastgelegd" in text_of(app, "#waitlist-detail")

        await pilot.press("l")  # lapse: reason and melding both needed
        await settle(pilot)
        assert isinstance(app.screen, RegistrationStepForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Geef de reden" in text_of(app, "#reason-error")
        await type_text(pilot, "Niet bereikbaar")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "kinderen betrokken" in text_of(app, "#melding_date-error")
        assert db_registration(database, code).status == RegistrationStatus.AANGEMELD
        await pilot.press("escape")  # close without saving (asks, since something was typed)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)

        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, AllocationForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AllocationForm)
        assert "kinderen betrokken" in text_of(app, "#melding_date-error")
        assert db_registration(database, code).status == RegistrationStatus.AANGEMELD
        await tab_to(pilot, "melding_note")
        await type_text(pilot, "Kinderen wonen bij vader, meldcode gewogen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistScreen)
        registration = db_registration(database, code)
        assert registration.status == RegistrationStatus.TOEGEWEZEN
        assert registration.melding_note == "Kinderen wonen bij vader, meldcode gewogen"


async def test_going_back_a_step_is_recorded(make_app, database):
    code = seed_registration(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waitlist(pilot)
        await filter_to(pilot, code)
        await pilot.press("backspace")  # nothing to go back to: key is disabled
        await settle(pilot)
        assert isinstance(app.screen, WaitlistScreen)
        await pilot.press("v")  # refer, with a reason
        await settle(pilot)
        await type_text(pilot, "Verwezen naar GGZ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert db_registration(database, code).status == RegistrationStatus.VERWEZEN
        assert table_codes(app) == []  # closed registrations are not on the open list
        await pilot.press("s", "s", "s", "s", "s")  # status filter: ... afgesloten
        await settle(pilot)
        assert "afgesloten" in text_of(app, "#waitlist-filters")
        assert table_codes(app) == [code]
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)
        registration = db_registration(database, code)
        assert registration.status == RegistrationStatus.AANGEMELD
        with Session(database.engine) as session:
            last = session.exec(select(RegistrationStep).where(RegistrationStep.registration_id == registration.id)
                                .order_by(col(RegistrationStep.id).desc())).first()
        assert (last.status, last.user_code, last.note) == ("aangemeld", "AV", "Stap terug van 'Verwezen'")
        assert "Stap terug van 'Verwezen'" in text_of(app, "#waitlist-steps")


async def test_filters_by_typing_status_and_region(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waitlist(pilot)
        everything = table_codes(app)
        assert len(everything) == 15
        await pilot.press("g")
        await settle(pilot)
        zaanstreek = table_codes(app)
        with Session(database.engine) as session:
            expected = {r.code for r in session.exec(select(Registration).where(
                Registration.region == "zaanstreek",
                col(Registration.status).in_(["aangemeld", "intake_gepland", "intake_gedaan", "besproken"])))}
        assert set(zaanstreek) == expected and 0 < len(zaanstreek) < 15
        await pilot.press("g", "g")  # waterland, then all again
        await settle(pilot)
        assert len(table_codes(app)) == 15
        await pilot.press("s", "s")  # intake gepland
        await settle(pilot)
        assert len(table_codes(app)) == 4 and "Intake gepland" in text_of(app, "#waitlist-filters")
        await pilot.press("s", "s", "s", "s")  # gedaan, besproken, afgesloten, all open
        await pilot.press("slash")
        await type_keys(pilot, "jeugdteam")
        await pilot.pause()
        typed = table_codes(app)
        assert typed and all(str(app.screen.query_one("#waitlist-table", DataTable).get_row_at(i)[3]) == "Jeugdteam"
                             for i in range(len(typed)))
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(table_codes(app)) == 15 and focused_id(app) == "waitlist-table"
        assert "Aangemeld: 5" in text_of(app, "#waitlist-counts")
