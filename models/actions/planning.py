"""Planning's changes: appointments (new, duo, edit, status, delete), absences, the iCal export.

Every function is an action for `models.actions.perform`: (session, …) → Done; it flushes and
never commits. Undo comes from the captured rows, so none of them builds its own undo record.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from models.actions.done import Done
from models.planning.write import AppointmentInput
from models.dutch import clock_time
from models.enums import AppointmentKind, AppointmentStatus
from models.errors import DomainError
from models.plain_text import short_list
from models.planning.views import REPEAT_NONE, AbsenceInput


def add_appointments(session, data: AppointmentInput, _version: int | None = None, *,
                     also_for: tuple[int, ...] = ()) -> Done:
    """The appointment (a series when asked), and the same for each colleague in `also_for` (a duo)."""
    from models.planning.write import create_series

    ids = create_series(session, data)
    for other in also_for:
        ids += create_series(session, replace(data, worker_id=other, repeat=REPEAT_NONE))
    message = "Afspraak toegevoegd" if len(ids) == 1 else f"{len(ids)} afspraken toegevoegd"
    return Done(message, ids=tuple(ids), value=(data.worker_id, data.day))


def edit_appointment(session, data: AppointmentInput, version: int | None, *, appointment_id: int,
                     scope: str) -> Done:
    from models.planning.write import scope_ids, update_appointment

    ids = scope_ids(session, appointment_id, scope)
    update_appointment(session, appointment_id, version, data, scope)
    return Done("Afspraak gewijzigd" if len(ids) == 1 else f"{len(ids)} afspraken gewijzigd", ids=tuple(ids),
                value=(data.worker_id, data.day))


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


def export_week_ics(session, worker_code: str, year: int, week: int, path: Path) -> Done:
    """Write the worker's week as iCalendar to `path` (a file the user chose; no database change)."""
    from models.planning.ics_export import export_week

    export = export_week(session, worker_code, year, week)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(export.content)
    except (OSError, ValueError):
        raise DomainError(f"Kan niet schrijven naar {short_list([str(path)], width=80)}. Kies een andere "
                          "map.") from None
    return Done(f"Geëxporteerd: {path} ({export.events} items)")
