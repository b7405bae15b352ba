"""The life of a registration (aanmelding), from the waiting list to a client in a caseload.

Flow (DOMAIN.md): aangemeld -> intake gepland -> intake gedaan -> besproken met de
gedragsdeskundige (advice on the hulpvorm) -> toegewezen (the registration becomes a client with a
trajectory in a worker's caseload); or verwezen / vervallen, each with a reason. Allocation,
referral and lapse are possible from every open status (an acute huisverbod is allocated at once);
the other steps go one at a time. Every step, going back included, is a RegistrationStep with
the time and the acting user (the session's actor, see models.audit.act_as).

The melding rule: when children are involved, a registration cannot be allocated, referred or
lapsed until a Veilig Thuis melding date or a reason not to report (melding_note) is recorded.

Transactions: every write takes the `version` the screen loaded, refuses with ConcurrentEdit when
someone changed the registration since, and only FLUSHES: the caller's unit of work commits
(models.actions.perform, via models/actions/waitlist.py), so a step and what goes with it — the
intake appointment, the new client — are saved together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from models.audit import ACTOR_KEY, MissingActorError
from models.caseload.write import check_melding
from models.clock import today, utcnow
from models.enums import (
    DEFAULT_CONVERSATIONS, GEMEENTE_REGION, OPEN_REGISTRATION_STATUSES, AppointmentKind, AppointmentStatus,
    ClientStatus, Fase, Gemeente, Hulpvorm, Referrer, Region, RegistrationStatus, Role, Urgency,
)
from models.conflicts import fetch_for_update
from models.errors import ValidationFailed
from models.tables.registrations import Registration, RegistrationStep

HUISVERBOD_DAYS = 10  # a tijdelijk huisverbod lasts 10 days...
HUISVERBOD_MAX_DAYS = 28  # ...and can be extended to at most 28
HUISVERBOD_WARN_DAYS = 3  # warn when the end is this close

CLIENT_CODE_PREFIX = {Region.ZAANSTREEK: "ZS", Region.WATERLAND: "WL"}

# The step before each open status, for going back.
PREVIOUS_STATUS = {
    RegistrationStatus.INTAKE_GEPLAND: RegistrationStatus.AANGEMELD,
    RegistrationStatus.INTAKE_GEDAAN: RegistrationStatus.INTAKE_GEPLAND,
    RegistrationStatus.BESPROKEN: RegistrationStatus.INTAKE_GEDAAN,
}
CLOSED_STATUSES = (RegistrationStatus.TOEGEWEZEN, RegistrationStatus.VERWEZEN, RegistrationStatus.VERVALLEN)


@dataclass(frozen=True)
class RegistrationInput:
    """What the registration form collects (validated again here: the form is not trusted)."""

    registered_on: date
    via: str
    gemeente: str
    reason: str
    urgency: str = Urgency.NORMAAL
    referrer_contact: str = ""
    children_involved: bool = False
    melding_date: date | None = None
    melding_note: str = ""
    has_huisverbod: bool = False
    huisverbod_start: date | None = None
    huisverbod_end: date | None = None  # None: start + 10 days


def huisverbod_end_for(start: date, end: date | None = None) -> date:
    return end if end is not None else start + timedelta(days=HUISVERBOD_DAYS)


def huisverbod_warning(end: date | None, day: date) -> str:
    """A Dutch warning when a huisverbod ends within HUISVERBOD_WARN_DAYS days (or has ended)."""
    if end is None:
        return ""
    left = (end - day).days
    if left < 0:
        return "Huisverbod is afgelopen."
    if left == 0:
        return "Huisverbod eindigt vandaag: hulp moet nu starten."
    if left <= HUISVERBOD_WARN_DAYS:
        return f"Huisverbod eindigt over {left} {'dag' if left == 1 else 'dagen'}: hulp moet nu starten."
    return ""


def validate_huisverbod(start: date | None, end: date | None) -> tuple[date, date]:
    if start is None:
        raise ValidationFailed("Bij een huisverbod is de begindatum verplicht.", field="huisverbod_start")
    end = huisverbod_end_for(start, end)
    days = (end - start).days
    if days < 0:
        raise ValidationFailed("De einddatum van het huisverbod ligt voor de begindatum.", field="huisverbod_end")
    if days > HUISVERBOD_MAX_DAYS:
        raise ValidationFailed(
            f"Een huisverbod duurt {HUISVERBOD_DAYS} dagen en kan worden verlengd tot ten hoogste "
            f"{HUISVERBOD_MAX_DAYS} dagen (uiterlijk {(start + timedelta(days=HUISVERBOD_MAX_DAYS)):%d-%m-%Y}).",
            field="huisverbod_end")
    return start, end


def validate_registration(data: RegistrationInput, day: date) -> RegistrationInput:
    """Check a registration's input; returns it normalised (huisverbod end filled in)."""
    if data.registered_on is None:
        raise ValidationFailed("Vul de aanmelddatum in.", field="registered_on")
    if data.registered_on > day:
        raise ValidationFailed("De aanmelddatum ligt in de toekomst.", field="registered_on")
    if data.via not in {r.value for r in Referrer}:
        raise ValidationFailed("Kies via wie de aanmelding binnenkwam.", field="via")
    if data.gemeente not in {g.value for g in Gemeente}:
        raise ValidationFailed("Kies de gemeente.", field="gemeente")
    if data.urgency not in {u.value for u in Urgency}:
        raise ValidationFailed("Kies de urgentie.", field="urgency")
    reason = (data.reason or "").strip()
    if not reason:
        raise ValidationFailed("Beschrijf kort de reden van aanmelding.", field="reason")
    if len(reason) > 400:
        raise ValidationFailed("De reden is te lang (ten hoogste 400 tekens).", field="reason")
    contact = (data.referrer_contact or "").strip()
    if len(contact) > 120:
        raise ValidationFailed("Het contact is te lang (ten hoogste 120 tekens).", field="referrer_contact")
    melding_date, melding_note = data.melding_date, (data.melding_note or "").strip()
    if data.children_involved:
        if melding_date is not None and melding_date > day:
            raise ValidationFailed("De meldingsdatum ligt in de toekomst.", field="melding_date")
        if len(melding_note) > 200:
            raise ValidationFailed("De toelichting is te lang (ten hoogste 200 tekens).", field="melding_note")
    else:
        melding_date, melding_note = None, ""
    start = end = None
    if data.has_huisverbod:
        start, end = validate_huisverbod(data.huisverbod_start, data.huisverbod_end)
    return RegistrationInput(
        registered_on=data.registered_on, via=data.via, gemeente=data.gemeente, reason=reason,
        urgency=data.urgency, referrer_contact=contact, children_involved=data.children_involved,
        melding_date=melding_date, melding_note=melding_note, has_huisverbod=data.has_huisverbod,
        huisverbod_start=start, huisverbod_end=end,
    )


