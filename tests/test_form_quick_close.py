"""A form closed right after it opened, untouched, closes without asking (found by the benchmarks:
the widgets' own first Changed events counted as typing for the first ~0.1 s)."""

from __future__ import annotations

import pytest

from screens.common.confirm import ConfirmScreen
from tests.conftest import settle


@pytest.mark.parametrize("section,key", [("3", "n"), ("2", "n"), ("6", "n")])
async def test_an_untouched_form_closes_at_once(make_app, section, key):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press(section)
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        # In a terminal the widgets' first Changed events (their initial values) can arrive after
        # the form started clean, when Ctrl+W comes within ~0.1 s; Pilot waits too well to race,
        # so let such a late event mark the form as changed, as it did.
        app.screen.dirty = True
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.screen.__class__.__name__.endswith("Screen")  # back on the section


async def test_typed_input_still_asks(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n", "x", "ctrl+w")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
