"""Opening and closing a modal many times must not leave widgets behind (PERFORMANCE.md)."""

from __future__ import annotations

import gc

from tests.conftest import settle


def _alive(type_name: str) -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if type(obj).__name__ == type_name)


async def test_help_screen_cycles_leave_no_footer_keys_or_screens_behind(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark", "q")
        await settle(pilot)
        keys_before = _alive("FooterKey")
        for _ in range(12):
            await pilot.press("question_mark")
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
        await settle(pilot)
        assert _alive("FooterKey") <= keys_before
        assert _alive("HelpScreen") <= 1  # the one the app keeps installed
