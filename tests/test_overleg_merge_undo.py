"""Overleg on the one door (issue 13): two colleagues editing the same record merge instead of
overwriting, and every change of the section is taken back with Ctrl+Z.

Two real apps (AV and JB) on one database for the merges; the real app and the real key for undo.
Forms are filled in one step (widget values set directly, then one key), as typing is tested elsewhere.
"""

from __future__ import annotations

from sqlmodel import Session, select
from textual.widgets import DataTable, Input, Label, TextArea

from models.enums import ActionStatus, MeetingStatus, OutcomeKind
from models.tables.overleg import ActionItem, AgendaItem, Meeting
from screens.overleg.agenda_item_form import AgendaItemForm
from screens.common.confirm import ConfirmScreen
from screens.overleg.meeting_mode import MeetingModeScreen
from screens.overleg.screen import OverlegScreen
from screens.overleg.roles_form import MeetingForm
from tests.conftest import settle

SIZE = (160, 48)


async def to_overleg(pilot) -> OverlegScreen:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OverlegScreen)
    return pilot.app.screen


def case_row(overleg: OverlegScreen) -> int:
    """The first agenda item about a client (the fixed items come first)."""
    return next(i for i, item in enumerate(overleg.view.items) if item.client_code)


async def open_item_form(pilot) -> AgendaItemForm:
    overleg = await to_overleg(pilot)
    overleg.query_one("#overleg-items", DataTable).move_cursor(row=case_row(overleg))
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AgendaItemForm)
    return pilot.app.screen


async def open_meeting_mode(pilot) -> MeetingModeScreen:
    await to_overleg(pilot)
    await pilot.press("v")
    await settle(pilot)
    if isinstance(pilot.app.screen, ConfirmScreen):  # planned for tomorrow: begin now?
        await pilot.press("j")
        await settle(pilot)
    assert isinstance(pilot.app.screen, MeetingModeScreen)
    return pilot.app.screen


async def fill(pilot, form, **values: str) -> None:
    for field_id, value in values.items():
        widget = form.query_one(f"#{field_id.replace('_', '-')}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        else:
            widget.value = value
    await pilot.pause()


def banner(app) -> str:
    return str(app.screen.query_one("#form-error", Label).content)


def hint(app, field_id: str) -> str:
    return str(app.screen.query_one(f"#{field_id}-hint", Label).content)


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# --- two colleagues, one record: refused, refused again, merged, saved ------------------------------


async def test_agenda_item_edited_by_two_is_merged_field_by_field(make_app, database):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        form_av, form_jb = await open_item_form(pilot_av), await open_item_form(pilot_jb)
        item_id = form_av.item.id
        await fill(pilot_jb, form_jb, item_question="Wie belt de school?", item_timebox="20")
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)
        assert isinstance(jb.screen, OverlegScreen)

        await fill(pilot_av, form_av, item_question="Past Oranje Huis Thuis nog?")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av and "intussen gewijzigd door JB" in banner(av) and "Ctrl+L" in banner(av)
        await pilot_av.press("ctrl+s")  # a second Ctrl+S is refused again: never an overwrite
        await settle(pilot_av)
        assert av.screen is form_av and "door JB" in banner(av)
        with Session(database.engine) as session:
            assert session.get(AgendaItem, item_id).question == "Wie belt de school?"

        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert form_av.query_one("#item-timebox", Input).value == "20"  # left alone here: JB's
        assert form_av.query_one("#item-question", Input).value == "Past Oranje Huis Thuis nog?"  # both: mine
        assert "nu opgeslagen: Wie belt de school?" in hint(av, "item-question")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert isinstance(av.screen, OverlegScreen)
    with Session(database.engine) as session:
        stored = session.get(AgendaItem, item_id)
        assert (stored.question, stored.timebox_min) == ("Past Oranje Huis Thuis nog?", 20)


async def test_meeting_roles_changed_by_two_are_merged_field_by_field(make_app, database):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        forms = []
        for pilot in (pilot_av, pilot_jb):
            overleg = await to_overleg(pilot)
            meeting_id = overleg.meeting_id
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MeetingForm)
            forms.append(pilot.app.screen)
        form_av, form_jb = forms
        await fill(pilot_jb, form_jb, meeting_present="AV, JB, RM", meeting_duration="60")
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)
        assert isinstance(jb.screen, OverlegScreen)

        await fill(pilot_av, form_av, meeting_present="AV, RM")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av and "Dit overleg is intussen gewijzigd door JB" in banner(av)
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert av.screen is form_av and "door JB" in banner(av)

        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert form_av.query_one("#meeting-duration", Input).value == "60"
        assert form_av.query_one("#meeting-present", Input).value == "AV, RM"
        assert "nu opgeslagen: AV, JB, RM" in hint(av, "meeting-present")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert isinstance(av.screen, OverlegScreen)
    with Session(database.engine) as session:
        stored = session.get(Meeting, meeting_id)
        assert (stored.present, stored.duration_min) == ("AV, RM", 60)


