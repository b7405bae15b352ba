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
    widget.watch(widget.app, attribute, callback, init=init)
    widget.__dict__.setdefault("_teambord_app_watches", set()).add(attribute)


def forget_app_watches(widget: Widget) -> None:
    """Drop every watcher this widget registered on the App (safe to call twice)."""
    try:
        app = widget.app
    except Exception:  # noqa: BLE001 - no active app any more: nothing is kept alive by it
        return
    watchers: dict[str, list] = getattr(app, "__watchers", {})
    for attribute in widget.__dict__.get("_teambord_app_watches", []):
        entries = watchers.get(attribute)
        if entries:
            entries[:] = [(node, callback) for node, callback in entries if node is not widget]
