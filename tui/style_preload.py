"""Read the styles of the screens not shown yet while the user reads the first one.

Textual reads a screen's CSS file, and the DEFAULT_CSS of each widget class, the first time one
is shown, and every new stylesheet source means re-parsing all of Teambord's CSS and restyling
the whole app: at scale that was a large part of each first visit of a section, a form or the
client page (issue 14). After the first data is on screen, the App calls `preload_styles` once:
the screen modules are imported and every style source they need is added, then parsed once.
It runs on the UI thread (the stylesheet is not thread-safe) at a moment the user is reading.
"""

from __future__ import annotations

import inspect
from importlib import import_module
from pathlib import Path

from textual.app import App
from textual.dom import DOMNode

SCREENS = [
    ("screens.planning.screen", "PlanningScreen"),
    ("screens.waitlist.screen", "WaitlistScreen"),
    ("screens.caseload.screen", "CaseloadScreen"),
    ("screens.overleg.screen", "OverlegScreen"),
    ("screens.handover.screen", "HandoverScreen"),
    ("screens.client.page", "ClientPage"),
    ("screens.common.help", "HelpScreen"),
    ("screens.planning.appointment_form", "AppointmentForm"),
    ("screens.waitlist.registration_form", "RegistrationForm"),
    ("screens.handover.form", "HandoverForm"),
    ("screens.overleg.agenda_item_form", "AgendaItemForm"),
    ("screens.top3.editor", "Top3Editor"),
    ("screens.overleg.minutes_preview", "MinutesPreview"),
    ("textual.widgets", "TabbedContent"),
    ("textual.widgets", "TabPane"),
    ("textual.widgets", "Tabs"),
    ("textual.widgets", "ContentSwitcher"),
    ("textual.widgets", "TextArea"),
    ("textual.widgets", "Input"),
    ("textual.widgets", "Sparkline"),
]


def preload_styles(app: App) -> int:
    """Add every style source the later screens need and parse once; returns how many were new."""
    stylesheet = app.stylesheet
    added = 0
    for module, name in SCREENS:
        cls = getattr(import_module(module), name)
        # The same sources, locations and tie-breakers as Textual's own Widget._post_register.
        for tie_breaker, base in enumerate(DOMNode._css_bases(cls)):
            css = base.__dict__.get("DEFAULT_CSS", "")
            if not css:
                continue
            location = (inspect.getfile(base), f"{base.__name__}.DEFAULT_CSS")
            if not stylesheet.has_source(*location):
                scope = base._css_type_name if base.__dict__.get("SCOPED_CSS", True) else ""
                stylesheet.add_source(css, read_from=location, is_default_css=True, tie_breaker=-tie_breaker,
                                      scope=scope)
                added += 1
        css_path = getattr(cls, "CSS_PATH", None)
        if css_path:  # as Textual's App._load_screen_css reads a screen's file
            path = (Path(inspect.getfile(cls)).parent / css_path).resolve()
            if not stylesheet.has_source(str(path), ""):
                stylesheet.read(path)
                added += 1
    if added:
        stylesheet.reparse()
        stylesheet.update(app)
    return added
