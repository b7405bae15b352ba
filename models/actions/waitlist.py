"""Wachtlijst's changes: a registration (new, edit), its status steps, going back, the allocation.

Every write is an action for `models.actions.perform`: (session, …) → Done. The steps themselves
are models.waitlist.write's, which check the status, the melding rule and the version, and only
flush; undo comes from the captured rows, so none of these builds its own undo record. A form's
action gets `(session, data, version)` (screens/form.Edit) with the registration's id bound.

The reads the step forms need (the registration as stored now, the allocation suggestion) are
here too, so what a form merges after a colleague's save (Ctrl+L) is the record its action saves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.actions.unit import Done
from models.enums import Hulpvorm, RegistrationStatus
from models.errors import NotFound

if TYPE_CHECKING:
    from models.planning.write import AppointmentInput
    from models.waitlist.queries import RegistrationDetail
    from models.waitlist.write import RegistrationInput


# --- reads ---------------------------------------------------------------------------------------


def load_registration(session, registration_id: int) -> tuple[int, RegistrationDetail]:
    """The registration as stored now, with its version: the base of a merge after a colleague's save."""
    from models.waitlist.queries import registration_detail

    detail = registration_detail(session, registration_id)
    if detail is None:
        raise NotFound("Deze aanmelding bestaat niet meer.")
    return detail.version, detail


def step_context(session, registration_id: int, with_suggestions: bool = False) -> tuple[Any, Any]:
    """What a step's form or question opens with: the registration (None when it is gone) and, for
    an allocation, the ranked suggestion."""
    from models.waitlist.queries import registration_detail

    detail = registration_detail(session, registration_id)
    if detail is None or not with_suggestions:
        return detail, None
    from models.waitlist.allocation import suggest_workers

    return detail, suggest_workers(session, registration_id)


# --- the registration itself -----------------------------------------------------------------------


def add_registration(session, data: RegistrationInput, _version: int | None = None) -> Done:
    from models.waitlist.write import create_registration

    registration_id = create_registration(session, data)
    return Done(f"Aanmelding {_code(session, registration_id)} op de wachtlijst gezet", ids=(registration_id,))


def edit_registration(session, data: RegistrationInput, version: int | None, *, registration_id: int) -> Done:
    from models.waitlist.write import update_registration

    update_registration(session, registration_id, version, data)
    return Done(f"Aanmelding {_code(session, registration_id)} gewijzigd", ids=(registration_id,))


# --- the steps ---------------------------------------------------------------------------------


def plan_intake(session, data: AppointmentInput, version: int | None, *, registration_id: int) -> Done:
    """The intake appointment and the step 'intake gepland', in one transaction."""
    from models.planning.write import create_appointment
    from models.waitlist.write import record_intake_planned

    appointment_id = create_appointment(session, data)
    record_intake_planned(session, registration_id, version, data.worker_id)
    return Done(f"Intake {_code(session, registration_id)} gepland", ids=(registration_id, appointment_id))


def intake_done(session, data: dict, version: int | None, *, registration_id: int) -> Done:
    from models.waitlist.write import record_intake_done

    record_intake_done(session, registration_id, version, note=data["reason"])
    return Done(f"Intake {_code(session, registration_id)} gedaan", ids=(registration_id,))


def advise(session, data: dict, version: int | None, *, registration_id: int) -> Done:
    from models.waitlist.write import record_advice

    record_advice(session, registration_id, version, data["hulpvorm"], note=data["reason"])
    return Done(f"Advies {_code(session, registration_id)}: {Hulpvorm.label_of(data['hulpvorm'])}",
                ids=(registration_id,))


def refer(session, data: dict, version: int | None, *, registration_id: int) -> Done:
    from models.waitlist.write import refer as record_referral

    record_referral(session, registration_id, version, data["reason"], **_melding(data))
    return Done(f"{_code(session, registration_id)} verwezen", ids=(registration_id,))


def lapse(session, data: dict, version: int | None, *, registration_id: int) -> Done:
    from models.waitlist.write import lapse as record_lapse

    record_lapse(session, registration_id, version, data["reason"], **_melding(data))
    return Done(f"{_code(session, registration_id)} vervallen", ids=(registration_id,))


def allocate(session, data: dict, version: int | None, *, registration_id: int) -> Done:
    """The registration becomes a client in the chosen worker's caseload. `value`: that worker's code."""
    from models.waitlist.write import allocate as record_allocation
    from models.tables.workers import Worker

    client_id = record_allocation(session, registration_id, data["worker_id"], version, data["hulpvorm"],
                                  initials=data["initials"], care4_ref=data["care4_ref"], note=data["reason"],
                                  **_melding(data))
    worker = session.get(Worker, data["worker_id"]).code
    return Done(f"{_code(session, registration_id)} toegewezen aan {worker}", ids=(registration_id, client_id),
                value=worker)


def step_back(session, registration_id: int, version: int) -> Done:
    """One step back (a planned intake is cancelled). `value`: the status it is back at."""
    from models.waitlist.write import step_back as record_step_back

    status = record_step_back(session, registration_id, version)
    return Done(f"{_code(session, registration_id)} terug naar '{RegistrationStatus.label_of(status)}'",
                ids=(registration_id,), value=status)


def _melding(data: dict) -> dict:
    """The melding fields a closing step's form shows only while the melding rule is not met."""
    return {"melding_date": data.get("melding_date"), "melding_note": data.get("melding_note", "")}


def _code(session, registration_id: int) -> str:
    from models.tables.registrations import Registration

    return session.get(Registration, registration_id).code
