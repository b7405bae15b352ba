"""Two colleagues, two running apps, one database: live refresh and the conflicting save.

AV and JB both run Teambord on the same database file (the frozen demo monday). Everything is
done by key presses in the two real apps; the database is checked afterwards.
"""

from __future__ import annotations

from datetime import date, time

from sqlmodel import Session, col, select
from textual.widgets import Input, Label

from models.tables.appointments import Appointment
from models.audit import AuditEntry
from models.clock import local
from models.tables.workers import Worker
from screens.planning.appointment_form import AppointmentForm
from screens.planning.day_dialog import DayScreen
from tests.conftest import settle
from tests.test_planning_app import appointments_of, cell_text, focus_field, open_planning, replace_text, type_text

SIZE = (160, 48)
MONDAY = date(2026, 11, 23)


async def to_cell_of(pilot, worker_code: str) -> None:
    """Move the planning cursor sideways to this worker's column (real arrow keys)."""
    planning = pilot.app.screen
    with Session(pilot.app.database.engine) as session:
        target = session.exec(select(Worker.id).where(Worker.code == worker_code)).one()
    for key in ["left"] * 6 + ["right"] * 6:
        if planning.selected_cell()[0] == target:
            return
        await pilot.press(key)
    raise AssertionError(f"no column for {worker_code}")


async def open_first_appointment(pilot, worker_code: str) -> AppointmentForm:
    """Planning → this worker's monday → the day's first appointment → its form."""
    await open_planning(pilot)
    await to_cell_of(pilot, worker_code)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DayScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AppointmentForm)
    return pilot.app.screen


def banner(app) -> str:
    return str(app.screen.query_one("#form-error", Label).content)


async def test_a_change_in_one_app_shows_in_the_other(make_app):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        await settle(pilot_av)
        await settle(pilot_jb)
        first = appointments_of(av, "AV", MONDAY)[0]
        await open_planning(pilot_jb)
        await to_cell_of(pilot_jb, "AV")
        jb.check_for_changes()  # the first poll only takes the stamp
        await settle(pilot_jb)
        assert "06:30" not in cell_text(jb, "AV", MONDAY)

        await open_first_appointment(pilot_av, "AV")  # AV moves her first visit to 06:30
        await focus_field(pilot_av, "start")
        await replace_text(pilot_av, "6.30")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert isinstance(av.screen, DayScreen)

        jb.check_for_changes()  # what JB's timer does every few seconds
        await settle(pilot_jb)
        assert "06:30" in cell_text(jb, "AV", MONDAY)
        selected = jb.screen.selected_cell()
        assert selected is not None and selected[1] == MONDAY  # JB's cursor stayed where it was
        with Session(av.database.engine) as session:
            assert local(session.get(Appointment, first.id).start).time() == time(6, 30)


async def test_the_second_save_is_refused_keeps_the_input_and_can_be_reapplied(make_app):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        await settle(pilot_av)
        await settle(pilot_jb)
        first = appointments_of(av, "AV", MONDAY)[0]
        # Both open the same appointment.
        form_av = await open_first_appointment(pilot_av, "AV")
        await open_first_appointment(pilot_jb, "AV")
        av.check_for_changes()
        # AV types a note (and leaves the times alone) ...
        await focus_field(pilot_av, "note")
        await replace_text(pilot_av, "Samen met wijkteam")
        # ... while JB moves the visit to 07:00–08:00 and writes a note too, and saves first.
        await focus_field(pilot_jb, "start")
        await replace_text(pilot_jb, "7u")
        await pilot_jb.press("tab")
        await replace_text(pilot_jb, "8u")
        await focus_field(pilot_jb, "note")
        await replace_text(pilot_jb, "Tolk geregeld")
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)
        assert isinstance(jb.screen, DayScreen)

        # The live refresh does not disturb AV's open form.
        av.check_for_changes()
        await settle(pilot_av)
        assert av.screen is form_av and form_av.query_one("#note", Input).value == "Samen met wijkteam"

        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av  # refused: the form stays open
        text = banner(av)
        assert "intussen gewijzigd door JB" in text and "begin/datum" in text and "notitie" in text
        assert "Ctrl+L" in text and "Er is niets veranderd" in text
        assert form_av.query_one("#note", Input).value == "Samen met wijkteam"  # nothing typed is lost
        with Session(av.database.engine) as session:
            stored = session.get(Appointment, first.id)
            assert stored.note == "Tolk geregeld" and local(stored.start).time() == time(7)
        # A second Ctrl+S without Ctrl+L is refused again: it is still based on the old version.
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av and "intussen gewijzigd door JB" in banner(av)
        with Session(av.database.engine) as session:
            assert session.get(Appointment, first.id).note == "Tolk geregeld"

        # Reload: JB's times come in (AV left them alone); AV's note stays, with JB's shown under it.
        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert form_av.query_one("#start", Input).value == "07:00"
        assert form_av.query_one("#end", Input).value == "08:00"
        assert form_av.query_one("#note", Input).value == "Samen met wijkteam"
        assert "nu opgeslagen: Tolk geregeld" in str(form_av.query_one("#note-hint", Label).content)
        assert "overgenomen" in banner(av)

        await pilot_av.press("ctrl+s")  # re-apply AV's input on top of JB's version
        await settle(pilot_av)
        assert isinstance(av.screen, DayScreen)
        with Session(av.database.engine) as session:
            stored = session.get(Appointment, first.id)
            assert stored.note == "Samen met wijkteam"
            assert (local(stored.start).time(), local(stored.end).time()) == (time(7), time(8))
            updates = session.exec(select(AuditEntry.user_code).where(
                AuditEntry.entity == "appointment", AuditEntry.entity_id == str(first.id),
                AuditEntry.action == "update").order_by(col(AuditEntry.id))).all()
            assert updates[-2:] == ["JB", "AV"]


