"""80×24 works (issue 15, part 7): the caseload bars stay whole, the footer keeps the section's own
keys, and a load over 100% looks different from a full one."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from screens.caseload.screen import CaseloadScreen, load_bar
from tests.conftest import settle


def footer_actions(app) -> list[str]:
    return [key.action for key in app.screen.query(FooterKey)]


def workers_table(app) -> DataTable:
    return app.screen.query_one("#caseload-workers", DataTable)


async def test_caseload_at_80_by_24_shows_every_bar_whole_and_follows_a_resize(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert app.screen.query_one("#caseload-figures").display
        wide = workers_table(app)
        assert "Anouk Verhoef" in str(wide.get_row_at(0)[0])

        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        table = workers_table(app)
        assert not app.screen.query_one("#caseload-figures").display  # the figures make way
        assert table.row_count >= 4
        assert table.virtual_size.width <= table.scrollable_content_region.width, "columns cut off at 80"
        for row in range(table.row_count):
            cells = [str(cell) for cell in table.get_row_at(row)]
            assert "%" in cells[6] and ("█" in cells[6] or "░" in cells[6])
            assert len(cells[0]) <= 3  # the code only

        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert "Anouk Verhoef" in str(workers_table(app).get_row_at(0)[0])


async def test_the_footer_keeps_the_sections_own_keys_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        wide = footer_actions(app)
        assert any("switch_mode" in action for action in wide)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = footer_actions(app)
        assert not any("switch_mode" in action for action in narrow)
        assert narrow[:4] == ["filter", "cycle_status", "cycle_region", "new"]  # the waiting list's own keys first
        # Each of those is on screen, not scrolled away to the right.
        shown = [key for key in app.screen.query(FooterKey) if key.action in narrow[:4]]
        assert all(key.region.right <= 80 and key.region.width for key in shown)


def test_a_load_over_capacity_looks_different_from_a_full_one():
    full, over, half = load_bar(22.0, 22.0, width=10), load_bar(24.8, 22.0, width=10), load_bar(11, 22, width=10)
    assert full.plain == "██████████ 100%"
    assert over.plain == "█████████▶ +13%"
    assert half.plain == "█████░░░░░  50%"
    assert len(full.plain) == len(over.plain) == len(half.plain)  # the columns stay aligned

    def styles(bar) -> str:
        return " ".join([str(bar.style), *(str(span.style) for span in bar.spans)])

    assert "red" in styles(over) and "red" not in styles(full)


async def test_enter_stays_in_the_footer_while_a_table_has_the_focus(make_app):
    """A DataTable's own hidden Enter key took "⏎ Openen" out of every section's footer."""
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for key, action in (("1", "open_selected"), ("4", "open_selected"), ("6", "open_selected")):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.focused, DataTable)
            assert footer_actions(app)[0] == action, (key, footer_actions(app))


async def test_the_planning_shows_as_many_workers_as_fit_and_pages_on(make_app):
    from screens.planning.screen import PlanningScreen

    def title() -> str:
        return str(app.screen.query_one("#planning-title").content)

    def columns() -> int:
        return len(app.screen.query_one("#planning-grid", DataTable).columns)  # the days are row labels

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        assert "medewerkers 1–2 van 6" in title() and columns() == 2
        grid = app.screen.query_one("#planning-grid", DataTable)
        assert grid.virtual_size.width <= grid.scrollable_content_region.width  # no worker cut off
        await pilot.press("pagedown")
        await settle(pilot)
        assert "medewerkers 3–4 van 6" in title()
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert "medewerkers 1–6 van 6" in title() and columns() == 6
