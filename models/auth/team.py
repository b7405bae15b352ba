"""A coordinator adds a colleague to the team, with a first passphrase the colleague then changes.

Before sign-in the team only came from `teambord seed`; a new database's first coordinator had
nobody to add. The rules live here: only a coordinator, a free code of 2–4 letters, a name,
known role and region, contract hours and ISO work days that make sense.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from models.audit import acting, record
from models.auth.passphrase import check_new_passphrase, hash_passphrase
from models.auth.signin import CODE_PATTERN
from models.common import worker_ref
from models.enums import AuditAction, Region, Role
from models.errors import DomainError
from models.tables.credentials import WorkerCredential
from models.tables.workers import Worker
from models.views import WorkerRef


def add_worker(session: Session, code: str, name: str, passphrase: str, repeated: str, *, now: datetime,
               role: str = Role.AMBULANT, region: str | None = None, hours: float = 36.0,
               work_days: str = "1,2,3,4,5") -> WorkerRef:
    actor = session.exec(select(Worker).where(Worker.code == acting(session).user_code)).first()
    if actor is None or not actor.coordinator:
        raise DomainError("Alleen een coördinator voegt een medewerker toe.")
    code = code.strip().upper()
    if not CODE_PATTERN.fullmatch(code):
        raise DomainError("Een medewerkercode is 2 tot 4 letters, bijvoorbeeld AV.", field="code")
    if session.exec(select(Worker.id).where(Worker.code == code)).first() is not None:
        raise DomainError(f"De code {code} is al in gebruik.", field="code")
    name = " ".join(name.split())
    if not 2 <= len(name) <= 80:
        raise DomainError("Vul een naam in (ten hoogste 80 tekens).", field="name")
    if role not in {r.value for r in Role}:
        raise DomainError(f"Onbekende rol '{role}'. Kies uit: {', '.join(r.value for r in Role)}.", field="role")
    if region is not None and region not in {r.value for r in Region}:
        raise DomainError(f"Onbekende regio '{region}'. Kies uit: {', '.join(r.value for r in Region)}.",
                          field="region")
    if not 1 <= hours <= 40:
        raise DomainError("Contracturen liggen tussen 1 en 40.", field="hours")
    days = sorted({part.strip() for part in work_days.split(",") if part.strip()})
    if not days or any(day not in "1234567" or len(day) != 1 for day in days):
        raise DomainError("Werkdagen zijn ISO-weekdagen 1 (maandag) tot 7, bijv. 1,2,3,4.", field="work_days")
    check_new_passphrase(passphrase, repeated)
    worker = Worker(code=code, name=name, role=role, region=region, contract_hours=hours, work_days=",".join(days))
    session.add(worker)
    session.flush()
    session.add(WorkerCredential(worker_id=worker.id, passphrase_hash=hash_passphrase(passphrase), changed_at=now))
    record(session, AuditAction.CREATE, "worker", None, worker.id, detail="medewerker toegevoegd")
    record(session, AuditAction.PASSPHRASE, "worker", None, worker.id, detail="door coördinator")
    return worker_ref(worker)
