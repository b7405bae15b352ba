"""Sign-in (issue 16, part 1): the real app asks who is at the keyboard and checks the passphrase.

Every test drives the sign-in screen itself (make_app(user=None) or a wrong passphrase), except
where a script's passphrase (LaunchSettings.passphrase, as TEAMBORD_WACHTWOORDZIN) is the subject.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlmodel import Session, delete, select

from models import clock
from models.audit import AuditEntry
from models.auth.signin import wait_after
from models.tables.credentials import WorkerCredential
from models.tables.workers import Worker
from screens.common.user_picker import UserPicker
from screens.signin.sign_in import SignInScreen
from screens.vandaag.screen import TodayScreen
from tests.conftest import FROZEN_NOW, paste, rendered, settle, wait_until

SIZE = (160, 48)
CLIENT_CODE = re.compile(r"\b(?:ZS|WL)-\d{4}\b")


def audit(app, action: str) -> list[AuditEntry]:
    with Session(app.database.engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


async def enter_each(pilot, *texts: str) -> None:
    """Each text into the focused field, then Enter (on to the next field, or submit)."""
    for text in texts:
        await paste(pilot, text)
        await pilot.press("enter")
    await settle(pilot)


async def sign_in_with(pilot, passphrase: str) -> None:
    field = pilot.app.screen.query_one("#signin-passphrase")
    field.focus()
    await pilot.pause()
    await paste(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


async def test_first_start_asks_who_and_the_passphrase_and_remembers_who(make_app, tmp_path):
    app = make_app(user=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.user is None
        assert not CLIENT_CODE.search(rendered(app))  # nothing of the team's data behind it
        await pilot.press("down", "enter")  # JB; Enter goes on to the passphrase
        await sign_in_with(pilot, "verkeerd woord")
        assert isinstance(app.screen, SignInScreen) and app.user is None
        assert "Deze wachtwoordzin klopt niet." in str(app.screen.query_one("#signin-message").render())
        assert app.screen.query_one("#signin-passphrase").value == ""  # typed anew
        await sign_in_with(pilot, "demo")
        assert isinstance(app.screen, TodayScreen) and app.user.code == "JB"
        [failed] = audit(app, "signfail")
        assert failed.user_code == "JB" and failed.client_code is None
        assert [entry.user_code for entry in audit(app, "signin")] == ["JB"]
    assert "JB" in json.loads((tmp_path / "config.json").read_text())["last_user"].values()
    again = make_app(user=None)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, SignInScreen)
        assert again.screen.chosen_code() == "JB"  # remembered, but asked again
        assert again.screen.focused.id == "signin-passphrase"
        await sign_in_with(pilot, "demo")
        assert again.user.code == "JB"


async def test_failed_attempts_slow_down_and_survive_a_restart(make_app):
    app = make_app(user=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            await sign_in_with(pilot, "raden maar")
        message = str(app.screen.query_one("#signin-message").render())
        assert "Wacht 2 seconden voor de volgende poging." in message
    again = make_app(user=None)  # a restart does not reset the count
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await sign_in_with(pilot, "demo")  # the right one, but too soon: not even checked
        assert again.user is None
        assert "Te veel mislukte pogingen. Probeer het over 2 seconden opnieuw." in str(
            again.screen.query_one("#signin-message").render())
        clock.freeze(FROZEN_NOW + timedelta(seconds=3))
        await sign_in_with(pilot, "demo")
        assert again.user.code == "AV"
        assert len(audit(again, "signfail")) == 3
        with Session(again.database.engine) as session:
            credential = session.get(WorkerCredential, again.user.id)
            assert credential.failed_attempts == 0 and credential.last_failed_at is None


def test_the_wait_doubles_up_to_five_minutes():
    assert [wait_after(n).total_seconds() for n in range(0, 8)] == [0, 0, 0, 2, 4, 8, 16, 32]
    assert wait_after(50) == timedelta(minutes=5)


async def test_a_wrong_script_passphrase_lands_on_the_sign_in_screen(make_app):
    app = make_app(user="SK", passphrase="niet goed")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.user is None
        assert app.screen.chosen_code() == "SK"
        assert "klopt niet" in str(app.screen.query_one("#signin-message").render())
        await sign_in_with(pilot, "demo")
        assert app.user.code == "SK"


async def test_ctrl_u_asks_the_colleagues_passphrase_and_esc_keeps_who_was_there(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.user.code == "AV"
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, UserPicker)
        await pilot.press("down", "down", "enter")  # SK
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.screen.chosen_code() == "SK"
        await pilot.press("escape")
        await settle(pilot)
        assert app.user.code == "AV" and isinstance(app.screen, TodayScreen)
        await pilot.press("ctrl+u")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await sign_in_with(pilot, "fout fout")
        assert app.user.code == "AV"  # still AV until SK proves it
        await sign_in_with(pilot, "demo")
        assert app.user.code == "SK" and isinstance(app.screen, TodayScreen)
        assert "Sanne" in app.user_label


async def test_no_app_key_works_behind_the_sign_in_screen(make_app):
    app = make_app(user=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("2", "m", "ctrl+p", "question_mark", "ctrl+u"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, SignInScreen), key
        assert not app.masked
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_first_start_of_a_database_without_passphrases_makes_a_coordinator(make_app, database):
    with Session(database.engine) as session:  # as after upgrading a database from before sign-in
        session.exec(delete(WorkerCredential))
        for worker in session.exec(select(Worker)).all():
            worker.coordinator = False
            session.add(worker)
        session.commit()
    app = make_app(user=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignInScreen) and screen.first_start
        assert "coördinator" in rendered(app)
        await pilot.press("down", "down", "down", "enter")  # RM
        await enter_each(pilot, "kort", "kort")  # Enter goes on to "Nogmaals", then submits
        assert "minstens 8 tekens" in str(screen.query_one("#signin-message").render())
        await enter_each(pilot, "lange wachtwoordzin", "lange wachtwoordzim")
        assert "niet gelijk" in str(screen.query_one("#signin-message").render())
        await enter_each(pilot, "lange wachtwoordzin", "lange wachtwoordzin")
        assert app.user.code == "RM" and app.user.coordinator
        assert isinstance(app.screen, TodayScreen)
    with Session(database.engine) as session:
        rm = session.exec(select(Worker).where(Worker.code == "RM")).one()
        stored = session.get(WorkerCredential, rm.id).passphrase_hash
    assert rm.coordinator and stored.startswith("$argon2id$") and "lange" not in stored
    from tui.dbfile import sqlite_path

    file = sqlite_path(database.url)
    raw = b"".join(path.read_bytes() for path in file.parent.glob(file.name + "*"))
    assert b"lange wachtwoordzin" not in raw  # never in clear, also not in the WAL


async def test_a_coordinator_sets_a_colleagues_passphrase_and_a_worker_only_their_own(make_app):
    from screens.signin.passphrase_form import PassphraseForm

    app = make_app()  # AV, the demo's coordinator
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_set_passphrase()
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PassphraseForm) and len(form.choices) == 6
        await pilot.press("down", "enter")  # JB, on to the new passphrase
        await enter_each(pilot, "kort", "kort")
        assert "minstens 8 tekens" in str(form.query_one("#signin-message").render())
        await paste(pilot, "drie blauwe fietsen")
        await pilot.press("enter")
        await paste(pilot, "drie blauwe fietsen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PassphraseForm)
        assert any("Wachtwoordzin van JB ingesteld." in str(n.message) for n in app._notifications)
        [entry] = audit(app, "passwd")
        assert (entry.user_code, entry.detail) == ("AV", "door coördinator")
    jb = make_app(user="JB", passphrase="demo")  # the old one no longer works
    async with jb.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(jb.screen, SignInScreen)
        await sign_in_with(pilot, "drie blauwe fietsen")
        assert jb.user.code == "JB" and not jb.user.coordinator
        jb.action_set_passphrase()
        await settle(pilot)
        assert [w.code for w in jb.screen.choices] == ["JB"]  # only their own


def test_only_a_coordinator_sets_someone_elses_passphrase(database):
    from models.actions import perform, signin
    from models.audit import Actor
    from models.errors import DomainError

    with pytest.raises(DomainError, match="Alleen een coördinator"):
        perform(database, Actor("JB"), signin.set_passphrase, "SK", "een lange zin", "een lange zin", undoable=False)
    with pytest.raises(DomainError, match="al een coördinator"):
        perform(database, Actor("JB"), signin.make_first_coordinator, "JB", "een lange zin", "een lange zin",
                undoable=False)


async def test_a_new_empty_database_starts_by_making_its_first_coordinator(make_app, tmp_path):
    url = f"sqlite:///{tmp_path / 'nieuw.db'}"
    app = make_app(user=None, url=url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignInScreen) and screen.new_database
        await enter_each(pilot, "av1", "Wietske de Vries", "een lange wachtwoordzin", "een lange wachtwoordzin")
        assert "2 tot 4 letters" in str(screen.query_one("#signin-message").render())
        assert screen.focused.id == "signin-code"  # back at the field at fault, the name kept
        assert screen.query_one("#signin-name").value == "Wietske de Vries"
        screen.query_one("#signin-code").value = ""
        for text in ("wv", None, "een lange wachtwoordzin", "een lange wachtwoordzin"):
            if text:
                await paste(pilot, text)
            await pilot.press("enter")
        await settle(pilot)
        assert app.user is not None and (app.user.code, app.user.name) == ("WV", "Wietske de Vries")
        assert app.user.coordinator and [w.code for w in app.team] == ["WV"]
        assert isinstance(app.screen, TodayScreen)
