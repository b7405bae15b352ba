"""Writing, sending, acknowledging and discarding handovers.

A handover is saved either as a draft (`is_draft`, private to its writer, loosely checked so
unfinished work can always be kept) or sent (receiver, reason, period and Aanbeveling checked).
The receiver acknowledges it ("gelezen en overgenomen"); a handover of reason "overdracht
caseload" then moves its clients to the receiver's caseload. Every edit and acknowledgement
carries the version the user saw: a stale one is refused with a Dutch message, nothing written.

Transactions: every function here validates, changes rows and FLUSHES, never commits; the caller
(models/actions/handover.py through `perform()`) commits once, so a refusal leaves nothing half.

Audit: the client links (HandoverClient) and the caseload move (Client.worker_id) are logged by
the flush listener in models/audit.py; changes to the handover text itself name no single client,
so they are recorded here explicitly, one entry per client the handover is about.
"""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from models.plain_text import short_list
from models.audit import record
from models.tables.clients import Client
from models.clock import local, utcnow
from models.dutch import clock_time, short_date
from models.enums import AuditAction, HandoverReason
from models.errors import ConcurrentEdit, DomainError, NotFound, ValidationFailed
from models.handover.views import (FIELD_AANBEVELING, FIELD_CLIENTS, FIELD_END, FIELD_REASON, FIELD_REMARK,
                                   FIELD_START, FIELD_TO, Acknowledged, HandoverInput, SavedHandover)
from models.tables.handovers import Handover, HandoverClient
from models.tables.workers import Worker

TEXT_LIMIT = 4000
REMARK_LIMIT = 1000
TEXT_FIELDS = ("situatie", "achtergrond", "beoordeling", "aanbeveling")
ADVICE_ACKNOWLEDGE = "Lees de nieuwe versie en bevestig opnieuw."


def save_handover(session: Session, *, writer_id: int, data: HandoverInput, handover_id: int | None = None,
                  expected_version: int | None = None, from_worker_id: int | None = None) -> SavedHandover:
    """Create or update a handover (draft or sent). `from_worker_id` is the colleague the handover
    is from when someone writes it on their behalf (e.g. for a sick colleague); default the writer."""
    handover: Handover | None = None
    if handover_id is not None:
        handover = session.get(Handover, handover_id)
        if handover is None:
            raise NotFound("Deze overdracht bestaat niet meer (misschien is het concept verwijderd).")
        if handover.acknowledged_at is not None:
            raise ConcurrentEdit(_acknowledged_text(session, handover) + " Wijzigen kan niet meer.")
        if expected_version is not None and handover.version != expected_version:
            raise _conflict(session, handover)
        if not handover.is_draft and data.is_draft:
            raise ValidationFailed("Een verstuurde overdracht kan geen concept meer worden; sla op met Ctrl+S.")
        sender_id = handover.from_worker_id
    else:
        sender_id = from_worker_id or writer_id
    if writer_id == (handover.to_worker_id if handover else None):
        raise DomainError("De ontvanger kan een overdracht niet wijzigen; bevestig hem of overleg met de schrijver.")

    client_ids = _validate(session, data, sender_id)
    values = dict(
        to_worker_id=data.to_worker_id, reason=data.reason, period_start=data.period_start,
        period_end=data.period_end, is_draft=data.is_draft,
        **{name: getattr(data, name).strip() for name in TEXT_FIELDS},
    )
    now = utcnow()
    if handover is None:
        handover = Handover(from_worker_id=sender_id, created_at=now, **values)
        session.add(handover)
        session.flush()
        changed: list[str] = []
    else:
        changed = [name for name, value in values.items() if getattr(handover, name) != value]
        was_draft = handover.is_draft
        for name, value in values.items():
            setattr(handover, name, value)
        if was_draft and not data.is_draft:
            handover.created_at = now  # its age counts from sending
    _replace_clients(session, handover.id, client_ids)
    if changed and not handover.is_draft:
        for code in _codes_of(session, client_ids):
            record(session, AuditAction.UPDATE, "handover", code, handover.id, ", ".join(changed))
    _flush(session)
    to_code = session.exec(select(Worker.code).where(Worker.id == handover.to_worker_id)).first() \
        if handover.to_worker_id else None
    return SavedHandover(id=handover.id, version=handover.version, is_draft=handover.is_draft, to_code=to_code)


def acknowledge_handover(session: Session, handover_id: int, worker_id: int, expected_version: int,
                         remark: str = "") -> Acknowledged:
    """The receiver's "gelezen en overgenomen". A caseload handover moves its clients to them."""
    handover = session.get(Handover, handover_id)
    if handover is None or handover.is_draft:
        raise NotFound("Deze overdracht bestaat niet (meer) of is nog een concept.")
    if handover.to_worker_id != worker_id:
        receiver = session.get(Worker, handover.to_worker_id) if handover.to_worker_id else None
        who = receiver.code if receiver else "de ontvanger"
        raise DomainError(f"Alleen {who} kan deze overdracht bevestigen.")
    if handover.acknowledged_at is not None:
        raise ConcurrentEdit(_acknowledged_text(session, handover))
    if handover.version != expected_version:
        raise _conflict(session, handover, action="bevestig")
    remark = remark.strip()
    if len(remark) > REMARK_LIMIT:
        raise ValidationFailed(f"De terugkoppeling is te lang (ten hoogste {REMARK_LIMIT} tekens).", field=FIELD_REMARK)
    handover.acknowledged_at = utcnow()
    handover.ack_remark = remark
    client_ids = list(session.exec(select(HandoverClient.client_id).where(HandoverClient.handover_id == handover_id)))
    moved: list[str] = []
    if handover.reason == HandoverReason.CASELOAD:
        for client in session.exec(select(Client).where(col(Client.id).in_(client_ids)).order_by(Client.code)):
            if client.worker_id != worker_id:
                client.worker_id = worker_id  # audited by the flush listener (client: worker_id)
                moved.append(client.code)
    for code in _codes_of(session, client_ids):
        record(session, AuditAction.UPDATE, "handover", code, handover.id, "acknowledged_at, ack_remark")
    _flush(session, ADVICE_ACKNOWLEDGE)
    sender = session.exec(select(Worker.code).where(Worker.id == handover.from_worker_id)).first() or "?"
    return Acknowledged(id=handover.id, from_code=sender, moved_client_codes=tuple(moved))


