"""Recording a worker's absence (vakantie, ziek, training, vrij) for a date range.

Like models/planning/write.py: validates, flushes, never commits (the caller commits).
Errors name the fields of screens/planning/absence_form.py: "absence-worker", "absence-kind",
"absence-from", "absence-to", "absence-note".
"""

from __future__ import annotations

from datetime import date

from models.dutch import short_date
from models.enums import AbsenceKind, AppointmentStatus
from models.errors import ValidationFailed
from models.planning.views import AbsenceInput

MAX_ABSENCE_DAYS = 366


def create_absence(session, data: AbsenceInput) -> int:
    from sqlmodel import select

    from models.tables.workers import Absence, Worker

    worker = session.get(Worker, data.worker_id) if data.worker_id else None
    if worker is None or not worker.active:
        raise ValidationFailed("Kies een medewerker.", field="absence-worker")
    if data.kind not in {k.value for k in AbsenceKind}:
        raise ValidationFailed("Kies vakantie, ziek, training of vrij.", field="absence-kind")
    if data.end_date < data.start_date:
        raise ValidationFailed("De einddatum ligt voor de begindatum.", field="absence-to")
    if (data.end_date - data.start_date).days >= MAX_ABSENCE_DAYS:
        raise ValidationFailed("Een afwezigheid duurt hoogstens een jaar; voer langere perioden in delen in.",
                               field="absence-to")
    if len(data.note.strip()) > 200:
        raise ValidationFailed("Notitie: hoogstens 200 tekens.", field="absence-note")
    existing = session.exec(
        select(Absence).where(Absence.worker_id == worker.id, Absence.start_date <= data.end_date,
                              Absence.end_date >= data.start_date)
    ).first()
    if existing is not None:
        raise ValidationFailed(
            f"{worker.code} is in die periode al afwezig ({AbsenceKind.label_of(existing.kind).lower()} "
            f"{short_date(existing.start_date)} – {short_date(existing.end_date)}).", field="absence-from")
    absence = Absence(worker_id=worker.id, kind=data.kind, start_date=data.start_date, end_date=data.end_date,
                      note=data.note.strip())
    session.add(absence)
    session.flush()
    return absence.id


def planned_during(session, worker_id: int, start: date, end: date) -> int:
    """How many planned appointments the worker has in the period (to move or call off)."""
    from datetime import timedelta

    from sqlmodel import func, select

    from models.tables.appointments import Appointment
    from models.clock import at

    return session.exec(
        select(func.count()).select_from(Appointment)
        .where(Appointment.worker_id == worker_id, Appointment.status == AppointmentStatus.PLANNED)
        .where(Appointment.start >= at(start, 0), Appointment.start < at(end + timedelta(days=1), 0))
    ).one()
