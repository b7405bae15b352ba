"""Teambord's one registered theme: calm colours that survive a projector."""

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
