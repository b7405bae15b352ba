"""Meeting mode's minutes: the notes and the outcome (advies / besluit) of each agenda item.

What the minute taker types is kept per item, ahead of the database, and saved through the app's
runner (models/actions/overleg.save_minutes) when they leave a field or the item, choose advies or
besluit, or press Ctrl+S — one undoable change each (Ctrl+Z). While they type, the text is also
kept as a draft in the background (models/drafts.py), so a killed app loses at most the last second.

One write at a time, in order: the next waits for the answer to the previous one, so every save
carries the version the last one returned — no locks, no save refused by our own earlier save.
A save carries the version the screen last saw: when a colleague saved the item since, it is
refused and the text stays; Ctrl+S is refused again (never an overwrite), Ctrl+L merges as a
form does (screens/common/form.py): a field this user left alone takes the colleague's text, a field
both changed keeps this user's text with the colleague's shown under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import TextArea
from screens.common.plain import Label

from models.actions import Done
from models.actions import overleg as actions
from models.actions.drafts import keep, saving
from models.clock import local
from models.enums import OutcomeKind
from models.errors import ConcurrentEdit, DomainError
from screens.common.form import DRAFT_DELAY

TEXT_FIELDS = {"mm-notes": "notes", "mm-outcome": "outcome"}  # text area id → minutes field


@dataclass
class ItemMinutes:
    """One item's minutes: as stored when last loaded or saved (`base`) and as on the screen (`mine`)."""

    version: int
    base: dict[str, Any]
    mine: dict[str, Any]
    number: int  # its place on the agenda, for the messages
    conflicted: bool = False  # a colleague saved it first: Ctrl+L merges
    held: bool = False  # refused: not saved again until the user changes it or presses Ctrl+S
    theirs: dict[str, str] = field(default_factory=dict)  # after a merge: the colleague's differing text

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.mine.items() if self.base.get(name) != value}


