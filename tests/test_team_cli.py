"""A coordinator adds a colleague from the command line (issue 16, part 1: after the first
coordinator of a new database, the rest of the team), and the colleague signs in in the real app."""

from __future__ import annotations

import pytest

from screens.signin.sign_in import SignInScreen
from screens.vandaag.screen import TodayScreen
from tests.conftest import paste, settle
from tests.test_sign_in import enter_each
from tui.cli import main


@pytest.fixture
def terminal(monkeypatch):
    """A coordinator at a terminal: AV's passphrase asked first, then the new one twice."""
    answers: list[str] = []
    monkeypatch.delenv("TEAMBORD_WACHTWOORDZIN", raising=False)
    monkeypatch.setattr("tui.cli_confirm.interactive", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: answers.pop(0))
    return answers


async def test_a_coordinator_adds_a_colleague_who_then_signs_in(demo_url, terminal, make_app, capsys):
    terminal += ["demo", "eerste zin voor mila", "eerste zin voor mila"]
    assert main(["medewerker", "toevoegen", "mk", "Mila  Kok", "--regio", "waterland", "--dagen", "2,3,4",
                 "--uren", "24", "--as", "AV", "--db", demo_url]) == 0
    assert "Mila Kok (MK) is toegevoegd aan het team" in capsys.readouterr().out
    app = make_app(user="MK", passphrase="eerste zin voor mila")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.user.name == "Mila Kok" and not app.user.coordinator


def test_refusals_are_dutch_and_add_nobody(demo_url, terminal, capsys):
    terminal += ["demo", "zin van acht", "zin van acht"]
    assert main(["medewerker", "toevoegen", "AV", "Nog een Anouk", "--as", "AV", "--db", demo_url]) == 2
    assert "De code AV is al in gebruik." in capsys.readouterr().err
    terminal += ["demo", "x", "x"]
    assert main(["medewerker", "toevoegen", "QQ", "Q Q", "--dagen", "1,8", "--as", "AV", "--db", demo_url]) == 2
    assert "ISO-weekdagen" in capsys.readouterr().err
    terminal += ["demo", "zin van acht", "zin van acht"]  # JB is no coordinator
    assert main(["medewerker", "toevoegen", "QQ", "Q Q", "--as", "JB", "--db", demo_url]) == 2
    assert "Alleen een coördinator" in capsys.readouterr().err


async def test_a_new_databases_coordinator_builds_the_team(tmp_path, terminal, make_app, capsys):
    url = f"sqlite:///{tmp_path / 'nieuw.db'}"
    first = make_app(user=None, url=url)
    async with first.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await enter_each(pilot, "wv", "Wietske de Vries", "een lange wachtwoordzin", "een lange wachtwoordzin")
        assert first.user.code == "WV"
    terminal += ["een lange wachtwoordzin", "voor jan de zin", "voor jan de zin"]
    assert main(["medewerker", "toevoegen", "JD", "Jan Dekker", "--as", "WV", "--db", url]) == 0
    second = make_app(user="JD", url=url, passphrase="fout")
    async with second.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(second.screen, SignInScreen)
        assert [w.code for w in second.screen.choices] == ["WV", "JD"]
        await paste(pilot, "voor jan de zin")
        await pilot.press("enter")
        await settle(pilot)
        assert second.user.code == "JD"
