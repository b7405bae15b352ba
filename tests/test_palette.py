"""The palette at organisation scale: clients by code, best match first, a bounded list (issue 14)."""

from __future__ import annotations

from textual.command import CommandList

from models.views import ClientRef
from screens.client.page import ClientPage
from tests.conftest import settle


def _shown(app) -> list[str]:
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def test_a_code_finds_its_client_among_15000_first(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        real = app.client_index[0]
        invented = [ClientRef(id=100_000 + n, code=f"ZS-{n:05d}", initials="") for n in range(15_000)]
        app.client_index = [*invented, real]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"0008")
        await settle(pilot)
        shown = _shown(app)
        assert shown[0] == "Cliënt ZS-00008"  # the code that starts with what was typed, lowest first
        assert 1 < len(shown) <= 25  # a handful of clients, not thousands
        await pilot.press(*["backspace"] * 4)
        await pilot.press(*real.code.lower().replace("-", ""))  # lower case, no dash
        await settle(pilot)
        assert _shown(app)[0] == f"Cliënt {real.code}"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientPage) and app.screen.client_id == real.id
