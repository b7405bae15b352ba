"""Writes to a client's Top-3: the autosaved draft, and saving a new version.

A revision never changes an old version: saving adds a Top3Plan row with the next number and its
own situations and agreements. Each client has at most one draft (is_draft=True, number 0, so the
unique (client_id, number) constraint also guarantees "one draft per client"); it is updated in
place as the worker types and removed when the version is saved.

Optimistic locking: the editor remembers which version it started from (`base_number`). If a
colleague saved a newer version meanwhile, `save_version` refuses with ConcurrentEdit and writes
nothing; the editor keeps what was typed. Audit entries follow from models.audit's flush listener.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.clients import Client
from models.clock import today as clock_today
from models.clock import utcnow
from models.errors import ConcurrentEdit, NotFound
from models.queries.top3 import DRAFT_NUMBER, newest_number
from models.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.top3_diff import PlanContent, validate_plan
from models.workers import Worker


class Top3Conflict(ConcurrentEdit):
    """A newer version was saved since the editor opened; `newest` is its number."""

    def __init__(self, message: str, newest: int, changed_by: str | None) -> None:
        super().__init__(message, changed_by=changed_by)
        self.newest = newest


def save_version(session: Session, client_id: int, content: PlanContent, *, base_number: int,
                 author_id: int | None, today: date | None = None) -> int:
    """Save `content` as the client's next version and drop the draft; returns the new number.

    Raises ValidationFailed (nothing written) for bad input and Top3Conflict when version
    `base_number` is no longer the newest.
    """
    content = validate_plan(content, today or clock_today())
    if session.get(Client, client_id) is None:
        raise NotFound("Deze cliënt bestaat niet meer.")
    newest = newest_number(session, client_id)
    if newest != base_number:
        session.rollback()
        raise _conflict(session, client_id, newest)
    plan = Top3Plan(client_id=client_id, number=newest + 1, made_with=content.made_with.strip(),
                    phase=content.phase, evaluate_on=content.evaluate_on, author_id=author_id,
                    created_at=utcnow(), is_draft=False)
    session.add(plan)
    try:
        session.flush()
    except IntegrityError:  # a colleague's save of the same number won the race
        session.rollback()
        raise _conflict(session, client_id, newest_number(session, client_id)) from None
    _replace_parts(session, plan.id, content)
    draft = _draft_row(session, client_id)
    if draft is not None and draft.author_id in (author_id, None):  # a colleague's draft stays theirs
        _delete_draft(session, draft)
    session.commit()
    return plan.number


def save_draft(session: Session, client_id: int, content: PlanContent, *, author_id: int | None) -> None:
    """Store what is in the editor now, unvalidated: half-typed input survives closing the app."""
    draft = _draft_row(session, client_id)
    if draft is None:
        if session.get(Client, client_id) is None:
            raise NotFound("Deze cliënt bestaat niet meer.")
        draft = Top3Plan(client_id=client_id, number=DRAFT_NUMBER, is_draft=True, created_at=utcnow())
        session.add(draft)
    for name, value in (("made_with", content.made_with), ("phase", content.phase),
                        ("evaluate_on", content.evaluate_on), ("author_id", author_id)):
        if getattr(draft, name) != value:
            setattr(draft, name, value)
    if draft.id is not None:
        draft.created_at = utcnow()  # of a draft: when it was last saved
    session.flush()
    _replace_parts(session, draft.id, content)
    session.commit()


def discard_draft(session: Session, client_id: int) -> bool:
    draft = _draft_row(session, client_id)
    if draft is None:
        return False
    _delete_draft(session, draft)
    session.commit()
    return True


def _draft_row(session: Session, client_id: int) -> Top3Plan | None:
    return session.exec(
        select(Top3Plan).where(Top3Plan.client_id == client_id, Top3Plan.is_draft == True)  # noqa: E712
    ).first()


def _delete_draft(session: Session, draft: Top3Plan) -> None:
    for row in _parts(session, UnsafeSituation, draft.id) + _parts(session, SafetyAgreement, draft.id):
        session.delete(row)
    session.flush()
    session.delete(draft)


def _parts(session: Session, table, plan_id: int) -> list:
    return list(session.exec(select(table).where(table.plan_id == plan_id).order_by(table.id)))


def _replace_parts(session: Session, plan_id: int, content: PlanContent) -> None:
    """Make the plan's rows match `content`, updating rows in place (so an autosave that changed
    one field logs one change, not a delete and a create of every row)."""
    situations = _parts(session, UnsafeSituation, plan_id)
    for rank, situation in enumerate(content.situations, start=1):
        values = {"rank": rank, "description": situation.description, "family_members": situation.family_members,
                  "last_occurrence": situation.last_occurrence, "risk_factors": situation.risk_factors}
        if rank <= len(situations):
            _assign(situations[rank - 1], values)
        else:
            session.add(UnsafeSituation(plan_id=plan_id, **values))
    for row in situations[len(content.situations):]:
        session.delete(row)
    agreements = _parts(session, SafetyAgreement, plan_id)
    for position, agreement in enumerate(content.agreements):
        values = {"position": position, "who": agreement.who, "what": agreement.what, "until": agreement.until,
                  "checked_by": agreement.checked_by, "consequence": agreement.consequence,
                  "status": agreement.status}
        if position < len(agreements):
            _assign(agreements[position], values)
        else:
            session.add(SafetyAgreement(plan_id=plan_id, **values))
    for row in agreements[len(content.agreements):]:
        session.delete(row)


def _assign(row, values: dict) -> None:
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _conflict(session: Session, client_id: int, newest: int) -> Top3Conflict:
    author = session.exec(
        select(Worker.code).join(Top3Plan, Top3Plan.author_id == Worker.id)
        .where(Top3Plan.client_id == client_id, Top3Plan.number == newest)
    ).first()
    by = f" door {author}" if author else ""
    return Top3Conflict(
        f"Intussen is versie {newest} van deze Top-3 opgeslagen{by}. Er is niets opgeslagen en uw invoer "
        f"staat er nog. Bekijk versie {newest} eerst; druk nogmaals Ctrl+S om uw invoer als versie "
        f"{newest + 1} op te slaan.",
        newest=newest, changed_by=author,
    )
