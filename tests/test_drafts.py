"""Drafts: what is typed in a form survives Ctrl+Q and a failing save, and comes back on reopening.

The real app on the demo monday; the appointment form ("n" in Planning) stands for every form
with a draft key (the draft machinery lives once, in screens/common/form.py).
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from textual.widgets import Input

from models.drafts import FormDraft
from screens.planning.appointment_form import AppointmentForm
from screens.common.confirm import ConfirmScreen
from tests.conftest import settle, wait_until
from tests.test_planning_app import open_planning

SIZE = (160, 48)
QUICK_DRAFT_DELAY = 0.1  # the debounce is not what these tests are about: a short one, then poll for the write


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch):
    monkeypatch.setattr("screens.common.form.DRAFT_DELAY", QUICK_DRAFT_DELAY)


def drafts(app) -> list[FormDraft]:
    with Session(app.database.engine) as session:
        return list(session.exec(select(FormDraft)).all())


async def draft_written(pilot, containing: str) -> None:
    """The debounce, then the background write: until the draft holds `containing` (polled)."""
    await wait_until(pilot, lambda: any(containing in d.fields for d in drafts(pilot.app)),
                     f"a draft with {containing!r}")
    await settle(pilot)


async def new_form_with_a_note(pilot, note: str) -> AppointmentForm:
    await open_planning(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, AppointmentForm)
    form.query_one("#note", Input).value = note
    form.query_one("#start", Input).value = "7u"
    await draft_written(pilot, note)
    return form


async def test_ctrl_q_asks_first_and_the_draft_comes_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_form_with_a_note(pilot, "Bellen met wijkteam over de sleutel")
        [draft] = drafts(app)
        assert (draft.worker_code, draft.form_key) == ("AV", "appointment:new")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "bewaard als concept" in app.screen.question
        await pilot.press("n")  # verder werken: nothing lost, the form is still there
        await settle(pilot)
        assert isinstance(app.screen, AppointmentForm)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
    assert not app.is_running

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen)
        assert "Verder met het concept?" in again.screen.question
        await pilot.press("j")
        await settle(pilot)
        form = again.screen
        assert isinstance(form, AppointmentForm)
        assert form.query_one("#note", Input).value == "Bellen met wijkteam over de sleutel"
        assert form.query_one("#start", Input).value == "7u"
        # Saved: the draft goes in the same transaction as the appointment.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(again.screen, AppointmentForm)
        assert drafts(again) == []


async def test_a_refused_save_keeps_the_draft_and_closing_without_saving_drops_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await new_form_with_a_note(pilot, "Eerste gesprek")
        form.query_one("#start", Input).value = "25u"  # no such time: refused at the field
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AppointmentForm)
        await draft_written(pilot, '"25u"')
        [draft] = drafts(app)
        assert '"25u"' in draft.fields
        await pilot.press("escape")  # "toch sluiten?"
        await settle(pilot)
        await pilot.press("j")  # sluiten zonder opslaan: the user threw it away
        await settle(pilot)
        assert drafts(app) == []


async def test_starting_afresh_discards_the_draft(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_form_with_a_note(pilot, "Oud concept")
        app.screen.dismiss(None)  # gone without a word, as after a crash
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # opnieuw beginnen
        await settle(pilot)
        assert app.screen.query_one("#note", Input).value == ""
        assert drafts(app) == []
