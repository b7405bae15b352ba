"""The `teambord` command line: Dutch help, database administration, and clean failures."""

from __future__ import annotations

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kill9_driver import PtyApp
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The real command, in its own process, as a user would start it."""
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_help_is_dutch_and_names_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    for text in ("Gebruik: teambord", "opties", "demo", "db", "seed", "--as CODE", "TEAMBORD_DB", "toon deze hulp"):
        assert text in out


def test_db_upgrade_then_check(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'team.db'}"
    assert main(["db", "check", "--db", url]) == 2  # does not exist yet: check never creates
    assert not (tmp_path / "team.db").exists()
    assert main(["db", "upgrade", "--db", url]) == 0
    assert main(["db", "check", "--db", url]) == 0
    assert "in orde" in capsys.readouterr().out


def test_seed_fills_only_an_empty_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'team.db'}"
    assert main(["seed", "demo", "--db", url]) == 0
    assert main(["seed", "demo", "--db", url]) == 2
    assert "bevat al gegevens" in capsys.readouterr().err


def test_a_file_that_is_no_database_stops_with_a_dutch_message_and_no_traceback(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("dit is geen database")
    result = run_cli("--db", f"sqlite:///{path}", "--as", "AV")
    assert result.returncode == 2
    assert "geen Teambord-database" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert path.read_text() == "dit is geen database"


def test_a_newer_schema_stops_with_a_dutch_message(tmp_path):
    path = tmp_path / "team.db"
    assert main(["db", "upgrade", "--db", f"sqlite:///{path}"]) == 0
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    result = run_cli("db", "check", "--db", f"sqlite:///{path}")
    assert result.returncode == 2 and "nieuwer" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    out = capsys.readouterr().out.strip()
    assert done.value.code == 0
    assert re.fullmatch(r"teambord \d+\.\d+\.\d+\S*", out), out


def test_help_names_the_config_file_and_the_export_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert str(tmp_path / "teambord" / "config.json") in out and "exportmap" in out


def test_seed_schaal_shows_a_progress_bar_on_a_terminal_only(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'schaal.db'}"
    assert main(["seed", "schaal", "--factor", "0.01", "--db", url]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Schaalgegevens aangemaakt:") and err == ""  # not a terminal: quiet

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    url = f"sqlite:///{tmp_path / 'schaal2.db'}"
    assert main(["seed", "schaal", "--factor", "0.01", "--db", url]) == 0
    drawn = terminal.getvalue()
    assert "Schaalgegevens: " in drawn and re.search(r"\d+/\d+", drawn)  # which table, rows of about how many
    assert capsys.readouterr().out.startswith("Schaalgegevens aangemaakt:")


@pytest.mark.parametrize("stop", ["SIGHUP", "SIGTERM"])
def test_the_demo_leaves_nothing_behind_when_its_terminal_closes(tmp_path, stop):
    """Closing the terminal window (SIGHUP) or `kill` (SIGTERM) used to end the demo without its
    clean-up: the demo database stayed in the temp folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    app = PtyApp(["-m", "tui.cli", "demo"], env=env, size=(120, 40))
    try:
        app.wait_for("Demo-database", timeout=90)  # its sign-in screen: the app runs on its demo database
        assert list(temp.glob("teambord-demo-*/demo.db"))
        app.process.send_signal(getattr(signal, stop))
        assert app.process.wait(timeout=30) == -getattr(signal, stop)  # it still ends as that signal says
    finally:
        app.close()
    assert list(temp.glob("teambord-demo-*")) == []
