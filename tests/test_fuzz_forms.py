"""Fuzz every form of the real app by keys: odd, empty, huge and impossible input, then ctrl+s.

For each form (one test per form, so pytest-xdist spreads them) the form is opened by keys in the
real app on its own demo database; for each free-text, date and time field every corpus value
(tests/fuzz_corpus.py) is put into that field with the other fields valid, and ctrl+s is pressed
(Enter in the one-line questions "naar week" and the iCalendar path). Every outcome must be

- no crash: the app still runs, Pilot raised nothing;
- SAVED: the form is gone and the database holds the value (control characters may be removed), or
  REFUSED: the form is still open, a message shows at that field's `#<id>-error` (or `#form-error`
  for a form-level problem) and the database is unchanged;
- a refusal names the real problem: "te lang … ten hoogste" for 100,000 characters, what is missing
  for an empty required field, that the date is wrong for an impossible date — never a generic
  "database niet bereikbaar";

and afterwards every section, the client page of a touched client with all its tabs and the three
exports open without an error, and SQLite's integrity and foreign key checks pass.

Each test writes its counts and failures to fuzz_corpus.REPORT_DIR; `python -m tests.fuzz_corpus -v`
prints the table of all forms and every failure. Meeting mode (notes, outcome) is not a modal form:
a refusal there is an error notification, and "still open" means the text stays in the field. The
one-line questions (AskScreen) show their message in `#ask-hint`. Step back (Wachtlijst b) is a
yes/no question without text: it is opened and confirmed by keys, nothing more.

Slow by nature (~1,050 tries, ~470 of them saves that close the form, which is then opened again
by keys): run it with `-n 2`. The app's 2-second poll for colleagues' changes is slowed down here
(one app alone on its database), everything else is the real app.
"""

from __future__ import annotations

import os
import sqlite3
import time
import traceback
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text as sql
from textual.widgets import TextArea

from models.audit import Actor
from tests import fuzz_corpus as corpus
from tests.conftest import FROZEN_TODAY, paste, settle

SIZE = (160, 48)
FIRST_FREE_MONDAY = date(2027, 1, 4)  # the demo plans eight weeks around today: 2027 is empty

# Tables whose (row count, highest id, sum of versions) tell whether anything was written. Every
# ORM update bumps `version`; Top-3 drafts (top3_plan.is_draft) are autosaved on purpose, so only
# the saved versions count.
WATCHED = {
    "appointment": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM appointment",
    "absence": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM absence",
    "registration": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM registration",
    "registration_step": "SELECT count(*), coalesce(max(id), 0), 0 FROM registration_step",
    "client": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM client",
    "trajectory": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM trajectory",
    "top3_plan": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM top3_plan WHERE is_draft = 0",
    "unsafe_situation": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM unsafe_situation "
                        "WHERE plan_id IN (SELECT id FROM top3_plan WHERE is_draft = 0)",
    "safety_agreement": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM safety_agreement "
                        "WHERE plan_id IN (SELECT id FROM top3_plan WHERE is_draft = 0)",
    "meeting": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM meeting",
    "agenda_item": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM agenda_item",
    "action_item": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM action_item",
    "handover": "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM handover",
    "handover_client": "SELECT count(*), 0, 0 FROM handover_client",
}


# --------------------------------------------------------------------------- fields and helpers

@dataclass(frozen=True)
class F:
    """A fuzzed field: `key` is its widget id (Top-3 blocks resolve theirs at run time)."""

    key: str
    kind: str  # text · code · number · date · time · week · path
    required: bool = False
    also: tuple[str, ...] = ()  # other fields where a refusal of this one may rightly show (a shared rule)

    def values(self) -> list[tuple[str, str]]:
        dates = corpus.DATE_CORPUS if self.kind in ("date", "time", "week") else []
        return corpus.TEXT_CORPUS + dates


def dmy(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def put(screen, widget_id: str, value: Any) -> None:
    """Fill a field in one step (a paste, not typing)."""
    widget = screen.query_one(f"#{widget_id}")
    if isinstance(widget, TextArea):
        widget.text = value
    else:
        widget.value = value


def visible(widget) -> bool:
    node = widget
    while node is not None:
        if not getattr(node, "display", True):
            return False
        node = node.parent
    return True


def form_messages(form) -> dict[str, str]:
    """The messages a FormScreen shows now: field id -> text ('form' for the banner)."""
    shown = {}
    for label in form.query(".field-error"):
        message = str(label.content)
        if message and label.id:
            key = label.id.removesuffix("-error")
            shown[key] = message if (label.has_class("-shown") and visible(label)) else f"(onzichtbaar) {message}"
    banners = form.query("#form-error")
    if banners:
        banner = banners.first()
        if str(banner.content):
            shown["form"] = str(banner.content) if banner.has_class("-shown") else f"(onzichtbaar) {banner.content}"
    return shown


def app_failure(app) -> BaseException | None:
    return getattr(app, "_exception", None)


def where_from(error: BaseException) -> str:
    root = str(Path(__file__).resolve().parents[1])
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(root)
              and "/.venv/" not in f.filename]
    frame = frames[-1] if frames else None
    at = f" bij {Path(frame.filename).name}:{frame.lineno} ({frame.name})" if frame else ""
    return f"{type(error).__name__}: {corpus.shorten(error, 200)}{at}"


class Stop(Exception):
    """The app crashed: no further input is possible."""


# --------------------------------------------------------------------------- one run of one form

