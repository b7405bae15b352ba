"""Exports in one place: the minutes previewed as Markdown before Ctrl+S saves them, the handover and the
iCalendar export, each into the export folder of config.json, announced with the file's path."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session, select
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock

from models.audit import Actor, AuditEntry
from models.clock import at
from models.enums import AuditAction
from models.tables.overleg import AgendaItem, Meeting
from screens.overleg.meeting_mode import MeetingModeScreen
from screens.overleg.minutes_preview import MinutesPreview
from screens.overleg.screen import OverlegScreen
from screens.planning.day_dialog import AskScreen
from tests.conftest import FROZEN_TODAY, paste, settle, wait_until

SIZE = (160, 48)
LAST_MEETING_FILE = "verslag-overleg-2026-11-17.md"


def export_folder_in_config(tmp_path, monkeypatch) -> Path:
    """The app's config.json (make_app: tmp_path/config.json) names the export folder."""
    monkeypatch.delenv("TEAMBORD_EXPORT_DIR", raising=False)
    folder = tmp_path / "Mijn exports"
    (tmp_path / "config.json").write_text(json.dumps({"export_folder": str(folder)}), encoding="utf-8")
    return folder


def shown_markdown(app) -> str:
    blocks = app.screen.query_one(Markdown).query(MarkdownBlock)
    return "\n".join(block._content.plain for block in blocks)


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_minutes_are_previewed_then_saved_in_the_export_folder(make_app, database, tmp_path, monkeypatch):
    folder = export_folder_in_config(tmp_path, monkeypatch)
    monkeypatch.chdir(tmp_path)
    with database.session(Actor("JB"), write=True) as session:  # odd text must read as typed, not as markup
        meeting = session.exec(select(Meeting).where(Meeting.start < at(FROZEN_TODAY, 0))
                               .order_by(Meeting.start.desc())).first()
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                     AgendaItem.client_id.is_not(None))).first()
        item.question = "Bel [/] oma *nu* of [b]niet[/b]?"
        session.add(item)
        session.commit()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5", "comma")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen) and "dinsdag 17 november 2026" in str(
            app.screen.query_one("#overleg-title").content)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, MinutesPreview)
        await wait_until(pilot, lambda: "Agendapunten" in shown_markdown(app), "the minutes shown")
        shown = shown_markdown(app)
        assert "Verslag ambulant overleg dinsdag 17 november 2026" in shown
        assert "Bel [/] oma *nu* of [b]niet[/b]?" in shown
        assert not folder.exists() or not list(folder.iterdir())  # nothing written by looking

        await pilot.press("escape")  # closing writes nothing
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)
        assert not folder.exists() or not list(folder.iterdir())

        await pilot.press("x")
        await settle(pilot)
        await wait_until(pilot, lambda: "Agendapunten" in shown_markdown(app), "the minutes shown again")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OverlegScreen)
    path = folder / LAST_MEETING_FILE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Gemaskeerd: alleen cliëntcodes.\n\n# Verslag ambulant overleg dinsdag 17 november 2026")
    assert f"Opgeslagen: {path}" in toasts(app)
    assert not (tmp_path / LAST_MEETING_FILE).exists()  # not in the working folder any more
    with Session(database.engine) as session:
        exported = {e.client_code for e in session.exec(select(AuditEntry).where(
            AuditEntry.action == AuditAction.EXPORT, AuditEntry.entity == "meeting"))}
    assert exported and all(code in text for code in exported)


async def test_meeting_mode_x_saves_the_notes_then_previews_them(make_app, tmp_path, monkeypatch):
    folder = export_folder_in_config(tmp_path, monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("j")  # the meeting is tomorrow: start it early
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)
        await pilot.press("o")
        await paste(pilot, "Intakes deze week nog plannen")
        await pilot.press("x")  # inside the notes field x is text: leave the field first
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, MinutesPreview)
        await wait_until(pilot, lambda: "Agendapunten" in shown_markdown(app), "the minutes shown")
        assert "Opmerkingen: Intakes deze week nog plannenx" in shown_markdown(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingModeScreen)  # back where the minute taker was
        await pilot.press("escape")
        await settle(pilot)
    files = list(folder.glob("verslag-overleg-*.md"))
    assert len(files) == 1 and "**Opmerkingen:** Intakes deze week nog plannenx" in files[0].read_text(encoding="utf-8")
    assert f"Opgeslagen: {files[0]}" in toasts(app)


async def test_a_handover_export_lands_in_the_export_folder(make_app, tmp_path, monkeypatch):
    folder = export_folder_in_config(tmp_path, monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
    files = list(folder.glob("overdracht-*.md"))
    assert len(files) == 1
    assert f"Opgeslagen: {files[0]}" in toasts(app)


async def test_the_icalendar_export_offers_the_export_folder(make_app, tmp_path, monkeypatch):
    folder = export_folder_in_config(tmp_path, monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.screen.value == str(folder / "AV-2026-week48.ics")
        await pilot.press("enter")
        await settle(pilot)
    assert (folder / "AV-2026-week48.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert f"Opgeslagen: {folder / 'AV-2026-week48.ics'}" in toasts(app)


async def test_an_export_folder_that_cannot_be_made_is_said_and_nothing_is_written(make_app, database, tmp_path,
                                                                                     monkeypatch):
    monkeypatch.delenv("TEAMBORD_EXPORT_DIR", raising=False)
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map", encoding="utf-8")
    (tmp_path / "config.json").write_text(json.dumps({"export_folder": str(blocker / "exports")}), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert any("kan niet worden aangemaakt" in message for message in toasts(app))
    with Session(database.engine) as session:  # no file, so no export in the audit log either
        assert session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).first() is None
