"""Overleg: the next (or a given) meeting with its agenda, and the open action items."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from models.clients import Client
from models.clock import at
from models.enums import ActionStatus
from models.overleg import ActionItem, AgendaItem, Meeting
from models.queries.common import worker_codes
from models.views import ActionRow, AgendaRow, MeetingView


def meeting_view(session: Session, on_or_after: date, *, offset: int = 0) -> MeetingView | None:
    """The first meeting on or after a day; `offset` steps to later (+) or earlier (-) meetings."""
    anchor = at(on_or_after, 0)
    if offset >= 0:
        query = select(Meeting).where(Meeting.start >= anchor).order_by(Meeting.start).offset(offset).limit(1)
    else:
        query = select(Meeting).where(Meeting.start < anchor).order_by(col(Meeting.start).desc()).offset(-offset - 1).limit(1)
    meeting = session.exec(query).first()
    if meeting is None:
        return None
    codes = worker_codes(session)
    items = session.exec(
        select(AgendaItem, Client.code)
        .join(Client, Client.id == AgendaItem.client_id, isouter=True)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    rows = [
        AgendaRow(id=item.id, position=item.position, kind=item.kind, client_code=code,
                  presenter_code=codes.get(item.presenter_id), question=item.question,
                  timebox_min=item.timebox_min, carried_over=item.carried_from_id is not None,
                  discussed=item.discussed, outcome=item.outcome)
        for item, code in items
    ]
    previous = session.exec(select(Meeting.start).where(Meeting.start < meeting.start)
                            .order_by(col(Meeting.start).desc()).limit(1)).first()
    following = session.exec(select(Meeting.start).where(Meeting.start > meeting.start)
                             .order_by(Meeting.start).limit(1)).first()
    return MeetingView(
        id=meeting.id, start=meeting.start, duration_min=meeting.duration_min, status=meeting.status,
        chair_code=codes.get(meeting.chair_id), minute_taker_code=codes.get(meeting.minute_taker_id),
        items=rows, previous_start=previous, next_start=following, open_actions=open_actions(session),
    )


def open_actions(session: Session, limit: int = 200) -> list[ActionRow]:
    codes = worker_codes(session)
    query = (
        select(ActionItem, Client.code)
        .join(Client, Client.id == ActionItem.client_id, isouter=True)
        .where(ActionItem.status == ActionStatus.OPEN)
        .order_by(col(ActionItem.due).is_(None), ActionItem.due)
        .limit(limit)
    )
    return [
        ActionRow(id=a.id, owner_code=codes.get(a.owner_id, "?"), what=a.what, due=a.due, status=a.status,
                  client_code=code)
        for a, code in session.exec(query)
    ]