class Run:
    def __init__(self, spec: Spec, app, database, tmp_path: Path) -> None:
        self.spec = spec
        self.app = app
        self.database = database
        self.tmp = tmp_path
        self.pilot = None
        self.counts = {"tried": 0, "saved": 0, "refused": 0, "crashed": 0}
        self.failures: list[dict] = []
        self.notes: list[tuple[str, str]] = []  # every notification: (severity, message)
        self.crashed = False
        self.mark = 0  # notifications before the current try
        self.touched: set[str] = set()
        self.timing = {"open": 0.0, "submit": 0.0, "after_save": 0.0, "tour": 0.0}
        self.shown: dict[str, Any] = {}  # what the fuzz loop put in the open form
        self.wanted: dict[str, Any] = {}
        original = app.notify

        def notify(message, *, title="", severity="information", timeout=None, markup=False):
            self.notes.append((severity, str(message)))
            return original(message, title=title, severity=severity, timeout=timeout, markup=markup)

        app.notify = notify

    # --- bookkeeping ------------------------------------------------------------------------

    def fail(self, field: str, value: str, problem: str) -> None:
        self.failures.append({"field": field, "value": corpus.name_of(value) if value is not None else "-",
                              "problem": problem})

    def crash(self, field: str, value: str | None, error: BaseException) -> None:
        if self.crashed:
            return
        self.crashed = True
        self.counts["crashed"] += 1
        self.fail(field, value, f"CRASH {where_from(error)}")

    def errors_since(self, mark: int) -> list[str]:
        return [message for severity, message in self.notes[mark:] if severity == "error"]

    def state(self) -> dict:
        with self.database.engine.connect() as db:
            snapshot = {name: tuple(db.execute(sql(query)).one()) for name, query in WATCHED.items()}
        snapshot.update(self.spec.extra_state(self))
        return snapshot

    def query(self, statement: str, **params) -> list:
        with self.database.engine.connect() as db:
            return list(db.execute(sql(statement), params))

    def want(self, widget_id: str, value: Any) -> None:
        """A valid value for a field of the open form (filled in by the fuzz loop)."""
        self.wanted[widget_id] = value

    # --- keys -------------------------------------------------------------------------------

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        self.check_alive()

    async def settle(self) -> None:
        await settle(self.pilot)
        self.check_alive()

    async def paste(self, text: str) -> None:
        """Into the focused field in one step (the palette's client code; typing it: test_palette.py)."""
        await paste(self.pilot, text)
        self.check_alive()

    def check_alive(self) -> None:
        error = app_failure(self.app)
        if error is not None:
            raise Stop(error)
        if not self.app.is_running:
            raise Stop(RuntimeError("de app is gestopt"))

    async def wait_for(self, predicate, what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            self.check_alive()
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} (scherm: {type(self.app.screen).__name__})")
            await self.pilot.pause(0.02)

    async def wait_screen(self, cls, what: str = "") -> Any:
        await self.wait_for(lambda: isinstance(self.app.screen, cls), what or f"{cls.__name__} gaat niet open")
        await self.pilot.pause()
        return self.app.screen

    # --- the fuzz loop ----------------------------------------------------------------------

    async def fuzz(self) -> None:
        spec = self.spec
        screen = None
        for field in spec.fields:
            for _name, value in field.values():
                self.counts["tried"] += 1
                try:
                    if screen is None or not spec.still_open(self, screen):
                        clock = time.monotonic()
                        screen = await spec.open(self)
                        self.timing["open"] += time.monotonic() - clock
                        self.shown = {}
                    self.wanted = {}
                    spec.fill(self, screen, field)
                    fuzzed = spec.widget_id(screen, field)
                    for widget_id, valid in self.wanted.items():  # only what differs from what the form shows
                        if widget_id != fuzzed and self.shown.get(widget_id, put) != valid:
                            put(screen, widget_id, valid)
                            self.shown[widget_id] = valid
                    put(screen, fuzzed, value)
                    self.shown[fuzzed] = value
                    await self.pilot.pause()
                    self.check_alive()
                    before = self.state()
                    mark = self.mark = len(self.notes)
                    clock = time.monotonic()
                    outcome = await spec.submit(self, screen, field, value)
                    self.timing["submit"] += time.monotonic() - clock
                except Stop as stop:
                    self.crash(field.key, value, stop.args[0])
                    return
                except AssertionError as problem:  # the form could not be reached: nothing more to try here
                    self.fail(field.key, value, f"formulier niet bereikbaar: {problem}")
                    return
                except Exception as error:  # noqa: BLE001 - an exception out of Pilot is a crash too
                    self.crash(field.key, value, app_failure(self.app) or error)
                    return
                problems: list[str] = []
                if outcome == "saved":
                    self.counts["saved"] += 1
                    problems += spec.check_saved(self, field, value, before)
                    if value == corpus.LONG:
                        problems.append("100.000 tekens opgeslagen (elke tekstkolom heeft een grens)")
                    errors = self.errors_since(mark)
                    if errors and not problems:
                        problems.append(f"opgeslagen, maar met een foutmelding: {corpus.shorten(errors[0])}")
                    screen = None
                    try:
                        clock = time.monotonic()
                        await spec.after_save(self)
                        self.timing["after_save"] += time.monotonic() - clock
                    except Stop as stop:
                        self.crash(field.key, value, stop.args[0])
                        return
                else:
                    self.counts["refused"] += 1
                    message, location = spec.refusal(self, screen, field, mark)
                    problems += location
                    problems += corpus.refusal_problems(message, value, kind=field.kind, required=field.required)
                    after = self.state()
                    changed = sorted(k for k in before if before[k] != after[k])
                    if changed:
                        problems.append(f"geweigerd, maar de database is gewijzigd: {', '.join(changed)}")
                for problem in problems:
                    self.fail(field.key, value, problem)
        if screen is not None and spec.still_open(self, screen) and self.wanted:
            for widget_id, valid in self.wanted.items():  # leave the form as a person would: valid, then Esc
                put(screen, widget_id, valid)
            await self.pilot.pause()

    # --- afterwards: every section, the client page, the exports --------------------------

    async def back_to_section(self) -> None:
        from screens.common.confirm import ConfirmScreen
        from screens.common.section import SectionScreen
        from screens.top3.editor import Choice

        for _ in range(10):
            screen = self.app.screen
            if isinstance(screen, SectionScreen):
                return
            if isinstance(screen, ConfirmScreen):
                await self.press("j")  # "toch sluiten?" / "verder schrijven?": leave
            elif isinstance(screen, Choice):
                await self.press("w" if any(v == "discard" for _k, _l, v in screen.options) else "escape")
            else:
                await self.press("escape")
            await self.settle()
        raise AssertionError(f"kan niet terug naar een onderdeel (scherm: {type(self.app.screen).__name__})")

    async def tour(self) -> None:
        """Every section by its key, each export where its section is, the client page with all tabs."""
        await self.back_to_section()
        mark = len(self.notes)
        for key, mode in zip("123456", ["vandaag", "planning", "wachtlijst", "caseload", "overleg", "overdracht"]):
            await self.press(key)
            await self.settle()
            if self.app.current_mode != mode:
                self.fail("(na afloop)", None, f"toets {key} opent {mode} niet")
                continue
            if key == "2":
                await self.export_ics()
            elif key == "5":
                await self.export_minutes()
            elif key == "6":
                await self.export_handover()
        await self.client_page(sorted(self.touched)[0] if self.touched else self.spec.touched_default)
        for message in self.errors_since(mark):
            self.fail("(na afloop)", None, f"foutmelding bij rondgang: {corpus.shorten(message)}")

    async def export_ics(self) -> None:  # Planning e: the week as iCalendar, to a path we choose
        from screens.planning.day_dialog import AskScreen

        await self.press("x")
        ask = await self.wait_screen(AskScreen, "iCalendar-export vraagt geen bestandsnaam")
        target = self.tmp / "na-afloop" / "week.ics"
        put(ask, "ask-input", str(target))
        await self.pilot.pause()
        await self.press("enter")
        await self.settle()
        if not target.exists() or b"BEGIN:VCALENDAR" not in target.read_bytes():
            self.fail("(na afloop)", None, "iCalendar-export schreef geen agenda")
        await self.back_to_section()

    async def export_minutes(self) -> None:  # Overleg x: the minutes previewed, Ctrl+S into the export folder
        from models.clock import local
        from models.overleg.minutes import default_filename
        from screens.overleg.minutes_preview import MinutesPreview

        overleg = self.app.screen
        await self.press("x")
        await self.settle()
        if isinstance(self.app.screen, MinutesPreview):
            await self.press("ctrl+s")
            await self.settle()
        if overleg.view is not None and overleg.view.meeting is not None:
            minutes = Path(os.environ["TEAMBORD_EXPORT_DIR"]) / default_filename(local(overleg.view.meeting.start).date())
            if not minutes.exists():
                self.fail("(na afloop)", None, f"verslag niet geschreven ({minutes.name})")

    async def export_handover(self) -> None:  # Overdracht x: a sent handover, to TEAMBORD_EXPORT_DIR
        handovers = self.app.screen
        for _ in range(30):  # a draft cannot be exported
            row = handovers.selected()
            if row is not None and not row.is_draft:
                break
            await self.press("down")
        folder = self.tmp / "export"
        exported = set(folder.glob("*"))
        await self.press("x")
        await self.settle()
        try:
            await self.wait_for(lambda: set(folder.glob("*")) != exported, "overdracht niet geëxporteerd", 10)
        except AssertionError as problem:
            self.fail("(na afloop)", None, str(problem))

    async def client_page(self, code: str) -> None:
        from screens.client.page import ClientPage

        await self.press("ctrl+p")
        await self.pilot.pause()
        await self.paste(code)
        await self.settle()
        await self.press("enter")
        await self.settle()
        if not isinstance(self.app.screen, ClientPage):
            self.fail("(na afloop)", None, f"cliëntpagina van {code} gaat niet open via Ctrl+P")
            return
        for tab in "taovhl":  # the page loads everything at once; a tab only shows its part
            await self.press(tab)
            await self.pilot.pause()
        await self.settle()
        await self.press("escape")
        await self.settle()

    def integrity(self, path: Path) -> None:
        with sqlite3.connect(path) as db:
            check = db.execute("PRAGMA integrity_check").fetchall()
            keys = db.execute("PRAGMA foreign_key_check").fetchall()
        if check != [("ok",)]:
            self.fail("(database)", None, f"PRAGMA integrity_check: {check[:5]}")
        if keys:
            self.fail("(database)", None, f"PRAGMA foreign_key_check: {keys[:5]}")


