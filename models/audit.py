"""The append-only audit log, written automatically in the same transaction as every change.

A `before_flush` listener looks at every new, changed and deleted row of a client-data table
(`ClientRelated`) and adds an AuditEntry: when, which user, on whose behalf, action, client code,
and the names (never the values) of the changed fields. The acting user is put on the session
with `act_as(session, actor)`; a client-data write without an actor is refused, so no code path
can change client data unlogged. Reads are logged explicitly with `record()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, inspect
from sqlmodel import Field, Session, SQLModel, select

from models.base import ClientRelated
from models.clock import utcnow
from models.enums import AuditAction


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    user_code: str = Field(max_length=8)
    on_behalf_of: str = Field(default="", max_length=8)  # e.g. a colleague covering for absence
    action: str = Field(max_length=8)
    entity: str = Field(max_length=32)  # table name
    entity_id: str = Field(default="", max_length=32)
    client_code: str | None = Field(default=None, max_length=16, index=True)
    detail: str = Field(default="", max_length=400)  # changed field names, never their values


# Table names in the team's words; a table not named here is shown by its name.
ENTITY_LABELS: dict[str, str] = {
    "client": "cliënt", "top3_plan": "Top-3", "unsafe_situation": "Top-3 situatie",
    "safety_agreement": "veiligheidsafspraak", "appointment": "afspraak", "trajectory": "traject",
    "agenda_item": "overlegpunt", "action_item": "actiepunt", "handover_client": "overdracht",
    "handover": "overdracht", "registration": "aanmelding", "child": "kind", "huisverbod_event": "huisverbod",
    "meeting": "overleg", "worker": "medewerker", "audit_entry": "auditoverzicht", "absence": "afwezigheid",
}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


@dataclass(frozen=True)
class Actor:
    """Who is working: the logged-in worker, and on whose behalf if covering for a colleague."""

    user_code: str
    on_behalf_of: str = ""


class MissingActorError(RuntimeError):
    """Client data was about to change without knowing who changes it."""


class AuditLogIsAppendOnly(RuntimeError):
    pass


ACTOR_KEY = "teambord.actor"


def act_as(session: Session, actor: Actor) -> Session:
    session.info[ACTOR_KEY] = actor
    return session


def record(session: Session, action: AuditAction, entity: str, client_code: str | None,
           entity_id: object = "", detail: str = "") -> None:
    """Add an explicit entry (reads, exports) for the session's actor."""
    session.add(_entry(_actor(session), action, entity, client_code, entity_id, detail))


def client_code_of(session: Session, client_id: int | None) -> str | None:
    if client_id is None:
        return None
    client = _table("client")
    return _first(session, select(client.c.code).where(client.c.id == client_id))


def registration_code_of(session: Session, registration_id: int) -> str | None:
    registration = _table("registration")
    return _first(session, select(registration.c.code).where(registration.c.id == registration_id))


def plan_client_code_of(session: Session, plan_id: int) -> str | None:
    client, plan = _table("client"), _table("top3_plan")
    return _first(session, select(client.c.code).join(plan, plan.c.client_id == client.c.id)
                  .where(plan.c.id == plan_id))


def _table(name: str):
    """A table by name, so the audit log needs none of the modules whose rows it describes (they
    import this one: a lookup through them would be an import circle)."""
    return SQLModel.metadata.tables[name]


def _first(session: Session, query) -> str | None:
    with session.no_autoflush:  # called from a flush listener: never flush again from here
        return session.execute(query).scalars().first()


def acting(session: Session) -> Actor:
    """The worker this unit of work acts for (refused when there is none)."""
    return _actor(session)


def _actor(session: Session) -> Actor:
    actor = session.info.get(ACTOR_KEY)
    if actor is None:
        raise MissingActorError("Wijziging van cliëntgegevens zonder gebruiker geweigerd.")
    return actor


def _entry(actor: Actor, action: AuditAction, entity: str, client_code: str | None,
           entity_id: object = "", detail: str = "") -> AuditEntry:
    return AuditEntry(
        at=utcnow(), user_code=actor.user_code, on_behalf_of=actor.on_behalf_of,
        action=action, entity=entity, entity_id=str(entity_id or ""), client_code=client_code,
        detail=detail[:400],
    )


def _changed_fields(obj: object) -> list[str]:
    state = inspect(obj)
    return [attr.key for attr in state.attrs if attr.history.has_changes() and attr.key != "version"]


def _primary_key(obj: object) -> str:
    state = inspect(obj)
    identity = state.identity or state.mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in identity if part is not None) if identity else ""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("Het auditlog kan niet worden gewijzigd.")


@event.listens_for(Session, "after_flush")
def _audit_client_changes(session: Session, flush_context) -> None:
    """Runs after the rows are written but before commit: new rows have their ids, and a client
    created in the same flush as its appointments is found when their client code is looked up.
    The entries added here are flushed by the commit, in the same transaction; an exception
    (no actor) rolls the whole transaction back."""
    pending: list[tuple[object, AuditAction]] = []
    pending += [(obj, AuditAction.CREATE) for obj in session.new if isinstance(obj, ClientRelated)]
    pending += [(obj, AuditAction.DELETE) for obj in session.deleted if isinstance(obj, ClientRelated)]
    pending += [
        (obj, AuditAction.UPDATE)
        for obj in session.dirty
        if isinstance(obj, ClientRelated) and session.is_modified(obj, include_collections=False)
    ]
    if not pending:
        return
    actor = _actor(session)
    for obj, action in pending:
        fields = _changed_fields(obj) if action is AuditAction.UPDATE else []
        session.add(
            _entry(actor, action, obj.__tablename__, obj.audit_client_code(session),
                   _primary_key(obj), ", ".join(fields))
        )
