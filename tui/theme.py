"""Teambord's two registered themes: calm colours that survive a projector, dark and light.

The dark one is the default; the palette's "Licht thema" / "Donker thema" switches, and config.json
remembers the choice (tui/config.py). The screens' stylesheets use only theme variables ($primary,
$text-muted …), so each section reads in both.
"""

from textual.theme import Theme

TEAMBORD_THEME = Theme(
    name="teambord",
    primary="#2F6F8F",
    secondary="#6A8D73",
    accent="#E0A458",
    warning="#D98E04",
    error="#C44536",
    success="#4E9F3D",
    foreground="#E6E6E6",
    background="#1B1F23",
    surface="#23292F",
    panel="#2C343B",
    dark=True,
)

# The same hues, darkened where they colour text on a light background (the amber accent, the
# warning and success colours), so the contrast holds on a washed-out projector too.
TEAMBORD_LIGHT_THEME = Theme(
    name="teambord-licht",
    primary="#2F6F8F",
    secondary="#4F7458",
    accent="#9A5A0C",
    warning="#9C6200",
    error="#B03A2E",
    success="#2F7A24",
    foreground="#1D2125",
    background="#F6F6F2",
    surface="#ECECE6",
    panel="#DEE2DF",
    dark=False,
)

THEMES: dict[str, Theme] = {theme.name: theme for theme in (TEAMBORD_THEME, TEAMBORD_LIGHT_THEME)}


def theme_named(name: str) -> Theme:
    """The theme called `name`, or the dark default for a name Teambord does not know."""
    return THEMES.get(name, TEAMBORD_THEME)
