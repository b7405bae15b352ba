"""Watching an App reactive from a screen or widget without keeping it alive afterwards.

`widget.watch(app, "masked", callback)` stores (widget, callback) in the App's watcher list, and
Textual 8.2 prunes that list only when the watched value changes. The user, the date and masking
change rarely, so every closed client page, meeting screen or header stayed reachable from the
App: +4.4 MiB per client page opened (issue 14). `watch_app` registers the watcher and removes it
again when the widget unmounts (`forget_app_watches` in its on_unmount).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widget import Widget


def watch_app(widget: Widget, attribute: str, callback: Callable[[Any], Any], *, init: bool = True) -> None:
    """Watch `app.<attribute>`; the widget calls `forget_app_watches(self)` in its on_unmount."""
    app = widget.app
    widget.watch(app, attribute, callback, init=init)
    widget.__dict__.setdefault("_teambord_app_watches", set()).add(attribute)
    widget.__dict__["_teambord_watched_app"] = app


def forget_app_watches(widget: Widget) -> None:
    """Drop every watcher this widget registered on the App (safe to call twice)."""
    app = widget.__dict__.pop("_teambord_watched_app", None)
    watchers: dict[str, list] = getattr(app, "__watchers", {}) if app is not None else {}
    for attribute in widget.__dict__.get("_teambord_app_watches", ()):
        entries = watchers.get(attribute)
        if entries:
            entries[:] = [(node, callback) for node, callback in entries if node is not widget]