# --------------------------------------------------------------------------- the forms

class Spec:
    """One form: how to open it by keys, fill it validly, and read back what was saved."""

    name = ""
    fields: list[F] = []

    def __init__(self, database, tmp_path: Path) -> None:
        self.db = database
        self.tmp = tmp_path
        self.k = 0  # attempts so far (unique days)
        with database.engine.connect() as db:
            self.ids = dict(db.execute(sql("SELECT code, id FROM worker")).all())
            self.client = db.execute(sql(
                "SELECT c.code FROM client c JOIN top3_plan p ON p.client_id = c.id "
                "WHERE c.worker_id = :av AND c.status = 'active' AND p.is_draft = 0 ORDER BY c.code LIMIT 1"),
                {"av": self.ids["AV"]}).scalar_one()
        self.touched_default = self.client

    def prepare(self) -> None:
        """Seed what the form needs, before the app starts."""

    async def start(self, run: Run) -> None:
        """The first keys, once (e.g. the section)."""

    async def open(self, run: Run):
        raise NotImplementedError

    def fill(self, run: Run, screen, field: F) -> None:
        raise NotImplementedError

    def widget_id(self, screen, field: F) -> str:
        return field.key

    def still_open(self, run: Run, screen) -> bool:
        return screen in run.app.screen_stack

    def extra_state(self, run: Run) -> dict:
        return {}

    async def submit(self, run: Run, form, field: F, value: str) -> str:
        """ctrl+s in a FormScreen; 'saved' when the save went through and the form closed."""
        result: dict[str, str] = {}
        saved_original, refused_original = form._saved, form._refused

        def saved(value):
            result["how"] = "saved"
            saved_original(value)

        def refused(field_id, message):
            result["how"] = "refused"
            refused_original(field_id, message)

        form._saved, form._refused = saved, refused
        try:
            await run.press("ctrl+s")
            await run.wait_for(lambda: not form.saving, "het opslaan blijft hangen", 30)
            await run.pilot.pause()
        finally:
            form._saved, form._refused = saved_original, refused_original
        if result.get("how") == "saved":
            await run.wait_for(lambda: form not in run.app.screen_stack, "het formulier sluit niet na opslaan")
            await run.settle()
            return "saved"
        return "refused"

    def refusal(self, run: Run, form, field: F, mark: int) -> tuple[str, list[str]]:
        """The message shown, and what is wrong with where it shows."""
        problems = []
        if form not in run.app.screen_stack:
            return "", ["geweigerd, maar het formulier is dicht"]
        shown = form_messages(form)
        mine = self.widget_id(form, field)
        places = [mine, *[self.widget_id_of(form, other) for other in field.also]]
        message = next((shown[p] for p in places if p in shown), None)
        if message is None and "form" in shown:
            message = shown["form"]
        if message is None:
            others = {k: v for k, v in shown.items() if k not in places}
            if others:
                where, text = next(iter(others.items()))
                problems.append(f"melding bij een ander veld ({where}): {corpus.shorten(text)}")
                message = text
            else:
                problems.append("geweigerd zonder melding in het formulier")
                message = ""
        if message.startswith("(onzichtbaar) "):
            problems.append(f"de melding staat er, maar is niet zichtbaar: {corpus.shorten(message)}")
            message = message.removeprefix("(onzichtbaar) ")
        return message, problems

    def widget_id_of(self, form, key: str) -> str:
        return self.widget_id(form, F(key, "text"))

    async def after_save(self, run: Run) -> None:
        """What follows a save before the form can be opened again (submit has settled already)."""

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        raise NotImplementedError

    # --- checks shared by the forms -----------------------------------------------------------

    @staticmethod
    def text_kept(stored: Any, value: str, field: F, *, contained: bool = False,
                  default: str | None = None) -> list[str]:
        """The stored text is the typed one (see fuzz_corpus.stored_forms)."""
        if stored is None:
            return ["opgeslagen, maar de waarde staat niet in de database"]
        forms = corpus.stored_forms(value)
        if default is not None and corpus.is_blank(value) and stored == default:
            return []
        ok = any(f in stored for f in forms if f) if contained and not corpus.is_blank(value) else stored in forms
        if not ok:
            return [f"opgeslagen als {corpus.shorten(stored)} in plaats van {corpus.shorten(value)}"]
        if field.required and not str(stored).strip():
            return [f"verplicht veld leeg opgeslagen (getypt: {corpus.shorten(value)})"]
        return []

    @staticmethod
    def date_kept(stored: Any, value: str, field: F, *, blank_means: Any = None) -> list[str]:
        """A date/time field: only a blank optional field may save (as `blank_means`)."""
        if corpus.is_blank(value) and not field.required:
            if stored != blank_means:
                return [f"leeg datumveld opgeslagen als {stored!r}"]
            return []
        return [f"ongeldige datum/tijd opgeslagen als {stored!r}"]

    def code_kept(self, stored_codes: list[str], value: str) -> list[str]:
        """A client-code field: only a blank one (no client) may save with these values."""
        if corpus.is_blank(value) and not stored_codes:
            return []
        return [f"cliëntcode {corpus.shorten(value)} opgeslagen als {stored_codes!r}"]


# --- Planning (2) ---------------------------------------------------------------------------------

class AppointmentSpec(Spec):
    name = "afspraak"
    fields = [F("note", "text"), F("partner", "text"), F("client", "code"), F("day", "date", True),
              F("start", "time", True), F("end", "time"), F("until", "date", True)]

    async def start(self, run: Run) -> None:
        await run.press("2")
        await run.settle()

    async def open(self, run: Run):
        from screens.planning.appointment_form import AppointmentForm

        await run.press("n")
        return await run.wait_screen(AppointmentForm)

    def fill(self, run: Run, form, field: F) -> None:
        from models.planning.views import REPEAT_NONE, REPEAT_WEEKLY

        self.k += 1
        self.day = FIRST_FREE_MONDAY + timedelta(weeks=3 * self.k)
        run.want("day", dmy(self.day))
        run.want("worker", self.ids["AV"])
        run.want("start", "07:00")
        run.want("end", "07:30")
        run.want("client", self.client)
        run.want("partner", "Wijkteam")
        run.want("note", "Fuzz")
        if form.query("#repeat"):
            run.want("repeat", REPEAT_WEEKLY if field.key == "until" else REPEAT_NONE)
            run.want("until", dmy(self.day + timedelta(weeks=2)) if field.key == "until" else "")
        run.touched.add(self.client)

    def new_rows(self, run: Run, before: dict) -> list:
        return run.query("SELECT a.*, c.code AS client_code FROM appointment a "
                         "LEFT JOIN client c ON c.id = a.client_id "
                         "WHERE a.id > :last ORDER BY a.id", last=before["appointment"][1])

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        rows = self.new_rows(run, before)
        if not rows:
            return ["opgeslagen, maar er is geen nieuwe afspraak"]
        row = rows[0]._mapping
        if field.key in ("note", "partner"):
            return self.text_kept(row[field.key], value, field)
        if field.key == "client":
            return self.code_kept([row["client_code"]] if row["client_code"] else [], value)
        if field.key == "end":
            return self.date_kept(None, value, field, blank_means=None)  # blank: one hour after the start
        return self.date_kept(row["start"], value, field)


