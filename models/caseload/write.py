"""Caseload: how full a worker is (weights from team settings), and the trajectory writes.

Weights: a client weighs `weight_fase_1` or `weight_fase_2` times the weight of the current
hulpvorm (`weight_hulpvorm_<hulpvorm>`, 1.0 when unknown). A full-time worker (settings
`fulltime_hours`) is "vol" at `clients_per_fulltime` clients of mixed weight: the defaults average
about 1.0 per client over a usual mix, so 22 mixed clients are a weighted 22. The tool only
suggests; the team decides.

Writes (close a trajectory, change fase, start a follow-up trajectory) take the version the
screen loaded, refuse with ConcurrentEdit when a colleague changed the client since, and flush
(models/actions/caseload.py runs them through `perform()`, which commits). A trajectory move is
based on a `CaseloadVersion`: the client's version and its current trajectory's, because a
colleague's follow-up or close changes the trajectory rows and not the client row. The audit
entries follow from models.audit's flush listener (the session needs an actor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.enums import DEFAULT_CONVERSATIONS, Fase, Hulpvorm

FULL_RATIO = 1.0  # weighted load / capacity at which a worker is "vol"
NEARLY_FULL_RATIO = 0.85


def hulpvorm_weight(hulpvorm: str | None, settings: dict[str, object]) -> float:
    if not hulpvorm:
        return 1.0
    return float(settings.get(f"weight_hulpvorm_{hulpvorm}", 1.0))


def client_weight(fase: str, settings: dict[str, object], hulpvorm: str | None = None) -> float:
    """The weight of one client: fase weight times hulpvorm weight."""
    key = "weight_fase_1" if fase == Fase.FASE_1 else "weight_fase_2"
    return float(settings[key]) * hulpvorm_weight(hulpvorm, settings)


def capacity(contract_hours: float, settings: dict[str, object]) -> float:
    """Weighted load at which a worker with these hours is full."""
    return float(settings["clients_per_fulltime"]) * contract_hours / float(settings["fulltime_hours"])


def load_state(weighted: float, capacity_: float) -> str:
    """Dutch word for a load: 'ruimte', 'bijna vol', 'vol' or 'over capaciteit'."""
    ratio = weighted / capacity_ if capacity_ else float("inf")
    if ratio > FULL_RATIO + 0.05:
        return "over capaciteit"
    if ratio >= FULL_RATIO - 0.05:
        return "vol"
    if ratio >= NEARLY_FULL_RATIO:
        return "bijna vol"
    return "ruimte"


# --- writes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadVersion:
    """What a trajectory move is based on: the client's version and its current trajectory's."""

    client: int
    trajectory: tuple[int, int] | None  # (id, version) of the current trajectory; None: none running


def caseload_version(session, client_id: int) -> CaseloadVersion | None:
    from models.tables.clients import Client

    client = session.get(Client, client_id)
    if client is None:
        return None
    return CaseloadVersion(client.version, _trajectory_key(current_trajectory(session, client_id)))


def _trajectory_key(trajectory) -> tuple[int, int] | None:
    return (trajectory.id, trajectory.version) if trajectory is not None else None


def _client_for_update(session, client_id: int, expected_version: int):
    from models.tables.clients import Client
    from models.enums import ClientStatus
    from models.conflicts import fetch_for_update

    client = fetch_for_update(session, Client, client_id, expected_version, "client", "Deze cliënt")
    if client.status != ClientStatus.ACTIVE:
        raise _validation("Deze cliënt is al afgesloten.")
    return client


def _based_on(session, client_id: int, version: CaseloadVersion):
    """The client and its current trajectory, refused when a colleague changed either since `version`."""
    client = _client_for_update(session, client_id, version.client)
    trajectory = current_trajectory(session, client_id)
    if _trajectory_key(trajectory) != version.trajectory:
        raise _trajectory_changed(session, client, trajectory)
    return client, trajectory


def _trajectory_changed(session, client, trajectory):
    """Who changed the client's trajectory (the audit log knows) and what runs now."""
    from sqlmodel import col, select

    from models.audit import AuditEntry
    from models.errors import ConcurrentEdit

    who = session.exec(
        select(AuditEntry.user_code).where(AuditEntry.entity == "trajectory", AuditEntry.client_code == client.code)
        .order_by(col(AuditEntry.id).desc())
    ).first()
    now = (f"nu: {Hulpvorm.label_of(trajectory.hulpvorm)} sinds {trajectory.start_date:%d-%m-%Y}"
           if trajectory is not None else "nu: geen lopend traject")
    by = f" door {who}" if who else " door een collega"
    return ConcurrentEdit(f"Het traject van deze cliënt is intussen gewijzigd{by} ({now}). Er is niets veranderd.",
                          changed_by=who)


