"""The base of every data-entry form: keyboard only, a Dutch message at the field, and no lost input.

A form subclass composes its fields with `field(...)` and turns the widgets into plain data in
`collect()` (raising `ValidationFailed(message, field=...)` for bad input). It is given an
`Edit`: the action of models/actions that saves that data, the version of the record the form
was opened with, and — for a stored record — `load`, which reads the stored fields and version.
The form never touches the database: Ctrl+S hands `edit.action(session, data, version)` to the
app's runner (tui/runner.py), which runs it in a worker and commits it once. Only a successful
save dismisses the form (with the action's `Done`). A refused save (validation, a colleague's
concurrent change, a lost connection) shows its message and keeps everything the user typed.

A versioned edit: after a colleague's save refused ours, the form keeps its old version, so a
second Ctrl+S is refused again — never an overwrite. Ctrl+L runs `load`; the form shows the
colleague's value under every field that differs from what this user typed, takes their value
where this user left a field alone, and adopts their version: the next Ctrl+S applies this
user's input on top of the colleague's version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, TextArea
from tui.keymap import FORM_KEYS, bindings
from screens.common.plain import Label, Select

from models.clock import today
from models.dutch import short_date, week_label
from models.dutch_parse import ParseError, parse_date, parse_date_time, parse_time
from models.errors import ConcurrentEdit, DomainError, ValidationFailed
from models.plain_text import clean_text, dutch_number, too_long
from screens.common.app_watch import forget_app_watches, watch_app
from screens.common.confirm import ConfirmScreen
from screens.common.format import without_initials
from screens.common.look import KeepsItsLook
from tui.runner import Failed

Result = TypeVar("Result")
FORM_ERROR = "form"  # errors not tied to one field show at the top
KEPT = " Uw invoer is bewaard: probeer opnieuw met Ctrl+S."
DRAFT_DELAY = 1.0  # seconds after the last key: at most this much typing is lost to a kill -9

Fields = dict[str, tuple[str, Any]]  # field id → (the text the form shows, the value to put in the widget)


@dataclass(frozen=True)
class Edit:
    """What a form saves through the one door (models/actions) and how it merges after a refusal.

    `action(session, data, version)` returns a `Done`; `version` is None for a new record.
    `load(session)` returns `(version, Fields)`: the stored record as the form would show it."""

    action: Callable[..., Any]
    version: Any = None  # an int, or a section's own (caseload: client and trajectory versions)
    load: Callable[..., tuple[Any, Fields]] | None = None
    what: str = "opslaan"


def field(label: str, widget: Widget, *, hint: str = "", limit: int | None = None) -> Vertical:
    """A labelled field with its own error line (id `<widget id>-error`) and optional hint line.

    A text field has a length limit (`limit`, or an Input's `max_length`, which is the column's
    length): Textual would cut typing and pasting off there without a word, so the limit moves to
    the form, which shows a counter near it and refuses an over-long text at the field on save.
    """
    assert widget.id, "form fields need an id"
    if isinstance(widget, Input) and not isinstance(widget, (DateInput, TimeInput)):
        # Focus puts the cursor after the text instead of selecting all of it, where the first key
        # typed would wipe what was there (issue 15). Ctrl+U empties a field when that is wanted.
        # A date or time is typed whole ("vr", "morgen 14u"), so there typing still replaces it.
        widget.select_on_focus = False
    if isinstance(widget, Input) and widget.max_length and limit is None:
        limit = widget.max_length
    if isinstance(widget, (DateInput, TimeInput)) and limit is None:
        limit = DATE_TIME_LIMIT
    elif isinstance(widget, Input) and limit is None:
        limit = INPUT_LIMIT
    if limit is not None and isinstance(widget, (Input, TextArea)):
        if isinstance(widget, Input):
            widget.max_length = 0  # no silent truncation; the counter and the save check take over
        widget.text_limit = limit  # type: ignore[attr-defined]
    # The "n/limit tekens" counter is mounted only once a text nears its limit (`_update_counter`):
    # one label less per field made opening a form noticeably cheaper (issue 14).
    parts: list[Widget] = [Label(label, classes="field-label"), widget]
    parts.append(Label(hint, id=f"{widget.id}-hint", classes="field-hint -shown" if hint else "field-hint"))
    parts.append(Label("", id=f"{widget.id}-error", classes="field-error"))
    return Vertical(*parts, classes="field", id=f"{widget.id}-field")


def text_of(widget: Widget) -> str:
    return widget.text if isinstance(widget, TextArea) else str(getattr(widget, "value", ""))


COUNTER_FROM = 0.6  # show "n/limit" once a text uses this share of its limit
DATE_TIME_LIMIT = 40  # "volgende week di om half 3" fits; 100,000 pasted characters are "te lang"
INPUT_LIMIT = 1000  # codes, numbers and lists of codes, which have no column length of their own


class DateInput(Input):
    """A date field that shows what it understood as you type ("di 24 nov · week 48").

    With `with_time` (a form that also has a start time) it also takes a time after the date
    ("morgen 14u"): `typed_time()` gives it to the form, and the hint shows it.
    """

    def __init__(self, value: date | str | None = None, *, with_time: bool = False, **kwargs: Any) -> None:
        text = value.strftime("%d-%m-%Y") if isinstance(value, date) else (value or "")
        self.with_time = with_time
        super().__init__(text, placeholder="vandaag, di, 24-11, wk 49 di…" + (", morgen 14u" if with_time else ""),
                         **kwargs)

    def parsed(self) -> date:
        if self.with_time:
            return parse_date_time(self.value, today())[0]
        return parse_date(self.value, today())

    def typed_time(self) -> time | None:
        """The time typed after the date, if any (only with `with_time`)."""
        return parse_date_time(self.value, today())[1] if self.with_time else None

    def describe(self) -> str:
        if not self.value.strip():
            return ""
        try:
            day = self.parsed()
            at_time = self.typed_time()
        except ParseError as error:
            return str(error)
        year = f" {day.year}" if day.year != today().year else ""  # a date half a year back may be last year
        return f"{short_date(day)}{year} · {week_label(day)}" + (f" · {at_time:%H:%M}" if at_time else "")


class TimeInput(Input):
    def __init__(self, value: time | str | None = None, **kwargs: Any) -> None:
        text = value.strftime("%H:%M") if isinstance(value, time) else (value or "")
        super().__init__(text, placeholder="14:00, 14u, 9.30", **kwargs)

    def parsed(self) -> time:
        return parse_time(self.value)

    def describe(self) -> str:
        if not self.value.strip():
            return ""
        try:
            return self.parsed().strftime("%H:%M")
        except ParseError as error:
            return str(error)


class FormScreen(KeepsItsLook, ModalScreen[Result | None], Generic[Result]):
    """Subclasses set TITLE, compose `compose_fields()` and implement `collect()`."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form-box { width: 100; max-width: 100%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    FormScreen #form-title { text-style: bold; color: $accent; padding-bottom: 1; }
    FormScreen #form-error { color: $error; text-style: bold; display: none; width: 100%; height: auto; }
    FormScreen #form-error.-shown { display: block; }
    FormScreen .field { height: auto; margin-bottom: 0; }
    FormScreen .field-label { color: $text-muted; }
    FormScreen .field-hint { color: $success; height: auto; width: 100%; display: none; }
    FormScreen .field-hint.-shown { display: block; }
    FormScreen .field-hint.-theirs { color: $warning; text-style: bold; }
    FormScreen .field-count { color: $text-muted; height: 1; width: 100%; text-align: right; display: none; }
    FormScreen .field-count.-shown { display: block; }
    FormScreen .field-count.-over { color: $error; text-style: bold; }
    FormScreen .field-error { color: $error; height: auto; width: 100%; }
    FormScreen .field-error { display: none; }
    FormScreen .field-error.-shown { display: block; }
    FormScreen TextArea { height: 5; }
    FormScreen #form-keys { color: $text-muted; padding-top: 1; }
    """
    BINDINGS = bindings(FORM_KEYS)
    TITLE = "Formulier"

    def __init__(self, edit: Edit, *, title: str | None = None, draft_key: str | None = None) -> None:
        super().__init__()
        # what this form's draft is filed under ("appointment:new", "registration:12"); see drafts
        self.draft_key = draft_key
        self.edit = edit
        self.version = self.edit.version if self.edit else None  # the version our next save is based on
        self.conflicted = False  # a colleague's save refused ours; Ctrl+L may load their version
        self.loaded_texts: dict[str, str | None] = {}
        self.title_text = title or self.TITLE
        self.dirty = False
        self.saving = False
        self.closing = False  # dismissed (or about to be): later answers and saves are ignored
        self._draft_timer = None
        self._draft_ready = False  # the widgets' initial Changed events have passed
        self._draft_in_flight = False
        self._draft_again = False  # typed on while a draft was being written: write once more
        self._save_waiting: Any = None  # Ctrl+S while a draft was being written: saved right after it
        self._draft_waiters: list[Callable[[], None]] = []  # told once what is typed is in the draft

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Not focusable itself: focusing the box restyled all of the form's ~100 widgets once when
        # it took the focus and again when the first field took it from the box (issue 14).
        box = VerticalScroll(id="form-box")
        box.can_focus = False
        with box:
            yield Label(self.title_text, id="form-title")
            yield Label("", id="form-error")
            yield from self.compose_fields()
            yield Label("Ctrl+S opslaan · Esc annuleren · Tab volgend veld", id="form-keys")

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    def collect(self) -> Any:
        """The form's input as plain data; raise ValidationFailed(message, field=id) when wrong."""
        raise NotImplementedError

    # --- live feedback ------------------------------------------------------------------

    def _update_counter(self, widget: Widget) -> None:
        limit = getattr(widget, "text_limit", None)
        if limit is None or not widget.id:
            return
        length = len(text_of(widget))
        counter = self.query(f"#{widget.id}-count")
        if not counter:
            if length < COUNTER_FROM * limit:
                return
            label = Label("", id=f"{widget.id}-count", classes="field-count")
            widget.parent.mount(label, after=widget)
        else:
            label = counter.first(Label)
        label.update(f"{dutch_number(length)}/{dutch_number(limit)} tekens")
        label.set_class(length >= COUNTER_FROM * limit, "-shown")
        label.set_class(length > limit, "-over")

    def check_limits(self) -> bool:
        """Refuse over-long texts at their field before anything is saved; True when all fit."""
        fits = True
        for widget in self.query(".field Input, .field TextArea"):
            problem = too_long(text_of(widget), getattr(widget, "text_limit", None))
            if problem and widget.id:
                if fits:  # the first over-long field gets the focus
                    self.show_error(widget.id, problem)
                else:
                    self.query_one(f"#{widget.id}-error", Label).update(problem)
                fits = False
        self.sync_message_lines()
        return fits

    # The field being typed in lights its label up (tui/app.tcss): a class on the field rather than
    # `:focus-within`, which Textual does not re-apply to the label beside the focused widget.
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for node in event.widget.ancestors:
            if isinstance(node, Vertical) and node.has_class("field"):
                node.add_class("-focused")
                break

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        for node in event.widget.ancestors:
            if isinstance(node, Vertical) and node.has_class("field"):
                node.remove_class("-focused")
                break

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        cleaned = clean_text(event.value)
        if cleaned != event.value:  # a pasted bell, DEL or colour code: invisible, never content
            event.input.value = cleaned
            return  # the Changed event of the cleaned value follows
        self.dirty = True
        self._schedule_draft()
        self._update_counter(event.input)
        self.show_error(event.input.id, "")
        if event.input.id and self.query(f"#{event.input.id}-hint.-theirs"):
            self.query_one(f"#{event.input.id}-hint", Label).remove_class("-theirs")
        if isinstance(event.input, (DateInput, TimeInput)):
            self.query_one(f"#{event.input.id}-hint", Label).update(event.input.describe())
        # after the subclass's own handlers, which may fill hints of their own (a client code check)
        self.call_after_refresh(self.sync_message_lines)

    @on(TextArea.Changed)
    @on(Select.Changed)
    def _other_changed(self, event) -> None:
        self.dirty = True
        self._schedule_draft()
        widget = getattr(event, "text_area", None) or getattr(event, "select", None)
        if isinstance(widget, TextArea) and clean_text(widget.text) != widget.text:
            widget.text = clean_text(widget.text)
            return
        if widget is not None and widget.id:
            self.show_error(widget.id, "")
            self._update_counter(widget)
        self.call_after_refresh(self.sync_message_lines)

    def sync_message_lines(self) -> None:
        """Show a hint or error line exactly when it has text. (CSS cannot: in Textual `:empty`
        means "no child widgets", which every Label is.)"""
        errors = {label.id: str(label.content) for label in self.query(".field-error").results(Label)}
        for label in self.query(".field-hint, .field-error").results(Label):
            text = str(label.content)
            # a date/time hint that already says what the error says is shown once, as the error
            repeated = (label.has_class("field-hint") and label.id is not None
                        and text == errors.get(f"{label.id.removesuffix('-hint')}-error"))
            label.set_class(bool(text) and not repeated, "-shown")

    def show_error(self, field_id: str | None, message: str) -> None:
        if field_id and field_id != FORM_ERROR:
            matches = self.query(f"#{field_id}-error")
            if matches:
                label = matches.first(Label)
                label.update(message)
                self.sync_message_lines()
                if message:
                    self.query_one(f"#{field_id}").focus()
                return
        banner = self.query_one("#form-error", Label)
        banner.update(message)
        banner.set_class(bool(message), "-shown")

    def clear_errors(self) -> None:
        for label in self.query(".field-error").results(Label):
            label.update("")
        self.sync_message_lines()
        self.show_error(FORM_ERROR, "")

    # --- saving -------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving or self.closing:
            return
        self.clear_errors()
        if not self.check_limits():
            return
        try:
            data = self.collect()
        except ValidationFailed as problem:
            self.show_error(problem.field, str(problem))
            return
        except ParseError as problem:
            self.show_error(getattr(problem, "field", None), str(problem))
            return
        self.saving = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if self._draft_in_flight:  # saved right after it, so the draft cannot outlive the save
            self._save_waiting = data
            return
        self._start_save(data)

    def _start_save(self, data: Any) -> None:
        action = self.edit.action
        if self.draft_key:
            from models.actions.drafts import saving

            action = saving(action, self.draft_key)
        self.app.runner.write(self, action, data, self.version, what=self.edit.what,
                              done=self._saved, failed=self._save_refused, group="form-save")

    def _save_refused(self, problem: DomainError) -> None:
        if isinstance(problem, ConcurrentEdit):
            advice = (" Uw invoer is bewaard: Ctrl+L laadt de nieuwe versie, daarna past Ctrl+S uw invoer "
                      "daarop toe." if self.can_merge else " Uw invoer is bewaard; sluit het formulier en open "
                      "het opnieuw om de nieuwe versie te zien.")
            self._conflict(str(problem) + advice)
        elif isinstance(problem, Failed):
            self._refused(FORM_ERROR, str(problem) + KEPT)
        else:
            self._refused(problem.field, self.refusal_text(problem))

    def refusal_text(self, problem: DomainError) -> str:
        """The message shown for a refusal; a form may add what the user can do about it."""
        return str(problem)

    @property
    def can_merge(self) -> bool:
        return self.edit.load is not None

    def _conflict(self, message: str) -> None:
        self.conflicted = True
        self.refresh_bindings()
        self._refused(FORM_ERROR, message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reload":
            return self.can_merge and self.conflicted
        return True

    def action_reload(self) -> None:
        if self.can_merge and self.conflicted and not self.saving:
            self.saving = True
            self.app.runner.read(self, self.edit.load, what="de nieuwe versie laden", done=self._loaded,
                                 failed=lambda problem: self._refused(FORM_ERROR, str(problem) + KEPT),
                                 group="form-load")

    def _loaded(self, loaded: tuple[int | None, Fields]) -> None:
        self.version, stored = loaded
        self._reloaded(stored)

    def _reloaded(self, stored: dict[str, tuple[str, Any]]) -> None:
        """Merge the colleague's version into the form, field by field.

        A field this user left alone takes the stored value; a field both changed keeps this
        user's input with the stored value shown under it; the stored values become the new base."""
        self.saving = False
        self.conflicted = False
        self.refresh_bindings()
        taken, differing = 0, 0
        for field_id, (theirs, value) in stored.items():
            if not self.query(f"#{field_id}-hint"):
                continue
            mine, base = self.field_text(field_id), self.loaded_texts.get(field_id)
            if mine is None or mine.strip() == theirs.strip():
                continue
            if mine == base:
                taken += 1
                self.set_field(field_id, value)
            else:
                differing += 1
                hint = self.query_one(f"#{field_id}-hint", Label)
                hint.update(f"nu opgeslagen: {theirs or '(leeg)'}")
                hint.set_class(True, "-shown", "-theirs")
            self.loaded_texts[field_id] = theirs
        parts = [f"{taken} veld(en) van de collega overgenomen"] if taken else []
        if differing:
            parts.append(f"bij {differing} veld(en) staat uw invoer, met daaronder wat nu is opgeslagen")
        self.show_error(FORM_ERROR, "Nieuwe versie geladen" + (": " + "; ".join(parts) if parts else "")
                        + ". Ctrl+S slaat uw invoer op over de nieuwe versie.")

    def on_mount(self) -> None:
        """Runs after the subclass's on_mount: describe the dates and times the form opens with,
        remember the loaded values (the base of a merge), show the hints the fields start with,
        and start clean once the widgets' first Changed events (their initial values, not edits by
        the user) have passed."""
        for widget in self.query("DateInput, TimeInput").results(Input):
            self.query_one(f"#{widget.id}-hint", Label).update(widget.describe())  # type: ignore[attr-defined]
        self.loaded_texts = {w.id: self.field_text(w.id) for w in self.query("Input, Select, TextArea") if w.id}
        for widget in self.query(".field Input, .field TextArea"):
            self._update_counter(widget)
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)  # a note is continued, not typed before what is there
        self.sync_message_lines()
        self.call_after_refresh(self._not_dirty_yet)
        watch_app(self, "masked", self.masking_changed, init=False)

    def on_unmount(self) -> None:
        forget_app_watches(self)

    def masking_changed(self, masked: bool) -> None:
        """Masking switched while the form is open: the title was built with or without initials.
        A form that shows initials elsewhere extends this."""
        self.query_one("#form-title", Label).update(without_initials(self.title_text) if masked else self.title_text)

    def _not_dirty_yet(self) -> None:
        self.dirty = False
        self._draft_ready = True
        self.offer_draft()

    def offer_draft(self) -> None:
        """Reopening a form with a kept draft offers "verder met het concept" (a form whose drafts
        live elsewhere, such as the shared Top-3 draft, overrides this)."""
        if self.draft_key:
            from models.actions.drafts import find

            self.app.runner.read(self, find, self.draft_key, done=self._draft_found, what="het concept zoeken",
                                 failed=lambda _problem: None, group="form-draft-find")

    # --- drafts: typed input survives Ctrl+Q, a failing save and kill -9 ------------------------

    def draft_fields(self) -> dict[str, Any]:
        """The fields' values as plain data, by widget id (a form with rows of its own overrides)."""
        values: dict[str, Any] = {}
        for widget in self.query("Input, Select, TextArea"):
            if not widget.id:
                continue
            if isinstance(widget, Select):
                values[widget.id] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, TextArea):
                values[widget.id] = widget.text
            else:
                values[widget.id] = widget.value  # type: ignore[attr-defined]
        return values

    def apply_draft(self, fields: dict[str, Any]) -> None:
        for field_id, value in fields.items():
            if not self.query(f"#{field_id}"):
                continue
            widget = self.query_one(f"#{field_id}")
            if isinstance(widget, Select) and value is None:
                widget.clear()
            else:
                self.set_field(field_id, value)

    def _draft_found(self, draft) -> None:
        if draft is None or draft.fields == self.draft_fields() or self.closing:
            return
        from models.clock import local

        saved = local(draft.saved_at)
        when = f"{short_date(saved.date())} {saved.strftime('%H:%M')}"

        def answered(resume: bool | None) -> None:
            if self.closing:
                return
            if resume:
                self.apply_draft(draft.fields)
                self.dirty = True
                self.show_error(FORM_ERROR, f"Verder met het concept van {when}. Ctrl+S slaat het op.")
            else:
                self.discard_draft()

        self.app.push_screen(ConfirmScreen(f"Er is een niet-opgeslagen concept van dit formulier ({when}). "
                                           "Verder met het concept?", yes="verder met het concept",
                                           no="opnieuw beginnen (concept weg)"), answered)

    def _schedule_draft(self) -> None:
        if not (self._draft_ready and self.draft_key) or self.closing:
            return
        if self._draft_timer is not None:  # a one-shot timer cannot be restarted once it fired
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.keep_draft)

    def keep_draft(self, then: Callable[[], None] | None = None) -> None:
        """Write what is typed now as this form's draft (in the background); `then` once everything
        typed so far is in it (Ctrl+Q waits for that before the app exits). One write at a time, so
        an older draft never lands after a newer one or after the save."""
        if then is not None:
            self._draft_waiters.append(then)
        if not self.draft_key or not self.draft_wanted():
            self._tell_draft_waiters()
            return
        if self._draft_in_flight:
            self._draft_again = True  # written again once this one is in
            return
        action, *args = self.draft_write()
        self._draft_in_flight = True
        self.app.runner.write(self, action, *args, undoable=False, what="het concept bewaren",
                              done=self._draft_written, failed=self.draft_failed, group="form-draft")

    def draft_wanted(self) -> bool:
        """Is there typing the draft does not have yet?"""
        return self.dirty and not self.saving

    def draft_write(self) -> tuple:
        """The action (and its arguments) that stores the draft; a form whose draft lives elsewhere
        (the shared Top-3 draft) overrides this."""
        from models.actions.drafts import keep

        return keep, self.draft_key, self.draft_fields(), self.title_text

    def draft_failed(self, _problem: DomainError) -> None:
        """A draft write failed (the runner logged it): carry on as if written; the next key retries."""
        self._draft_written()

    def _draft_written(self, _result: Any = None) -> None:
        self._draft_in_flight = False
        if self._save_waiting is not None:
            data, self._save_waiting = self._save_waiting, None
            self._start_save(data)
            self._tell_draft_waiters()
        elif self._draft_again:
            self._draft_again = False
            self.keep_draft()
        else:
            self._tell_draft_waiters()

    def _tell_draft_waiters(self) -> None:
        waiters, self._draft_waiters = self._draft_waiters, []
        for then in waiters:
            then()

    def discard_draft(self) -> None:
        if not self.draft_key:
            return
        from models.actions.drafts import discard

        # the app owns this write: the form is usually closing when it is asked
        self.app.runner.write(self.app, discard, self.draft_key, undoable=False, what="het concept weggooien",
                              failed=lambda _problem: None, group="form-draft")

    def set_field(self, field_id: str, value: Any) -> None:
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, TextArea):
            widget.text = str(value)
            widget.move_cursor(widget.document.end)
        else:
            widget.value = value  # type: ignore[attr-defined]

    def field_text(self, field_id: str) -> str | None:
        """What this field shows now, as text comparable with a stored value from `Edit.load`."""
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, Select):
            if widget.value is Select.NULL:
                return ""
            return next((str(label) for label, value in widget._options if value == widget.value), str(widget.value))
        if isinstance(widget, (DateInput, TimeInput)):
            return widget.describe()  # "di 24 nov · week 48", "14:00": the same whatever was typed
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return None

    def _refused(self, field_id: str | None, message: str) -> None:
        self.saving = False
        self.show_error(field_id, message)

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.dirty = False
        self.close(result)

    def close(self, result: Any) -> None:
        """Dismiss once: a save finishing while a "toch sluiten?" answer arrives, or two quick
        Esc presses, must not dismiss twice (Textual raises on the second)."""
        if self.closing:
            return
        self.closing = True
        self.dismiss(result)

    def unsaved(self) -> bool:
        """Is there input that closing would lose? Dirty, and some field differs from what the form
        opened with: the widgets' own first Changed events (their initial values) may arrive after a
        very quick Ctrl+W, and made an untouched form ask "Toch sluiten?"."""
        if not self.dirty or self.closing:
            return False
        current = {w.id: self.field_text(w.id) for w in self.query("Input, Select, TextArea") if w.id}
        return current != self.loaded_texts

    def action_cancel(self) -> None:
        if self.closing or self.saving:  # a save under way ends in a dismiss or a message: wait for it
            return
        if not self.unsaved():
            self.close(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                if self._draft_timer is not None:
                    self._draft_timer.stop()
                self.discard_draft()  # the user chose to throw the input away
                self.close(None)

        self.app.push_screen(ConfirmScreen("Er zijn niet-opgeslagen wijzigingen. Toch sluiten?",
                                           yes="sluiten zonder opslaan", no="verder invullen"), answered)


def parse_field(widget: DateInput | TimeInput) -> Any:
    """Parse a date/time field, turning a ParseError into a ValidationFailed at that field."""
    try:
        return widget.parsed()
    except ParseError as error:
        raise ValidationFailed(str(error), field=widget.id) from None
