"""Dates and times as people type them, in the real appointment form."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import Input

from screens.planning.appointment_form import AppointmentForm
from tests.conftest import settle


async def open_new_appointment(pilot):
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, AppointmentForm)
    return form


async def test_morgen_14u_in_the_date_field_gives_day_and_start(make_app, database):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        form = await open_new_appointment(pilot)
        form.query_one("#day", Input).value = "morgen 7u"
        form.query_one("#start", Input).value = ""
        form.query_one("#end", Input).value = "7.45"
        await pilot.pause()
        assert str(form.query_one("#day-hint").content) == "di 24 nov · week 48 · 07:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = {l.id: str(l.content) for l in form.query(".field-error, #form-error") if str(l.content)}
        assert app.screen is not form, errors
    with database.engine.connect() as db:
        start = db.execute(text("SELECT start FROM appointment ORDER BY id DESC LIMIT 1")).scalar_one()
    assert str(start).startswith("2026-11-24 06:00")  # 07:00 in Amsterdam is 06:00 UTC in November


async def test_a_time_in_the_date_field_that_disagrees_with_begin_is_refused(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        form = await open_new_appointment(pilot)
        form.query_one("#day", Input).value = "morgen 14u"
        form.query_one("#start", Input).value = "half 4"  # 15:30
        await pilot.pause()  # the fields' Changed events first, as after typing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        errors = {l.id: str(l.content) for l in form.query(".field-error, #form-error") if str(l.content)}
        assert errors == {"start-error": "Bij Datum staat 14:00 en bij Begin 15:30: welke klopt? Laat er één staan."}


async def test_keys_typed_right_after_tab_land_in_the_next_field(make_app):
    """A fast typist: '7u⇥8u' arrives in one burst; the 8u belongs in Eind, not after 7u in Begin."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        form = await open_new_appointment(pilot)
        form.query_one("#start", Input).focus()
        await pilot.pause()
        for key, char in [("7", "7"), ("u", "u"), ("tab", "\t"), ("8", "8"), ("u", "u")]:
            app.post_message(events.Key(key, char))  # queued together, as a burst from the terminal
        await pilot.pause()
        await pilot.pause()
        assert (form.query_one("#start", Input).value, form.query_one("#end", Input).value) == ("7u", "8u")