def _validation(message: str, field: str | None = None):
    from models.errors import ValidationFailed

    return ValidationFailed(message, field=field)


def current_trajectory(session, client_id: int):
    from sqlmodel import col, select

    from models.tables.clients import Trajectory

    return session.exec(
        select(Trajectory).where(Trajectory.client_id == client_id, col(Trajectory.end_date).is_(None))
        .order_by(col(Trajectory.start_date).desc(), col(Trajectory.id).desc())
    ).first()


def _flush(session) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    from models.errors import ConcurrentEdit

    try:
        session.flush()  # version_id_col guards the race between the version check and this write
    except StaleDataError:  # a colleague's save slipped in after the version check (PostgreSQL)
        # The failed flush leaves nothing to read who it was with; perform() drops the transaction.
        raise ConcurrentEdit("Deze cliënt is intussen gewijzigd door een collega. Er is niets veranderd.") from None


def check_melding(children_involved: bool, melding_date: date | None, melding_note: str, what: str) -> None:
    """The melding rule: with children involved, a Veilig Thuis melding date or a recorded reason."""
    if children_involved and melding_date is None and not (melding_note or "").strip():
        raise _validation(
            f"Er zijn kinderen betrokken: {what} kan pas als de Veilig Thuis-melding (datum) of de reden "
            "om niet te melden is vastgelegd.", field="melding_date")


def close_trajectory(session, client_id: int, version: CaseloadVersion, reason: str, *, close_client: bool = True,
                     melding_date: date | None = None, melding_note: str = "") -> None:
    """End the client's current trajectory with a reason; optionally close the client too (flushes).

    Closing the client follows the melding rule: with children involved, a melding date or a
    reason not to report must be recorded (it may be given here).
    """
    from models.clock import today
    from models.enums import ClientStatus

    reason = (reason or "").strip()
    if not reason:
        raise _validation("Geef de reden van afsluiten.", field="reason")
    if len(reason) > 200:
        raise _validation("De reden is te lang (ten hoogste 200 tekens).", field="reason")
    client, trajectory = _based_on(session, client_id, version)
    day = today()
    if melding_date is not None:
        client.melding_date = melding_date
    if melding_note.strip():
        client.melding_note = melding_note.strip()[:200]
    if close_client:
        check_melding(client.children_involved, client.melding_date, client.melding_note, "afsluiten")
    if trajectory is None and not close_client:
        raise _validation("Deze cliënt heeft geen lopend traject.", field="reason")
    if trajectory is not None:
        trajectory.end_date = max(day, trajectory.start_date)
        trajectory.end_reason = reason
    if close_client:
        client.status = ClientStatus.CLOSED
        client.closed_on = day
    _flush(session)


def change_fase(session, client_id: int, expected_version: int, fase: str) -> None:
    """Set fase 1 or fase 2 (flushes)."""
    if fase not in {f.value for f in Fase}:
        raise _validation("Kies fase 1 of fase 2.", field="fase")
    client = _client_for_update(session, client_id, expected_version)
    if client.fase == fase:
        raise _validation(f"Deze cliënt staat al in {Fase.label_of(fase).lower()}.", field="fase")
    client.fase = fase
    _flush(session)


def start_follow_up(session, client_id: int, version: CaseloadVersion, hulpvorm: str, *,
                    start: date | None = None, planned_conversations: int | None = None,
                    end_reason: str = "") -> int:
    """End the current trajectory and start the next one (vervolgmodule etc.); returns its id (flushes)."""
    from models.tables.clients import Trajectory
    from models.clock import today

    try:
        form = Hulpvorm(hulpvorm)
    except ValueError:
        raise _validation("Kies een hulpvorm.", field="hulpvorm") from None
    if form == Hulpvorm.VERWIJZING:
        raise _validation("Een verwijzing is geen vervolgtraject: sluit het traject af met die reden.",
                          field="hulpvorm")
    day = start or today()
    planned = DEFAULT_CONVERSATIONS[form] if planned_conversations is None else planned_conversations
    if not 0 <= planned <= 60:
        raise _validation("Aantal gesprekken: tussen 0 en 60.", field="planned")
    client, previous = _based_on(session, client_id, version)
    if previous is not None:
        if day < previous.start_date:
            raise _validation("Het vervolg kan niet beginnen voor het huidige traject begon.", field="start")
        previous.end_date = day
        previous.end_reason = (end_reason.strip() or f"Over naar {form.label}")[:200]
    trajectory = Trajectory(client_id=client.id, hulpvorm=form, start_date=day, planned_conversations=planned)
    session.add(trajectory)
    _flush(session)
    return trajectory.id
