"""Encryption at rest (SQLCipher): encrypt a demo copy, open it with and without the team secret.

The key comes from TEAMBORD_SLEUTEL (monkeypatched), an in-memory keyring, or is missing; the
plain sqlite3 module must not read the encrypted file, and no message or log line may hold the key.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import keyring
import keyring.backend
import pytest

from tests.conftest import settle
from tui.cli import main
from tui.dbfile import is_encrypted, sqlite_path
from tui.diagnostics import log_path

KEY = "o'Brien-teamsleutel-2026"  # a quote in it: the PRAGMA must escape it
WRONG = "een-andere-sleutel-123"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in this test only (the machine's has no real backend)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.stored.get((service, username))

    def set_password(self, service, username, password):
        self.stored[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.stored.pop((service, username), None) is None:
            raise PasswordDeleteError("niet gevonden")


@pytest.fixture
def no_key_sources(monkeypatch):
    """No TEAMBORD_SLEUTEL, no terminal to ask in, the fail keyring: as a script or a service."""
    from keyring.backends import fail

    monkeypatch.delenv("TEAMBORD_SLEUTEL", raising=False)
    monkeypatch.setattr("tui.encryption.interactive", lambda: False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _counts(connection) -> dict[str, int]:
    names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                              "AND name NOT LIKE 'sqlite_%'")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _plain_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return _counts(connection)


def _encrypted_counts(path: Path, key: str) -> dict[str, int]:
    from tui.encryption import connect

    connection = connect(path, key)
    try:
        return _counts(connection)
    finally:
        connection.close()


@pytest.fixture
def encrypted_url(demo_url, monkeypatch, no_key_sources) -> str:
    """The demo copy, encrypted with KEY by `teambord db versleutelen` (key from the environment)."""
    monkeypatch.setenv("TEAMBORD_SLEUTEL", KEY)
    assert main(["db", "versleutelen", "--db", demo_url]) == 0
    monkeypatch.delenv("TEAMBORD_SLEUTEL")
    return demo_url


def test_versleutelen_encrypts_in_place_with_the_same_rows(demo_url, monkeypatch, no_key_sources, capsys):
    path = sqlite_path(demo_url)
    before = _plain_counts(path)
    monkeypatch.setenv("TEAMBORD_SLEUTEL", KEY)
    assert main(["db", "versleutelen", "--db", demo_url]) == 0
    out, err = capsys.readouterr()
    assert "Database versleuteld" in out and "schijf" in out  # the advice about old blocks on the disk
    assert KEY not in out + err
    assert is_encrypted(path)
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(path) as plain:
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    leftovers = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)
    assert leftovers == []  # no plain -wal/-shm, no temp copy
    assert (path.stat().st_mode & 0o777) == 0o600
    assert _encrypted_counts(path, KEY) == before
    # Twice is refused, and a short secret is refused before anything changes.
    assert main(["db", "versleutelen", "--db", demo_url]) == 2
    assert "al versleuteld" in capsys.readouterr().err


def test_a_short_secret_is_refused_and_the_file_stays_plain(demo_url, monkeypatch, no_key_sources, capsys):
    monkeypatch.setenv("TEAMBORD_SLEUTEL", "kort")
    assert main(["db", "versleutelen", "--db", demo_url]) == 2
    assert "minstens 12 tekens" in capsys.readouterr().err
    assert not is_encrypted(sqlite_path(demo_url))


async def test_the_app_opens_the_encrypted_database_with_the_key(encrypted_url, make_app):
    app = make_app(url=encrypted_url, database_key=KEY)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.user_label.startswith("Anouk Verhoef (AV)")
        from textual.widgets import DataTable

        mine = app.screen.query_one("#today-appointments", DataTable)
        codes = [str(mine.get_row_at(i)[2]) for i in range(mine.row_count)]
        assert any(code.startswith(("ZS-", "WL-")) for code in codes)


def test_without_the_key_teambord_stops_with_a_dutch_message(encrypted_url, capsys, no_key_sources):
    assert main(["--db", encrypted_url]) == 2
    err = capsys.readouterr().err
    assert "dit databasebestand is versleuteld" in err and "TEAMBORD_SLEUTEL" in err
    assert "Traceback" not in err
    assert main(["db", "check", "--db", encrypted_url]) == 2
    assert "versleuteld" in capsys.readouterr().err


def test_a_wrong_key_is_told_and_the_right_one_opens(encrypted_url, capfd, monkeypatch, no_key_sources):
    monkeypatch.setenv("TEAMBORD_SLEUTEL", WRONG)
    assert main(["--db", encrypted_url]) == 2
    err = capfd.readouterr().err  # file descriptor 2: SQLCipher's own log would write there, not to sys.stderr
    assert "De teamsleutel klopt niet" in err and WRONG not in err and "hmac" not in err
    monkeypatch.setenv("TEAMBORD_SLEUTEL", KEY)
    assert main(["db", "check", "--db", encrypted_url]) == 0
    assert "in orde" in capfd.readouterr().out
    assert KEY not in log_path().read_text(encoding="utf-8") and WRONG not in log_path().read_text(encoding="utf-8")


def test_open_database_names_a_wrong_key_and_a_key_for_a_plain_file(encrypted_url, demo_template, tmp_path):
    import shutil

    from tui.db import open_database
    from tui.dbfile import DatabaseProblem

    with pytest.raises(DatabaseProblem, match="klopt niet") as wrong:
        open_database(encrypted_url, key=WRONG)
    assert WRONG not in str(wrong.value)
    with pytest.raises(DatabaseProblem, match="versleuteld"):
        open_database(encrypted_url)  # no key: not called broken, called encrypted
    plain = shutil.copy(demo_template, tmp_path / "plain.db")
    with pytest.raises(DatabaseProblem, match="niet versleuteld"):
        open_database(f"sqlite:///{plain}", key=KEY)
    database = open_database(encrypted_url, key=KEY)
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()


def test_the_keyring_holds_the_key_so_no_one_is_asked(encrypted_url, capsys, monkeypatch, no_key_sources):
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.setenv("TEAMBORD_SLEUTEL", KEY)  # sleutel-opslaan checks the key against the file first
    assert main(["db", "sleutel-opslaan", "--db", encrypted_url]) == 0
    monkeypatch.delenv("TEAMBORD_SLEUTEL")
    assert list(memory.stored.values()) == [KEY]
    assert main(["db", "check", "--db", encrypted_url]) == 0
    assert "in orde" in capsys.readouterr().out
    from tui.encryption import database_key_for

    assert database_key_for(encrypted_url) == KEY
    assert main(["db", "sleutel-vergeten", "--db", encrypted_url]) == 0
    assert memory.stored == {}
    assert main(["db", "check", "--db", encrypted_url]) == 2


def test_a_prompt_asks_three_times(encrypted_url, capsys, monkeypatch, no_key_sources):
    from tui import encryption

    answers = iter([WRONG, "", KEY])
    monkeypatch.setattr(encryption, "interactive", lambda: True)
    monkeypatch.setattr(encryption, "ask_key", lambda prompt: next(answers))
    assert encryption.database_key_for(encrypted_url) == KEY
    answers = iter([WRONG] * 3)
    from tui.dbfile import DatabaseProblem

    with pytest.raises(DatabaseProblem, match="klopt niet"):
        encryption.database_key_for(encrypted_url)
    assert capsys.readouterr().err.count("Probeer het opnieuw") == 4  # not after the last try


def test_a_plain_database_opens_as_before_without_a_key(demo_url, capsys, no_key_sources, monkeypatch):
    from tui import encryption

    def no_asking(prompt):
        raise AssertionError("a plain database must not ask for a key")

    monkeypatch.setattr(encryption, "ask_key", no_asking)
    assert encryption.database_key_for(demo_url) is None
    assert encryption.database_key_for("postgresql+psycopg://teambord@server/teambord") is None
    assert main(["db", "check", "--db", demo_url]) == 0
    assert "in orde" in capsys.readouterr().out
    assert not is_encrypted(sqlite_path(demo_url))


def test_a_text_file_is_still_called_no_database(tmp_path, capsys, no_key_sources):
    path = tmp_path / "notities.db"
    path.write_text("dit is geen database")
    assert not is_encrypted(path)
    assert main(["db", "check", "--db", f"sqlite:///{path}"]) == 2
    assert "geen Teambord-database" in capsys.readouterr().err


def test_versleutelen_in_a_terminal_asks_the_secret_twice(demo_url, capsys, monkeypatch, no_key_sources):
    from tui import encryption

    monkeypatch.setattr(encryption, "interactive", lambda: True)
    answers = iter([KEY, KEY + "x"])  # a typo in the second: nothing changes
    monkeypatch.setattr(encryption, "ask_key", lambda prompt: next(answers))
    assert main(["db", "versleutelen", "--db", demo_url]) == 2
    assert "verschillen" in capsys.readouterr().err
    assert not is_encrypted(sqlite_path(demo_url))
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    answers = iter([KEY, KEY])
    assert main(["db", "versleutelen", "--sleutelbos", "--db", demo_url]) == 0
    assert "sleutelbos" in capsys.readouterr().out
    assert list(memory.stored.values()) == [KEY]
    monkeypatch.setattr(encryption, "ask_key", lambda prompt: pytest.fail("the keyring has the key"))
    assert main(["db", "check", "--db", demo_url]) == 0


def test_without_sqlcipher_the_message_says_what_to_install(encrypted_url, capsys, monkeypatch, no_key_sources):
    import sys

    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import fails, as when the extra is missing
    monkeypatch.setenv("TEAMBORD_SLEUTEL", KEY)
    assert main(["db", "check", "--db", encrypted_url]) == 2
    assert "pip install 'teambord[versleuteling]'" in capsys.readouterr().err


def test_versleutelen_refuses_while_another_program_has_the_file_open(demo_url, capsys, monkeypatch,
                                                                      no_key_sources):
    import subprocess
    import sys

    path = sqlite_path(demo_url)
    holder = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL'); "
              "c.execute('SELECT count(*) FROM worker').fetchone(); print('open', flush=True); time.sleep(30)")
    other = subprocess.Popen([sys.executable, "-c", holder, str(path)], stdout=subprocess.PIPE, text=True)
    try:  # another process, as a running Teambord: WAL mode, a connection open and idle
        assert other.stdout.readline().strip() == "open"
        monkeypatch.setenv("TEAMBORD_SLEUTEL", KEY)
        assert main(["db", "versleutelen", "--db", demo_url]) == 2
        assert "nog open in een ander programma" in capsys.readouterr().err
        assert not is_encrypted(path)
    finally:
        other.kill()
        other.wait()
    assert main(["db", "versleutelen", "--db", demo_url]) == 0  # once it is closed
