"""The palette at organisation scale: clients by code, best match first, a bounded list (issue 14)."""

from __future__ import annotations

from textual.command import CommandList

from models.views import ClientRef
from screens.client.page import ClientPage
from tests.conftest import settle


def _shown(app) -> list[str]:
    options = app.screen.query_one(CommandList)
    prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
    return [str(getattr(prompt, "renderable", prompt)).split("\n")[0] for prompt in prompts]  # (Align: "Geen …")


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


async def test_a_registration_code_opens_the_waiting_list_on_it(make_app):
    from screens.waitlist.screen import WaitlistScreen

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        code = app.registration_index[-1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*code.lower())
        await settle(pilot)
        assert _shown(app)[0] == f"Aanmelding {code}"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistScreen)
        assert [row.code for row in app.screen.rows] == [code]


async def test_the_palette_speaks_dutch_only(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for english in ("quit", "theme", "screenshot", "keys"):
            await pilot.press(*english)
            await settle(pilot)
            await pilot.pause(0.8)  # the "no results" line comes after a short countdown
            assert _shown(app) == ["Geen resultaten"], (english, _shown(app))
            await pilot.press(*["backspace"] * len(english))
        await pilot.press(*"stoppen")
        await settle(pilot)
        assert _shown(app)[0] == "Stoppen"
