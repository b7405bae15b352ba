"""Meeting mode's clock: the countdown of the current item's time box and the meeting's overall time.

Elapsed time comes from the monotonic clock, so a changed wall clock never jumps it; Textual's
set_interval paints it every second. The countdown turns amber in the last minute and red when the
time is up. The seconds an item used are meeting bookkeeping (no version, no audit entry, not
undoable): they are written when the meeting leaves the item, pauses or closes, and every
WRITE_EVERY seconds while it runs, so a laptop that dies mid-meeting loses at most that much.
Undo neither compares nor winds back these columns (models/actions/undo.BOOKKEEPING), so a clock
write never makes Ctrl+Z of an outcome refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from time import monotonic

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits
from screens.common.plain import Label

from models.actions import overleg as actions
from models.clock import local, now
from models.dutch import clock_time


WRITE_EVERY = 15.0


def countdown_text(remaining: float) -> str:
    """'09:05', or '-01:30' once the time box has run out."""
    seconds = int(abs(remaining) + (0.999 if remaining > 0 else 0))
    sign = "-" if remaining < 0 and seconds else ""
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


def hours_minutes(seconds: float) -> str:
    minutes = int(max(0, seconds)) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


class MeetingClock(Vertical):
    """The countdown (and, on the label it is given, the overall time); keeps and writes the seconds."""

    def __init__(self, overall: Label, **kwargs) -> None:
        super().__init__(**kwargs)
        self.overall = overall  # the label in the screen's top bar
        self.meeting = None  # MeetingInfo
        self.item = None  # the ItemView whose time box runs
        self.seconds: dict[int, float] = {}  # per item: the time used, without the span running now
        self.mark: float | None = None  # when the running span started (None: stopped or paused)
        self.paused = False
        self.overall_base = 0.0
        self.overall_mark = monotonic()
        self.unwritten: dict[int, int] = {}  # seconds used that the database does not have yet
        self.reached: set[int] = set()
        self.last_write = monotonic()

    def compose(self) -> ComposeResult:
        yield Digits("--:--", id="mm-countdown")
        yield Label("", id="mm-clock-label")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def adopt(self, view, *, first: bool) -> None:
        """A (re)loaded meeting: the stored seconds never make the clock go back."""
        self.meeting = view.meeting
        for item in view.items:
            self.seconds[item.id] = max(self.seconds.get(item.id, 0.0), float(item.seconds_used))
        if first:
            started = view.meeting.started_at
            self.overall_base = (now() - local(started)).total_seconds() if started else 0.0
            self.overall_mark = monotonic()

    # --- running, stopping ------------------------------------------------------------------

    def enter(self, item) -> None:
        """Start `item`'s time box (the previous one must be stopped); remember when it was reached."""
        self.item = item
        self.mark = None if self.paused else monotonic()
        if item.id not in self.reached:
            self.reached.add(item.id)
            self.app.runner.write(self, actions.reach_item, item.id, undoable=False, group="meeting-clock",
                                  what="bijhouden welk punt bereikt is", failed=lambda _problem: None)
        self.tick()

    def stop(self) -> None:
        """Stop the running time box; its seconds wait to be written. (A stopped or paused one has
        nothing new: its seconds were queued when it stopped.)"""
        if self.item is None or self.mark is None:
            return
        self.seconds[self.item.id] = self.used(self.item)
        self.mark = None
        self.unwritten[self.item.id] = int(self.seconds[self.item.id])

    def resume(self) -> None:
        """Run the current item's time box again after a stop (unless paused)."""
        if not self.paused and self.item is not None:
            self.mark = monotonic()

    def toggle_pause(self) -> None:
        if self.paused:
            self.paused = False
            self.resume()
        else:
            self.stop()
            self.paused = True
        self.tick()

    def used(self, item) -> float:
        used = self.seconds.get(item.id, float(item.seconds_used))
        if self.mark is not None and self.item is not None and item.id == self.item.id:
            used += monotonic() - self.mark
        return used

    # --- writing ------------------------------------------------------------------------------

    def write(self, then: Callable[[], None] | None = None) -> None:
        """Write the seconds waiting, then `then()` (also when the write failed: they wait again)."""
        seconds, self.unwritten = self.unwritten, {}
        if not seconds:
            if then is not None:
                then()
            return

        def failed(_problem) -> None:  # bookkeeping: logged by the runner, kept for the next write
            for item_id, used in seconds.items():
                self.unwritten[item_id] = max(used, self.unwritten.get(item_id, 0))
            if then is not None:
                then()

        self.app.runner.write(self, actions.record_seconds, seconds, undoable=False, group="meeting-clock",
                              what="de tijd bijhouden", done=lambda _done: then() if then else None, failed=failed)

    def take_unwritten(self) -> dict[int, int]:
        """The seconds not written yet (the screen writes them itself when the app closes)."""
        self.stop()
        seconds, self.unwritten = self.unwritten, {}
        return seconds

    # --- painting -----------------------------------------------------------------------------

    def tick(self) -> None:
        item, meeting = self.item, self.meeting
        if item is None or meeting is None:
            return
        if self.mark is not None and monotonic() - self.last_write >= WRITE_EVERY:
            self.last_write = monotonic()
            self.unwritten[item.id] = max(int(self.used(item)), self.unwritten.get(item.id, 0))
            self.write()
        remaining = item.timebox_min * 60 - self.used(item)
        self.query_one("#mm-countdown", Digits).update(countdown_text(remaining))
        self.set_class(0 < remaining <= 60, "-late")
        self.set_class(remaining <= 0, "-over")
        self.set_class(self.paused, "-paused")
        label = "gepauzeerd" if self.paused else ("TIJD OM" if remaining <= 0 else "resterend")
        self.query_one("#mm-clock-label", Label).update(f"{label} · tijdvak {item.timebox_min} min")
        overall = self.overall_base + (monotonic() - self.overall_mark)
        planned = meeting.duration_min * 60
        end = datetime.fromtimestamp(meeting.start.timestamp() + planned, tz=timezone.utc)
        self.overall.update(Text.assemble(
            "Overleg ", (hours_minutes(overall), "bold red" if overall > planned else "bold"),
            f" van {hours_minutes(planned)} · tot {clock_time(end)}"))
