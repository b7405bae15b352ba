"""The command line signs in as the app does (issue 16, part 1): a command acting as a worker first
checks that worker's passphrase, from TEAMBORD_WACHTWOORDZIN or asked on the terminal."""

from __future__ import annotations

from sqlmodel import Session, select

from models.audit import Actor, AuditEntry
from tui.cli_signin import signed_in_actor


def failures(database) -> list[AuditEntry]:
    with Session(database.engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == "signfail")).all())


def test_the_passphrase_from_the_environment_signs_in(database, monkeypatch):
    monkeypatch.setenv("TEAMBORD_WACHTWOORDZIN", "demo")
    assert signed_in_actor(database, "SK") == Actor("SK")


def test_a_wrong_one_is_refused_and_audited(database, monkeypatch):
    monkeypatch.setenv("TEAMBORD_WACHTWOORDZIN", "geraden")
    assert signed_in_actor(database, "SK") == "deze wachtwoordzin klopt niet."
    assert [entry.user_code for entry in failures(database)] == ["SK"]


def test_without_a_terminal_or_the_variable_it_says_how(database, monkeypatch):
    monkeypatch.delenv("TEAMBORD_WACHTWOORDZIN", raising=False)
    monkeypatch.setattr("tui.cli_confirm.interactive", lambda: False)
    reason = signed_in_actor(database, "SK")
    assert reason == ("geef de wachtwoordzin van SK: start de opdracht in een terminal, of zet hem in "
                      "TEAMBORD_WACHTWOORDZIN.")
    assert failures(database) == []


def test_on_a_terminal_it_asks_three_times(database, monkeypatch, capsys):
    monkeypatch.delenv("TEAMBORD_WACHTWOORDZIN", raising=False)
    monkeypatch.setattr("tui.cli_confirm.interactive", lambda: True)
    answers = iter(["fout", "ook fout", "demo"])
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or next(answers))
    assert signed_in_actor(database, "RM") == Actor("RM")
    assert asked == ["Wachtwoordzin van RM: "] * 3
    assert capsys.readouterr().err.count("Deze wachtwoordzin klopt niet.") == 2
    assert len(failures(database)) == 2


def test_a_command_acting_as_a_worker_refuses_without_the_passphrase(demo_url, monkeypatch, capsys):
    from tui.cli import main

    monkeypatch.delenv("TEAMBORD_WACHTWOORDZIN", raising=False)
    monkeypatch.setattr("tui.cli_confirm.interactive", lambda: False)
    assert main(["sluitingsdag", "toevoegen", "2027-03-12", "--as", "AV", "--db", demo_url]) == 2
    assert "geef de wachtwoordzin van AV" in capsys.readouterr().err
    assert main(["sluitingsdag", "--db", demo_url]) == 0  # listing acts as nobody: no passphrase
    before = capsys.readouterr().out
    monkeypatch.setenv("TEAMBORD_WACHTWOORDZIN", "demo")
    assert main(["sluitingsdag", "toevoegen", "2027-03-12", "--as", "AV", "--db", demo_url]) == 0
    assert main(["sluitingsdag", "--db", demo_url]) == 0
    after = capsys.readouterr().out.split("\n", 1)[1]  # the line saying it was added, then the list
    assert "12 mrt 2027" in after and "12 mrt 2027" not in before
