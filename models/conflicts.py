"""One Dutch message for "a colleague saved this first": who, which fields, and what to do now.

Every write that finds a stale version (optimistic locking, see models/base.Versioned) asks this
module for its ConcurrentEdit, so the user reads the same kind of sentence everywhere. The audit
log knows who changed the record last and which fields (names only, never values); the values
themselves the form shows after a reload (screens/common/form.py, Ctrl+R).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from models.audit import AuditEntry
from models.errors import ConcurrentEdit

# Column names as the audit log records them → the words on the screen.
FIELD_LABELS = {
    "worker_id": "medewerker", "client_id": "cliënt", "kind": "soort", "start": "begin/datum", "end": "eind",
    "place": "plaats", "partner": "partner", "note": "notitie", "status": "status", "series_id": "reeks",
    "registration_id": "aanmelding", "via": "aangemeld via", "referrer_contact": "contact verwijzer",
    "reason": "reden", "region": "regio", "gemeente": "gemeente", "urgency": "urgentie",
    "children_involved": "kinderen betrokken", "melding_date": "melding VT", "melding_note": "reden geen melding",
    "huisverbod_start": "huisverbod begin", "huisverbod_end": "huisverbod eind", "intake_worker_id": "intaker",
    "advised_hulpvorm": "geadviseerde hulpvorm", "to_worker_id": "ontvanger", "period_start": "periode begin",
    "period_end": "periode eind", "situatie": "Situatie", "achtergrond": "Achtergrond",
    "beoordeling": "Beoordeling", "aanbeveling": "Aanbeveling", "is_draft": "concept",
    "acknowledged_at": "bevestigd", "made_with": "gemaakt met", "phase": "fase", "evaluate_on": "evaluatiedatum",
    "question": "vraag", "notes": "aantekeningen", "outcome": "uitkomst", "outcome_kind": "advies/besluit",
    "discussed": "besproken", "position": "volgorde", "timebox_min": "tijd", "presenter_id": "inbrenger",
    "what": "wat", "due": "deadline", "owner_id": "wie", "fase": "fase", "responsible_worker_id": "verantwoordelijke",
    "chair_id": "voorzitter", "minute_taker_id": "notulist", "present": "aanwezig", "duration_min": "duur",
    "started_at": "begonnen", "ended_at": "afgesloten",
}


def field_labels(fields: tuple[str, ...]) -> str:
    return ", ".join(dict.fromkeys(FIELD_LABELS.get(f, f) for f in fields if f != "version"))


def concurrent_edit(session: Session, entity: str, entity_id: int, noun: str,
                    advice: str = "", fallback_who: str | None = None) -> ConcurrentEdit:
    """`noun` starts the sentence ("Deze afspraak"); `advice` says what the user can do now (a form
    adds its own: keep your input, Ctrl+L to reload). `fallback_who` names the likely author when the
    audit log has nothing (a record not about a client, such as a general handover, is not logged)."""
    last = session.exec(
        select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(col(AuditEntry.id).desc())
    ).first()
    who = last.user_code if last else fallback_who
    fields = tuple(last.detail.split(", ")) if last and last.detail else ()
    by = f" door {who}" if who else " door een collega"
    changed = f" (gewijzigd: {field_labels(fields)})" if field_labels(fields) else ""
    return ConcurrentEdit(f"{noun} is intussen gewijzigd{by}{changed}. Er is niets veranderd. {advice}".strip(),
                          changed_by=who, changed_fields=fields)


def fetch_for_update(session: Session, table: type, row_id: int, expected_version: int, entity: str, noun: str):
    """The row this user's edit is based on, refused if it is gone or a colleague saved it since.

    `noun` names it in a sentence ("Deze aanmelding"); `entity` is its name in the audit log."""
    from models.errors import NotFound

    row = session.get(table, row_id)
    if row is None:
        raise NotFound(f"{noun} bestaat niet meer (door een collega verwijderd?).")
    if row.version != expected_version:
        raise concurrent_edit(session, entity, row_id, noun)
    return row


def lost_race(noun: str) -> ConcurrentEdit:
    """A colleague saved in the milliseconds between our version check and our write (the flush
    failed on the version counter). The failed flush leaves the session unusable until the unit
    of work rolls back, so the audit log cannot be asked who it was."""
    return ConcurrentEdit(f"{noun} is intussen gewijzigd door een collega. Er is niets veranderd.")
