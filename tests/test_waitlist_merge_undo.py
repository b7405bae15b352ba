"""Wachtlijst on the one door: every form merges after a colleague's save, every step is undone.

Two apps (AV and JB) on one database for each form kind — new registrations cannot clash, but the
edit form, the status step forms (advice; a closing step with the melding fields), the allocation
form and the intake form can: the second save is refused naming who, a second Ctrl+S is refused
again (never an overwrite), Ctrl+L takes the colleague's value where this user left a field alone
and keeps this user's input (theirs shown under it) where both changed it, and Ctrl+S then saves
both. Then Ctrl+Z in the real app, for each kind of change: the database and the screen go back.
Fields are filled in one step (widget values set directly), so the suite stays fast.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlmodel import Session, col, select
from textual.widgets import Input, Label, Select

from models.actions import perform
from models.actions import waitlist as actions
from models.tables.appointments import Appointment
from models.planning.write import AppointmentInput
from models.audit import Actor
from models.tables.clients import Client, Trajectory
from models.enums import AppointmentStatus, RegistrationStatus
from models.tables.registrations import RegistrationStep
from models.tables.workers import Worker
from screens.planning.appointment_form import AppointmentForm
from screens.common.confirm import ConfirmScreen
from screens.waitlist.allocation_form import AllocationForm
from screens.waitlist.registration_form import RegistrationForm
from screens.waitlist.step_form import RegistrationStepForm
from screens.waitlist.screen import WaitlistScreen
from tests.conftest import FROZEN_TODAY, settle
from tests.test_waitlist_screen import (
    SIZE, cursor_code, db_registration, filter_to, open_waitlist, seed_registration, table_codes, text_of,
)

MELDING_DAY = FROZEN_TODAY - timedelta(days=3)  # friday 20 nov


# --- helpers -------------------------------------------------------------------------------------


def _worker_id(database, code: str) -> int:
    with Session(database.engine) as session:
        return session.exec(select(Worker.id).where(Worker.code == code)).one()


def seed(database, status: str = RegistrationStatus.AANGEMELD, **changes) -> str:
    """A registration taken to `status` through the actions (as AV), its intake this morning; when
    `besproken`, with the advice 'ambulant traject'."""
    code = seed_registration(database, **changes)
    rid = db_registration(database, code).id
    av = Actor("AV")
    later = (RegistrationStatus.INTAKE_GEDAAN, RegistrationStatus.BESPROKEN)
    if status in (RegistrationStatus.INTAKE_GEPLAND, *later):
        intake = AppointmentInput(worker_id=_worker_id(database, "AV"), day=FROZEN_TODAY, start=time(7),
                                  end=time(7, 45), kind="intake", registration_id=rid, accept_overlap=True)
        perform(database, av, actions.plan_intake, intake, db_registration(database, code).version,
                registration_id=rid)
    if status in later:
        perform(database, av, actions.intake_done, {"reason": ""}, db_registration(database, code).version,
                registration_id=rid)
    if status == RegistrationStatus.BESPROKEN:
        perform(database, av, actions.advise, {"hulpvorm": "ambulant", "reason": ""},
                db_registration(database, code).version, registration_id=rid)
    return code


async def open_form(pilot, code: str, key: str, form_class):
    """Wachtlijst → this registration (filtered to it) → the step's key → its form."""
    if not isinstance(pilot.app.screen, WaitlistScreen):
        await open_waitlist(pilot)
    if table_codes(pilot.app) != [code]:
        await filter_to(pilot, code)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, form_class), type(pilot.app.screen).__name__
    return pilot.app.screen


def fill(form, **values) -> None:
    """Set the fields at once (an Input's text, a Select's value)."""
    for field_id, value in values.items():
        form.query_one(f"#{field_id}").value = value


def banner(app) -> str:
    return str(app.screen.query_one("#form-error", Label).content)


def hint(form, field_id: str) -> str:
    return str(form.query_one(f"#{field_id}-hint", Label).content)


def last_step(database, code: str) -> tuple[str, str, str]:
    rid = db_registration(database, code).id
    with Session(database.engine) as session:
        step = session.exec(select(RegistrationStep).where(RegistrationStep.registration_id == rid)
                            .order_by(col(RegistrationStep.id).desc())).first()
    return step.status, step.user_code, step.note


