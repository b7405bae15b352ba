"""The appointment form: keyboard only, Dutch dates and times parsed as you type, client codes
completed from the list (→ accepts the suggestion).

It never writes: the caller gives a `saver` (see screens/common/form.py) that opens a session and calls
models.planning.write. An overlap with another appointment of the worker comes back as a
warning at the start time; pressing Ctrl+S again (without changing anything) saves anyway.

Days off of the team (public holidays, closure days: models/days_off.py): a date on one is named
under the date as you type ("Let op: vr 25 dec is Eerste kerstdag"), a warning, not a refusal.
A new series whose dates hit days off comes back as a `DaysOffQuestion`; the form asks
"Overslaan?" and saves again with the answer (ja: skip those dates, nee: keep them).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input
from screens.common.plain import Label, Select

from models.planning.write import AppointmentInput, DaysOffQuestion
from models.days_off import day_off_name
from models.enums import AppointmentKind, Gemeente
from models.dutch import short_date, week_label
from models.dutch_parse import ParseError
from models.errors import DomainError, OverlapWarning, ValidationFailed
from models.planning.views import DAYS_OFF_ASK, DAYS_OFF_KEEP, DAYS_OFF_SKIP, REPEAT_LABELS, REPEAT_NONE
from models.views import ClientRef, WorkerRef
from screens.common.form import DateInput, Edit, FormScreen, TimeInput, field, parse_field

DEFAULT_MINUTES = 60
OVERLAP_HINT = " Nogmaals Ctrl+S: toch opslaan."


class AppointmentForm(FormScreen[int]):
    TITLE = "Nieuwe afspraak"
    CSS_PATH = "planning.tcss"

    def __init__(self, edit: Edit, *, workers: list[WorkerRef],
                 clients: list[ClientRef], initial: AppointmentInput | None = None, title: str | None = None,
                 allow_repeat: bool = True, masked: bool = False, draft_key: str | None = None) -> None:
        super().__init__(edit, title=title, draft_key=draft_key)
        self.team = workers
        self.clients = {c.code: c for c in clients}
        self.initial = initial
        self.allow_repeat = allow_repeat  # False when editing: a series is made when it is new
        self.masked = masked
        self.overlap_warned = False  # the last save was refused for an overlap; the next accepts it
        self.days_off_answer = DAYS_OFF_ASK  # what the user said about a series' dates on days off
        self.closures: dict[date, str] = {}  # the team's closure days, date -> name (read once the form is open)

    def refusal_text(self, problem) -> str:
        if isinstance(problem, OverlapWarning):
            self.overlap_warned = True  # the next Ctrl+S accepts the overlap
            return f"{problem}{OVERLAP_HINT}"
        return str(problem)

    def compose_fields(self) -> ComposeResult:
        data = self.initial
        worker_options = [(f"{w.code} · {w.name}", w.id) for w in self.team]
        known_worker = data is not None and any(w.id == data.worker_id for w in self.team)
        kinds = [(k.label, k.value) for k in AppointmentKind]
        places = [(g.label, g.value) for g in Gemeente]
        with Horizontal(classes="form-row"):
            yield field("Datum", DateInput(data.day if data else None, id="day", compact=True, with_time=True))
            yield field("Medewerker", Select(worker_options, id="worker", allow_blank=not known_worker,
                                             prompt="kies…", value=data.worker_id if known_worker else Select.NULL,
                                             compact=True))
        yield Label("", id="day-off")
        with Horizontal(classes="form-row"):
            yield field("Begin", TimeInput(data.start if data else None, id="start", compact=True))
            yield field("Eind (leeg: 1 uur na begin)", TimeInput(data.end if data else None, id="end", compact=True))
        with Horizontal(classes="form-row"):
            yield field("Soort", Select(kinds, id="kind", allow_blank=False,
                                        value=data.kind if data else AppointmentKind.HUISBEZOEK, compact=True))
            yield field("Cliënt (code; → vult aan)", Input(
                data.client_code or "" if data else "", id="client", placeholder="ZS-0123", compact=True,
                suggester=SuggestFromList(sorted(self.clients), case_sensitive=False)))
        with Horizontal(classes="form-row"):
            yield field("Plaats (gemeente)", Select(places, id="place", prompt="– (huisbezoek: die van de cliënt)",
                                                    value=data.place if data and data.place else Select.NULL,
                                                    compact=True))
            yield field("Partnerorganisatie", Input(data.partner if data else "", id="partner", max_length=60,
                                                    compact=True))
        yield field("Notitie (geen namen of adressen)", Input(data.note if data else "", id="note", max_length=400,
                                                              compact=True))
        if self.allow_repeat:
            with Horizontal(classes="form-row"):
                yield field("Herhalen", Select([(label, value) for value, label in REPEAT_LABELS.items()],
                                               id="repeat", allow_blank=False,
                                               value=data.repeat if data else REPEAT_NONE, compact=True))
                yield field("Herhalen tot en met", DateInput(data.repeat_until if data else None, id="until",
                                                             compact=True))

    def on_mount(self) -> None:
        from models.days_off import closure_days

        self._client_hint(self.query_one("#client", Input).value)
        # Prefilled worker and day ("n" in a cell): start typing the time at once.
        first = "#start" if self.initial is not None else "#day"
        self.query_one(first).focus()
        self._day_off_hint()  # public holidays are known at once; closure days once read
        self.app.runner.read(self, closure_days, done=self._closures_read, what="de sluitingsdagen lezen",
                             failed=lambda _problem: None, group="form-closures")

    def _closures_read(self, closures: dict) -> None:
        self.closures = closures
        self._day_off_hint()

    # --- live feedback ----------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    def _forget_overlap(self, event) -> None:
        self.overlap_warned = False  # something changed: check the overlap again
        self.days_off_answer = DAYS_OFF_ASK  # and ask about days off again
        widget = getattr(event, "input", None)
        if widget is not None and widget.id == "client":
            self._client_hint(event.value)
        if widget is not None and widget.id == "day":
            self._day_off_hint()

    def _day_off_hint(self) -> None:
        """Under the date: 'Let op: vr 25 dec is Eerste kerstdag, een vrije dag van het team.'"""
        day_input = self.query_one("#day", DateInput)
        day, name = None, None
        if day_input.value.strip():
            try:
                day = day_input.parsed()
            except ParseError:
                day = None  # the date's own hint says what is wrong
            name = day_off_name(day, self.closures) if day is not None else None
        label = self.query_one("#day-off", Label)
        label.update(f"Let op: {short_date(day)} is {name}, een vrije dag van het team. Opslaan kan wel."
                     if name else "")
        label.set_class(bool(name), "-shown")

    # --- days off in a new series: ask, then save with the answer ---------------------------------

    def _save_refused(self, problem: DomainError) -> None:
        if isinstance(problem, DaysOffQuestion) and not self.closing:
            self.saving = False
            self._ask_days_off(str(problem))
            return
        super()._save_refused(problem)

    def _ask_days_off(self, question: str) -> None:
        from screens.common.confirm import ConfirmScreen

        def answered(skip: bool | None) -> None:
            if self.closing:
                return
            self.days_off_answer = DAYS_OFF_SKIP if skip else DAYS_OFF_KEEP
            self.action_save()

        self.app.push_screen(ConfirmScreen(question, yes="overslaan", no="toch plannen"), answered)

    def masking_changed(self, masked: bool) -> None:
        super().masking_changed(masked)
        self.masked = masked
        self._client_hint(self.query_one("#client", Input).value)

    def _client_hint(self, text: str) -> None:
        code = text.strip().upper()
        hint = self.query_one("#client-hint", Label)
        if not code:
            hint.update("")
        elif code in self.clients:
            client = self.clients[code]
            hint.update(f"✓ {code}" + (f" ({client.initials})" if client.initials and not self.masked else ""))
        else:
            matches = [c for c in self.clients if c.startswith(code)]
            hint.update(f"{len(matches)} codes beginnen zo" if matches else "geen bekende code")

    # --- the data -----------------------------------------------------------------------------

    def collect(self) -> AppointmentInput:
        worker = self.query_one("#worker", Select).value
        if worker is Select.NULL:
            raise ValidationFailed("Kies een medewerker.", field="worker")
        day_input = self.query_one("#day", DateInput)
        day = parse_field(day_input)
        typed_time = day_input.typed_time()  # "morgen 14u" in the date field
        start_input = self.query_one("#start", TimeInput)
        if typed_time is not None and not start_input.value.strip():
            start = typed_time
        else:
            start = parse_field(start_input)
            if typed_time is not None and typed_time != start:
                raise ValidationFailed(f"Bij Datum staat {typed_time:%H:%M} en bij Begin {start:%H:%M}: welke klopt? "
                                       "Laat er één staan.", field="start")
        end_input = self.query_one("#end", TimeInput)
        if end_input.value.strip():
            end = parse_field(end_input)
        else:
            end = _plus(start, DEFAULT_MINUTES)
        if end <= start:
            raise ValidationFailed("De eindtijd ligt voor of op de begintijd.", field="end")
        kind = self.query_one("#kind", Select).value
        code = self.query_one("#client", Input).value.strip().upper() or None
        known = self.clients.keys() | ({self.initial.client_code} if self.initial and self.initial.client_code else set())
        if code and self.clients and code not in known:
            raise ValidationFailed("Onbekende cliëntcode. Kies een code uit de lijst (→ vult aan).", field="client")
        place = self.query_one("#place", Select).value
        repeat, until = REPEAT_NONE, None
        if self.allow_repeat:
            repeat = self.query_one("#repeat", Select).value
            if repeat != REPEAT_NONE:
                until_input = self.query_one("#until", DateInput)
                if not until_input.value.strip():
                    raise ValidationFailed("Vul in tot wanneer de afspraak herhaalt.", field="until")
                until = parse_field(until_input)
        base = self.initial
        return AppointmentInput(
            worker_id=int(worker), day=day, start=start, end=end, kind=str(kind), client_code=code,
            place="" if place is Select.NULL else str(place),
            partner=self.query_one("#partner", Input).value.strip(), note=self.query_one("#note", Input).value.strip(),
            registration_id=base.registration_id if base else None, accept_overlap=self.overlap_warned,
            repeat=str(repeat), repeat_until=until, days_off=self.days_off_answer,
        )


def appointment_fields(data: AppointmentInput, workers: list[WorkerRef]) -> dict[str, tuple[str, Any]]:
    """A stored appointment as the form shows it: field id → (text as FormScreen.field_text reads
    it, value to put in the widget)."""
    worker = next((w for w in workers if w.id == data.worker_id), None)
    return {
        "day": (f"{short_date(data.day)} · {week_label(data.day)}", data.day.strftime("%d-%m-%Y")),
        "start": (data.start.strftime("%H:%M"),) * 2, "end": (data.end.strftime("%H:%M"),) * 2,
        "worker": (f"{worker.code} · {worker.name}" if worker else "", data.worker_id),
        "kind": (AppointmentKind.label_of(data.kind), data.kind),
        "client": (data.client_code or "",) * 2,
        "place": (Gemeente.label_of(data.place), data.place) if data.place else ("", Select.NULL),
        "partner": (data.partner,) * 2, "note": (data.note,) * 2,
    }


def _plus(start: time, minutes: int) -> time:
    moment = datetime.combine(datetime.min.date(), start) + timedelta(minutes=minutes)
    return time(23, 59) if moment.date() > datetime.min.date() else moment.time()
