"""The `teambord` command line: Dutch help, database administration, and clean failures."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

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
