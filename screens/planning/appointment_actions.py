"""Appointment changes asked from any screen (the planning grid, one worker's day, Vandaag).

Each function opens the right form or question and hands the change to the app's runner; what
happens afterwards is the caller's `on_done(done)`, so the day dialog and the planning grid share
these without knowing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.screen import Screen

from models.actions import Done
from models.actions import planning as actions
from models.planning.write import AppointmentInput
from models.clock import local
from models.dutch import clock_time, short_date
from models.enums import AppointmentKind
from models.planning.views import SCOPE_ALL, SCOPE_FOLLOWING, SCOPE_LABELS, SCOPE_ONE, AppointmentsSaved

OnDone = Callable[[Done], None] | None


def new_appointment(screen: Screen, worker_id: int, day, *, on_done: OnDone = None,
                    initial: AppointmentInput | None = None, also_for: tuple[int, ...] = (),
                    title: str | None = None) -> None:
    from screens.planning.appointment_form import AppointmentForm
    from screens.common.form import Edit

    app = screen.app
    initial = initial or AppointmentInput(worker_id=worker_id, day=day, start=None, end=None,  # type: ignore[arg-type]
                                          kind=AppointmentKind.HUISBEZOEK)
    edit = Edit(partial(actions.add_appointments, also_for=also_for), what="de afspraak opslaan")
    app.push_screen(AppointmentForm(edit, workers=list(app.team), clients=list(app.client_index), initial=initial,
                                    title=title or "Nieuwe afspraak", masked=app.masked,
                                    draft_key="appointment:new"),
                    partial(_saved, app, on_done))


def edit_appointment(screen: Screen, row, *, on_done: OnDone = None) -> None:
    from screens.planning.appointment_form import AppointmentForm, appointment_fields
    from screens.common.form import Edit
    from screens.planning.series_scope import ScopeScreen

    app = screen.app
    start, end = local(row.start), local(row.end)
    initial = AppointmentInput(worker_id=row.worker_id, day=_plain(start.date()), start=start.time(),
                               end=end.time(), kind=row.kind, client_code=row.client_code, place=row.place,
                               partner=row.partner, note=row.note, registration_id=row.registration_id)
    team = list(app.team)

    def load(session):
        version, stored = actions.load_appointment(session, row.id)
        return version, appointment_fields(stored, team)

    def open_form(scope: str | None) -> None:
        if not scope:
            return
        edit = Edit(partial(actions.edit_appointment, appointment_id=row.id, scope=scope), version=row.version,
                    load=load, what="de afspraak opslaan")
        title = "Afspraak wijzigen" + (f" · {SCOPE_LABELS[scope]}" if row.series_id else "")
        app.push_screen(AppointmentForm(edit, workers=team, clients=list(app.client_index), initial=initial,
                                        title=title, allow_repeat=False, masked=app.masked,
                                        draft_key=f"appointment:{row.id}"),
                        partial(_saved, app, on_done))

    if row.series_id:
        app.push_screen(ScopeScreen("Wijzigen: alleen deze, deze en volgende, of alle afspraken?"), open_form)
    else:
        open_form(SCOPE_ONE)


def change_status(screen: Screen, row, status: str, *, on_done: OnDone = None) -> None:
    app = screen.app
    app.runner.write(screen, actions.set_appointment_status, row.id, row.version, status,
                     what="de status opslaan", done=partial(_saved, app, on_done))


def delete_appointment(screen: Screen, row, *, on_done: OnDone = None) -> None:
    from screens.common.confirm import ConfirmScreen
    from screens.planning.series_scope import ScopeScreen

    app = screen.app
    what = f"{short_date(_plain(local(row.start).date()))} {clock_time(row.start)} " \
           f"{AppointmentKind.label_of(row.kind).lower()}"

    def confirm(scope: str | None) -> None:
        if not scope:
            return
        question = {SCOPE_ONE: f"Afspraak {what} verwijderen?",
                    SCOPE_FOLLOWING: f"Afspraak {what} en alle volgende van de reeks verwijderen?",
                    SCOPE_ALL: "Alle afspraken van deze reeks verwijderen?"}[scope]

        def answered(yes: bool | None) -> None:
            if yes:
                app.runner.write(screen, actions.delete_appointments, row.id, row.version, scope,
                                 what="de afspraak verwijderen", done=partial(_saved, app, on_done))

        app.push_screen(ConfirmScreen(question, yes="verwijderen", no="niet verwijderen"), answered)

    if row.series_id:
        app.push_screen(ScopeScreen("Verwijderen: alleen deze, deze en volgende, of alle?"), confirm)
    else:
        confirm(SCOPE_ONE)


def _saved(app, on_done: OnDone, done: Done | None) -> None:
    """A form closed with a saved change (None: cancelled), or a one-key change succeeded."""
    if done is None:
        return
    note = done.value.day_off_note if isinstance(done.value, AppointmentsSaved) else ""
    text = done.message + (f" · let op: {note}" if note else "")
    text += ". Ctrl+Z maakt ongedaan." if done.undo else "."
    if note:  # planned on a public holiday or closure day: allowed, but said clearly
        app.notify(text, severity="warning", timeout=8)
    else:
        app.notify(text, timeout=4)
    if on_done is not None:
        on_done(done)


def _plain(day):
    from datetime import date

    return date(day.year, day.month, day.day)
