"""The clock the idle lock measures with: monotonic (a changed wall clock or DST never locks early
or late). Its own module so tests freeze and advance it without touching Textual's timers."""

from __future__ import annotations

import time


def idle_seconds_clock() -> float:
    return time.monotonic()