# --- creating and editing ------------------------------------------------------------------


def next_registration_code(session: Session, day: date) -> str:
    """AM-<year>-<number>, one higher than the highest number used this year."""
    prefix = f"AM-{day.year}-"
    codes = session.exec(select(Registration.code).where(col(Registration.code).startswith(prefix))).all()
    numbers = [int(code[len(prefix):]) for code in codes if code[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def create_registration(session: Session, data: RegistrationInput) -> int:
    """A new registration on the waiting list, with its first step 'aangemeld'. Returns the id."""
    data = validate_registration(data, today())
    registration = Registration(code=next_registration_code(session, data.registered_on),
                                region=GEMEENTE_REGION[Gemeente(data.gemeente)].value,
                                status=RegistrationStatus.AANGEMELD, **_fields(data))
    session.add(registration)
    session.flush()
    _add_step(session, registration, RegistrationStatus.AANGEMELD, f"Aangemeld via {Referrer.label_of(data.via)}")
    session.flush()
    return registration.id


def update_registration(session: Session, registration_id: int, expected_version: int,
                        data: RegistrationInput) -> None:
    """Save the edit form (e.g. extending a huisverbod, recording the melding)."""
    data = validate_registration(data, today())
    registration = _load(session, registration_id, expected_version)
    if registration.status not in OPEN_REGISTRATION_STATUSES:
        raise ValidationFailed("Een afgesloten aanmelding kan niet meer worden gewijzigd.")
    for key, value in _fields(data).items():
        setattr(registration, key, value)
    registration.region = GEMEENTE_REGION[Gemeente(data.gemeente)].value
    session.flush()


def _fields(data: RegistrationInput) -> dict:
    return dict(
        registered_on=data.registered_on, via=data.via, gemeente=data.gemeente, reason=data.reason,
        urgency=data.urgency, referrer_contact=data.referrer_contact, children_involved=data.children_involved,
        melding_date=data.melding_date, melding_note=data.melding_note,
        huisverbod_start=data.huisverbod_start, huisverbod_end=data.huisverbod_end,
    )


# --- status steps --------------------------------------------------------------------------


def record_intake_planned(session: Session, registration_id: int, expected_version: int, worker_id: int,
                          *, note: str = "") -> None:
    """aangemeld -> intake gepland, with the intake worker (the intake appointment is created in the
    same unit of work, see models.actions.waitlist.plan_intake)."""
    registration = _load(session, registration_id, expected_version)
    _require(registration, (RegistrationStatus.AANGEMELD,), "Een intake plannen")
    worker = _active_worker(session, worker_id, field="worker")
    registration.intake_worker_id = worker.id
    _add_step(session, registration, RegistrationStatus.INTAKE_GEPLAND, note or f"Intake door {worker.code}")
    session.flush()


def record_intake_done(session: Session, registration_id: int, expected_version: int, *, note: str = "") -> None:
    """intake gepland -> intake gedaan; the intake appointment(s) already begun are marked done."""
    from models.tables.appointments import Appointment

    registration = _load(session, registration_id, expected_version)
    _require(registration, (RegistrationStatus.INTAKE_GEPLAND,), "Intake gedaan")
    moment = utcnow()
    for appointment in session.exec(select(Appointment).where(
            Appointment.registration_id == registration_id, Appointment.kind == AppointmentKind.INTAKE,
            Appointment.status == AppointmentStatus.PLANNED, Appointment.start <= moment)):
        appointment.status = AppointmentStatus.DONE
    _add_step(session, registration, RegistrationStatus.INTAKE_GEDAAN, note)
    session.flush()


def record_advice(session: Session, registration_id: int, expected_version: int, hulpvorm: str, *,
                  note: str = "") -> None:
    """intake gedaan -> besproken met de gedragsdeskundige, with the advised hulpvorm (may be revised)."""
    form = _hulpvorm(hulpvorm)
    registration = _load(session, registration_id, expected_version)
    _require(registration, (RegistrationStatus.INTAKE_GEDAAN, RegistrationStatus.BESPROKEN),
             "Het advies van de gedragsdeskundige")
    registration.advised_hulpvorm = form.value
    _add_step(session, registration, RegistrationStatus.BESPROKEN, _join(f"Advies: {form.label}", note))
    session.flush()


def allocate(session: Session, registration_id: int, worker_id: int, expected_version: int,
             hulpvorm: str | None = None, *, initials: str = "", care4_ref: str = "",
             melding_date: date | None = None, melding_note: str = "", note: str = "") -> int:
    """Allocate a registration to a worker: it becomes an active fase-1 client in that worker's caseload,
    with a trajectory of `hulpvorm` (default: the advised hulpvorm, else ambulant traject) whose planned
    conversations come from enums.DEFAULT_CONVERSATIONS. Records the step 'toegewezen'.

    Possible from every open status. Enforces the melding rule (a melding date or reason given here is
    recorded first). Raises ValidationFailed / ConcurrentEdit / NotFound. Returns the new client's id.
    """
    from models.tables.appointments import Appointment
    from models.tables.clients import Client, Trajectory

    registration = _load(session, registration_id, expected_version)
    _require(registration, OPEN_REGISTRATION_STATUSES, "Toewijzen")
    form = _hulpvorm(hulpvorm or registration.advised_hulpvorm or Hulpvorm.AMBULANT)
    if form == Hulpvorm.VERWIJZING:
        raise ValidationFailed("Bij een verwijzing wordt niet toegewezen: kies 'Verwijzen'.", field="hulpvorm")
    worker = _active_worker(session, worker_id, field="worker")
    if worker.role != Role.AMBULANT:
        raise ValidationFailed("Alleen ambulant medewerkers hebben een caseload.", field="worker")
    initials, care4_ref = initials.strip().upper(), care4_ref.strip()
    if len(initials) > 12:
        raise ValidationFailed("Initialen: ten hoogste 12 tekens.", field="initials")
    if len(care4_ref) > 24:
        raise ValidationFailed("Care4-nummer: ten hoogste 24 tekens.", field="care4_ref")
    _apply_melding(registration, melding_date, melding_note)
    check_melding(registration.children_involved, registration.melding_date, registration.melding_note,
                  "toewijzen")
    day = today()
    client = Client(
        code=next_client_code(session, registration.region), initials=initials, care4_ref=care4_ref,
        region=registration.region, gemeente=registration.gemeente, fase=Fase.FASE_1,
        children_involved=registration.children_involved, melding_date=registration.melding_date,
        melding_note=registration.melding_note, huisverbod_start=registration.huisverbod_start,
        huisverbod_end=registration.huisverbod_end, worker_id=worker.id, status=ClientStatus.ACTIVE,
        started_on=day,
    )
    session.add(client)
    session.flush()
    session.add(Trajectory(client_id=client.id, hulpvorm=form.value, start_date=day,
                           planned_conversations=DEFAULT_CONVERSATIONS[form]))
    registration.client_id = client.id
    for appointment in session.exec(select(Appointment).where(Appointment.registration_id == registration_id,
                                                              col(Appointment.client_id).is_(None))):
        appointment.client_id = client.id  # the intake becomes part of the client's history
    _add_step(session, registration, RegistrationStatus.TOEGEWEZEN,
              _join(f"Toegewezen aan {worker.code}: {form.label}", note))
    session.flush()
    return client.id


def refer(session: Session, registration_id: int, expected_version: int, reason: str, *,
          melding_date: date | None = None, melding_note: str = "") -> None:
    """Verwezen (referred elsewhere), with a reason; follows the melding rule."""
    _close(session, registration_id, expected_version, RegistrationStatus.VERWEZEN, reason,
           melding_date, melding_note)


def lapse(session: Session, registration_id: int, expected_version: int, reason: str, *,
          melding_date: date | None = None, melding_note: str = "") -> None:
    """Vervallen (lapsed), with a reason; follows the melding rule."""
    _close(session, registration_id, expected_version, RegistrationStatus.VERVALLEN, reason,
           melding_date, melding_note)


def _close(session, registration_id, expected_version, status, reason, melding_date, melding_note):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("Geef de reden.", field="reason")
    if len(reason) > 400:
        raise ValidationFailed("De reden is te lang (ten hoogste 400 tekens).", field="reason")
    registration = _load(session, registration_id, expected_version)
    _require(registration, OPEN_REGISTRATION_STATUSES, RegistrationStatus.label_of(status))
    _apply_melding(registration, melding_date, melding_note)
    check_melding(registration.children_involved, registration.melding_date, registration.melding_note,
                  "afsluiten (verwijzen of laten vervallen)")
    if status == RegistrationStatus.VERWEZEN:
        registration.advised_hulpvorm = registration.advised_hulpvorm or Hulpvorm.VERWIJZING
    _add_step(session, registration, status, reason)
    session.flush()


def previous_status(session: Session, registration: Registration) -> RegistrationStatus | None:
    """Where 'a step back' leads: the previous open status (for a closed one: the status it was
    closed from). None when there is no way back (aangemeld, or toegewezen: that is a client now)."""
    if registration.status in PREVIOUS_STATUS:
        return PREVIOUS_STATUS[registration.status]
    if registration.status in (RegistrationStatus.VERWEZEN, RegistrationStatus.VERVALLEN):
        steps = session.exec(
            select(RegistrationStep.status).where(RegistrationStep.registration_id == registration.id)
            .order_by(col(RegistrationStep.at).desc(), col(RegistrationStep.id).desc())
        ).all()
        for status in steps:
            if status in OPEN_REGISTRATION_STATUSES:
                return RegistrationStatus(status)
        return RegistrationStatus.AANGEMELD
    return None


def step_back(session: Session, registration_id: int, expected_version: int, *, note: str = "") -> str:
    """Go back one step (recorded as a step with a note). From 'intake gepland' the planned intake
    appointment is cancelled. Returns the new status."""
    from models.tables.appointments import Appointment

    registration = _load(session, registration_id, expected_version)
    if registration.status == RegistrationStatus.TOEGEWEZEN:
        raise ValidationFailed("Deze aanmelding is al cliënt geworden: sluit zo nodig het traject af in Caseload.")
    target = previous_status(session, registration)
    if target is None:
        raise ValidationFailed("Dit is de eerste stap: verder terug kan niet.")
    came_from = RegistrationStatus.label_of(registration.status)
    if registration.status == RegistrationStatus.INTAKE_GEPLAND:
        for appointment in session.exec(select(Appointment).where(
                Appointment.registration_id == registration_id, Appointment.status == AppointmentStatus.PLANNED)):
            appointment.status = AppointmentStatus.CANCELLED
    if target in (RegistrationStatus.AANGEMELD, RegistrationStatus.INTAKE_GEPLAND,
                  RegistrationStatus.INTAKE_GEDAAN) and registration.status == RegistrationStatus.BESPROKEN:
        registration.advised_hulpvorm = None
    _add_step(session, registration, target, _join(f"Stap terug van '{came_from}'", note))
    session.flush()
    return target.value


# --- helpers -------------------------------------------------------------------------------


def next_client_code(session: Session, region: str) -> str:
    """ZS-0123 / WL-0456: one higher than the highest number in use in the region."""
    from models.tables.clients import Client

    prefix = CLIENT_CODE_PREFIX.get(Region(region), "CL") + "-"
    codes = session.exec(select(Client.code).where(col(Client.code).startswith(prefix))).all()
    numbers = [int(code[len(prefix):]) for code in codes if code[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _load(session: Session, registration_id: int, expected_version: int) -> Registration:
    # Lock the row before the version check (PostgreSQL; on SQLite BEGIN IMMEDIATE already keeps
    # other writers out), so the check is the last word: a colleague's save cannot slip in between it
    # and our write, and a conflict is always the ConcurrentEdit that names who.
    session.get(Registration, registration_id, with_for_update=True, populate_existing=True)
    return fetch_for_update(session, Registration, registration_id, expected_version, "registration",
                            "Deze aanmelding")


def _require(registration: Registration, allowed, what: str) -> None:
    if registration.status not in allowed:
        names = " of ".join(f"'{RegistrationStatus.label_of(s)}'" for s in allowed)
        raise ValidationFailed(
            f"{what} kan alleen bij status {names}; deze aanmelding staat op "
            f"'{RegistrationStatus.label_of(registration.status)}'.")


def _active_worker(session: Session, worker_id: int | None, field: str):
    from models.tables.workers import Worker

    worker = session.get(Worker, worker_id) if worker_id is not None else None
    if worker is None or not worker.active:
        raise ValidationFailed("Kies een medewerker.", field=field)
    return worker


def _hulpvorm(value: str | None) -> Hulpvorm:
    try:
        return Hulpvorm(value)
    except ValueError:
        raise ValidationFailed("Kies een hulpvorm.", field="hulpvorm") from None


def _apply_melding(registration: Registration, melding_date: date | None, melding_note: str) -> None:
    if melding_date is not None:
        if melding_date > today():
            raise ValidationFailed("De meldingsdatum ligt in de toekomst.", field="melding_date")
        registration.melding_date = melding_date
    note = (melding_note or "").strip()
    if note:
        if len(note) > 200:
            raise ValidationFailed("De toelichting is te lang (ten hoogste 200 tekens).", field="melding_note")
        registration.melding_note = note


def _add_step(session: Session, registration: Registration, status: RegistrationStatus, note: str = "") -> None:
    actor = session.info.get(ACTOR_KEY)
    if actor is None:
        raise MissingActorError("Wijziging van cliëntgegevens zonder gebruiker geweigerd.")
    registration.status = status.value
    session.add(RegistrationStep(registration_id=registration.id, status=status.value, at=utcnow(),
                                 user_code=actor.user_code, note=note[:400]))


def _join(first: str, second: str) -> str:
    second = (second or "").strip()
    return f"{first}. {second}" if second else first