class AbsenceSpec(Spec):
    name = "afwezigheid"
    fields = [F("absence-note", "text"), F("absence-from", "date", True), F("absence-to", "date")]

    async def start(self, run: Run) -> None:
        await run.press("2")
        await run.settle()

    async def open(self, run: Run):
        from screens.planning.absence_form import AbsenceForm

        await run.press("a")
        return await run.wait_screen(AbsenceForm)

    def fill(self, run: Run, form, field: F) -> None:
        self.k += 1
        self.day = FIRST_FREE_MONDAY + timedelta(weeks=self.k)
        run.want("absence-worker", self.ids["AV"])
        run.want("absence-from", dmy(self.day))
        run.want("absence-to", dmy(self.day + timedelta(days=1)))
        run.want("absence-note", "Cursus")

    async def after_save(self, run: Run) -> None:
        from screens.planning.screen import PlanningScreen

        await run.settle()
        for _ in range(3):  # the handover offer after an absence, when it has appointments
            if isinstance(run.app.screen, PlanningScreen):
                return
            await run.press("escape")
            await run.settle()

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        rows = run.query("SELECT * FROM absence WHERE id > :last ORDER BY id", last=before["absence"][1])
        if not rows:
            return ["opgeslagen, maar er is geen nieuwe afwezigheid"]
        row = rows[0]._mapping
        if field.key == "absence-note":
            return self.text_kept(row["note"], value, field)
        if field.key == "absence-to":
            return self.date_kept(str(row["end_date"]), value, field, blank_means=str(row["start_date"]))
        return self.date_kept(row["start_date"], value, field)


class AskSpec(Spec):
    """The one-line questions of the planning: a week to go to, a file to export to (Enter confirms)."""

    key = ""

    async def start(self, run: Run) -> None:
        await run.press("2")
        await run.settle()

    async def open(self, run: Run):
        from screens.planning.day_dialog import AskScreen

        await run.press(self.key)
        return await run.wait_screen(AskScreen)

    def fill(self, run: Run, screen, field: F) -> None:
        pass

    def widget_id(self, screen, field: F) -> str:
        return "ask-input"

    async def submit(self, run: Run, screen, field: F, value: str) -> str:
        self.planning = run.app.screen_stack[-2] if len(run.app.screen_stack) > 1 else None
        self.monday_before = getattr(self.planning, "monday", None)
        await run.press("enter")
        await run.pilot.pause()
        if screen in run.app.screen_stack:
            return "refused"
        await run.settle()
        return "saved"

    def refusal(self, run: Run, screen, field: F, mark: int) -> tuple[str, list[str]]:
        if screen not in run.app.screen_stack:
            return "", ["geweigerd, maar de vraag is dicht"]
        hint = screen.query_one("#ask-hint")
        message = str(hint.content)
        problems = [] if hint.has_class("-error") or not message else ["de melding is niet als fout gemarkeerd"]
        if not message:
            problems.append("geweigerd zonder melding")
        return message, problems


class WeekSpec(AskSpec):
    name = "naar-week"
    key = "g"
    fields = [F("ask-input", "week", True)]

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        monday = getattr(self.planning, "monday", None)
        return [f"naar een week gegaan ({monday}) voor een onmogelijke invoer"]


class IcsExportSpec(AskSpec):
    name = "ical-export-pad"
    key = "x"
    fields = [F("ask-input", "path", True)]

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        errors = run.errors_since(run.mark)
        if errors:
            return [f"de vraag sloot (invoer weg), daarna mislukte de export: {corpus.shorten(errors[0])}"]
        try:
            path = Path(value.strip()).expanduser()
            written = path.is_file() and b"BEGIN:VCALENDAR" in path.read_bytes()
        except (OSError, ValueError) as error:
            return [f"de vraag sloot; het bestand is niet te lezen: {where_from(error)}"]
        return [] if written else [f"de vraag sloot, maar er staat geen agenda in {corpus.shorten(value)}"]


# --- Wachtlijst (3) -------------------------------------------------------------------------------

def seed_registrations(database, count: int, status: str, *, children: bool = False) -> list[str]:
    """`count` registrations in `status`, created as the team would (domain writes)."""
    from models.enums import Hulpvorm, RegistrationStatus
    from models.waitlist.write import (RegistrationInput, create_registration, record_advice, record_intake_done,
                                          record_intake_planned)
    from models.tables.registrations import Registration
    from sqlmodel import Session, select
    from models.tables.workers import Worker

    with Session(database.engine) as session:
        av = session.exec(select(Worker.id).where(Worker.code == "AV")).one()
    codes = []
    for number in range(count):
        with database.session(Actor("AV"), write=True) as session:
            rid = create_registration(session, RegistrationInput(
                registered_on=FROZEN_TODAY - timedelta(days=3), via="wijkteam", gemeente="purmerend",
                reason=f"Fuzz {number}", children_involved=children))
            session.commit()  # the flow only flushes
        steps = {RegistrationStatus.INTAKE_GEPLAND: 1, RegistrationStatus.INTAKE_GEDAAN: 2,
                 RegistrationStatus.BESPROKEN: 3}.get(status, 0)
        for step in range(steps):
            with database.session(Actor("AV"), write=True) as session:
                version = session.get(Registration, rid).version
                if step == 0:
                    record_intake_planned(session, rid, version, av)
                elif step == 1:
                    record_intake_done(session, rid, version)
                else:
                    record_advice(session, rid, version, Hulpvorm.AMBULANT.value)
                session.commit()
        with Session(database.engine) as session:
            codes.append(session.get(Registration, rid).code)
    return codes


class WaitlistSpec(Spec):
    """A form that is a step on one registration: filter to it by keys, press the step key."""

    key = ""
    status = "aangemeld"
    children = False
    reuse = False  # the step leaves the registration where it can take the step again
    form_class = ""

    def prepare(self) -> None:
        count = 1 if self.reuse else sum(len(f.values()) for f in self.fields) + 1
        self.codes = seed_registrations(self.db, count, self.status, children=self.children)
        self.code = self.codes.pop(0)

    async def start(self, run: Run) -> None:
        await run.press("3")
        await run.settle()

    async def select(self, run: Run, code: str) -> None:
        from screens.waitlist.screen import WaitlistScreen

        waitlist = await run.wait_screen(WaitlistScreen)
        await run.press("slash")
        put(waitlist, "waitlist-filter", code)
        await run.pilot.pause()
        await run.press("enter")
        await run.pilot.pause()
        row = waitlist.current_row()
        if row is None or row.code != code:  # still loading: wait for it
            await run.settle()
            row = waitlist.current_row()
        if row is None or row.code != code:
            raise AssertionError(f"aanmelding {code} niet te kiezen met / (gekozen: {row and row.code})")

    async def open(self, run: Run):
        import importlib

        await self.select(run, self.code)
        await run.press(self.key)
        module, name = self.form_class.rsplit(".", 1)
        return await run.wait_screen(getattr(importlib.import_module(module), name))

    async def after_save(self, run: Run) -> None:
        if not self.reuse:
            self.code = self.codes.pop(0)

    def registration(self, run: Run, code: str):
        return run.query("SELECT * FROM registration WHERE code = :code", code=code)[0]._mapping

    def last_step_note(self, run: Run, code: str) -> str:
        return run.query("SELECT s.note FROM registration_step s JOIN registration r ON r.id = s.registration_id "
                         "WHERE r.code = :code ORDER BY s.id DESC LIMIT 1", code=code)[0][0]