async def test_deleting_what_a_colleague_just_changed_is_refused(make_app):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        await settle(pilot_av)
        await settle(pilot_jb)
        first = appointments_of(av, "AV", MONDAY)[0]
        await open_planning(pilot_jb)
        await to_cell_of(pilot_jb, "AV")
        await pilot_jb.press("enter")  # JB has AV's monday open, as loaded now
        await settle(pilot_jb)

        await open_first_appointment(pilot_av, "AV")
        await focus_field(pilot_av, "note")
        await type_text(pilot_av, " (verzet)")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)

        await pilot_jb.press("delete")
        await settle(pilot_jb)
        await pilot_jb.press("enter")  # "verwijderen" in the confirmation
        await settle(pilot_jb)
        with Session(jb.database.engine) as session:
            assert session.get(Appointment, first.id) is not None  # not deleted
        messages = [str(n.message) for n in jb._notifications]
        assert any("intussen gewijzigd door AV" in m and "notitie" in m for m in messages)


async def test_an_agenda_item_edited_by_two_keeps_both_changes_after_a_reload(make_app):
    from models.tables.overleg import AgendaItem
    from screens.overleg.agenda_item_form import AgendaItemForm

    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        forms = []
        for pilot in (pilot_av, pilot_jb):  # both open the third item of tuesday's agenda
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            await pilot.press("down", "down", "e")
            await settle(pilot)
            assert isinstance(pilot.app.screen, AgendaItemForm)
            forms.append(pilot.app.screen)
        form_av = forms[0]
        item_id = form_av.item.id
        await focus_field(pilot_av, "item-question")
        await replace_text(pilot_av, "Past Oranje Huis Thuis nog?")
        await focus_field(pilot_jb, "item-timebox")
        await replace_text(pilot_jb, "20")
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)
        assert not isinstance(jb.screen, AgendaItemForm)

        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av and "intussen gewijzigd door JB (gewijzigd: tijd)" in banner(av)
        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert form_av.query_one("#item-timebox", Input).value == "20"
        assert form_av.query_one("#item-question", Input).value == "Past Oranje Huis Thuis nog?"
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert not isinstance(av.screen, AgendaItemForm)
        with Session(av.database.engine) as session:
            stored = session.get(AgendaItem, item_id)
            assert (stored.question, stored.timebox_min) == ("Past Oranje Huis Thuis nog?", 20)


async def test_a_handover_changed_by_a_colleague_meanwhile_is_merged_not_overwritten(make_app, database):
    from textual.widgets import TextArea

    from models.audit import Actor
    from models.enums import HandoverReason
    from models.handover.views import HandoverInput
    from models.handover.write import save_handover
    from models.tables.handovers import Handover
    from screens.handover.form import HandoverForm
    from tests.test_handover_app import worker

    av, rm = worker(database, "AV"), worker(database, "RM")
    data = HandoverInput(to_worker_id=rm.id, reason=HandoverReason.AFWEZIGHEID, client_codes=(),
                         period_start=None, period_end=None, situatie="Rustig.", aanbeveling="Bel maandag.")
    with database.session(Actor("AV"), write=True) as session:
        sent = save_handover(session, writer_id=av.id, data=data)
        session.commit()
    app = make_app("AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("f")  # van mij: the new one is on top
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HandoverForm)
        await focus_field(pilot, "handover-situatie")
        await type_text(pilot, " Wel bellen.")  # a note goes on at its end (issue 15)
        # Meanwhile AV's other laptop (or a colleague) changes the Aanbeveling.
        with database.session(Actor("JB"), write=True) as session:
            save_handover(session, writer_id=av.id, handover_id=sent.id, expected_version=sent.version,
                          data=HandoverInput(**{**data.__dict__, "aanbeveling": "Bel dinsdag."}))
            session.commit()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "intussen gewijzigd" in banner(app) and "Ctrl+L" in banner(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert form.query_one("#handover-aanbeveling", TextArea).text == "Bel dinsdag."
        assert form.query_one("#handover-situatie", TextArea).text == "Rustig. Wel bellen."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, HandoverForm)
    with Session(database.engine) as session:
        stored = session.get(Handover, sent.id)
        assert stored.aanbeveling == "Bel dinsdag." and stored.situatie == "Rustig. Wel bellen."
