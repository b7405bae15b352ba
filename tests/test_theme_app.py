"""The light theme next to the dark one: switched in the palette, remembered in config.json, used from
the first frame of the next start; and the screens' stylesheets use theme variables only."""

from __future__ import annotations

import json
import re
from pathlib import Path

from textual.command import CommandList

from tests.conftest import settle
from tui.config import DARK_THEME, LIGHT_THEME
from tui.theme import TEAMBORD_LIGHT_THEME, TEAMBORD_THEME

SIZE = (160, 48)
ROOT = Path(__file__).resolve().parent.parent


async def choose_in_palette(pilot, text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    await settle(pilot)
    options = pilot.app.screen.query_one(CommandList)
    first = options.get_option_at_index(0).prompt
    assert text in str(first).lower(), str(first)  # the theme command is the best match
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_switches_to_light_and_the_next_start_keeps_it(make_app, tmp_path):
    config = tmp_path / "config.json"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == DARK_THEME and app.has_class("-dark-mode")
        await choose_in_palette(pilot, "licht thema")
        assert app.theme == LIGHT_THEME and app.has_class("-light-mode") and not app.has_class("-dark-mode")
        assert app.get_css_variables()["background"] == TEAMBORD_LIGHT_THEME.background
        assert any(n.message == "Thema: licht. Teambord onthoudt dit." for n in app._notifications)
        for section in "23456":  # every section paints in the light theme
            await pilot.press(section)
            await settle(pilot)
    assert json.loads(config.read_text(encoding="utf-8"))["theme"] == LIGHT_THEME
    assert json.loads(config.read_text(encoding="utf-8"))["last_user"]  # the last user is still remembered

    again = make_app()
    assert again.theme == LIGHT_THEME  # set before the stylesheet is first read, not after the first frame
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == LIGHT_THEME and again.has_class("-light-mode")
        assert again.get_css_variables()["background"] == TEAMBORD_LIGHT_THEME.background
        await choose_in_palette(pilot, "donker thema")  # the palette offers the way back
        assert again.theme == DARK_THEME
    assert json.loads(config.read_text(encoding="utf-8"))["theme"] == DARK_THEME
    assert make_app().get_css_variables()["background"] == TEAMBORD_THEME.background


async def test_a_config_that_cannot_be_written_keeps_the_switch_for_this_session_only(make_app, tmp_path):
    (tmp_path / "config.json").write_text("{kapot", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_in_palette(pilot, "licht thema")
        assert app.theme == LIGHT_THEME
        assert any("kon niet worden bijgewerkt" in n.message for n in app._notifications)
    assert (tmp_path / "config.json").read_text(encoding="utf-8") == "{kapot"


# A colour written into a stylesheet reads in one theme only: screens use $primary, $text-muted …
HARD_CODED = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(rgba?|hsla?)\(|:\s*[^;$]*\b(white|black|red|green|blue|yellow|"
                        r"cyan|magenta|orange|grey|gray|purple|pink|brown)\b")


def test_the_stylesheets_use_theme_variables_not_colours():
    offenders = []
    for path in [*ROOT.joinpath("screens").rglob("*.tcss"), *ROOT.joinpath("tui").rglob("*.tcss")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = re.sub(r"/\*.*?\*/", "", line)
            if HARD_CODED.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
