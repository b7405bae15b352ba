"""First visits do not re-parse Teambord's CSS (issue 14).

Textual re-parsed all CSS and restyled the whole app when a section was first shown (a new screen
looked out of date) and whenever a screen brought a CSS file or widget class not seen before. The
styles are read once, after the first data, and a new section starts up to date.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

from tests.conftest import settle


async def test_first_visits_of_sections_forms_and_the_client_page_parse_no_css(make_app, monkeypatch):
    parses: list[int] = []
    original = Stylesheet.reparse

    def counting(self) -> None:
        parses.append(1)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)  # the styles are read once the first data is on screen
        await settle(pilot)
        assert app._styles_preloaded
        parses.clear()
        for key in "23456":
            await pilot.press(key)
            await settle(pilot)
        app.open_client(app.client_index[0].id)
        await settle(pilot)
        await pilot.press("q", "3", "n")
        await settle(pilot)
        assert type(app.screen).__name__ == "RegistrationForm"
        assert parses == []
