"""Every export says on its first line whether it is masked; an unmasked one needs a confirmation
and is audited as "ongemaskeerd" (issue 16 part 4)."""

from __future__ import annotations

import io

from sqlmodel import Session, select

from models.audit import AuditEntry
from models.enums import AuditAction
from models.export_notice import MASKED, UNMASKED
from screens.common.confirm import ConfirmScreen
from screens.handover.page import HandoverView
from tests.conftest import FROZEN_TODAY, settle
from tui.cli import main

LAST_WEEK = FROZEN_TODAY.replace(day=17)
SIZE = (160, 48)


def _export_details(database, entity: str) -> set[str]:
    with Session(database.engine) as session:
        return {e.detail for e in session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT,
                                                                         AuditEntry.entity == entity))}


def test_the_minutes_say_masked_on_their_first_line(cli_passphrase, demo_url, database, tmp_path):
    target = tmp_path / "verslag.md"
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--db", demo_url, "--as", "AV",
                 "--uit", str(target)]) == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == MASKED == "Gemaskeerd: alleen cliëntcodes."
    assert _export_details(database, "meeting") == {"gemaskeerd"}


def test_minutes_with_names_need_ja_and_are_audited_unmasked(cli_passphrase, demo_url, database, tmp_path, capsys, monkeypatch):
    target = tmp_path / "verslag.md"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--namen", "--db", demo_url, "--as", "AV",
                 "--uit", str(target)]) == 2
    assert "--ja" in capsys.readouterr().err
    assert not target.exists() and _export_details(database, "meeting") == set()

    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--namen", "--ja", "--db", demo_url,
                 "--as", "AV", "--uit", str(target)]) == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == UNMASKED == "NIET gemaskeerd: met initialen — alleen voor wie het moet weten."
    assert "NIET gemaskeerd" in capsys.readouterr().out
    assert _export_details(database, "meeting") == {"ongemaskeerd"}


def test_minutes_with_names_ask_on_a_terminal(cli_passphrase, demo_url, database, tmp_path, capsys, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    target = tmp_path / "verslag.md"
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--namen", "--db", demo_url, "--as", "AV",
                 "--uit", str(target)]) == 1
    out = capsys.readouterr().out
    assert "NIET gemaskeerd" in out and "(j/n)" in out and "Niets geëxporteerd." in out
    assert not target.exists() and _export_details(database, "meeting") == set()

    monkeypatch.setattr("sys.stdin", Terminal("j\n"))
    assert main(["export", "verslag", "--date", LAST_WEEK.isoformat(), "--namen", "--db", demo_url, "--as", "AV",
                 "--uit", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith(UNMASKED)


def test_the_handover_markdown_says_it_on_its_first_line(database):
    from models.audit import Actor
    from models.handover.export import export_handover
    from models.tables.handovers import Handover

    with database.session(Actor("AV"), write=True) as session:
        handover = session.exec(select(Handover).where(Handover.is_draft == False)).first()  # noqa: E712
        _name, masked = export_handover(session, handover.id)
        _name, unmasked = export_handover(session, handover.id, masked=False)
        session.commit()
    assert masked.splitlines()[0] == MASKED and masked.splitlines()[2].startswith("# Overdracht")
    assert unmasked.splitlines()[0] == UNMASKED
    assert _export_details(database, "handover") == {"gemaskeerd", "ongemaskeerd"}


def test_the_ics_says_it_in_the_calendar_description(cli_passphrase, demo_url, tmp_path):
    target = tmp_path / "week.ics"
    assert main(["export", "ics", "--worker", "AV", "--week", "48", "--jaar", "2026", "--db", demo_url,
                 "--uit", str(target)]) == 0
    content = target.read_text(encoding="utf-8")
    assert content.startswith("BEGIN:VCALENDAR")  # a sentence cannot come first in an iCalendar file
    assert f"X-WR-CALDESC:{MASKED}" in content


async def test_the_app_asks_before_a_handover_with_initials(make_app, database, tmp_path, monkeypatch):
    folder = tmp_path / "export"
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(folder))
    app = make_app(user="AV")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverView)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing written, nothing audited
        await settle(pilot)
        assert isinstance(app.screen, HandoverView)
        assert not folder.exists() or not list(folder.glob("*.md"))
        assert _export_details(database, "handover") == set()
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
    files = list(folder.glob("*.md"))
    assert len(files) == 1
    assert files[0].read_text(encoding="utf-8").splitlines()[0] == UNMASKED
    assert _export_details(database, "handover") == {"ongemaskeerd"}
