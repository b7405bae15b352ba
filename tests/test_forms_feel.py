"""Forms as a user expects them (issue 15, part 6): typing continues a text instead of wiping it, a
note goes on at its end, the field being typed in is plainly marked, dropdowns open inside the
dialog, and a form fits an 80×24 terminal."""

from __future__ import annotations

from sqlmodel import Session, select
from textual.color import Color
from textual.widgets import Input, Select, TextArea

from models.tables.top3 import Top3Plan
from screens.common.form import FormScreen
from screens.top3.editor import Top3Editor
from screens.waitlist.registration_form import RegistrationForm
from tests.conftest import settle, tab_to


async def open_registration_edit(pilot) -> RegistrationForm:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, RegistrationForm)
    return form


def accent(app) -> Color:
    return Color.parse(app.theme_variables["accent"])


async def test_typing_in_a_filled_field_continues_it_and_the_focus_is_plain_to_see(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        form = await open_registration_edit(pilot)
        contact = form.query_one("#referrer_contact", Input)
        before = contact.value
        assert before, "the demo registration has a referrer contact"
        await tab_to(pilot, "referrer_contact")
        await pilot.press("x")
        assert contact.value == before + "x"  # appended, not wiped by the first key

        # The focused field: an accent border and its label lit up, the others plain.
        assert contact.styles.border_top[1] == accent(app)
        label = form.query_one("#referrer_contact-field .field-label")
        assert label.styles.color == accent(app) and label.styles.text_style.bold
        other = form.query_one("#reason-field .field-label")
        assert other.styles.color != accent(app)

        # A date is typed whole: there typing replaces the date that was there.
        await tab_to(pilot, "registered_on")
        await pilot.press("m", "a")
        assert form.query_one("#registered_on", Input).value == "ma"


async def test_a_note_is_continued_at_its_end(make_app, database):
    with Session(database.engine) as session:
        client_id = session.exec(select(Top3Plan.client_id).where(Top3Plan.is_draft == False)).first()  # noqa: E712
        assert client_id is not None
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.open_client(client_id)
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, Top3Editor)
        area = editor.query_one("#s1-description", TextArea)
        text = area.text
        assert text
        await tab_to(pilot, "s1-description")
        await pilot.press("!")
        assert area.text == text + "!"


async def test_at_80_by_24_a_form_fits_and_its_dropdown_opens_inside_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_registration_edit(pilot)
        box = form.query_one("#form-box")
        assert box.region.x >= 0 and box.region.right <= 80, box.region
        assert box.max_scroll_x == 0  # nothing sticks out sideways
        for label in form.query(".field-label"):
            if label.region.width:
                assert box.region.x <= label.region.x and label.region.right <= box.region.right, label

        await tab_to(pilot, "gemeente")
        select = form.query_one("#gemeente", Select)
        await pilot.press("enter")
        await pilot.pause()
        assert select.expanded
        overlay = select.query_one("SelectOverlay")
        region = overlay.region
        assert region.x >= box.region.x and region.right <= box.region.right, (region, box.region)
        assert region.y >= 0 and region.bottom <= 24, region
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)


async def test_every_form_box_is_never_wider_than_the_terminal(make_app):
    """The handover form is 120 wide and the allocation form 150: at 80 columns they shrink to fit."""
    from screens.handover.form import HandoverForm

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HandoverForm)
        box = app.screen.query_one("#form-box")
        assert box.region.x >= 0 and box.region.right <= 80, box.region


async def test_a_focused_one_line_field_still_shows_what_is_typed(make_app):
    """The appointment form's compact fields: focused, the value stays on screen (it was hidden by
    the focus border taking the field's one line)."""
    from screens.planning.appointment_form import AppointmentForm
    from tests.conftest import paste, rendered
    from tests.test_planning_app import open_planning

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await open_planning(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AppointmentForm)
        start = form.query_one("#start", Input)
        start.focus()
        await pilot.pause()
        await paste(pilot, "10u")
        await settle(pilot)
        assert start.compact and start.content_region.height == 1
        assert "10u" in rendered(app)