class RegistrationSpec(WaitlistSpec):
    name = "aanmelding"
    fields = [F("referrer_contact", "text"), F("reason", "text", True), F("melding_note", "text"),
              F("registered_on", "date", True), F("melding_date", "date"), F("huisverbod_start", "date", True),
              F("huisverbod_end", "date")]

    def prepare(self) -> None:
        pass

    async def open(self, run: Run):
        from screens.waitlist.registration_form import RegistrationForm

        await run.press("n")
        return await run.wait_screen(RegistrationForm)

    async def after_save(self, run: Run) -> None:
        pass

    def fill(self, run: Run, form, field: F) -> None:
        run.want("registered_on", dmy(FROZEN_TODAY - timedelta(days=1)))
        run.want("urgency", "normaal")
        run.want("via", "wijkteam")
        run.want("referrer_contact", "Wijkteam Purmerend")
        run.want("gemeente", "purmerend")
        run.want("children", "ja")
        run.want("reason", "Spanningen thuis")
        run.want("melding_date", "")
        run.want("melding_note", "Nog niet gemeld")
        run.want("huisverbod", "ja")
        run.want("huisverbod_start", dmy(FROZEN_TODAY - timedelta(days=2)))
        run.want("huisverbod_end", "")

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        rows = run.query("SELECT * FROM registration WHERE id > :last ORDER BY id", last=before["registration"][1])
        if not rows:
            return ["opgeslagen, maar er is geen nieuwe aanmelding"]
        row = rows[0]._mapping
        if field.kind == "text":
            return self.text_kept(row[field.key], value, field)
        blank = {"melding_date": None, "huisverbod_end": str(FROZEN_TODAY - timedelta(days=2) + timedelta(days=10))}
        stored = row[field.key]
        return self.date_kept(str(stored) if stored is not None else None, value, field,
                              blank_means=blank.get(field.key))


class PlanIntakeSpec(WaitlistSpec, AppointmentSpec):
    name = "stap-intake-plannen"
    key = "i"
    status = "aangemeld"
    form_class = "screens.planning.appointment_form.AppointmentForm"
    fields = [F("note", "text"), F("partner", "text"), F("client", "code"), F("day", "date", True),
              F("start", "time", True), F("end", "time")]
    # start, open, after_save and prepare: WaitlistSpec's (first in the MRO); the form: AppointmentSpec's

    def fill(self, run: Run, form, field: F) -> None:
        AppointmentSpec.fill(self, run, form, field)
        run.want("client", "")
        run.want("note", f"Intake {self.code}")

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        problems = AppointmentSpec.check_saved(self, run, field, value, before)
        rows = self.new_rows(run, before)
        code = run.query("SELECT code FROM registration WHERE id = :id", id=rows[0]._mapping["registration_id"]) \
            if rows and rows[0]._mapping["registration_id"] else []
        registration = self.registration(run, code[0][0]) if code else None
        if registration is None or registration["status"] != "intake_gepland":
            problems.append("intake opgeslagen, maar de aanmelding staat niet op 'intake gepland'")
        return problems


class IntakeDoneSpec(WaitlistSpec):
    name = "stap-intake-gedaan"
    key = "d"
    status = "intake_gepland"
    form_class = "screens.waitlist.step_form.RegistrationStepForm"
    fields = [F("reason", "text")]

    def fill(self, run: Run, form, field: F) -> None:
        run.want("reason", "Intake verliep goed")

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        if self.registration(run, self.code)["status"] != "intake_gedaan":
            return ["opgeslagen, maar de status is niet 'intake gedaan'"]
        return self.text_kept(self.last_step_note(run, self.code), value, field)


class AdviceSpec(WaitlistSpec):
    name = "stap-advies"
    key = "a"
    status = "intake_gedaan"
    reuse = True  # advice again on 'besproken' is allowed
    form_class = "screens.waitlist.step_form.RegistrationStepForm"
    fields = [F("reason", "text")]

    def fill(self, run: Run, form, field: F) -> None:
        run.want("hulpvorm", "ambulant")
        run.want("reason", "Past bij ambulant")

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        note = self.last_step_note(run, self.code)
        if corpus.is_blank(value):
            return [] if note.startswith("Advies:") else [f"advies opgeslagen als {corpus.shorten(note)}"]
        return self.text_kept(note, value, field, contained=True)


class AllocateSpec(WaitlistSpec):
    name = "stap-toewijzen"
    key = "t"
    status = "besproken"
    form_class = "screens.waitlist.allocation_form.AllocationForm"
    fields = [F("initials", "text"), F("care4_ref", "text"), F("reason", "text")]

    def fill(self, run: Run, form, field: F) -> None:
        run.want("hulpvorm", "ambulant")
        run.want("initials", "A.B.")
        run.want("care4_ref", "C4-1234")
        run.want("reason", "Ruimte bij de eerste")

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        clients = run.query("SELECT * FROM client WHERE id > :last ORDER BY id", last=before["client"][1])
        if not clients:
            return ["toegewezen, maar er is geen nieuwe cliënt"]
        client = clients[0]._mapping
        run.touched.add(client["code"])
        if field.key == "initials":  # initials are stored in capitals, by design
            return self.text_kept(client[field.key].lower(), value.lower(), field)
        if field.key == "care4_ref":
            return self.text_kept(client[field.key], value, field)
        note = self.last_step_note(run, self.code)
        if corpus.is_blank(value):
            return [] if note.startswith("Toegewezen aan") else [f"stap opgeslagen als {corpus.shorten(note)}"]
        return self.text_kept(note, value, field, contained=True)


class CloseStepSpec(WaitlistSpec):
    """Verwijzen (v) and vervallen (x): a required reason, and the melding fields (children involved)."""

    status = "aangemeld"
    children = True
    form_class = "screens.waitlist.step_form.RegistrationStepForm"
    target = ""
    fields = [F("reason", "text", True), F("melding_note", "text", True, also=("melding_date",)),
              F("melding_date", "date")]

    def fill(self, run: Run, form, field: F) -> None:
        run.want("reason", "Past beter bij de wijk")
        run.want("melding_note", "Kinderen gezien, geen zorgen")
        run.want("melding_date", "")

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        registration = self.registration(run, self.code)
        if registration["status"] != self.target:
            return [f"opgeslagen, maar de status is {registration['status']!r}"]
        if field.key == "reason":
            return self.text_kept(self.last_step_note(run, self.code), value, field)
        if field.key == "melding_note":
            return self.text_kept(registration["melding_note"], value, field)
        return self.date_kept(registration["melding_date"], value, field, blank_means=None)


class ReferSpec(CloseStepSpec):
    name = "stap-verwijzen"
    key = "v"
    target = "verwezen"


class LapseSpec(CloseStepSpec):
    name = "stap-vervallen"
    key = "l"
    target = "vervallen"


class StepBackSpec(WaitlistSpec):
    """Backspace asks a yes/no question: there is no text to fuzz; it must still open and work by keys."""

    name = "stap-terug"
    key = "backspace"
    status = "intake_gedaan"
    reuse = True
    fields = []

    async def step_back(self, run: Run) -> None:
        from screens.common.confirm import ConfirmScreen

        run.counts["tried"] += 1
        await self.select(run, self.code)
        await run.press("backspace")
        await run.wait_screen(ConfirmScreen, "b (stap terug) vraagt niets")
        await run.press("j")
        await run.settle()
        status = self.registration(run, self.code)["status"]
        if status == "intake_gepland":
            run.counts["saved"] += 1
        else:
            run.counts["refused"] += 1
            run.fail("(bevestiging)", None, f"stap terug: status is {status!r}, verwacht 'intake_gepland'")


# --- the client page and its Top-3 editor ---------------------------------------------------------

async def open_client_page(run: Run, code: str) -> None:
    from screens.client.page import ClientPage

    await run.press("ctrl+p")
    await run.pilot.pause()
    await run.paste(code)
    await run.settle()
    await run.press("enter")
    await run.wait_screen(ClientPage, f"cliëntpagina van {code} gaat niet open")
    await run.settle()


