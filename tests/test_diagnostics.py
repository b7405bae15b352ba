"""Failures say what failed: Dutch messages naming the step, a log with codes only, --debug, --version.

The log is read back in each test (it lives under the test's own XDG_STATE_HOME, see conftest).
The forced failures carry a made-up client text in their exception message, to prove that the
message never reaches the log or the terminal.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import settle
from tui.cli import main
from tui.diagnostics import log_path, setup_logging

ROOT = Path(__file__).resolve().parent.parent
SECRET = "Jansen woont bij haar zus"  # stands for client text that must never be logged


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


@pytest.fixture
def terminal(capsys, monkeypatch):
    """What the app prints to the terminal when it stops (stderr), on one wide line per paragraph."""
    monkeypatch.setenv("COLUMNS", "400")  # the exit message is printed by a Rich console: no wrapping

    def read() -> str:
        captured = capsys.readouterr()
        return captured.err + captured.out

    return read


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("teambord 0.")


@pytest.mark.parametrize(("argv", "dutch"), [
    (["db", "chekc"], "ongeldige keuze 'chekc'"),
    (["--onzin"], "onbekende argumenten: --onzin"),
    (["export", "ics", "--week", "48"], "deze argumenten zijn verplicht: --worker"),
    (["export", "ics", "--worker", "AV", "--week", "acht"], "'acht' is geen geheel getal"),
    (["--db"], "verwacht één waarde"),
])
def test_argparse_messages_are_dutch(capsys, argv, dutch):
    with pytest.raises(SystemExit) as done:
        main(argv)
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert dutch in err and "fout in de opdracht" in err
    for english in ("invalid choice", "unrecognized", "required", "expected one", "invalid int"):
        assert english not in err


@pytest.mark.parametrize(("url", "message"), [
    ("foo://nergens", "De database-URL is ongeldig"),
    ("postgresql+psycopg://niemand@127.0.0.1:1/teambord", "Kan geen verbinding maken met de database"),
])
def test_db_check_with_a_bad_url_says_why_in_dutch_without_traceback(tmp_path, url, message):
    result = run_cli("db", "check", "--db", url, env={"XDG_STATE_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert message in result.stderr and "(stap: verbinden met de database)" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    log = (tmp_path / "teambord" / "log" / "teambord.log").read_text()
    assert "step=db-check:verbinden met de database" in log


def test_a_mistyped_sqlite_folder_is_not_created(tmp_path, capsys):
    missing = tmp_path / "typo" / "map"
    for argv in (["db", "upgrade", "--db", f"sqlite:///{missing / 'team.db'}"],
                 ["--db", f"sqlite:///{missing / 'team.db'}", "--as", "AV"]):
        assert main(argv) == 2
        assert f"De map {missing} bestaat niet" in capsys.readouterr().err
    assert not (tmp_path / "typo").exists()


async def test_a_failing_demo_seed_names_the_step_and_the_log(make_app, tmp_path, monkeypatch, terminal):
    import fixtures.demo

    def broken_seed(engine, today=None, seed=0):
        raise IndexError(f"Cannot choose from an empty sequence ({SECRET})")

    monkeypatch.setattr(fixtures.demo, "seed_demo", broken_seed)
    setup_logging(folder=tmp_path / "log")
    app = make_app(user=None, url=f"sqlite:///{tmp_path / 'demo.db'}", demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    shown = terminal()
    assert "Teambord kon niet starten (stap: demo-gegevens aanmaken)." in shown
    assert "De demo-gegevens konden niet worden aangemaakt" in shown
    assert f"Details staan in het logboek: {tmp_path / 'log' / 'teambord.log'}" in shown
    assert "Traceback" not in shown and SECRET not in shown
    log = (tmp_path / "log" / "teambord.log").read_text()
    assert "step=startup:demo-gegevens aanmaken" in log and "error=builtins.IndexError at" in log
    assert SECRET not in log


async def test_debug_shows_the_traceback_of_a_failing_start(make_app, tmp_path, monkeypatch, terminal):
    import fixtures.demo

    monkeypatch.setattr(fixtures.demo, "seed_demo", lambda engine, **_: [][0])
    app = make_app(user=None, url=f"sqlite:///{tmp_path / 'demo.db'}", demo=True, debug=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
    shown = terminal()
    assert "Traceback" in shown and "IndexError" in shown and "stap: demo-gegevens aanmaken" in shown


async def test_a_failing_section_load_is_told_and_logged(make_app, tmp_path, monkeypatch):
    from screens.waitlist.screen import WaitlistScreen

    def broken_fetch(self, session):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(WaitlistScreen, "fetch", broken_fetch)
    setup_logging(folder=tmp_path / "log")
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        shown = [str(n.message) for n in app._notifications]
        assert any("niet gelukt (de gegevens laden)" in text and "logboek" in text for text in shown)
        assert app.is_running  # the team keeps working in the other sections
        await pilot.press("1")
        await settle(pilot)
    log = log_path().read_text()
    assert "step=worker:section-load screen=WaitlistScreen error=builtins.RuntimeError at" in log
    assert "screens/waitlist/screen.py" not in log or "fetch" in log
    assert SECRET not in log


async def test_a_crash_prints_dutch_and_logs_no_client_text(make_app, tmp_path, monkeypatch, terminal):
    from tui.app import TeambordApp

    def crash(self):
        raise ValueError(SECRET)

    monkeypatch.setattr(TeambordApp, "action_toggle_mask", crash)
    setup_logging(folder=tmp_path / "log")
    app = make_app()
    with pytest.raises(ValueError):  # Pilot re-raises the app's first crash for the test
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await pilot.pause()
    shown = terminal()
    assert "Teambord is onverwacht gestopt" in shown and "Details staan in het logboek" in shown
    assert SECRET not in shown and "Traceback" not in shown
    log = log_path().read_text()
    assert "step=crash" in log and "builtins.ValueError" in log and SECRET not in log