def discard_draft(session: Session, handover_id: int, writer_id: int) -> None:
    handover = session.get(Handover, handover_id)
    if handover is None:
        return
    if not handover.is_draft:
        raise DomainError("Alleen een concept kan worden verwijderd; een verstuurde overdracht blijft bewaard.")
    if handover.from_worker_id != writer_id:
        raise DomainError("Alleen de schrijver kan dit concept verwijderen.")
    for link in session.exec(select(HandoverClient).where(HandoverClient.handover_id == handover_id)):
        session.delete(link)
    session.flush()
    session.delete(handover)
    session.flush()


def _flush(session: Session, advice: str = "") -> None:
    """Write the changes; the version counter refuses a colleague's save that slipped in after the
    version check (possible on PostgreSQL). The failed flush leaves nothing readable to name who,
    and perform() saves nothing of it."""
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentEdit(f"Deze overdracht is intussen door een collega gewijzigd. Er is niets veranderd. "
                             f"{advice}".strip()) from None


# --------------------------------------------------------------------------- checks

def _validate(session: Session, data: HandoverInput, sender_id: int) -> list[int]:
    """Check the input; returns the client ids. A draft needs no receiver or Aanbeveling yet."""
    if data.reason not in {reason.value for reason in HandoverReason}:
        raise ValidationFailed("Kies een reden voor de overdracht.", field=FIELD_REASON)
    if data.to_worker_id is None:
        if not data.is_draft:
            raise ValidationFailed("Kies aan wie u de overdracht geeft.", field=FIELD_TO)
    else:
        receiver = session.get(Worker, data.to_worker_id)
        if receiver is None or not receiver.active:
            raise ValidationFailed("Deze collega bestaat niet of werkt niet meer in het team.", field=FIELD_TO)
        if receiver.id == sender_id:
            raise ValidationFailed("Een overdracht gaat naar een collega, niet naar uzelf.", field=FIELD_TO)
    if data.period_end is not None and data.period_start is None:
        raise ValidationFailed("Vul ook de begindatum van de periode in.", field=FIELD_START)
    if data.period_start is not None and data.period_end is None and not data.is_draft:
        raise ValidationFailed("Vul ook de einddatum van de periode in (t/m).", field=FIELD_END)
    if data.period_start and data.period_end and data.period_end < data.period_start:
        raise ValidationFailed("De einddatum ligt vóór de begindatum.", field=FIELD_END)
    for name in TEXT_FIELDS:
        if len(getattr(data, name)) > TEXT_LIMIT:
            raise ValidationFailed(f"Deze tekst is te lang (ten hoogste {TEXT_LIMIT} tekens).", field=f"handover-{name}")
    if not data.is_draft and not data.aanbeveling.strip():
        raise ValidationFailed("Vul de aanbeveling in: wat moet de ontvanger doen?", field=FIELD_AANBEVELING)
    codes = list(dict.fromkeys(code.strip().upper() for code in data.client_codes if code.strip()))
    found = dict(session.exec(select(Client.code, Client.id).where(col(Client.code).in_(codes))).all()) if codes else {}
    unknown = [code for code in codes if code not in found]
    if unknown:
        word = "Onbekende cliëntcode" if len(unknown) == 1 else "Onbekende cliëntcodes"
        raise ValidationFailed(f"{word}: {short_list(unknown)}.", field=FIELD_CLIENTS)
    if data.reason == HandoverReason.CASELOAD and not codes and not data.is_draft:
        raise ValidationFailed("Bij overdracht caseload hoort ten minste één cliënt.", field=FIELD_CLIENTS)
    return [found[code] for code in codes]


def _replace_clients(session: Session, handover_id: int, client_ids: list[int]) -> None:
    current = {link.client_id: link for link in
               session.exec(select(HandoverClient).where(HandoverClient.handover_id == handover_id))}
    for client_id, link in current.items():
        if client_id not in client_ids:
            session.delete(link)
    for client_id in client_ids:
        if client_id not in current:
            session.add(HandoverClient(handover_id=handover_id, client_id=client_id))


def _codes_of(session: Session, client_ids: list[int]) -> list[str]:
    if not client_ids:
        return []
    return list(session.exec(select(Client.code).where(col(Client.id).in_(client_ids)).order_by(Client.code)))


def _acknowledged_text(session: Session, handover: Handover) -> str:
    receiver = session.exec(select(Worker.code).where(Worker.id == handover.to_worker_id)).first() or "de ontvanger"
    moment = local(handover.acknowledged_at)
    return (f"Deze overdracht is al bevestigd door {receiver} op {short_date(moment.date())} "
            f"om {clock_time(handover.acknowledged_at)}.")


def _conflict(session: Session, handover: Handover, action: str = "sla") -> ConcurrentEdit:
    """A colleague saved this (unacknowledged) handover after the user opened it: say who and what."""
    from models.conflicts import concurrent_edit

    writer = session.exec(select(Worker.code).where(Worker.id == handover.from_worker_id)).first()
    advice = ADVICE_ACKNOWLEDGE if action == "bevestig" else ""
    return concurrent_edit(session, "handover", handover.id, "Deze overdracht", advice, fallback_who=writer)