class Top3Spec(Spec):
    def __init__(self, database, tmp_path: Path) -> None:
        super().__init__(database, tmp_path)
        with database.engine.connect() as db:  # a client whose newest plan has a situation and an agreement
            self.client = db.execute(sql(
                "SELECT c.code FROM client c JOIN top3_plan p ON p.client_id = c.id WHERE c.status = 'active' "
                "AND p.is_draft = 0 AND c.worker_id = :av AND EXISTS (SELECT 1 FROM safety_agreement a WHERE "
                "a.plan_id = p.id) AND p.number = (SELECT max(number) FROM top3_plan q WHERE q.client_id = c.id "
                "AND q.is_draft = 0) ORDER BY (SELECT count(*) FROM unsafe_situation s WHERE s.plan_id = p.id) + "
                "(SELECT count(*) FROM safety_agreement a WHERE a.plan_id = p.id), c.code LIMIT 1"),
                {"av": self.ids["AV"]}).scalar_one()  # the smallest plan: the editor opens faster
        self.touched_default = self.client

    async def start(self, run: Run) -> None:
        await open_client_page(run, self.client)

    async def open(self, run: Run):
        from screens.top3.editor import Choice, Top3Editor

        await run.press("n")
        await run.wait_for(lambda: isinstance(run.app.screen, (Choice, Top3Editor)), "n opent de Top-3-editor niet")
        if isinstance(run.app.screen, Choice):  # a draft from an earlier refused try: start from the version
            await run.press("w")
        return await run.wait_screen(Top3Editor)

    def widget_id(self, editor, field: F) -> str:
        if field.key.startswith("s-"):
            return f"s{editor.situation_blocks[0].serial}-{field.key[2:]}"
        if field.key.startswith("a-"):
            return f"a{editor.agreement_blocks[0].serial}-{field.key[2:]}"
        return field.key

    def fill(self, run: Run, editor, field: F) -> None:
        s = editor.situation_blocks[0].serial
        a = editor.agreement_blocks[0].serial
        run.want("made-with", "Cliënte en AV")
        run.want("evaluate-on", dmy(FROZEN_TODAY + timedelta(days=21)))
        run.want(f"s{s}-description", "Partner schreeuwt bij de overdracht van de kinderen")
        run.want(f"s{s}-family", "moeder, kinderen")
        run.want(f"s{s}-last", dmy(FROZEN_TODAY - timedelta(days=10)))
        run.want(f"s{s}-risks", "Alcohol")
        run.want(f"a{a}-who", "Cliënte")
        run.want(f"a{a}-what", "Belt 112 bij dreiging")
        run.want(f"a{a}-until", dmy(FROZEN_TODAY + timedelta(days=60)))
        run.want(f"a{a}-checked", "AV")
        run.want(f"a{a}-consequence", "Bespreken in het overleg")
        run.touched.add(self.client)

    def newest(self, run: Run, before: dict):
        plans = run.query("SELECT * FROM top3_plan WHERE is_draft = 0 AND id > :last ORDER BY id DESC",
                          last=before["top3_plan"][1])
        return plans[0]._mapping if plans else None

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        plan = self.newest(run, before)
        if plan is None:
            return ["opgeslagen, maar er is geen nieuwe Top-3-versie"]
        if field.key in ("made-with", "evaluate-on"):
            stored = plan["made_with" if field.key == "made-with" else "evaluate_on"]
            if field.kind == "text":
                return self.text_kept(stored, value, field)
            return self.date_kept(stored, value, field)
        table, order = ("unsafe_situation", "rank") if field.key.startswith("s-") else ("safety_agreement", "position")
        row = run.query(f"SELECT * FROM {table} WHERE plan_id = :plan ORDER BY {order} LIMIT 1", plan=plan["id"])
        if not row:
            return [f"opgeslagen, maar de nieuwe versie heeft geen {table}"]
        column = {"s-description": "description", "s-family": "family_members", "s-last": "last_occurrence",
                  "s-risks": "risk_factors", "a-who": "who", "a-what": "what", "a-until": "until",
                  "a-checked": "checked_by", "a-consequence": "consequence"}[field.key]
        stored = row[0]._mapping[column]
        if field.kind == "date":
            return self.date_kept(stored, value, field, blank_means=None)
        return self.text_kept(stored, value, field)


class Top3SituationSpec(Top3Spec):
    name = "top3-situatie"
    fields = [F("made-with", "text"), F("evaluate-on", "date", True), F("s-description", "text", True),
              F("s-family", "text"), F("s-last", "date"), F("s-risks", "text")]


class Top3AgreementSpec(Top3Spec):
    name = "top3-afspraak"
    fields = [F("a-who", "text", True), F("a-what", "text", True), F("a-until", "date", True),
              F("a-checked", "text"), F("a-consequence", "text")]


# --- Caseload (4) ---------------------------------------------------------------------------------

class CaseloadSpec(Spec):
    key = ""
    form_class = None

    async def start(self, run: Run) -> None:
        await run.press("4")
        await run.settle()
        await run.press("tab")  # to the client list
        await run.settle()

    async def open(self, run: Run):
        import importlib

        module, name = self.form_class.rsplit(".", 1)
        caseload = run.app.screen
        for _ in range(8):  # a worker without clients left: the next worker, by keys
            if caseload.selected_client() is not None:
                break
            await run.press("shift+tab", "down", "tab")
            await run.settle()
        await run.press(self.key)
        return await run.wait_screen(getattr(importlib.import_module(module), name))

    def client_code(self, run: Run, form) -> str:
        code = run.query("SELECT code FROM client WHERE id = :id", id=form.client.id)[0][0]
        run.touched.add(code)
        return code


class CloseTrajectorySpec(CaseloadSpec):
    name = "traject-afsluiten"
    key = "a"
    form_class = "screens.caseload.trajectory_forms.CloseTrajectoryForm"
    fields = [F("reason", "text", True), F("melding_note", "text", True, also=("melding_date",)),
              F("melding_date", "date")]

    def prepare(self) -> None:
        # Every client with children and no melding: the form shows the melding fields.
        with self.db.engine.begin() as db:
            db.execute(sql("UPDATE client SET children_involved = 1, melding_date = NULL, melding_note = '' "
                           "WHERE status = 'active'"))

    def fill(self, run: Run, form, field: F) -> None:
        self.form = form
        run.want("reason", "Doelen bereikt")
        run.want("close_client", "ja")
        run.want("melding_note", "Kinderen gezien, geen zorgen")
        run.want("melding_date", "")
        self.client_code(run, form)

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        client = run.query("SELECT * FROM client WHERE id = :id", id=self.form.client.id)[0]._mapping
        trajectory = run.query("SELECT * FROM trajectory WHERE client_id = :id ORDER BY id DESC LIMIT 1",
                               id=self.form.client.id)[0]._mapping
        if trajectory["end_date"] is None:
            return ["opgeslagen, maar het traject loopt nog"]
        if field.key == "reason":
            return self.text_kept(trajectory["end_reason"], value, field)
        if field.key == "melding_note":
            return self.text_kept(client["melding_note"], value, field)
        return self.date_kept(client["melding_date"], value, field, blank_means=None)


class FollowUpSpec(CaseloadSpec):
    name = "vervolgtraject"
    key = "v"
    form_class = "screens.caseload.trajectory_forms.FollowUpForm"
    fields = [F("end_reason", "text"), F("start", "date", True)]

    def fill(self, run: Run, form, field: F) -> None:
        self.form = form
        run.want("hulpvorm", "vervolgmodule")
        run.want("start", dmy(FROZEN_TODAY))
        run.want("planned", "5")
        run.want("end_reason", "Over naar vervolg")
        self.client_code(run, form)

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        rows = run.query("SELECT * FROM trajectory WHERE client_id = :id ORDER BY id DESC LIMIT 2",
                         id=self.form.client.id)
        if len(rows) < 2 or rows[0]._mapping["id"] <= before["trajectory"][1]:
            return ["opgeslagen, maar er is geen nieuw traject"]
        ended = rows[1]._mapping
        if field.key == "end_reason":
            return self.text_kept(ended["end_reason"], value, field, default="Over naar Vervolgmodule")
        return self.date_kept(rows[0]._mapping["start_date"], value, field)


# --- Overleg (5) and meeting mode -----------------------------------------------------------------