def notified(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def refused_twice_then_merged(pilot, form) -> None:
    """The colleague saved first: Ctrl+S is refused naming JB, a second Ctrl+S too; Ctrl+L merges."""
    app = pilot.app
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen is form and "intussen gewijzigd door JB" in banner(app) and "Ctrl+L" in banner(app)
    await pilot.press("ctrl+s")  # still the old version: refused again, never an overwrite
    await settle(pilot)
    assert app.screen is form and "intussen gewijzigd door JB" in banner(app)
    await pilot.press("ctrl+l")
    await settle(pilot)
    assert app.screen is form and "Nieuwe versie geladen" in banner(app)


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


# --- two apps, one form kind each ------------------------------------------------------------------


async def test_edit_form_merges_a_colleagues_save(make_app, database):
    code = seed(database)
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        form = await open_form(pilot_av, code, "e", RegistrationForm)
        theirs = await open_form(pilot_jb, code, "e", RegistrationForm)
        fill(form, reason="Dreiging door ex-partner, AV", referrer_contact="Wijkagent Purmerend")
        fill(theirs, urgency="hoog", reason="Escalatie, JB")
        await save(pilot_jb)
        assert isinstance(jb.screen, WaitlistScreen)

        await refused_twice_then_merged(pilot_av, form)
        assert db_registration(database, code).reason == "Escalatie, JB"  # nothing overwritten
        assert form.query_one("#urgency", Select).value == "hoog"  # AV left it alone: JB's
        assert form.query_one("#reason", Input).value == "Dreiging door ex-partner, AV"  # both: AV's input...
        assert "nu opgeslagen: Escalatie, JB" in hint(form, "reason")  # ...with JB's under it
        await save(pilot_av)
        assert isinstance(av.screen, WaitlistScreen)
    stored = db_registration(database, code)
    assert (stored.urgency, stored.reason, stored.referrer_contact) == (
        "hoog", "Dreiging door ex-partner, AV", "Wijkagent Purmerend")


async def test_advice_form_takes_the_colleagues_advice_when_left_alone(make_app, database):
    code = seed(database, RegistrationStatus.BESPROKEN)  # advised: ambulant traject; now revised
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        form = await open_form(pilot_av, code, "a", RegistrationStepForm)
        theirs = await open_form(pilot_jb, code, "a", RegistrationStepForm)
        fill(form, reason="Besproken in overleg")  # AV writes only the note, keeps the advice
        fill(theirs, hulpvorm="aware")
        await save(pilot_jb)
        assert db_registration(database, code).advised_hulpvorm == "aware"

        await refused_twice_then_merged(pilot_av, form)
        assert form.query_one("#hulpvorm", Select).value == "aware"
        assert form.query_one("#reason", Input).value == "Besproken in overleg"  # the step's own note
        await save(pilot_av)
        assert isinstance(av.screen, WaitlistScreen)
    assert db_registration(database, code).advised_hulpvorm == "aware"
    assert last_step(database, code) == ("besproken", "AV", "Advies: AWARE-traject. Besproken in overleg")


async def test_closing_step_form_merges_the_melding_a_colleague_recorded(make_app, database):
    code = seed(database, children_involved=True)
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        form = await open_form(pilot_av, code, "v", RegistrationStepForm)
        fill(form, reason="Verwezen naar GGZ", melding_note="Kinderen wonen bij vader (AV)")
        theirs = await open_form(pilot_jb, code, "e", RegistrationForm)
        fill(theirs, melding_date="20-11-2026", melding_note="Melding gedaan door wijkteam (JB)")
        await save(pilot_jb)

        await refused_twice_then_merged(pilot_av, form)
        assert form.query_one("#melding_date", Input).value == "20-11-2026"  # left alone: JB's date
        assert form.query_one("#melding_note", Input).value == "Kinderen wonen bij vader (AV)"
        assert "nu opgeslagen: Melding gedaan door wijkteam (JB)" in hint(form, "melding_note")
        await save(pilot_av)
        assert isinstance(av.screen, WaitlistScreen)
    stored = db_registration(database, code)
    assert (stored.status, stored.melding_date, stored.melding_note) == (
        RegistrationStatus.VERWEZEN, MELDING_DAY, "Kinderen wonen bij vader (AV)")
    assert last_step(database, code)[:2] == ("verwezen", "AV")


async def test_allocation_form_merges_the_melding_a_colleague_recorded(make_app, database):
    code = seed(database, children_involved=True)
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        form = await open_form(pilot_av, code, "t", AllocationForm)
        chosen = form.chosen().worker
        fill(form, initials="K.L.", melding_note="Meldcode gewogen, geen melding (AV)")
        theirs = await open_form(pilot_jb, code, "e", RegistrationForm)
        fill(theirs, melding_date="20-11-2026", melding_note="Melding gedaan (JB)")
        await save(pilot_jb)

        await refused_twice_then_merged(pilot_av, form)
        assert db_registration(database, code).status == RegistrationStatus.AANGEMELD
        assert form.query_one("#melding_date", Input).value == "20-11-2026"
        assert form.query_one("#melding_note", Input).value == "Meldcode gewogen, geen melding (AV)"
        assert "nu opgeslagen: Melding gedaan (JB)" in hint(form, "melding_note")
        await save(pilot_av)
        assert isinstance(av.screen, WaitlistScreen)
        assert code not in table_codes(av)
    stored = db_registration(database, code)
    assert (stored.status, stored.melding_date, stored.melding_note) == (
        RegistrationStatus.TOEGEWEZEN, MELDING_DAY, "Meldcode gewogen, geen melding (AV)")
    with Session(database.engine) as session:
        client = session.get(Client, stored.client_id)
    assert (client.worker_id, client.initials, client.melding_date) == (chosen.id, "K.L.", MELDING_DAY)


async def test_intake_form_takes_the_new_version_after_a_colleagues_edit(make_app, database):
    code = seed(database)
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        form = await open_form(pilot_av, code, "i", AppointmentForm)
        fill(form, start="07:30", end="08:15")
        theirs = await open_form(pilot_jb, code, "e", RegistrationForm)
        fill(theirs, urgency="acuut")
        await save(pilot_jb)

        await refused_twice_then_merged(pilot_av, form)  # nothing to merge: the intake is new
        assert form.query_one("#start", Input).value == "07:30"
        await save(pilot_av)
        assert isinstance(av.screen, WaitlistScreen)
    stored = db_registration(database, code)
    assert (stored.status, stored.urgency) == (RegistrationStatus.INTAKE_GEPLAND, "acuut")


# --- Ctrl+Z in the Wachtlijst -------------------------------------------------------------------------


async def undo(pilot, label: str) -> None:
    """Ctrl+Z after the footer said what it will undo; the section reloads."""
    assert pilot.app.runner.undo_label() == label
    await pilot.press("ctrl+z")
    await settle(pilot)
    assert f"Ongedaan gemaakt: {label}." in notified(pilot.app)


async def test_every_kind_of_waitlist_change_is_undone_with_ctrl_z(make_app, database):
    code = seed(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # A status step (form): intake gedaan, back to intake gepland ---------------------------------
        before = db_registration(database, code)
        form = await open_form(pilot, code, "i", AppointmentForm)
        fill(form, start="07:30", end="08:15")
        await save(pilot)
        assert db_registration(database, code).status == RegistrationStatus.INTAKE_GEPLAND
        assert f"Intake {code} gepland. Ctrl+Z maakt ongedaan." in notified(app)
        form = await open_form(pilot, code, "d", RegistrationStepForm)
        fill(form, reason="Veiligheidsplan besproken")
        await save(pilot)
        assert db_registration(database, code).status == RegistrationStatus.INTAKE_GEDAAN
        assert "Intake gedaan" in text_of(app, "#waitlist-steps")

        await undo(pilot, f"Intake {code} gedaan")
        assert db_registration(database, code).status == RegistrationStatus.INTAKE_GEPLAND
        assert last_step(database, code)[0] == "intake_gepland"
        assert "Intake gepland" in text_of(app, "#waitlist-detail")
        assert "Intake gedaan" not in text_of(app, "#waitlist-steps")

        # The intake planned (appointment form): the appointment goes too ----------------------------
        await undo(pilot, f"Intake {code} gepland")
        stored = db_registration(database, code)
        assert (stored.status, stored.intake_worker_id) == (RegistrationStatus.AANGEMELD, None)
        with Session(database.engine) as session:
            assert session.exec(select(Appointment).where(Appointment.registration_id == stored.id)).all() == []
        assert "door AV (gepland)" not in text_of(app, "#waitlist-detail")

        # An edit of the registration -------------------------------------------------------------
        form = await open_form(pilot, code, "e", RegistrationForm)
        fill(form, urgency="acuut")
        await save(pilot)
        assert db_registration(database, code).urgency == "acuut"
        await undo(pilot, f"Aanmelding {code} gewijzigd")
        assert db_registration(database, code).urgency == before.urgency
        assert "urgentie normaal" in text_of(app, "#waitlist-detail")

        # A closing step and the step back (a question, no form) ------------------------------------
        form = await open_form(pilot, code, "l", RegistrationStepForm)
        fill(form, reason="Niet bereikbaar")
        await save(pilot)
        assert db_registration(database, code).status == RegistrationStatus.VERVALLEN
        assert table_codes(app) == []
        await undo(pilot, f"{code} vervallen")
        assert db_registration(database, code).status == RegistrationStatus.AANGEMELD
        assert table_codes(app) == [code]  # back on the open list

        await pilot.press("v")
        await settle(pilot)
        fill(app.screen, reason="Verwezen naar GGZ")
        await save(pilot)
        await pilot.press("s", "s", "s", "s", "s")  # status filter: afgesloten
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(pilot)
        assert db_registration(database, code).status == RegistrationStatus.AANGEMELD
        await undo(pilot, f"{code} terug naar 'Aangemeld'")
        assert db_registration(database, code).status == RegistrationStatus.VERWEZEN
        assert last_step(database, code)[0] == "verwezen"

        # A new registration -------------------------------------------------------------------------
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RegistrationForm)
        fill(form, via="politie", gemeente="zaanstad", reason="Dreiging door ex-partner")
        await save(pilot)
        new = cursor_code(app)
        assert new != code and db_registration(database, new).reason == "Dreiging door ex-partner"
        await undo(pilot, f"Aanmelding {new} op de wachtlijst gezet")
        assert new not in table_codes(app)
        with Session(database.engine) as session:
            from models.tables.registrations import Registration

            assert session.exec(select(Registration).where(Registration.code == new)).first() is None
        assert app.runner.undo_label() == f"{code} verwezen"  # the older changes stay undoable


async def test_an_allocation_is_undone_with_ctrl_z(make_app, database):
    code = seed(database, RegistrationStatus.INTAKE_GEDAAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, code, "t", AllocationForm)
        chosen = form.chosen().worker
        await save(pilot)
        stored = db_registration(database, code)
        assert stored.status == RegistrationStatus.TOEGEWEZEN and code not in table_codes(app)
        assert f"{code} toegewezen aan {chosen.code}. Ctrl+Z maakt ongedaan." in notified(app)

        await undo(pilot, f"{code} toegewezen aan {chosen.code}")
        back = db_registration(database, code)
        assert (back.status, back.client_id) == (RegistrationStatus.INTAKE_GEDAAN, None)
        with Session(database.engine) as session:
            assert session.get(Client, stored.client_id) is None
            assert session.exec(select(Trajectory).where(Trajectory.client_id == stored.client_id)).all() == []
            intake = session.exec(select(Appointment).where(Appointment.registration_id == back.id)).one()
        assert (intake.client_id, intake.status) == (None, AppointmentStatus.DONE)
        assert code in table_codes(app)  # waiting again, its detail as before
        assert "Intake gedaan" in text_of(app, "#waitlist-detail")


def test_a_stored_date_is_merged_as_its_date_field_shows_it():
    """As DateInput.describe() words it (the merge compares texts): the year only when not this year."""
    from screens.waitlist.registration_form import date_field

    assert date_field(MELDING_DAY) == ("vr 20 nov · week 47", "20-11-2026")
    assert date_field(date(2025, 11, 20)) == ("do 20 nov 2025 · week 47", "20-11-2025")
    assert date_field(None) == ("", "")
