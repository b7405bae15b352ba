"""The write door for signing in: every attempt, right or wrong, is committed (count and audit)."""

from __future__ import annotations

from sqlmodel import Session

from models.actions.done import Done
from models.auth import signin
from models.clock import utcnow


def sign_in(session: Session, code: str, passphrase: str) -> Done:
    """Done.value is a SignInResult; a refusal is not an exception, so its audit entry is committed."""
    result = signin.sign_in(session, code, passphrase, now=utcnow())
    return Done(message="" if result.worker else result.message, value=result)


def sign_in_as(store, code: str, passphrase: str):
    """A sign-in without the screen (a script's passphrase at start, the command line): the
    attempt through `perform` as `code`, committed either way. Returns the SignInResult."""
    from models.actions.unit import perform
    from models.audit import Actor

    return perform(store, Actor(code), sign_in, code, passphrase, undoable=False).value


def set_passphrase(session: Session, code: str, passphrase: str, repeated: str) -> Done:
    worker = signin.set_passphrase(session, code, passphrase, repeated, now=utcnow())
    return Done(message=f"Wachtwoordzin van {worker.code} ingesteld.", value=worker)


def make_first_coordinator(session: Session, code: str, passphrase: str, repeated: str, name: str = "") -> Done:
    worker = signin.make_first_coordinator(session, code, passphrase, repeated, now=utcnow(), name=name)
    return Done(message=f"{worker.name} is coördinator en aangemeld.", value=worker)


def locked(session: Session) -> Done:
    """The idle lock covered the screen: in the audit log, so it says when a worker was away."""
    from models.audit import acting, record
    from models.enums import AuditAction

    record(session, AuditAction.LOCK, "worker", None, acting(session).user_code)
    return Done()


def add_worker(session: Session, code: str, name: str, passphrase: str, repeated: str, **details) -> Done:
    from models.auth.team import add_worker as add

    worker = add(session, code, name, passphrase, repeated, now=utcnow(), **details)
    return Done(message=f"{worker.name} ({worker.code}) is toegevoegd aan het team, met een eerste wachtwoordzin.",
                value=worker)
