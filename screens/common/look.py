"""Screens that are not restyled when they come (back) into view with nothing changed.

Textual restyles every widget of a screen each time it is resumed: when it is first shown (its
widgets were styled a moment before, when they were mounted) and when it returns after another
screen. A restyled DataTable also throws away every rendered cell. At organisation scale that was
most of a section switch and ~200 ms of opening a client page (issue 14). A screen with this mixin
remembers the look it was styled for — the CSS version, the App's classes (masking, theme) and
the terminal size — and skips the restyle while that is unchanged.

Textual calls the `_on_screen_resume` of each class in the MRO, subclass first and Screen's own
last, so this handler only decides `event.refresh_styles` and Screen's handler does the rest.
"""

from __future__ import annotations

from typing import Any

from textual import events


class KeepsItsLook:
    _look: tuple | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        app = self.app  # type: ignore[attr-defined]
        # Styled with the current stylesheet when mounted: not "out of date" for Textual either.
        self._css_update_count = app._css_update_count
        self._look = _look_of(app)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        look = _look_of(self.app)  # type: ignore[attr-defined]
        if look == self._look:
            event.refresh_styles = False
        self._look = look


def _look_of(app) -> tuple:
    return (app._css_update_count, frozenset(app.classes), app.size)
