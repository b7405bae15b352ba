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


async def test_cursor_moves_switch_footer_keys_in_place_without_recomposing(make_app, monkeypatch):
    """A row highlight refreshes the bindings (keys depend on the row's status); the footer then
    switches which keys are enabled in place instead of remounting all of them (issue 14)."""
    from textual.widgets._footer import FooterKey

    from screens.common.footer import TeambordFooter

    recomposed: list[int] = []
    original = TeambordFooter.recompose

    async def counting(self) -> None:
        recomposed.append(1)
        await original(self)

    monkeypatch.setattr(TeambordFooter, "recompose", counting)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        recomposed.clear()
        seen_states = set()
        for _ in range(10):
            await pilot.press("down")
            await settle(pilot)
            footer = app.screen.query_one(TeambordFooter)
            shown = {key.action: not key.has_class("-disabled") for key in footer.query(FooterKey)}
            wanted = {binding.action: enabled for (_node, binding, enabled, _tip)
                      in app.screen.active_bindings.values() if binding.show}
            assert {action: shown[action] for action in wanted if action in shown} == \
                {action: wanted[action] for action in wanted if action in shown}
            seen_states.add(tuple(sorted(shown.items())))
        assert recomposed == []
        assert len(seen_states) > 1, "the rows should differ in which steps are possible"
