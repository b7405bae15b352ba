"""Signing in: a worker proves who they are with their passphrase before the app acts as them.

Failed attempts are counted per worker in the database (a restart does not reset them) and each
one is written to the audit log. The first two failures cost nothing (a typo); from the third on
the next attempt has to wait, doubling each time up to five minutes — guessing a passphrase at
that pace takes lifetimes, a colleague who mistyped waits seconds. A successful sign-in resets the
count and is audited too, so the audit log says who really was at the keyboard.

Time is an input (`now`): the rules are tested on any date and moment, not on the wall clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func
from sqlmodel import Session, select

from models.audit import record
from models.auth.passphrase import check_new_passphrase, hash_passphrase, matches
from models.common import worker_ref
from models.enums import AuditAction
from models.errors import DomainError
from models.tables.credentials import WorkerCredential
from models.tables.workers import Worker
from models.views import WorkerRef

CODE_PATTERN = re.compile(r"[A-Z]{2,4}")
FREE_FAILURES = 2
LONGEST_WAIT = timedelta(minutes=5)


@dataclass(frozen=True)
class SignInState:
    """What the sign-in screen needs to know about this database."""

    workers: tuple[WorkerRef, ...]  # active workers, in team order
    with_passphrase: frozenset[str]  # codes of workers who can sign in
    first_start: bool  # no worker has a passphrase yet: set up the first coordinator
    # On PostgreSQL with a database role per worker (README): the worker whose code is the role this
    # connection logged in as. Only they can sign in over it; the server itself knows who connects.
    bound_to: str | None = None


@dataclass(frozen=True)
class SignInResult:
    worker: WorkerRef | None  # None: refused
    message: str = ""  # the Dutch reason when refused
    wait_seconds: int = 0  # > 0: too many failures, try again after this


def wait_after(failures: int) -> timedelta:
    """How long the next attempt waits after `failures` failed ones in a row."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    exponent = min(failures - FREE_FAILURES, 20)  # 2**20 s is far past the cap already
    return min(timedelta(seconds=2 ** exponent), LONGEST_WAIT)


def sign_in_state(session: Session) -> SignInState:
    workers = session.exec(select(Worker).where(Worker.active == True).order_by(Worker.id)).all()  # noqa: E712
    codes = session.exec(select(Worker.code).join(WorkerCredential, WorkerCredential.worker_id == Worker.id)
                         .where(Worker.active == True)).all()  # noqa: E712
    any_credential = session.exec(select(WorkerCredential.worker_id).limit(1)).first() is not None
    return SignInState(tuple(worker_ref(w) for w in workers), frozenset(codes), not any_credential,
                       bound_worker(session, [w.code for w in workers]))


