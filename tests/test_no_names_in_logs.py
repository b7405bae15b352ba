"""Client names never reach the log, a traceback or the terminal (issue 16 part 6).

Each section's load is made to fail, and one write, with an exception whose message holds a real
client's initials and Care4 reference (as a database error that echoes a value would). The app tells the
user and logs the failure; the log file (the test's own, tests/conftest.py `private_log_dir`), what was
written to stdout/stderr and the toasts are then scanned for the initials and the reference.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from models.audit import Actor
from models.tables.clients import Client
from tests.conftest import settle
from tui.diagnostics import log_path

SIZE = (160, 48)
SECTIONS = [
    ("1", "screens.vandaag.screen", "TodayScreen"),
    ("2", "screens.planning.screen", "PlanningScreen"),
    ("3", "screens.waitlist.screen", "WaitlistScreen"),
    ("4", "screens.caseload.screen", "CaseloadScreen"),
    ("5", "screens.overleg.screen", "OverlegScreen"),
    ("6", "screens.handover.screen", "HandoverScreen"),
]


@pytest.fixture
def client_text(database) -> tuple[str, str]:
    """A real demo client's initials and Care4 reference: what must never be written down."""
    with database.session(Actor("AV")) as session:
        client = session.exec(select(Client).where(Client.initials != "", Client.care4_ref != "")).first()
    assert "." in client.initials and client.care4_ref.startswith("C4-")
    return client.initials, client.care4_ref


def everything_written(app, capfd) -> str:
    """The log files, the terminal (the process's own stdout/stderr) and the toasts, as one text."""
    captured = capfd.readouterr()
    logs = [path.read_text(encoding="utf-8", errors="replace") for path in log_path().parent.glob("*.log*")]
    toasts = [f"{n.title} {n.message}" for n in app._notifications]
    return "\n".join([*logs, captured.out, captured.err, *toasts])


@pytest.mark.parametrize(("key", "module", "name"), SECTIONS, ids=[name for _k, _m, name in SECTIONS])
async def test_a_failing_section_load_writes_no_client_name(make_app, client_text, capfd, monkeypatch,
                                                           key, module, name):
    import importlib

    initials, care4 = client_text
    screen_class = getattr(importlib.import_module(module), name)

    def broken_fetch(self, session, *args, **kwargs):
        raise RuntimeError(f"cliënt {initials} ({care4}) niet gevonden")

    monkeypatch.setattr(screen_class, "fetch", broken_fetch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2" if key == "1" else "1", key)  # into the section (again): its load fails
        await settle(pilot)
        assert any("niet gelukt" in str(n.message) for n in app._notifications), "the failure is told"
        assert app.is_running
        written = everything_written(app, capfd)
    assert f"step=worker:section-load screen={name}" in written, "the failure is logged"
    assert initials not in written and care4 not in written


async def test_a_failing_write_writes_no_client_name(make_app, client_text, capfd, monkeypatch):
    from models.actions import caseload

    initials, care4 = client_text

    def broken_change(session, *args, **kwargs):
        raise ValueError(f"fase van {initials} / {care4} kon niet worden opgeslagen")

    monkeypatch.setattr(caseload, "change_fase", broken_change)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        app.screen.query_one("#caseload-clients").focus()
        await pilot.press("f")  # change the phase: a question first, then the write
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert any("niet gelukt (de fase wijzigen)" in str(n.message) for n in app._notifications)
        written = everything_written(app, capfd)
    assert "step=worker:write" in written and "builtins.ValueError" in written
    assert initials not in written and care4 not in written
