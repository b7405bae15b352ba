"""Planning's changes: appointments (new, duo, edit, status, delete), absences, the team's closure
days, the iCal export.

Every function is an action for `models.actions.perform`: (session, …) → Done; it flushes and
never commits. Undo comes from the captured rows, so none of them builds its own undo record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from models.actions.done import Done
from models.planning.write import AppointmentInput
from models.dutch import clock_time, count, short_date
from models.enums import AppointmentKind, AppointmentStatus
from models.errors import DomainError
from models.plain_text import short_list
from models.planning.views import REPEAT_NONE, AbsenceInput, AppointmentsSaved


def add_appointments(session, data: AppointmentInput, _version: int | None = None, *,
                     also_for: tuple[int, ...] = ()) -> Done:
    """The appointment (a series when asked), and the same for each colleague in `also_for` (a duo)."""
    from models.days_off import kind_of
    from models.planning.write import create_series, skipped_days_off

    ids = create_series(session, data)
    for other in also_for:
        ids += create_series(session, replace(data, worker_id=other, repeat=REPEAT_NONE))
    message = "Afspraak toegevoegd" if len(ids) == 1 else f"{len(ids)} afspraken toegevoegd"
    skipped = skipped_days_off(session, data)
    if skipped:
        kind = kind_of(skipped)
        message += f", {count(len(skipped), kind, kind + 'en')} overgeslagen"
    return Done(message, ids=tuple(ids), value=_saved(session, data, ids, to_first=True))


def edit_appointment(session, data: AppointmentInput, version: int | None, *, appointment_id: int,
                     scope: str) -> Done:
    from models.planning.write import scope_ids, update_appointment

    ids = scope_ids(session, appointment_id, scope)
    update_appointment(session, appointment_id, version, data, scope)
    message = "Afspraak gewijzigd" if len(ids) == 1 else f"{len(ids)} afspraken gewijzigd"
    return Done(message, ids=tuple(ids), value=_saved(session, data, ids))


def _saved(session, data: AppointmentInput, ids: list[int], *, to_first: bool = False) -> AppointmentsSaved:
    """Where the change is (with `to_first`: the first appointment made, when a skipped day off moved
    it on), and a warning when some of it is on a public holiday or closure day."""
    from models.clock import local
    from models.planning.queries import planned_rows
    from models.planning.write import day_off_note

    rows = planned_rows(session, ids=list(ids))
    days = [date(d.year, d.month, d.day) for d in (local(row.start).date() for row in rows)]
    first = min((day for row, day in zip(rows, days) if row.worker_id == data.worker_id), default=data.day)
    return AppointmentsSaved(data.worker_id, first if to_first else data.day, day_off_note(session, days))


def load_appointment(session, appointment_id: int) -> tuple[int, AppointmentInput]:
    """The stored appointment and its version: the base of a merge after a colleague's save."""
    from models.planning.write import stored_appointment

    return stored_appointment(session, appointment_id)


def set_appointment_status(session, appointment_id: int, version: int, status: str) -> Done:
    from models.planning.write import planned_appointment, set_status

    row = planned_appointment(session, appointment_id)
    progress = set_status(session, appointment_id, version, status)
    label = AppointmentStatus.label_of(status)
    message = f"Status {label.lower()}"
    if row is not None:
        message = f"{label}: {clock_time(row.start)} {AppointmentKind.label_of(row.kind).lower()}"
        if row.client_code:
            message += f" {row.client_code}"
    if progress is not None:
        message += f" · {progress} gesprekken"
    return Done(message, ids=(appointment_id,))


def delete_appointments(session, appointment_id: int, version: int, scope: str) -> Done:
    from models.planning.write import delete_appointment

    deleted = delete_appointment(session, appointment_id, version, scope)
    return Done("Afspraak verwijderd" if len(deleted) == 1 else f"{len(deleted)} afspraken verwijderd",
                ids=tuple(deleted))


def add_absence(session, data: AbsenceInput, _version: int | None = None) -> Done:
    """The absence; `value`: the input and how many planned appointments the worker still has then."""
    from models.planning.absences import create_absence, planned_during

    new_id = create_absence(session, data)
    busy = planned_during(session, data.worker_id, data.start_date, data.end_date)
    return Done("Afwezigheid ingevoerd", ids=(new_id,), value=(data, busy))


def add_closure_day(session, day: date, name: str = "") -> Done:
    """A day the whole team is off (a brugdag, a team day): planning, slots and overleg avoid it."""
    from models.days_off import set_closure_day

    stored = set_closure_day(session, day, name)
    return Done(f"Sluitingsdag {short_date(day)} {day.year} ({stored}) opgeslagen", value=day)


def remove_closure_day(session, day: date) -> Done:
    from models.days_off import remove_closure_day as remove

    remove(session, day)
    return Done(f"Sluitingsdag {short_date(day)} {day.year} verwijderd", value=day)


def set_closure_days(session, days: dict[date, str]) -> Done:
    """The team's closure days become exactly `days` (date -> name), e.g. a year's list at once."""
    from models.days_off import set_closure_days as replace_all

    stored = replace_all(session, days)
    return Done(f"{count(len(stored), 'sluitingsdag', 'sluitingsdagen')} opgeslagen", value=stored)


def export_week_ics(session, worker_code: str, year: int, week: int, path: Path) -> Done:
    """Write the worker's week as iCalendar to `path` (a file the user chose; no database change)."""
    from models.planning.ics_export import export_week

    export = export_week(session, worker_code, year, week)
    try:
        from models.file_modes import private_folder, write_private  # 0700 new folder, 0600 file

        private_folder(path.parent)
        write_private(path, export.content)
    except (OSError, ValueError):
        raise DomainError(f"Kan niet schrijven naar {short_list([str(path)], width=80)}. Kies een andere "
                          "map.") from None
    return Done(f"Geëxporteerd: {path} ({export.events} items)")