def bound_worker(session: Session, codes: list[str] | None = None) -> str | None:
    """The worker code equal to the PostgreSQL role of this connection (case-insensitive), if any.

    A shared team role ("teambord") binds nobody; SQLite has no roles."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    if codes is None:
        codes = list(session.exec(select(Worker.code)).all())
    role = session.exec(select(func.current_user())).one()
    return next((code for code in codes if code.lower() == str(role).lower()), None)


def sign_in(session: Session, code: str, passphrase: str, *, now: datetime) -> SignInResult:
    """Check `passphrase` for worker `code`; count and audit a failure. The caller commits both ways."""
    worker = session.exec(select(Worker).where(Worker.code == code, Worker.active == True)).first()  # noqa: E712
    if worker is None:
        return SignInResult(None, f"Onbekende medewerkercode '{code}'.")
    bound = bound_worker(session)
    if bound is not None and bound != worker.code:
        return SignInResult(None, f"Deze databaseverbinding is van {bound}: alleen {bound} meldt zich hier aan. "
                                  f"Start Teambord met uw eigen databasegebruiker.")
    credential = session.get(WorkerCredential, worker.id)
    if credential is None:
        return SignInResult(None, f"{worker.name} heeft nog geen wachtwoordzin. Een coördinator stelt die in "
                                  "(palet: 'Wachtwoordzin instellen').")
    waited = _still_waiting(credential, now)
    if waited:
        return SignInResult(None, f"Te veel mislukte pogingen. Probeer het over {_seconds(waited)} opnieuw.",
                            wait_seconds=waited)
    if not matches(credential.passphrase_hash, passphrase):
        credential.failed_attempts += 1
        credential.last_failed_at = now
        session.add(credential)
        record(session, AuditAction.SIGN_IN_FAILED, "worker", None, worker.id,
               detail=f"poging {credential.failed_attempts}")
        wait = int(wait_after(credential.failed_attempts).total_seconds())
        then = f" Wacht {_seconds(wait)} voor de volgende poging." if wait else ""
        return SignInResult(None, f"Deze wachtwoordzin klopt niet.{then}", wait_seconds=wait)
    if credential.failed_attempts:
        credential.failed_attempts = 0
        credential.last_failed_at = None
        session.add(credential)
    record(session, AuditAction.SIGN_IN, "worker", None, worker.id)
    return SignInResult(worker_ref(worker))


def set_passphrase(session: Session, code: str, passphrase: str, repeated: str, *, now: datetime,
                   by_coordinator: bool = False) -> WorkerRef:
    """Give `code` a (new) passphrase. The acting worker must be `code` or a coordinator."""
    from models.audit import acting

    check_new_passphrase(passphrase, repeated)
    worker = session.exec(select(Worker).where(Worker.code == code)).first()
    if worker is None:
        raise DomainError(f"Onbekende medewerkercode '{code}'.", field="worker")
    actor = acting(session).user_code
    if actor != code:
        acting_worker = session.exec(select(Worker).where(Worker.code == actor)).first()
        if acting_worker is None or not acting_worker.coordinator:
            raise DomainError("Alleen een coördinator stelt de wachtwoordzin van een collega in.", field="worker")
    credential = session.get(WorkerCredential, worker.id) or WorkerCredential(worker_id=worker.id, passphrase_hash="",
                                                                              changed_at=now)
    credential.passphrase_hash = hash_passphrase(passphrase)
    credential.failed_attempts = 0
    credential.last_failed_at = None
    credential.changed_at = now
    session.add(credential)
    record(session, AuditAction.PASSPHRASE, "worker", None, worker.id, detail="door coördinator" if actor != code else "")
    return worker_ref(worker)


def make_first_coordinator(session: Session, code: str, passphrase: str, repeated: str, *,
                           now: datetime, name: str = "") -> WorkerRef:
    """On a database where nobody has a passphrase yet: `code` becomes coordinator and signs in.

    On a new, empty database the coordinator is also its first worker (`name` given). Refused as
    soon as any worker has a passphrase: after the first start this is no back door."""
    if session.exec(select(WorkerCredential.worker_id).limit(1)).first() is not None:
        raise DomainError("Deze database heeft al een coördinator met een wachtwoordzin. Meld u aan.")
    code = code.strip().upper()
    worker = session.exec(select(Worker).where(Worker.code == code, Worker.active == True)).first()  # noqa: E712
    if worker is None and session.exec(select(Worker.id).limit(1)).first() is None:
        worker = _first_worker(code, name)
    elif worker is None:
        raise DomainError(f"Onbekende medewerkercode '{code}'.", field="worker")
    check_new_passphrase(passphrase, repeated)
    worker.coordinator = True
    session.add(worker)
    session.flush()  # its id, for the credential
    session.add(WorkerCredential(worker_id=worker.id, passphrase_hash=hash_passphrase(passphrase), changed_at=now))
    record(session, AuditAction.PASSPHRASE, "worker", None, worker.id, detail="eerste coördinator")
    record(session, AuditAction.SIGN_IN, "worker", None, worker.id)
    return worker_ref(worker)


def _first_worker(code: str, name: str) -> Worker:
    if not CODE_PATTERN.fullmatch(code):
        raise DomainError("Een medewerkercode is 2 tot 4 letters, bijvoorbeeld AV.", field="code")
    name = " ".join(name.split())
    if not 2 <= len(name) <= 80:
        raise DomainError("Vul uw naam in (ten hoogste 80 tekens).", field="name")
    return Worker(code=code, name=name)


def _still_waiting(credential: WorkerCredential, now: datetime) -> int:
    if credential.last_failed_at is None:
        return 0
    last = credential.last_failed_at
    if last.tzinfo is None:  # SQLite may hand back a naive UTC value
        last = last.replace(tzinfo=timezone.utc)
    remaining = last + wait_after(credential.failed_attempts) - now
    return max(0, int(-(-remaining.total_seconds() // 1)))  # whole seconds, rounded up


def _seconds(count: int) -> str:
    if count >= 120:
        return f"{-(-count // 60)} minuten"
    return "1 seconde" if count == 1 else f"{count} seconden"