class AgendaSpec(Spec):
    fields = [F("item-question", "text", True), F("item-client", "code", True), F("item-timebox", "number")]

    async def start(self, run: Run) -> None:
        await run.press("5")
        await run.settle()

    def fill(self, run: Run, form, field: F) -> None:
        run.want("item-kind", "top3")
        run.want("item-client", self.client)
        run.want("item-presenter", self.ids["AV"])
        run.want("item-question", "Wat is de volgende stap?")
        run.want("item-timebox", "10")
        run.touched.add(self.client)

    def item_row(self, run: Run, before: dict):
        raise NotImplementedError

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        row = self.item_row(run, before)
        if row is None:
            return ["opgeslagen, maar het agendapunt staat niet in de database"]
        if field.key == "item-question":
            return self.text_kept(row["question"], value, field)
        if field.key == "item-client":  # required for a Top-3 item, and no corpus value is a client code
            return [f"cliëntcode {corpus.shorten(value)} opgeslagen (client_id {row['client_id']!r})"]
        if corpus.is_blank(value):
            return []  # blank time box: the team's default
        return [f"tijd {corpus.shorten(value)} opgeslagen als {row['timebox_min']!r}"]


class AgendaAddSpec(AgendaSpec):
    name = "agendapunt-toevoegen"

    async def open(self, run: Run):
        from screens.overleg.agenda_item_form import AgendaItemForm

        await run.press("n")
        return await run.wait_screen(AgendaItemForm)

    def item_row(self, run: Run, before: dict):
        rows = run.query("SELECT * FROM agenda_item WHERE id > :last ORDER BY id", last=before["agenda_item"][1])
        return rows[0]._mapping if rows else None


class AgendaEditSpec(AgendaSpec):
    name = "agendapunt-wijzigen"

    async def open(self, run: Run):
        from screens.overleg.agenda_item_form import AgendaItemForm

        overleg = run.app.screen
        for _ in range(20):  # a case item (a fixed item has no client)
            item = overleg._selected("#overleg-items")
            if item is not None and item.client_code:
                break
            await run.press("down")
        self.item_id = overleg._selected("#overleg-items").id
        await run.press("e")
        return await run.wait_screen(AgendaItemForm)

    def extra_state(self, run: Run) -> dict:
        item_id = getattr(self, "item_id", None)
        if item_id is None:
            return {}
        return {"item": tuple(run.query("SELECT question, client_id, timebox_min, version FROM agenda_item "
                                        "WHERE id = :id", id=item_id)[0])}

    def item_row(self, run: Run, before: dict):
        rows = run.query("SELECT * FROM agenda_item WHERE id = :id", id=self.item_id)
        return rows[0]._mapping if rows else None


class RolesSpec(Spec):
    """Overleg `o`: chair, minute taker, who is present (free text: codes) and duration."""

    name = "overleg-rollen"
    fields = [F("meeting-present", "text"), F("meeting-duration", "number")]

    async def start(self, run: Run) -> None:
        await run.press("5")
        await run.settle()

    async def open(self, run: Run):
        from screens.overleg.roles_form import MeetingForm

        await run.press("o")
        form = await run.wait_screen(MeetingForm)
        self.meeting_id = form.meeting.id
        return form

    def fill(self, run: Run, form, field: F) -> None:
        run.want("meeting-chair", self.ids["AV"])
        run.want("meeting-minutes", self.ids["JB"])
        run.want("meeting-present", "AV, JB")
        run.want("meeting-duration", "90")

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        row = run.query("SELECT * FROM meeting WHERE id = :id", id=self.meeting_id)[0]._mapping
        if field.key == "meeting-present":
            if corpus.is_blank(value):
                return [] if row["present"] == "" else [f"leeg 'aanwezig' opgeslagen als {row['present']!r}"]
            return [f"'aanwezig' {corpus.shorten(value)} opgeslagen als {corpus.shorten(row['present'])}"]
        if corpus.is_blank(value):
            return []
        return [f"duur {corpus.shorten(value)} opgeslagen als {row['duration_min']!r}"]


async def open_meeting_mode(run: Run):
    from screens.common.confirm import ConfirmScreen
    from screens.overleg.meeting_mode import MeetingModeScreen

    await run.press("5")
    await run.settle()
    await run.press("v")
    await run.settle()
    if isinstance(run.app.screen, ConfirmScreen):  # the meeting is tomorrow: begin now?
        await run.press("j")
    screen = await run.wait_screen(MeetingModeScreen)
    await run.settle()
    return screen


class MeetingTextSpec(Spec):
    """Notes and outcome in meeting mode: saved on ctrl+s; a refusal is an error notification and
    the text stays in its field."""

    name = "vergadermodus-tekst"
    fields = [F("mm-notes", "text"), F("mm-outcome", "text")]

    async def start(self, run: Run) -> None:
        self.screen = await open_meeting_mode(run)

    async def open(self, run: Run):
        return self.screen

    def still_open(self, run: Run, screen) -> bool:
        return run.app.screen is screen

    def fill(self, run: Run, screen, field: F) -> None:
        self.item_id = screen.current.id

    def extra_state(self, run: Run) -> dict:
        return {"item": tuple(run.query("SELECT notes, outcome FROM agenda_item WHERE id = :id", id=self.item_id)[0])}

    def stored(self, run: Run, field: F) -> str:
        column = {"mm-notes": "notes", "mm-outcome": "outcome"}[field.key]
        return run.query(f"SELECT {column} FROM agenda_item WHERE id = :id", id=self.item_id)[0][0]

    async def submit(self, run: Run, screen, field: F, value: str) -> str:
        before_text = self.stored(run, field)
        await run.press("ctrl+s")
        await run.settle()
        stored = self.stored(run, field)
        if stored != before_text or stored in corpus.stored_forms(value):
            return "saved"  # (when something else was stored, check_saved says so)
        return "refused"

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        return self.text_kept(self.stored(run, field), value, field)

    async def after_save(self, run: Run) -> None:
        pass

    def refusal(self, run: Run, screen, field: F, mark: int) -> tuple[str, list[str]]:
        errors = run.errors_since(mark)
        problems = []
        if run.app.screen is not screen:
            problems.append("geweigerd, maar de vergadermodus is dicht")
        elif screen.query_one(f"#{field.key}", TextArea).text != self.typed(screen, field):
            problems.append("geweigerd, en de getypte tekst staat niet meer in het veld")
        if not errors:
            return "", problems + ["niet opgeslagen en geen foutmelding"]
        return errors[0], problems

    def typed(self, screen, field: F) -> str:
        return screen.query_one(f"#{field.key}", TextArea).text


class ActionSpec(Spec):
    name = "actie"
    fields = [F("action-what", "text", True), F("action-due", "date", True)]

    async def start(self, run: Run) -> None:
        self.meeting = await open_meeting_mode(run)

    async def open(self, run: Run):
        from screens.overleg.action_form import ActionForm

        await run.press("n")
        return await run.wait_screen(ActionForm)

    def fill(self, run: Run, form, field: F) -> None:
        run.want("action-owner", self.ids["AV"])
        run.want("action-what", "Bel de school")
        run.want("action-due", dmy(FROZEN_TODAY + timedelta(days=4)))

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        rows = run.query("SELECT * FROM action_item WHERE id > :last ORDER BY id", last=before["action_item"][1])
        if not rows:
            return ["opgeslagen, maar er is geen nieuwe actie"]
        row = rows[0]._mapping
        if field.key == "action-what":
            return self.text_kept(row["what"], value, field)
        return self.date_kept(row["due"], value, field)


# --- Overdracht (6) -------------------------------------------------------------------------------

