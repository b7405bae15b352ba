"""Overdracht's changes — write (new, draft, edit), acknowledge, discard a draft, export — and the
reads its flows ask before opening a form (my drafts, an editable handover, the absence offer).

Every change is an action for `models.actions.perform`: (session, …) → Done; it flushes and never
commits. Undo comes from the captured rows. The writer and the receiver are the signed-in actor of
the unit of work, never an id a screen passes in: nobody writes or acknowledges as someone else,
and the flows need nothing from the app but its runner.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from models.actions.unit import Done
from models.errors import DomainError, NotFound
from models.handover.views import AbsenceProposal, ClientAttachment, HandoverDetail, HandoverInput, HandoverListRow


# --- changes ---------------------------------------------------------------------------------------

def write_handover(session, data: HandoverInput, version: int | None, *, handover_id: int | None = None,
                   from_worker_id: int | None = None) -> Done:
    """Save a new handover, a draft, or an edit of one (`version`: what the form was opened with).

    `from_worker_id`: the colleague a new handover is from when the user writes it for them (an
    absence just entered); the audit log then says on whose behalf. `value`: the SavedHandover."""
    from models.handover.write import save_handover
    from models.tables.handovers import Handover

    me = _me(session)
    if from_worker_id is not None and from_worker_id != me.id:
        _on_behalf_of(session, from_worker_id)
    existing = session.get(Handover, handover_id) if handover_id is not None else None
    was_sent = existing is not None and not existing.is_draft
    saved = save_handover(session, writer_id=me.id, data=data, handover_id=handover_id, expected_version=version,
                          from_worker_id=from_worker_id)
    if saved.is_draft:
        message = "Concept-overdracht bewaard"
    else:
        message = f"Overdracht aan {saved.to_code} {'gewijzigd' if was_sent else 'verstuurd'}"
    return Done(message, ids=(saved.id,), value=saved)


def acknowledge(session, remark: str, version: int | None, *, handover_id: int) -> Done:
    """The receiver's "gelezen en overgenomen" (`remark`: the optional repeat-back). `value`: Acknowledged."""
    from models.handover.write import acknowledge_handover

    result = acknowledge_handover(session, handover_id, _me(session).id, version, remark)
    return Done(f"Overdracht van {result.from_code} bevestigd", ids=(handover_id,), value=result)


def discard_draft(session, handover_id: int) -> Done:
    from models.handover.write import discard_draft as discard

    discard(session, handover_id, _me(session).id)
    return Done("Concept-overdracht verwijderd", ids=(handover_id,))


def export_handover(session, handover_id: int, folder: Path, masked: bool = True) -> Done:
    """Write the handover as Markdown into `folder`; the EXPORT audit entries commit only when the
    file was written. `value`: the file's path."""
    from models.handover.export import export_handover as export

    name, text = export(session, handover_id, masked=masked)
    path = folder / name
    try:
        from models.file_modes import private_folder, write_private  # 0700 new folder, 0600 file

        private_folder(folder)
        write_private(path, text)
    except OSError:
        raise DomainError(f"Exporteren is niet gelukt: de map {folder} is niet te schrijven.") from None
    how = "alleen codes" if masked else "met initialen"
    return Done(f"Geëxporteerd ({how}) naar {path}", ids=(handover_id,), value=path)


# --- reads -----------------------------------------------------------------------------------------

def my_drafts(session) -> list[HandoverListRow]:
    """The signed-in worker's unsent handovers, newest first."""
    from models.handover.queries import my_drafts as drafts

    return drafts(session, _me(session).id)


def editable_handover(session, handover_id: int) -> HandoverDetail:
    """The handover the signed-in worker may edit now, or a refusal saying why not."""
    detail = _stored(session, handover_id)
    if detail.to_worker_id == _me(session).id and not detail.is_draft:
        raise DomainError("Een overdracht aan uzelf bevestigt u (b); wijzigen doet de schrijver.")
    return detail


def load_handover(session, handover_id: int) -> tuple[int, HandoverDetail]:
    """The stored handover and its version: the base of a merge after a colleague's save (Ctrl+L)."""
    detail = _stored(session, handover_id)
    return detail.version, detail


def attachments(session, codes: tuple[str, ...], start: date | None,
                end: date | None) -> tuple[list[ClientAttachment], date, date]:
    """What goes with a handover for these clients, and the period its appointments are taken from."""
    from models.handover.queries import attachment_period, attachments_for_codes

    found, _unknown = attachments_for_codes(session, list(codes), start, end)
    return (found, *attachment_period(start, end))


def absence_offer(session, worker_id: int, start: date, end: date) -> tuple[AbsenceProposal, bool] | None:
    """A pre-filled handover for an absence just entered, and whether it is the signed-in worker's
    own absence; None when the worker has no client appointments then."""
    from models.handover.queries import absence_proposal

    proposal = absence_proposal(session, worker_id, start, end)
    return None if proposal is None else (proposal, proposal.worker_id == _me(session).id)


# --- the signed-in worker --------------------------------------------------------------------------

def _me(session):
    from sqlmodel import select

    from models.audit import acting
    from models.tables.workers import Worker

    return session.exec(select(Worker).where(Worker.code == acting(session).user_code)).one()


def _on_behalf_of(session, worker_id: int) -> None:
    """Audit this unit of work as done by the user on behalf of the (absent) colleague."""
    from models.audit import Actor, act_as, acting
    from models.tables.workers import Worker

    colleague = session.get(Worker, worker_id)
    if colleague is not None:
        act_as(session, Actor(acting(session).user_code, on_behalf_of=colleague.code))


def _stored(session, handover_id: int) -> HandoverDetail:
    from models.handover.queries import handover_detail

    detail = handover_detail(session, handover_id)
    if detail is None:
        raise NotFound("Deze overdracht bestaat niet meer.")
    if detail.acknowledged_at is not None:
        raise NotFound(f"Deze overdracht is al bevestigd door {detail.to_code}; wijzigen kan niet meer.")
    return detail