class MinutesEditor(Horizontal):
    """The two text fields of the current item, and every item's minutes not saved yet."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.minutes: dict[int, ItemMinutes] = {}
        self.item_id: int | None = None
        self.title = ""  # the meeting, for the drafts' titles
        self._writing = False  # a save or draft is on its way; the next one waits for its answer
        self._saving = False  # saves were asked for (typing alone only keeps a draft)
        self._after_saves: list[Callable[[bool], None]] = []
        self._draft_timer = None
        self._draft_wanted = False
        self.notes = TextArea(id="mm-notes", soft_wrap=True)
        self.outcome = TextArea(id="mm-outcome", soft_wrap=True)

    def compose(self) -> ComposeResult:
        with Vertical(id="mm-notes-box"):
            yield Label("Opmerkingen (o)", classes="mm-block-title")
            yield self.notes
            yield Label("", id="mm-notes-hint", classes="mm-theirs")
        with Vertical(id="mm-outcome-box"):
            yield Label("Uitkomst (u) · a advies · l besluit", id="mm-outcome-title", classes="mm-block-title")
            yield self.outcome
            yield Label("", id="mm-outcome-hint", classes="mm-theirs")

    # --- what is stored --------------------------------------------------------------------------

    def adopt(self, items) -> None:
        """Items as (re)loaded. An item with changes not saved yet keeps them (and the version they
        are based on); any other takes what is stored — after an undo too. An answer older than what
        this screen saved since is ignored."""
        self.stash()  # keys typed a moment ago are changes too
        for number, item in enumerate(items, start=1):
            stored = actions.stored_minutes(item)
            known = self.minutes.get(item.id)
            if known is None:
                self.minutes[item.id] = ItemMinutes(item.version, stored, dict(stored), number)
                continue
            known.number = number
            if item.version >= known.version and not known.changes():
                known.version, known.base, known.mine = item.version, stored, dict(stored)
        self._show_texts()

    def restore(self, drafts: dict[int, tuple[Any, dict]]) -> None:
        """Minutes a closed or killed meeting mode kept as a draft: back on the screen, and saved."""
        for item_id, (saved_at, draft) in drafts.items():
            known = self.minutes.get(item_id)
            if known is None:
                continue
            known.version, known.base, known.mine = draft["version"], draft["base"], draft["mine"]
            self.app.notify(f"Punt {known.number}: niet-opgeslagen tekst van {local(saved_at).strftime('%H:%M')} "
                            "teruggezet.", timeout=8)
        self._show_texts()
        if drafts:
            self.save()

    # --- the current item --------------------------------------------------------------------------

    def show(self, item_id: int) -> None:
        self.item_id = item_id
        self._show_texts()

    @property
    def current(self) -> ItemMinutes | None:
        return self.minutes.get(self.item_id) if self.item_id is not None else None

    def _show_texts(self) -> None:
        minutes = self.current
        if minutes is None:
            return
        for area, name in ((self.notes, "notes"), (self.outcome, "outcome")):
            if area.text != minutes.mine[name]:
                area.load_text(minutes.mine[name])
                area.move_cursor(area.document.end)  # o / u continue the text, as a note is written
            hint = self.query_one(f"#{area.id}-hint", Label)
            theirs = minutes.theirs.get(name)
            hint.update(f"nu opgeslagen: {theirs or '(leeg)'}" if theirs is not None else "")
            hint.display = theirs is not None
        kind = minutes.mine["outcome_kind"]
        self.query_one("#mm-outcome-title", Label).update(Text.assemble(
            "Uitkomst (u) · a advies · l besluit: ",
            (OutcomeKind.label_of(kind).upper() if kind else "nog niet gekozen", "bold reverse" if kind else "dim")))

    def focus_field(self, field_id: str) -> None:
        if self.current is not None:
            self.query_one(f"#{field_id}", TextArea).focus()

    @property
    def editing(self) -> bool:
        # the screen's focus, not `has_focus`: that follows only once the Blur event is handled
        return self.screen.focused in (self.notes, self.outcome)

    def stash(self) -> None:
        """Take what is in the text fields into the current item (the last keys' Changed events
        may not have arrived yet). The fields are read directly: on unmount a query finds nothing."""
        minutes = self.current
        if minutes is None:
            return
        for area, name in ((self.notes, "notes"), (self.outcome, "outcome")):
            if area.text != minutes.mine[name]:
                minutes.mine[name] = area.text

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        minutes, name = self.current, TEXT_FIELDS.get(event.text_area.id or "")
        if minutes is None or name is None or event.text_area.text == minutes.mine[name]:
            return  # loaded, not typed
        minutes.mine[name] = event.text_area.text
        minutes.held = minutes.conflicted  # changed text is worth a new try, unless a colleague's is in the way
        if name in minutes.theirs:
            del minutes.theirs[name]
            self.query_one(f"#{event.text_area.id}-hint", Label).display = False
        self._draft_wanted = True
        if self._draft_timer is not None:  # a new timer, not reset(): Textual's reset waits a period longer
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a field in any way (Esc, Tab, a click) saves it — so no Ctrl+Z outside the field
        can take back an earlier save of this item under text not saved yet. Not while the app
        closes: the screen writes what is left itself then."""
        if event.widget in (self.notes, self.outcome) and self.app.is_running and self.screen.is_current:
            self.save()

    # --- what the minute taker decides -----------------------------------------------------------

    def discussed(self, item_id: int) -> bool:
        return bool(item_id in self.minutes and self.minutes[item_id].mine["discussed"])

    def has_outcome(self, item_id: int) -> bool:
        minutes = self.minutes.get(item_id)
        return minutes is not None and bool(minutes.mine["outcome"].strip() or minutes.mine["outcome_kind"])

    def set_discussed(self, item_id: int, discussed: bool) -> None:
        if item_id in self.minutes:
            self.minutes[item_id].mine["discussed"] = discussed

    def toggle_kind(self, kind: str) -> None:
        """Advies or besluit; the same key again clears it. Saved at once."""
        minutes = self.current
        if minutes is None:
            return
        self.stash()
        minutes.mine["outcome_kind"] = None if minutes.mine["outcome_kind"] == kind else kind
        minutes.held = minutes.conflicted
        self._show_texts()
        self.save()

    def add_line(self, line: str) -> None:
        """A line for the outcome (an allocation made in the meeting), a besluit unless chosen; saved."""
        minutes = self.current
        if minutes is None:
            return
        self.stash()
        text = minutes.mine["outcome"].rstrip()
        minutes.mine["outcome"] = f"{text}\n{line}" if text else line
        minutes.mine["outcome_kind"] = minutes.mine["outcome_kind"] or OutcomeKind.BESLUIT.value
        self._show_texts()
        self.save()

    # --- saving, one write at a time -----------------------------------------------------------------

    def save(self, then: Callable[[bool], None] | None = None) -> None:
        """Save every item with changes; `then(all saved)` once nothing is on its way any more."""
        self.stash()
        self._saving = True
        if then is not None:
            self._after_saves.append(then)
        self._next_write()

    def save_now(self, then: Callable[[bool], None] | None = None) -> None:
        """Ctrl+S: try again what was refused too (a colleague's version refuses it again)."""
        for minutes in self.minutes.values():
            minutes.held = False
        self.save(then)

    def unsaved(self) -> tuple[tuple[int, int, dict, dict], ...]:
        """Every item with changes: (id, version, base, mine) — what the screen writes on closing."""
        self.stash()
        return tuple((item_id, m.version, m.base, m.mine) for item_id, m in self.minutes.items() if m.changes())

    def _next_write(self) -> None:
        if self._writing:
            return
        if self._saving:
            waiting = next(((item_id, m) for item_id, m in self.minutes.items() if m.changes() and not m.held), None)
            if waiting is not None:
                self._write_minutes(*waiting)
                return
            self._saving = False
        callbacks, self._after_saves = self._after_saves, []
        all_saved = not any(m.changes() for m in self.minutes.values())
        for callback in callbacks:
            callback(all_saved)
        if self._draft_wanted:
            self._write_draft()

    def _write_minutes(self, item_id: int, minutes: ItemMinutes) -> None:
        sent = minutes.changes()
        action = saving(partial(actions.save_minutes, item_id=item_id, number=minutes.number),
                        actions.minutes_draft_key(item_id))
        self._writing = True
        self.app.runner.write(self, action, sent, minutes.version, what="de aantekeningen opslaan",
                              group="meeting-minutes", done=partial(self._saved, minutes, sent),
                              failed=partial(self._refused, minutes))

    def _saved(self, minutes: ItemMinutes, sent: dict[str, Any], done: Done) -> None:
        self._writing = False
        minutes.version, minutes.base = done.value, {**minutes.base, **sent}
        minutes.conflicted, minutes.theirs = False, {}
        if minutes is self.current:
            self.stash()
            self._show_texts()
        self.app.notify(f"{done.message}. Ctrl+Z maakt ongedaan." if done.undo else f"{done.message}.", timeout=3)
        self.screen.refresh_bindings()
        self._next_write()

    def _refused(self, minutes: ItemMinutes, problem: DomainError) -> None:
        self._writing = False
        minutes.held = True
        if isinstance(problem, ConcurrentEdit):
            minutes.conflicted = True
            advice = (" Uw tekst staat nog in het veld: Ctrl+L laadt de nieuwe versie, daarna slaat Ctrl+S hem "
                      "daarop op.")
        elif problem.field:
            advice = " Uw tekst staat nog in het veld."
        else:
            advice = " Uw tekst staat nog in het veld: Ctrl+S probeert het opnieuw."
        self.app.notify(f"Punt {minutes.number}: {problem}{advice}", title="Niet opgeslagen", severity="error",
                        timeout=10)
        self.screen.refresh_bindings()
        self._next_write()

    def _keep_draft(self) -> None:
        self._draft_timer = None
        self._next_write()

    def _write_draft(self) -> None:
        """The current item's text as a draft (not undoable), unless it was saved meanwhile."""
        self._draft_wanted = False
        minutes = self.current
        if minutes is None or not minutes.changes() or self.item_id is None:
            return
        fields = {"version": minutes.version, "base": minutes.base, "mine": dict(minutes.mine)}
        self._writing = True
        self.app.runner.write(self, keep, actions.minutes_draft_key(self.item_id), fields,
                              f"{self.title}, punt {minutes.number}", undoable=False, group="meeting-minutes",
                              what="het concept bewaren", done=self._draft_kept, failed=self._draft_kept)

    def _draft_kept(self, _result: Any = None) -> None:
        self._writing = False
        self._next_write()

    # --- a colleague's version: merge ------------------------------------------------------------

    @property
    def can_merge(self) -> bool:
        return any(m.conflicted for m in self.minutes.values())

    def merge(self) -> None:
        """Ctrl+L: load the colleague's versions of every refused item and merge them field by field."""
        refused = tuple(item_id for item_id, m in self.minutes.items() if m.conflicted)
        if refused:
            self.stash()
            self.app.runner.read(self, actions.load_minutes, refused, done=self._merged,
                                 what="de nieuwe versie laden", group="meeting-merge")

    def _merged(self, stored: dict[int, tuple[int, dict[str, Any]]]) -> None:
        self.stash()
        taken = kept = 0
        for item_id, (version, theirs) in stored.items():
            minutes = self.minutes[item_id]
            for name, value in theirs.items():
                if minutes.mine[name] == value or value == minutes.base[name]:
                    continue  # the same, or only this user changed it: nothing to merge
                if minutes.mine[name] == minutes.base[name]:  # left alone here: take the colleague's
                    minutes.mine[name] = value
                    taken += 1
                else:
                    kept += 1
                    if name in ("notes", "outcome"):
                        minutes.theirs[name] = value
            minutes.version, minutes.base = version, dict(theirs)
            minutes.conflicted = minutes.held = False
        self._show_texts()
        self.screen.refresh_bindings()
        parts = [f"{taken} veld(en) van de collega overgenomen"] if taken else []
        if kept:
            parts.append(f"bij {kept} veld(en) staat uw tekst, met daaronder wat nu is opgeslagen")
        self.app.notify("Nieuwe versie geladen" + (": " + "; ".join(parts) if parts else "")
                        + ". Ctrl+S slaat uw tekst op over de nieuwe versie.", timeout=10)