class HandoverSpec(Spec):
    name = "overdracht"
    fields = [F("handover-situatie", "text"), F("handover-achtergrond", "text"), F("handover-beoordeling", "text"),
              F("handover-aanbeveling", "text", True), F("handover-clients", "code"),
              F("handover-start", "date", True), F("handover-end", "date", True)]

    async def start(self, run: Run) -> None:
        await run.press("6")
        await run.settle()

    async def open(self, run: Run):
        from screens.common.confirm import ConfirmScreen
        from screens.handover.form import HandoverForm

        await run.press("n")
        await run.wait_for(lambda: isinstance(run.app.screen, (ConfirmScreen, HandoverForm)), "n opent geen overdracht")
        if isinstance(run.app.screen, ConfirmScreen):  # an open draft: write a new one
            await run.press("n")
        return await run.wait_screen(HandoverForm)

    def fill(self, run: Run, form, field: F) -> None:
        run.want("handover-to", self.ids["RM"])
        run.want("handover-reason", "afwezigheid")
        run.want("handover-clients", self.client)
        run.want("handover-start", dmy(FROZEN_TODAY + timedelta(days=7)))
        run.want("handover-end", dmy(FROZEN_TODAY + timedelta(days=11)))
        run.want("handover-situatie", "Stabiel")
        run.want("handover-achtergrond", "Fase 2")
        run.want("handover-beoordeling", "Veilig")
        run.want("handover-aanbeveling", "Bel cliënte maandag")
        run.touched.add(self.client)

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        rows = run.query("SELECT * FROM handover WHERE id > :last ORDER BY id", last=before["handover"][1])
        if not rows:
            return ["opgeslagen, maar er is geen nieuwe overdracht"]
        row = rows[0]._mapping
        if row["is_draft"]:
            return ["Ctrl+S bewaarde een concept in plaats van te versturen"]
        if field.kind == "text":
            return self.text_kept(row[field.key.removeprefix("handover-")], value, field)
        if field.key == "handover-clients":
            codes = [r[0] for r in run.query("SELECT c.code FROM handover_client h JOIN client c ON c.id = h.client_id "
                                            "WHERE h.handover_id = :id", id=row["id"])]
            return self.code_kept(codes, value)
        return self.date_kept(row[field.key.replace("handover-", "period_")], value, field)


class AcknowledgeSpec(Spec):
    name = "overdracht-bevestigen"
    fields = [F("handover-remark", "text")]

    def prepare(self) -> None:
        from models.handover.views import HandoverInput
        from models.handover.write import save_handover

        for number in range(len(self.fields[0].values()) + 1):
            with self.db.session(Actor("RM"), write=True) as session:
                save_handover(session, writer_id=self.ids["RM"], data=HandoverInput(
                    to_worker_id=self.ids["AV"], reason="afwezigheid", client_codes=(), period_start=None,
                    period_end=None, situatie=f"Fuzz {number}", aanbeveling="Bel maandag"))
                session.commit()

    async def start(self, run: Run) -> None:
        await run.press("6")
        await run.settle()

    async def open(self, run: Run):
        from screens.handover.page import AcknowledgeForm

        handovers = run.app.screen
        me = self.ids["AV"]

        def wanted() -> bool:
            row = handovers.selected()
            return row is not None and row.to_worker_id == me and row.acknowledged_at is None and not row.is_draft

        for key in ["up"] * 40 + ["down"] * 80:  # by keys: to a handover for me, not yet acknowledged
            if wanted():
                break
            await run.press(key)
        if not wanted():
            raise AssertionError("geen onbevestigde overdracht aan AV meer in de lijst")
        self.handover_id = handovers.selected().id
        await run.press("b")
        return await run.wait_screen(AcknowledgeForm)

    def fill(self, run: Run, form, field: F) -> None:
        run.want("handover-remark", "Ik bel maandag")

    async def after_save(self, run: Run) -> None:
        from screens.handover.screen import HandoverScreen

        await run.settle()
        for _ in range(3):  # back from the handover page to the list
            if isinstance(run.app.screen, HandoverScreen):
                break
            await run.press("escape")
            await run.settle()

    def extra_state(self, run: Run) -> dict:
        return {"ack": tuple(run.query("SELECT acknowledged_at, ack_remark FROM handover WHERE id = :id",
                                       id=getattr(self, "handover_id", 0)) or [()])}

    def check_saved(self, run: Run, field: F, value: str, before: dict) -> list[str]:
        row = run.query("SELECT * FROM handover WHERE id = :id", id=self.handover_id)[0]._mapping
        if row["acknowledged_at"] is None:
            return ["opgeslagen, maar de overdracht is niet bevestigd"]
        return self.text_kept(row["ack_remark"], value, field)


FORMS: dict[str, type[Spec]] = {spec.name: spec for spec in [
    AppointmentSpec, AbsenceSpec, WeekSpec, IcsExportSpec,
    RegistrationSpec, PlanIntakeSpec, IntakeDoneSpec, AdviceSpec, AllocateSpec, ReferSpec, LapseSpec, StepBackSpec,
    Top3SituationSpec, Top3AgreementSpec,
    CloseTrajectorySpec, FollowUpSpec,
    AgendaAddSpec, AgendaEditSpec, RolesSpec, MeetingTextSpec, ActionSpec,
    HandoverSpec, AcknowledgeSpec,
]}


# The default run fuzzes a few quick forms with every corpus value; the whole set (23 forms, ~1,000
# inputs, several minutes) runs with the slow sweeps in .ci/run (TEAMBORD_SLOW=1 -m slow).
# Two in the default run (a form with dates and a free-text form, and an ask line); the others, among
# them "afwezigheid" and "stap-verwijzen" (30–40 s each), with the slow sweeps.
DEFAULT_FORMS = ("actie", "ical-export-pad")
SLOW = pytest.mark.skipif(os.environ.get("TEAMBORD_SLOW") != "1", reason="TEAMBORD_SLOW=1: alle formulieren")


@pytest.mark.parametrize("form", [f if f in DEFAULT_FORMS else pytest.param(f, marks=[pytest.mark.slow, SLOW])
                                  for f in FORMS])
async def test_fuzz_form(form, make_app, database, demo_url, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # relative export paths and the minutes land here, not in the checkout
    monkeypatch.setenv("TEAMBORD_EXPORT_DIR", str(tmp_path / "export"))
    # One app alone on its database: the 2-second poll for colleagues' changes would only reload
    # the screen after each of our own saves (and cost the time this suite is short of).
    monkeypatch.setattr("tui.app.LIVE_REFRESH_SECONDS", 3600.0)
    started = time.monotonic()
    spec = FORMS[form](database, tmp_path)
    spec.prepare()
    app = make_app()
    run = Run(spec, app, database, tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            run.pilot = pilot
            await run.settle()
            try:
                await spec.start(run)
                if isinstance(spec, StepBackSpec):
                    await spec.step_back(run)
                else:
                    await run.fuzz()
                if not run.crashed:
                    clock = time.monotonic()
                    await run.tour()
                    run.timing["tour"] += time.monotonic() - clock
            except Stop as stop:
                run.crash("(na afloop)", None, stop.args[0])
            except AssertionError as problem:
                run.fail("(na afloop)", None, str(problem))
    except Exception as error:  # noqa: BLE001 - what Pilot re-raises from the app
        run.crash("(app)", None, error)
    run.integrity(Path(demo_url.removeprefix("sqlite:///")))
    seconds = time.monotonic() - started
    corpus.write_report(form, run.counts, run.failures, seconds, run.timing)
    c = run.counts
    print(f"\nFUZZ {form}: tried {c['tried']} · saved {c['saved']} · refused {c['refused']} · "
          f"crashed {c['crashed']} · failures {len(run.failures)} · {seconds:.0f} s · "
          + " · ".join(f"{k} {v:.1f} s" for k, v in run.timing.items()))
    lines = [f"{f['field']} · {f['value']}: {f['problem']}" for f in run.failures]
    assert not run.failures, f"{form}: {len(lines)} problem(s)\n" + "\n".join(lines)
