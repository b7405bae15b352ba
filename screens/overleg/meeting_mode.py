"""Meeting mode: the weekly overleg on a projected screen.

Full screen, masking switched on (client codes only). The current agenda item is shown large with
its question and the countdown of its time box; beside it the agenda with what was discussed, what
comes next, and the overall time. The screen moves through the agenda and hands each job to a part:

- screens/overleg/meeting_agenda.py   the agenda and the current item (painting only)
- screens/overleg/meeting_clock.py    the time box countdown and the seconds used (bookkeeping)
- screens/overleg/meeting_minutes.py  notes and outcome per item: saved, merged after a colleague's save
- screens/overleg/meeting_actions.py  the item's action items
- screens/overleg/meeting_waitlist.py "wachtlijst verdelen": allocating in the meeting

Every write goes through the app's runner; what people decide (an outcome, an action, the end of
the meeting) is undone with Ctrl+Z outside a text field. Nothing typed is lost: leaving a field or
an item saves it, leaving meeting mode saves everything first (and leaves once, however often Esc
is pressed), and when the app closes mid-meeting what is left is written on unmount — saved, or
kept as a draft that meeting mode offers again when a colleague's change is in the way.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from screens.common.app_watch import forget_app_watches, watch_app
from screens.common.plain import Label

from models.actions import Done
from models.actions import overleg as actions
from models.clock import local
from models.dutch import long_date, short_date
from models.enums import AgendaItemKind
from models.errors import DomainError
from screens.common.footer import TeambordFooter
from screens.common.header import TeambordHeader
from screens.overleg.meeting_actions import ItemActions
from screens.overleg.meeting_agenda import ItemHead, MeetingAgenda
from screens.overleg.meeting_clock import MeetingClock
from screens.overleg.meeting_minutes import MinutesEditor
from screens.overleg.meeting_waitlist import AllocationPanel
from tui.keymap import MEETING_KEYS, bindings

CLOSING = "meeting-closing"  # the worker group of the last write when the app closes mid-meeting


class MeetingModeScreen(Screen[None]):
    CSS_PATH = "meeting_mode.tcss"
    BINDINGS = bindings(MEETING_KEYS)

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.view = None  # MeetingModeView
        self.index = 0
        self.leaving = False  # saving before leaving (Esc, or the meeting ended): a second Esc waits
        self.left = False  # dismissed: never twice
        self.overall = Label("", id="mm-overall")
        self.agenda = MeetingAgenda(id="mm-side")
        self.head = ItemHead(id="mm-item")
        self.clock = MeetingClock(self.overall, id="mm-clock")
        self.waitlist = AllocationPanel(id="mm-waitlist")
        self.minutes = MinutesEditor(id="mm-edit")
        self.item_actions = ItemActions(id="mm-actions-box")

    def compose(self) -> ComposeResult:
        yield TeambordHeader("Overleg · vergadermodus")
        with Horizontal(id="mm-top"):
            yield Label("Overleg wordt geopend…", id="mm-meeting")
            yield self.overall
        with Horizontal(id="mm-body"):
            yield self.agenda
            with Vertical(id="mm-main"):
                with Horizontal(id="mm-head"):
                    yield self.head
                    yield self.clock
                yield self.waitlist
                yield self.minutes
                yield self.item_actions
        yield TeambordFooter(compact=True)

    def on_mount(self) -> None:
        self.waitlist.display = False
        self.app.masked = True  # a projected screen: codes only (m switches it off on purpose)
        watch_app(self, "masked", lambda _masked: self._paint(), init=False)
        self.app.runner.write(self, actions.open_meeting, self.meeting_id, undoable=False, what="het overleg openen",
                              group="meeting-open", done=self._opened, failed=self._cannot_open)

    # --- loading ------------------------------------------------------------------------------

    def _opened(self, done: Done) -> None:
        view, drafts = done.value
        self.view = view
        self.minutes.title = f"Overleg {short_date(local(view.meeting.start).date())}"
        self.clock.adopt(view, first=True)
        self.minutes.adopt(view.items)
        self._enter(next((i for i, item in enumerate(view.items) if not item.discussed), 0), leave=False)
        self.minutes.restore(drafts)

    def _cannot_open(self, problem: DomainError) -> None:
        self.notify(str(problem), severity="error")
        self._leave()

    def reload(self) -> None:
        """Read the meeting again (after an action was added, and after Ctrl+Z)."""
        from models.overleg.queries import meeting_mode_view

        if self.view is not None:
            self.app.runner.read(self, meeting_mode_view, self.meeting_id, done=self._show, what="het overleg laden",
                                 group="meeting-load")

    def _show(self, view) -> None:
        current_id = self.current.id if self.current else None
        self.view = view
        self.clock.adopt(view, first=False)
        self.minutes.adopt(view.items)
        ids = [item.id for item in view.items]
        if current_id in ids:
            self.index = ids.index(current_id)
            self.clock.item = self.current  # the same item, as loaded now
            self.item_actions.show(self.current)
            self._paint()
        else:  # a colleague took it off the agenda
            self._enter(min(self.index, max(0, len(ids) - 1)))

    @property
    def current(self):
        if self.view is None or not self.view.items:
            return None
        return self.view.items[self.index]

    # --- moving through the agenda --------------------------------------------------------------

    def _enter(self, index: int, *, leave: bool = True) -> None:
        if self.view is None:
            return
        if leave:
            self._leave_item()
        if not self.view.items:
            self._paint()
            return
        self.index = max(0, min(index, len(self.view.items) - 1))
        item = self.current
        self.clock.enter(item)
        self.minutes.show(item.id)
        self.item_actions.show(item)
        self.waitlist.display = item.kind == AgendaItemKind.WACHTLIJST
        if self.waitlist.display:
            self.waitlist.load()
        self._paint()

    def _leave_item(self) -> None:
        """Stop the item's clock and save: the seconds first, so the save's undo already has them."""
        self.minutes.stash()
        self.clock.stop()
        self.clock.write(then=self.minutes.save)

    def action_next_item(self) -> None:
        item = self.current
        if item is None:
            return
        self.minutes.set_discussed(item.id, True)
        if self.index < len(self.view.items) - 1:
            self._enter(self.index + 1)
            return
        self._leave_item()
        self.clock.resume()
        self._paint()
        self.notify("Laatste punt besproken. Beëindig het overleg met e.", timeout=5)

    def action_previous_item(self) -> None:
        if self.current is not None and self.index > 0:
            self._enter(self.index - 1)

    def action_skip_item(self) -> None:
        item = self.current
        if item is None:
            return
        self.minutes.set_discussed(item.id, False)
        if self.index < len(self.view.items) - 1:
            self._enter(self.index + 1)
        else:
            self._paint()
            self.minutes.save()

    # --- the minutes, the clock, actions ------------------------------------------------------------

    def action_edit_field(self, field_id: str) -> None:
        self.minutes.focus_field(field_id)

    def action_outcome_kind(self, kind: str) -> None:
        self.minutes.toggle_kind(kind)

    def action_save_now(self) -> None:
        self.minutes.save_now(then=lambda saved: self.notify("Alles is opgeslagen.", timeout=2) if saved else None)

    def action_merge(self) -> None:
        self.minutes.merge()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "merge":  # only after a colleague's save refused ours
            return self.minutes.can_merge
        return True

    def action_pause(self) -> None:
        if self.current is None:
            return
        self.clock.toggle_pause()
        if self.clock.paused:
            self.minutes.stash()
            self.clock.write(then=self.minutes.save)

    def action_add_action(self) -> None:
        item = self.current
        if item is not None:
            self.minutes.save()
            self.item_actions.add(item, self._changed)

    def action_allocate(self) -> None:
        item = self.current
        if item is None or item.kind != AgendaItemKind.WACHTLIJST:
            self.notify("Toewijzen kan bij het punt 'Wachtlijst verdelen'.", severity="warning")
            return
        self.waitlist.allocate(self._allocated)

    def _allocated(self, done: Done) -> None:
        """An allocation goes into the item's outcome too, so the minutes show it."""
        self._changed(done)
        self.minutes.add_line(f"{done.message}.")

    def _changed(self, done: Done) -> None:
        self.notify(f"{done.message}. Ctrl+Z maakt ongedaan." if done.undo else f"{done.message}.", timeout=5)
        self.reload()

    # --- painting -----------------------------------------------------------------------------

    def _paint(self) -> None:
        if self.view is None:
            return
        meeting, item = self.view.meeting, self.current
        day = long_date(local(meeting.start).date())
        self.query_one("#mm-meeting", Label).update(
            f"Ambulant overleg · {day} · voorzitter {meeting.chair_code or '–'} · "
            f"notulist {meeting.minute_taker_code or '–'}")
        self.agenda.show(self.view, self.index, self.minutes.discussed)
        self.head.show(item, self.index + 1, len(self.view.items), item is not None and self.minutes.discussed(item.id))
        self.clock.tick()

    # --- the minutes file, the end, leaving ---------------------------------------------------------

    def action_minutes(self) -> None:
        if self.view is not None:
            self.minutes.save(then=self._export)

    def _export(self, _saved: bool) -> None:
        """The minutes in a preview (notes just saved); Ctrl+S there saves them in the export folder."""
        from screens.overleg.minutes_preview import MinutesPreview

        if self.is_attached and not isinstance(self.app.screen, MinutesPreview):
            self.app.push_screen(MinutesPreview(self.meeting_id, local(self.view.meeting.start).date()))

    def action_end_meeting(self) -> None:
        from screens.common.confirm import ConfirmScreen

        if self.view is None or self.leaving:
            return
        self.minutes.stash()
        item = self.current
        if item is not None and not self.minutes.discussed(item.id) and (
                self.minutes.has_outcome(item.id) or item.actions):
            self.minutes.set_discussed(item.id, True)  # the item in progress got its outcome
        open_items = [i for i in self.view.items if not self.minutes.discussed(i.id) and not i.is_fixed]
        following = self.view.next_meeting_start
        where = f"naar {short_date(local(following).date())}" if following else "naar het volgende overleg"
        question = (f"Overleg beëindigen? {len(open_items)} niet-besproken punt(en) schuiven door {where}."
                    if open_items else "Overleg beëindigen? Alle punten zijn besproken.")

        def answered(yes: bool | None) -> None:
            if yes and not self.leaving:
                self.leaving = True
                self.clock.stop()
                self.clock.write(then=lambda: self.minutes.save(then=self._end_when_saved))

        self.app.push_screen(ConfirmScreen(question, yes="beëindigen", no="verder vergaderen"), answered)

    def _end_when_saved(self, saved: bool) -> None:
        if not saved:
            self._stay("Het overleg is nog niet beëindigd.")
            return
        self.app.runner.write(self, actions.end_meeting, self.meeting_id, what="het overleg afsluiten",
                              done=self._ended, failed=lambda problem: self._stay(str(problem)))

    def _ended(self, done: Done) -> None:
        undo = " Ctrl+Z maakt ongedaan." if done.undo else ""
        self.notify(f"{done.message}. Het verslag maakt u met x in Overleg.{undo}", timeout=8)
        self._leave()

    def action_leave(self) -> None:
        if self.minutes.editing:  # Esc in a text field: out of the field, and saved
            self.minutes.stash()
            self.set_focus(None)
            self.minutes.save()
            return
        if self.leaving:
            return
        self.leaving = True
        self.minutes.stash()
        self.clock.stop()
        self.clock.write(then=lambda: self.minutes.save(then=self._leave_when_saved))

    def _leave_when_saved(self, saved: bool) -> None:
        if saved:
            self._leave()
        else:
            self._stay("De vergadermodus blijft open.")

    def _stay(self, why: str) -> None:
        """Leaving or ending did not happen (a save was refused): carry on with the meeting."""
        self.leaving = False
        self.clock.resume()
        self.notify(f"Niet alles is opgeslagen (zie de melding). {why}", severity="error", timeout=10)

    def _leave(self) -> None:
        if self.left:
            return
        if not self.is_current:  # a window opened meanwhile: dismissing would close that one instead
            self.leaving = False
            self.clock.resume()
            return
        self.left = True
        self.dismiss(None)

    async def on_unmount(self) -> None:
        """The app may be closing mid-meeting: write what is left, and wait for it (the app's own
        worker: this screen's workers are cancelled by now)."""
        forget_app_watches(self)
        if self.view is None or self.app.database is None:
            return
        unsaved, seconds = self.minutes.unsaved(), self.clock.take_unwritten()
        if not unsaved and not seconds:
            return
        self.app.runner.write(self.app, actions.save_on_close, unsaved, seconds, self.minutes.title, undoable=False,
                              what="de vergadermodus opslaan", group=CLOSING, failed=lambda _problem: None)
        await self.app.workers.wait_for_complete([w for w in self.app.workers if w.group == CLOSING])
