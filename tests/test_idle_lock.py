"""The idle lock (issue 16, part 2), on a frozen monotonic clock: no test sleeps five minutes.

The lock's check runs on Textual's own timer (made quick here); what it measures is
tui/idle_clock.py, which the tests hold still and move forward by hand.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import Session, select
from textual.widgets import Input

from models.audit import AuditEntry
from models.drafts import FormDraft
from screens.planning.appointment_form import AppointmentForm
from screens.signin.sign_in import SignInScreen
from tests.conftest import paste, rendered, settle, wait_until
from tests.test_planning_app import open_planning

SIZE = (160, 48)
CLIENT_CODE = re.compile(r"\b(?:ZS|WL)-\d{4}\b")
NOTE = "Sleutel ophalen bij de buurvrouw"


class FrozenMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def idle_clock(monkeypatch) -> FrozenMonotonic:
    frozen = FrozenMonotonic()
    monkeypatch.setattr("tui.idle_clock.idle_seconds_clock", frozen)
    monkeypatch.setattr("tui.sign_in_flow.IDLE_CHECK_SECONDS", 0.02)
    monkeypatch.setattr("screens.common.form.DRAFT_DELAY", 30.0)  # the lock writes the draft, not the debounce
    return frozen


def drafts(app) -> list[FormDraft]:
    with Session(app.database.engine) as session:
        return list(session.exec(select(FormDraft)).all())


async def idle_for(pilot, clock: FrozenMonotonic, seconds: float) -> None:
    clock.now += seconds
    await pilot.pause(0.1)  # a few of the (quick) timer's checks
    await settle(pilot)


async def test_five_minutes_without_a_key_lock_the_screen_and_unlocking_returns_to_the_form(make_app, idle_clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_planning(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AppointmentForm)
        form.query_one("#note", Input).focus()
        await pilot.pause()
        await paste(pilot, NOTE)
        app.notify("Opgeslagen voor ZS-0123")
        assert drafts(app) == []

        await idle_for(pilot, idle_clock, 4 * 60 + 59)
        assert app.screen is form  # not yet

        await idle_for(pilot, idle_clock, 1)
        await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), "the lock screen")
        shown = rendered(app)
        assert "Vergrendeld na 5 minuten zonder toets" in shown
        assert not CLIENT_CODE.search(shown) and NOTE not in shown  # no client data, no toast either
        assert not app._notifications
        await wait_until(pilot, lambda: any(NOTE in d.fields for d in drafts(app)), "the draft written at locking")
        assert [o.id for o in app.screen.query_one("#signin-worker").options] == ["AV"]  # only AV unlocks

        app.notify("Nieuw bericht over ZS-0456")  # arrives while locked: held, not shown
        for key in ("2", "m", "ctrl+p", "escape"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, SignInScreen), key
        assert not CLIENT_CODE.search(rendered(app))

        await paste(pilot, "verkeerd")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await paste(pilot, "demo")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form  # back where AV was, the input still in the field
        assert form.query_one("#note", Input).value == NOTE
        assert any("ZS-0456" in str(n.message) for n in app._notifications)  # the held toast, now
        with Session(app.database.engine) as session:
            actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.user_code == "AV")
                                                      .order_by(AuditEntry.id)).all()]
        assert actions[-3:] == ["lock", "signfail", "signin"]


async def test_a_key_or_a_click_restarts_the_count(make_app, idle_clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await idle_for(pilot, idle_clock, 4 * 60)
        await pilot.press("down")
        await idle_for(pilot, idle_clock, 4 * 60)
        await pilot.click("#today-appointments")
        await idle_for(pilot, idle_clock, 4 * 60)
        assert not isinstance(app.screen, SignInScreen)
        await idle_for(pilot, idle_clock, 60)
        await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), "the lock screen")


async def test_idle_minutes_come_from_the_config_and_the_lock_cannot_be_switched_off(make_app, idle_clock, tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"idle_minutes": 1}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await idle_for(pilot, idle_clock, 61)
        await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), "the lock screen after 1 minute")
        assert "Vergrendeld na 1 minuut zonder toets" in rendered(app)
    # 0 ("never") is not a choice: a laptop left open must lock. The default is used, and said.
    (tmp_path / "config.json").write_text(json.dumps({"idle_minutes": 0}))
    default = make_app()
    async with default.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert default.config.idle_minutes == 5 and any("idle_minutes" in p for p in default.config.problems)
        await idle_for(pilot, idle_clock, 5 * 60)
        await wait_until(pilot, lambda: isinstance(default.screen, SignInScreen), "the lock screen after 5 minutes")