async def test_minutes_typed_by_two_in_meeting_mode_are_merged_field_by_field(make_app, database):
    av, jb = make_app("AV"), make_app("JB")
    async with av.run_test(size=SIZE) as pilot_av, jb.run_test(size=SIZE) as pilot_jb:
        mode_av = await open_meeting_mode(pilot_av)
        mode_jb = await open_meeting_mode(pilot_jb)  # the meeting runs now: no question
        item_id = mode_av.current.id
        assert mode_jb.current.id == item_id
        await fill(pilot_jb, mode_jb, mm_notes="Twee acute aanmeldingen", mm_outcome="Intakes door JB")
        await pilot_jb.press("ctrl+s")
        await settle(pilot_jb)

        await fill(pilot_av, mode_av, mm_outcome="Intakes door AV en RM")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
        assert any("intussen gewijzigd door JB" in m and "Ctrl+L" in m for m in messages(av))
        av.clear_notifications()
        await pilot_av.press("ctrl+s")  # refused again
        await settle(pilot_av)
        assert any("door JB" in m for m in messages(av))
        with Session(database.engine) as session:
            assert session.get(AgendaItem, item_id).outcome == "Intakes door JB"

        await pilot_av.press("ctrl+l")
        await settle(pilot_av)
        assert mode_av.query_one("#mm-notes", TextArea).text == "Twee acute aanmeldingen"
        assert mode_av.query_one("#mm-outcome", TextArea).text == "Intakes door AV en RM"
        assert "nu opgeslagen: Intakes door JB" in hint(av, "mm-outcome")
        await pilot_av.press("ctrl+s")
        await settle(pilot_av)
    with Session(database.engine) as session:
        stored = session.get(AgendaItem, item_id)
        assert (stored.notes, stored.outcome) == ("Twee acute aanmeldingen", "Intakes door AV en RM")


# --- Ctrl+Z in Overleg -------------------------------------------------------------------------------


async def test_agenda_edits_are_undone_with_ctrl_z(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_item_form(pilot)
        item = form.item
        await fill(pilot, form, item_question="Andere vraag?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        overleg = app.screen
        assert any("Agendapunt gewijzigd. Ctrl+Z maakt ongedaan." in m for m in messages(app))
        await pilot.press("ctrl+z")
        await settle(pilot)
        with Session(database.engine) as session:
            assert session.get(AgendaItem, item.id).question == item.question
        assert overleg._selected("#overleg-items").question == item.question  # the agenda shows it again

        positions = [i.id for i in overleg.view.items]
        await pilot.press("delete")  # take the item off the agenda, then undo that
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert item.id not in [i.id for i in overleg.view.items]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [i.id for i in overleg.view.items] == positions
        await pilot.press("minus")  # one place up, and back
        await settle(pilot)
        assert [i.id for i in overleg.view.items] != positions
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [i.id for i in overleg.view.items] == positions
    with Session(database.engine) as session:
        items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == item.meeting_id)
                             .order_by(AgendaItem.position)).all()
        assert [i.id for i in items] == positions and [i.position for i in items] == list(range(len(items)))


async def test_an_action_marked_done_is_undone_with_ctrl_z(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        overleg = await to_overleg(pilot)
        table = overleg.query_one("#overleg-actions", DataTable)
        action = overleg._selected("#overleg-actions")
        before = table.row_count
        await pilot.press("d")
        await settle(pilot)
        assert table.row_count == before - 1 and str(action.id) not in [key.value for key in table.rows]
        with Session(database.engine) as session:
            assert session.get(ActionItem, action.id).status == ActionStatus.DONE
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert table.row_count == before and str(action.id) in [key.value for key in table.rows]
    with Session(database.engine) as session:
        assert session.get(ActionItem, action.id).status == ActionStatus.OPEN


async def test_an_outcome_and_the_end_of_the_meeting_are_undone_with_ctrl_z(make_app, database):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        mode = await open_meeting_mode(pilot)
        item_id = mode.current.id
        await fill(pilot, mode, mm_outcome="Intakes deze week")
        await pilot.press("l")  # besluit: saved with the outcome
        await settle(pilot)
        with Session(database.engine) as session:
            item = session.get(AgendaItem, item_id)
            assert (item.outcome, item.outcome_kind) == ("Intakes deze week", OutcomeKind.BESLUIT)
        await pilot.press("ctrl+z")  # not in a text field: the app's undo
        await settle(pilot)
        with Session(database.engine) as session:
            item = session.get(AgendaItem, item_id)
            assert (item.outcome, item.outcome_kind) == ("", None)
        assert mode.query_one("#mm-outcome", TextArea).text == ""  # the screen shows it too
        assert "nog niet gekozen" in str(mode.query_one("#mm-outcome-title", Label).content)

        await pilot.press("f", "j")  # end the meeting, then take that back in Overleg
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen) and "Afgerond" in str(app.screen.query_one("#overleg-title",
                                                                                                Label).content)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Afgerond" not in str(app.screen.query_one("#overleg-title", Label).content)
    with Session(database.engine) as session:
        meeting = session.get(Meeting, session.get(AgendaItem, item_id).meeting_id)
        assert meeting.status == MeetingStatus.RUNNING and meeting.ended_at is None
        carried = session.exec(select(AgendaItem).where(AgendaItem.carried_from_id.is_not(None),
                                                        AgendaItem.id > item_id)).all()
        assert [i for i in carried if session.get(AgendaItem, i.carried_from_id).meeting_id == meeting.id] == []
