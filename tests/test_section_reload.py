"""Coming back to a section reloads it only when data changed (issue 14).

Opening a client page writes a "lezen" audit entry, and a form writes its draft in the
background: neither is news for the sections, so closing them must not make the section reload
(at organisation scale a reload cost up to a second on every return). A real change still does.
"""

from __future__ import annotations

from sqlmodel import select

from models.actions.vandaag import mark_action_done
from models.enums import ActionStatus
from models.tables.overleg import ActionItem
from screens.common.section import SectionScreen
from tests.conftest import settle


def _count_loads(monkeypatch) -> list[str]:
    loads: list[str] = []
    original = SectionScreen._load

    def load(self) -> None:
        loads.append(self.MODE)
        original(self)

    monkeypatch.setattr(SectionScreen, "_load", load)
    return loads


async def test_client_page_and_drafts_do_not_reload_the_section(make_app, monkeypatch):
    loads = _count_loads(monkeypatch)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        loads.clear()
        app.open_client(app.client_index[0].id)  # an audited read: writes a "lezen" entry
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert loads == []
        await pilot.press("3")
        await settle(pilot)
        assert loads == ["wachtlijst"]  # its first visit
        monkeypatch.setattr("screens.common.form.DRAFT_DELAY", 0.1)  # the debounce is not under test
        await pilot.press("n", "x", "y")  # a new registration; its draft is written in the background
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert loads == ["wachtlijst"]


async def test_a_change_reloads_the_section_on_return(make_app, monkeypatch):
    loads = _count_loads(monkeypatch)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        with app.database.session() as session:
            action_id = session.exec(select(ActionItem.id).where(ActionItem.status == ActionStatus.OPEN)).first()
        app.runner.write(app.screen, mark_action_done, action_id)
        await settle(pilot)
        loads.clear()
        await pilot.press("5")
        await settle(pilot)
        # (the live-refresh poll may notice the same change and reload it once more)
        assert "overleg" in loads and set(loads) == {"overleg"}


async def test_a_revisit_keeps_the_tables_rendered_unless_the_look_changed(make_app, monkeypatch):
    """Textual restyles a resumed screen, and a restyled DataTable re-renders every cell; a section
    whose look did not change skips that (issue 14). Masking while away still restyles it."""
    from screens.common.table import BoardTable

    restyled: list[str] = []
    original = BoardTable.notify_style_update

    def counting(self) -> None:
        restyled.append(self.id or "")
        original(self)

    monkeypatch.setattr(BoardTable, "notify_style_update", counting)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        restyled.clear()
        await pilot.press("3")
        await settle(pilot)
        assert "waitlist-table" not in restyled
        await pilot.press("1", "m")  # masking changes the App's classes while Wachtlijst is away
        await settle(pilot)
        restyled.clear()
        await pilot.press("3")
        await settle(pilot)
        assert "waitlist-table" in restyled
